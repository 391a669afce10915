"""Forms of the ESF budget page: a budget line, a financier and the flat rate of indirect costs. The
model's rules (`clean`) give the Swedish messages at their fields when the service saves."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from iop.forms import PartnershipChildForm, formfield
from programmes.models import ProgrammeParty

from .forms import KronorField
from .models import CostType, EsfBudgetLine, EsfBudgetSettings, EsfFinancier


class EsfBudgetLineForm(PartnershipChildForm):
    amount = KronorField(label=_("Belopp (kr)"), max_digits=14, decimal_places=2, localize=True)

    class Meta:
        model = EsfBudgetLine
        fields = ["phase", "cost_type", "financier", "funding_form", "amount", "description"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.partnership
        cost_type = cast(forms.ChoiceField, self.fields["cost_type"])
        cost_type.choices = [(v, label) for v, label in cost_type.choices if v != CostType.INDIRECT]
        financier = cast(forms.ModelChoiceField, self.fields["financier"])
        financier.queryset = EsfFinancier.objects.filter(partnership=self.partnership)


class EsfFinancierForm(PartnershipChildForm):
    class Meta:
        model = EsfFinancier
        fields = ["name", "is_esf", "cfar_number", "party"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.partnership
        party = cast(forms.ModelChoiceField, self.fields["party"])
        party.queryset = ProgrammeParty.objects.filter(partnership=self.partnership).select_related(
            "organisation"
        )


class EsfFlatRateForm(PartnershipChildForm):
    class Meta:
        model = EsfBudgetSettings
        fields = ["flat_rate_percent"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.partnership
