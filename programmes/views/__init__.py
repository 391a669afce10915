from .esf import esf_entry, esf_export
from .exits import exit_enrolment, situation
from .pages import enrolment_detail, index, leader_caseload, overview, team_caseload
from .plans import joint_plan
from .timereports import participant_time, staff_time, time_lock
from .writes import (
    enrol,
    participation_add,
    participation_close,
    participation_talk,
    phase_next,
    phase_talk,
    reassign,
)

__all__ = [
    "enrol",
    "enrolment_detail",
    "esf_entry",
    "esf_export",
    "exit_enrolment",
    "index",
    "joint_plan",
    "leader_caseload",
    "overview",
    "participation_add",
    "participation_close",
    "participation_talk",
    "phase_next",
    "phase_talk",
    "reassign",
    "situation",
    "team_caseload",
    "participant_time",
    "staff_time",
    "time_lock",
]
