"""Write services of the programmes app (keyword-only, validated, one transaction, access-logged)."""

from .activities import participation_end, participation_start, participation_talk_add
from .enrolments import enrolment_create, enrolment_reassign
from .esf import esf_entry_save, esf_participants_export
from .exits import enrolment_end, enrolment_situation_record
from .phases import DEFAULT_PHASES, phase_advance, phase_talk_add, phases_of
from .plans import joint_plan_revise
from .timereports import month_lock, participant_hours_save, staff_hours_save

__all__ = [
    "DEFAULT_PHASES",
    "enrolment_create",
    "enrolment_end",
    "enrolment_reassign",
    "enrolment_situation_record",
    "joint_plan_revise",
    "esf_entry_save",
    "esf_participants_export",
    "phase_advance",
    "phase_talk_add",
    "participation_end",
    "participation_start",
    "participation_talk_add",
    "phases_of",
    "month_lock",
    "participant_hours_save",
    "staff_hours_save",
]
