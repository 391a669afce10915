"""Pages of the followup app (moved into a package; split by concern in the next commit)."""

from followup.views.talks import *  # noqa: F403
