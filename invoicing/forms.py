"""Forms of the invoicing pages. They validate input; services do the writing."""

import datetime as dt
from decimal import Decimal

from crispy_forms.bootstrap import Field
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop.models import BudgetLine

from .models import Invoice, InvoiceLine, VatRate
from .periods import PaymentPeriod
from .uploads import check_verification_upload

VAT_CHOICES = VatRate.choices


class _NoFormTag(FormHelper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_tag = False
        self.disable_csrf = True


class InvoiceCreateForm(forms.Form):
    """Choose the partnership and payment period of a new invoice."""

    period = forms.ChoiceField(label=_("Betalningsperiod"))

    def __init__(self, *args, options: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "---------")] + options
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


class InvoiceHeaderForm(forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["buyer_reference", "payment_means", "payment_terms_days", "vat_exemption_reason", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()


class FixedShareLineForm(forms.ModelForm):
    """A fixed-share line: the amount is computed from the budget; text and VAT rate may change."""

    vat_rate = forms.TypedChoiceField(label=_("Moms"), choices=VAT_CHOICES, coerce=str)

    class Meta:
        model = InvoiceLine
        fields = ["description", "vat_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["vat_rate"] = f"{self.instance.vat_rate:.2f}"
        self.helper = _NoFormTag()


class KronorField(forms.DecimalField):
    """An amount in kronor as Swedes write it: `45 000,50` (spaces as thousands separator, decimal comma)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u2212", "-")
        return super().to_python(value)


class CostLineForm(forms.ModelForm):
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
        if self.instance.pk:
            self.initial["vat_rate"] = f"{self.instance.vat_rate:.2f}"
        self.helper = _NoFormTag()
        self.helper.layout = Layout(
            "id",
            Row(Column("budget_line", css_class="col-md-5"), Column("description", css_class="col-md-7")),
            Row(
                Column("cost_date", css_class="col-md-4"),
                Column("amount", css_class="col-md-4"),
                Column("vat_rate", css_class="col-md-4"),
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


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        self.helper = _NoFormTag()


class CreditForm(forms.Form):
    reason = forms.CharField(label=_("Orsak till krediteringen"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Betalningsdatum"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _NoFormTag()
        self.fields["paid_on"].initial = timezone.localdate()


class PeriodRangeForm(forms.Form):
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
