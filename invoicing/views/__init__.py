"""Invoice pages (moved; split in the next commit)."""

from invoicing.views.invoices import *  # noqa: F403
