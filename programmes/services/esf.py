"""ESF participant data at entry (editable, with history) and the SCB/ESF participant export.

The export is written to a temporary file in one transaction with its record (`EsfExportRecord`) and an
access-log row (action `export`) for every participant in it: a file that is handed out is always logged
and recorded, and an export that fails leaves neither.
"""

import datetime as dt
import tempfile
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from iop.models import Partnership
from iop.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from iop.xlsx import CSV_CONTENT_TYPE, Sheet, column_widths, write_csv, write_xlsx
from participants.access_log import log_reads
from participants.models import AccessLog

from ..esf_export import ESF_EXPORT_HEADER, esf_export_enrolments, esf_export_rows
from ..models import Enrolment, EsfEntry, EsfExportRecord, ProgrammeParty
from .logged import write_for_enrolment

CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def esf_entry_save(
    *,
    enrolment: Enrolment,
    categories: list[str],
    support_kinds: list[str],
    programme_status: str,
    months_at_af: int | None,
    referring_party: ProgrammeParty | None,
    by: Any,
    request: Any = None,
) -> EsfEntry:
    """Create or change the enrolment's ESF data at entry (each change kept in its history)."""

    def write() -> EsfEntry:
        fresh = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        entry = EsfEntry.objects.filter(enrolment=fresh).first() or EsfEntry(enrolment=fresh)
        entry.categories = list(categories)
        entry.support_kinds = list(support_kinds)
        entry.programme_status = programme_status
        entry.months_at_af = months_at_af
        entry.referring_party = referring_party
        entry.updated_by = by
        entry.full_clean(exclude=["enrolment"])
        entry.save()
        return entry

    return write_for_enrolment(
        enrolment, write=write, action=AccessLog.Action.CHANGE, what="ESF-uppgifter", by=by, request=request
    )


@dataclass
class EsfExportFile:
    handle: IO[bytes]
    filename: str
    content_type: str
    record: EsfExportRecord


def esf_participants_export(
    *, partnership: Partnership, start: dt.date, end: dt.date, file_format: str, by: Any, request: Any
) -> EsfExportFile:
    """Write the SCB/ESF participant export of the programme and period into a temporary file (rewound,
    deleted when closed), record it and log every participant in it, in one transaction."""
    seen: list[int] = []
    handle = tempfile.TemporaryFile()
    try:
        with transaction.atomic():
            rows = esf_export_rows(esf_export_enrolments(partnership, start, end), seen)
            if file_format == "csv":
                write_csv(handle, rows, header=ESF_EXPORT_HEADER)
            else:
                sheet = Sheet(
                    str(_("Deltagare")),
                    ESF_EXPORT_HEADER,
                    rows,
                    widths=column_widths([16, 14, 14, 8, 40, 30, 30, 12, 30, 22]),
                    freeze_header=True,
                )
                write_xlsx(handle, [sheet], title=str(_("Deltagaruppgifter till SCB/ESF")))
            record = EsfExportRecord.objects.create(
                partnership=partnership,
                period_start=start,
                period_end=end,
                file_format=file_format,
                rows=len(seen),
                created_by=by,
            )
            log_reads(
                request=request,
                participants=seen,
                detail=f"export ESF-deltagaruppgifter {record.pk}: program {partnership.pk}, "
                f"{start:%Y-%m-%d}–{end:%Y-%m-%d}",
                even_if_none=True,
                action=AccessLog.Action.EXPORT,
            )
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    filename = f"esf-deltagare-{partnership.case_number}-{start:%Y%m%d}-{end:%Y%m%d}.{file_format}"
    return EsfExportFile(handle, filename, CONTENT_TYPES[file_format], record)
