"""Forms of the participant pages (moved; split in the next commit)."""

from participants.forms.placements import *  # noqa: F403
