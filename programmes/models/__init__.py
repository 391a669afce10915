from .activity import Activity, Participation, ParticipationTalk
from .enrolment import Enrolment, EnrolmentPhase, EnrolmentQuerySet, Phase, PhaseTalk
from .esf import COMBINABLE_SUPPORT, EsfCategory, EsfEntry, EsfExportRecord, ProgrammeStatus
from .exit import DECIDED_START_WITHIN_DAYS, EnrolmentExit, EnrolmentSituation
from .organisation import ProgrammeParty, Team, TeamMember

__all__ = [
    "Activity",
    "Participation",
    "ParticipationTalk",
    "COMBINABLE_SUPPORT",
    "Enrolment",
    "EsfCategory",
    "EsfEntry",
    "EsfExportRecord",
    "ProgrammeStatus",
    "EnrolmentExit",
    "EnrolmentPhase",
    "EnrolmentSituation",
    "DECIDED_START_WITHIN_DAYS",
    "EnrolmentQuerySet",
    "Phase",
    "PhaseTalk",
    "ProgrammeParty",
    "Team",
    "TeamMember",
]
