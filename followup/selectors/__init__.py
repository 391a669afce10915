"""Read queries of the followup app, shared by pages, reminders and the reporting engine.

Access: talks, self-assessments and exit follow-ups are read through the placement they belong to,
so the rules of `participants.selectors.placements_visible_to` apply (coordinators all, case officers
their own participants, supervisors their organisation's placements with consent); steering group,
ekonomi and attestant never see them.
"""

from followup.selectors.checklists import (
    JOINT_FOLLOWUPS_REQUIRED,
    Checklist,
    ChecklistItem,
    placement_checklist,
    placement_checklists,
    with_checklist,
)
from followup.selectors.placements import active_placements_for, exit_followups_for, talks_visible_to
from followup.selectors.progression import (
    ItemChanges,
    Progression,
    ProgressionRow,
    placement_progression,
    progression_changes,
    progression_distribution,
    progression_rows,
    protect_distribution,
    published_distribution,
)

__all__ = [
    "JOINT_FOLLOWUPS_REQUIRED",
    "Checklist",
    "ChecklistItem",
    "ItemChanges",
    "Progression",
    "ProgressionRow",
    "active_placements_for",
    "exit_followups_for",
    "placement_checklist",
    "placement_checklists",
    "placement_progression",
    "progression_changes",
    "progression_distribution",
    "progression_rows",
    "protect_distribution",
    "published_distribution",
    "talks_visible_to",
    "with_checklist",
]
