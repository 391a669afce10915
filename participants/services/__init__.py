"""Write services of the participants app (keyword-only, validated, transactional)."""

from .capacity import assert_place_free, first_full_day, lock_partnership, occupancy_peak
from .hooks import register_placement_changed_hook
from .logged import placement_write_logged, write_logged
from .participants import (
    consent_register,
    consent_withdraw,
    has_valid_consent,
    participant_create,
    participant_update,
    situation_record,
)
from .placements import (
    ExtensionDecision,
    pause_add,
    pause_end,
    placement_end,
    placement_extend,
    placement_start,
    plan_revise,
    working_time_step_add,
)
from .referrals import (
    has_sharing_consent,
    referral_create,
    referral_set_queue_override,
    referral_set_status,
)

__all__ = [
    "ExtensionDecision",
    "assert_place_free",
    "consent_register",
    "consent_withdraw",
    "first_full_day",
    "has_sharing_consent",
    "has_valid_consent",
    "lock_partnership",
    "occupancy_peak",
    "participant_create",
    "participant_update",
    "pause_add",
    "pause_end",
    "placement_end",
    "placement_extend",
    "placement_start",
    "plan_revise",
    "referral_create",
    "referral_set_queue_override",
    "referral_set_status",
    "register_placement_changed_hook",
    "placement_write_logged",
    "situation_record",
    "write_logged",
    "working_time_step_add",
]
