"""Exports as jobs (exportjobb): exports larger than a page run on the report queue, row by row.

- `kinds`: what each export writes (rows from the owning app's selectors), who may ask for it and
  download it, and which parameters it takes (a required date range).
- `files`: the one place an export's file is written (a temporary file, constant memory, progress in
  the cache) and stored (through Django's storage, as the job's GeneratedReport).
- `services`: `export_request`, the starter that lower apps reach through `iop.export_jobs`.
- `views`: the job page (progress, polled), its status fragment and the owner's download.
"""
