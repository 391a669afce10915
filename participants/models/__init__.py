"""Models of the participants app: participants, consent, referrals, placements and the access log."""

from .access_log import AccessLog, AccessLogReview
from .choices import EducationLevel, Gender, SupportKind, SwedishLevel
from .consent import Consent
from .participant import Participant, Situation, generate_pseudonym
from .placement import EndReason, Placement, PlacementExtension
from .placement_records import IndividualPlan, Pause, WorkingTimeStep
from .referral import Referral
from .retention import RetentionRun

__all__ = [
    "AccessLog",
    "AccessLogReview",
    "Consent",
    "EducationLevel",
    "EndReason",
    "Gender",
    "IndividualPlan",
    "Participant",
    "Pause",
    "Placement",
    "PlacementExtension",
    "Referral",
    "RetentionRun",
    "Situation",
    "SupportKind",
    "SwedishLevel",
    "WorkingTimeStep",
    "generate_pseudonym",
]
