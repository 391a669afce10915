"""Forms of referrals (anvisningar): a new referral, its status and the queue order."""

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import Partnership, WorkArea
from participants.models import Referral

if TYPE_CHECKING:
    pass
from participants.forms.fields import NO_HEALTH_IN_FREE_TEXT, date_field

# --- Referral ----------------------------------------------------------------------------------


class ReferralForm(text_limits.Form):
    partnership = forms.ModelChoiceField(label=_("Partnerskap"), queryset=Partnership.objects.none())
    referred_on = date_field(_("Anvisningsdatum"))
    reason = forms.CharField(
        label=_("Skäl och mål"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )
    preferred_work_area = forms.ModelChoiceField(
        label=_("Önskad verksamhet"), queryset=WorkArea.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        active = Partnership.objects.filter(status=Partnership.Status.ACTIVE).order_by("case_number")
        self.fields["partnership"].queryset = active
        areas = WorkArea.objects.filter(partnership__in=active)
        chosen = self.data.get(self.add_prefix("partnership")) if self.is_bound else None
        if chosen and str(chosen).isdigit():
            # Only the chosen partnership's work areas are valid answers.
            areas = areas.filter(partnership_id=int(chosen))
        self.fields["preferred_work_area"].queryset = areas.select_related("partnership").order_by(
            "partnership__case_number", "name"
        )
        self.fields["preferred_work_area"].label_from_instance = lambda w: (
            f"{w.name} ({w.partnership.case_number})"
        )
        self.fields["preferred_work_area"].error_messages["invalid_choice"] = _(
            "Verksamheten hör inte till partnerskapet. Välj en av partnerskapets verksamheter."
        )
        self.fields["referred_on"].initial = today

    def clean(self):
        data = super().clean()
        area, partnership = data.get("preferred_work_area"), data.get("partnership")
        if area and partnership and area.partnership_id != partnership.pk:
            self.add_error("preferred_work_area", _("Verksamheten hör inte till partnerskapet."))
        return data


class ReferralStatusForm(text_limits.Form):
    """Confirmation of one status change; asks for what that status needs."""

    on = date_field(_("Datum för ändringen"))
    study_visit_on = date_field(_("Datum för studiebesöket"), required=False)
    reason = forms.CharField(
        label=_("Skäl"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.status = status
        self.fields["on"].initial = timezone.localdate()
        if status == Referral.Status.STUDY_VISIT_BOOKED:
            self.fields["study_visit_on"].required = True
        else:
            del self.fields["study_visit_on"]
        if status in Referral.CLOSED_WITH_REASON:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class QueueOverrideForm(text_limits.Form):
    position = forms.IntegerField(
        label=_("Manuell köplats"),
        min_value=1,
        required=False,
        help_text=_("Lägre värde går före. Lämna tomt för att återgå till ordning efter anvisningsdatum."),
    )
    reason = forms.CharField(
        label=_("Skäl till ändrad köordning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("position") is not None and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Ange skälet till att köordningen ändras."))
        return data
