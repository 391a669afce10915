from .activity import Activity, Participation, ParticipationTalk
from .enrolment import Enrolment, EnrolmentPhase, EnrolmentQuerySet, Phase, PhaseTalk
from .exit import DECIDED_START_WITHIN_DAYS, EnrolmentExit, EnrolmentSituation
from .intake import IntakePeriod
from .organisation import ProgrammeParty, Team, TeamMember
from .plan import JointPlan

__all__ = [
    "Activity",
    "Participation",
    "ParticipationTalk",
    "Enrolment",
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
]
