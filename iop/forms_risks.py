"""Forms of the risk register: a risk (create and edit) and the list's search and status filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.forms import PartnershipChildForm, formfield, party_user_field, scope_party_user
from iop.models import Risk

SEARCH_MAX_LENGTH = 100


class RiskForm(PartnershipChildForm):
    """A risk of `partnership`; its owner is a user of the partnership's parties, typed with suggestions."""

    owner = party_user_field(_("ansvarig"))

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "consequence", "measure", "owner", "status"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].help_text = _("Hur troligt det är att risken inträffar, 1–5.")
        self.fields["consequence"].help_text = _(
            "Hur allvarligt det blir om risken inträffar, 1–5. Risknivån är sannolikhet × konsekvens."
        )
        scope_party_user(self, "owner")


class RiskFilterForm(text_limits.Form):
    """The list's filter: free text in the risk and the measure, and a status."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=SEARCH_MAX_LENGTH)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla"))] + list(Risk.Status.choices)
    )
