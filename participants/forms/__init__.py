"""Forms of the participant pages. They validate input; the services enforce the rules."""

from participants.forms.fields import DateInput, case_officers
from participants.forms.participants import (
    ConsentForm,
    ConsentWithdrawForm,
    ParticipantFilterForm,
    ParticipantForm,
    PnrSearchForm,
)
from participants.forms.placements import (
    PauseEndForm,
    PauseForm,
    PlacementEditForm,
    PlacementEndForm,
    PlacementExtendForm,
    PlacementStartForm,
    PlanForm,
    WorkingTimeStepForm,
)
from participants.forms.referrals import QueueOverrideForm, ReferralForm, ReferralStatusForm

__all__ = [
    "ConsentForm",
    "ConsentWithdrawForm",
    "DateInput",
    "ParticipantFilterForm",
    "ParticipantForm",
    "PauseEndForm",
    "PauseForm",
    "PlacementEditForm",
    "PlacementEndForm",
    "PlacementExtendForm",
    "PlacementStartForm",
    "PlanForm",
    "PnrSearchForm",
    "QueueOverrideForm",
    "ReferralForm",
    "ReferralStatusForm",
    "WorkingTimeStepForm",
    "case_officers",
]
