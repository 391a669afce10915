"""Import of participants, consents, referrals and placements from a spreadsheet (.xlsx or .csv).

`columns` holds the file's columns and the template, `reading` turns a file into rows of values,
and `rows` imports them through the ordinary services in one transaction. The names pages and
commands use are importable from here.
"""

from .columns import COLUMN_NAMES, COLUMNS, XLSX_MIME, template_xlsx
from .reading import ImportFileError, check_upload, read_rows
from .rows import ImportResult, Problem, import_participants

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "XLSX_MIME",
    "ImportFileError",
    "ImportResult",
    "Problem",
    "check_upload",
    "import_participants",
    "read_rows",
    "template_xlsx",
]
