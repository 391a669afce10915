"""Read queries of the followup app (moved into a package; split in the next commit)."""

from followup.selectors.progression import *  # noqa: F403
