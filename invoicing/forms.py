"""Forms of the invoicing pages. They validate input; services do the writing."""

import datetime as dt
from collections.abc import MutableMapping
from decimal import Decimal
from typing import Any, cast

from crispy_forms.bootstrap import Field
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import BudgetLine

from .models import Invoice, InvoiceLine, VatCategory, VatRate
from .periods import PaymentPeriod
from .uploads import check_verification_upload

VAT_CHOICES = VatRate.choices


class _NoFormTag(FormHelper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_tag = False
        self.disable_csrf = True


class InvoiceCreateForm(text_limits.Form):
    """Choose the partnership and payment period of a new invoice."""

    period = forms.ChoiceField(label=_("Betalningsperiod"))

    def __init__(self, *args, options: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = [("", "---------")] + options
        self.helper = _NoFormTag()

    @staticmethod
    def option(case_number: str, period: PaymentPeriod) -> tuple[str, str]:
        return (
            period.key,
            f"{case_number}: {period.label} ({period.index}/{period.count} {period.budget_year})",
        )

    def parsed(self) -> tuple[int, dt.date]:
        pk, _sep, start = self.cleaned_data["period"].partition("|")
        return int(pk), dt.date.fromisoformat(start)


class InvoiceHeaderForm(text_limits.ModelForm):
    class Meta:
        model = Invoice
        fields = ["buyer_reference", "payment_means", "payment_terms_days", "vat_exemption_reason", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()


ZERO_RATE_CATEGORIES = [
    (VatCategory.NOT_SUBJECT.value, _("O – ej föremål för moms (bidrag)")),
    (VatCategory.EXEMPT.value, _("E – momsfri (undantagen från skatteplikt)")),
]


class VatMixin:
    """VAT rate and, for 0 %, the VAT category (O or E), chosen explicitly per line; a rate above
    0 % is category S. The category is never inferred from the invoice's other lines."""

    # Provided by the model form the mixin is used with.
    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    instance: InvoiceLine

    def _vat_fields(self) -> None:
        self.fields["vat_category"] = forms.ChoiceField(
            label=_("Momskategori vid 0 %"),
            choices=ZERO_RATE_CATEGORIES,
            required=False,
            help_text=_(
                "O för bidrag utanför momsen, E för momsfri omsättning. Kan inte blandas på en faktura."
            ),
        )
        if self.instance.pk:
            self.initial["vat_rate"] = f"{self.instance.vat_rate:.2f}"
            if self.instance.vat_category != VatCategory.STANDARD:
                self.initial["vat_category"] = self.instance.vat_category

    def _clean_vat(self, data: dict) -> None:
        rate = Decimal(data.get("vat_rate") or "0")
        category: str
        if rate > 0:
            category = VatCategory.STANDARD
        else:
            category = data.get("vat_category") or (
                self.instance.vat_category
                if self.instance.vat_category != VatCategory.STANDARD
                else VatCategory.NOT_SUBJECT
            )
        data["vat_category"] = category
        self.instance.vat_category = category


class FixedShareLineForm(VatMixin, text_limits.ModelForm):
    """A fixed-share line: the amount is computed from the budget; text and VAT may change."""

    vat_rate = forms.TypedChoiceField(label=_("Moms"), choices=VAT_CHOICES, coerce=str)

    class Meta:
        model = InvoiceLine
        fields = ["description", "vat_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._vat_fields()
        self.helper = _NoFormTag()

    def clean(self):
        data = super().clean()
        self._clean_vat(data)
        return data


class KronorField(forms.DecimalField):
    """An amount in kronor as Swedes write it: `45 000,50` (spaces as thousands separator, decimal comma)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u2212", "-")
        return super().to_python(value)


class CostLineForm(VatMixin, text_limits.ModelForm):
    """A verified cost (kostnadsrad) with its verification: a file, a reference, or both."""

    amount = KronorField(label=_("Belopp exkl. moms (kr)"), max_digits=14, decimal_places=2, localize=True)
    vat_rate = forms.TypedChoiceField(label=_("Moms"), choices=VAT_CHOICES, coerce=str, initial="0.00")

    class Meta:
        model = InvoiceLine
        fields = [
            "budget_line",
            "description",
            "cost_date",
            "amount",
            "vat_rate",
            "verification_file",
            "verification_reference",
        ]
        widgets = {"cost_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, budget_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = (
            budget_lines if budget_lines is not None else BudgetLine.objects.none()
        )
        self.fields["budget_line"].required = True
        self.fields["cost_date"].required = True
        self.fields["verification_file"].widget.attrs["accept"] = "application/pdf,image/png,image/jpeg"
        self._vat_fields()
        self.helper = _NoFormTag()
        self.helper.layout = Layout(
            "id",
            Row(Column("budget_line", css_class="col-md-5"), Column("description", css_class="col-md-7")),
            Row(
                Column("cost_date", css_class="col-md-3"),
                Column("amount", css_class="col-md-3"),
                Column("vat_rate", css_class="col-md-3"),
                Column("vat_category", css_class="col-md-3"),
            ),
            Row(
                Column("verification_file", css_class="col-md-5"),
                Column("verification_reference", css_class="col-md-5"),
                Column(Field("DELETE"), css_class="col-md-2 pt-md-4"),
            ),
        )

    def clean(self):
        data = super().clean()
        if data.get("budget_line"):
            # The line's category follows its budget line (checked again by the model and service).
            self.instance.category = data["budget_line"].category
        self._clean_vat(data)
        return data

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("Beloppet måste vara större än noll."))
        return amount

    def clean_verification_file(self):
        upload = self.cleaned_data.get("verification_file")
        if isinstance(upload, UploadedFile):
            check_verification_upload(upload)
        return upload


class CostLineBaseFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, budget_lines=None, **kwargs):
        self.budget_lines = budget_lines
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["budget_lines"] = self.budget_lines
        return kwargs


FixedShareLineFormSet = forms.modelformset_factory(
    InvoiceLine, form=FixedShareLineForm, extra=0, can_delete=False
)
CostLineFormSet = forms.modelformset_factory(
    InvoiceLine, form=CostLineForm, formset=CostLineBaseFormSet, extra=2, can_delete=True
)


def formset_lines(formset) -> tuple[list[dict], list[int]]:
    """Turn a validated line formset into the service's input: line dicts and ids to delete."""
    lines, delete_ids = [], []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = dict(form.cleaned_data)
        instance = data.pop("id", None) or (form.instance if form.instance.pk else None)
        if data.pop("DELETE", False):
            if instance is not None:
                delete_ids.append(instance.pk)
            continue
        data["pk"] = instance.pk if instance is not None else None
        if "vat_rate" in data:
            data["vat_rate"] = Decimal(data["vat_rate"])
        if "verification_file" in data and not isinstance(data["verification_file"], UploadedFile):
            # False means "clear"; an unchanged stored file is left alone.
            data["verification_file"] = False if data["verification_file"] is False else None
        lines.append(data)
    return lines, delete_ids


class CommentForm(text_limits.Form):
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        self.helper = _NoFormTag()


class CreditForm(text_limits.Form):
    reason = forms.CharField(label=_("Orsak till krediteringen"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()


class PaidForm(text_limits.Form):
    paid_on = forms.DateField(label=_("Betalningsdatum"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()
        self.fields["paid_on"].initial = timezone.localdate()


class PeriodRangeForm(text_limits.Form):
    """The period of the bulk export: invoices whose period starts within it."""

    start = forms.DateField(label=_("Från"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Till"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatum kan inte ligga före startdatum."))
        return data
