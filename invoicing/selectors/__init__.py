"""Read queries of invoicing (moved; split in the next commit)."""

from invoicing.selectors.budget import *  # noqa: F403
