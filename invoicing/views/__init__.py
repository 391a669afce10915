"""Invoice pages, split by concern: invoices, the workflow, downloads and the overview."""
