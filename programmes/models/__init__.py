from .activity import Activity, Participation, ParticipationTalk
from .enrolment import Enrolment, EnrolmentPhase, EnrolmentQuerySet, Phase, PhaseTalk
from .esf import COMBINABLE_SUPPORT, EsfCategory, EsfEntry, EsfExportRecord, ProgrammeStatus
from .exit import DECIDED_START_WITHIN_DAYS, EnrolmentExit, EnrolmentSituation
from .intake import IntakePeriod
from .organisation import ProgrammeParty, Team, TeamMember
from .plan import JointPlan
from .timereport import (
    DEFAULT_WEEKLY_MINIMUM,
    MAX_HOURS_PER_MONTH,
    ParticipantTimeReport,
    ProgrammeTimeRules,
    ProjectPhase,
    StaffTimeReport,
    TimeReportMonth,
)

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
    "IntakePeriod",
    "JointPlan",
    "DECIDED_START_WITHIN_DAYS",
    "EnrolmentQuerySet",
    "Phase",
    "PhaseTalk",
    "ProgrammeParty",
    "Team",
    "TeamMember",
    "DEFAULT_WEEKLY_MINIMUM",
    "MAX_HOURS_PER_MONTH",
    "ParticipantTimeReport",
    "ProgrammeTimeRules",
    "ProjectPhase",
    "StaffTimeReport",
    "TimeReportMonth",
]
