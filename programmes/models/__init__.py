from .activity import Activity, Participation, ParticipationTalk
from .enrolment import Enrolment, EnrolmentPhase, EnrolmentQuerySet, Phase, PhaseTalk
from .exit import DECIDED_START_WITHIN_DAYS, EnrolmentExit, EnrolmentSituation
from .organisation import ProgrammeParty, Team, TeamMember
from .timereport import (
    DEFAULT_WEEKLY_MINIMUM,
    MAX_HOURS_PER_MONTH,
    ParticipantTimeReport,
    ProgrammeTimeRules,
    StaffTimeReport,
    TimeReportMonth,
)

__all__ = [
    "Activity",
    "Participation",
    "ParticipationTalk",
    "Enrolment",
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
    "DEFAULT_WEEKLY_MINIMUM",
    "MAX_HOURS_PER_MONTH",
    "ParticipantTimeReport",
    "ProgrammeTimeRules",
    "StaffTimeReport",
    "TimeReportMonth",
]
