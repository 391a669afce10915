"""The daily reminder rules (moved into a package; split in the next commit)."""

from followup.reminders.placements import *  # noqa: F403
from followup.reminders.placements import _RULES  # noqa: F401
