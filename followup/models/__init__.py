"""Models of the followup app: talks, self-assessments, follow-up after exit.

The reporting engine computes the agreement's indicators from these models; the rules it needs are
explicit here as querysets and constants (see docs/followup.md):
- indicator 1 (introduction talk held): `Talk.objects.held().of_kind(Talk.Kind.START_MEETING)`
- indicator 2 (joint follow-ups, both supervisor and case officer present, ≥ 2): `Talk.objects.joint_followups()`
- indicator 3 (self-assessment at start and at end): `SelfAssessment` with kind participant, occasion start/end
- indicator 4 (exit talk held): `Talk.objects.held().of_kind(Talk.Kind.EXIT_MEETING)`
- indicator 5 (completed according to plan): `Placement.end_reason.counts_as_completed_plan` (participants app)
"""

from .assessment import (
    DEFAULT_ITEMS,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentInstrument,
    SelfAssessmentItem,
)
from .exit_followup import ExitFollowUp
from .facts import PlacementFacts
from .talk import JOINT_FOLLOWUP_KINDS, JOINT_Q, Talk

__all__ = [
    "DEFAULT_ITEMS",
    "JOINT_FOLLOWUP_KINDS",
    "JOINT_Q",
    "PlacementFacts",
    "ExitFollowUp",
    "SelfAssessment",
    "SelfAssessmentAnswer",
    "SelfAssessmentInstrument",
    "SelfAssessmentItem",
    "Talk",
]
