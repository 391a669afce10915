"""Models of the partnership registry (iop app)."""

from .budget import BudgetLine, InKindContribution, OtherFunding
from .goals import Goal, GoalMilestone
from .organisation import ContactPerson, Organisation
from .partnership import (
    AgreementPeriod,
    Amendment,
    AmendmentApproval,
    ForumCriterionAssessment,
    Partnership,
    PartnershipParty,
    WorkArea,
)
from .staff import StaffMember
from .steering import ActionPoint, Meeting, SteeringGroupMember
from .users import User

__all__ = [
    "ActionPoint",
    "AgreementPeriod",
    "Amendment",
    "AmendmentApproval",
    "BudgetLine",
    "ContactPerson",
    "ForumCriterionAssessment",
    "Goal",
    "GoalMilestone",
    "InKindContribution",
    "Meeting",
    "Organisation",
    "OtherFunding",
    "Partnership",
    "PartnershipParty",
    "StaffMember",
    "SteeringGroupMember",
    "User",
    "WorkArea",
]

from .notifications import Notification  # noqa: E402

__all__ += ["Notification"]

from .security import AccessibilityReport, SecurityPolicy  # noqa: E402

__all__ += ["AccessibilityReport", "SecurityPolicy"]

from .risk import Risk  # noqa: E402

__all__ += ["Risk"]
