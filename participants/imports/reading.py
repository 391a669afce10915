"""Reading an uploaded file into numbered rows, and a row's cells into typed values."""

import csv
import datetime as dt
import io
import unicodedata
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .columns import COLUMN_NAMES, _field_label


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong kind, encoding, missing columns)."""


def _norm_header(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value or "").strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace(" ", "_").replace("-", "_")


def check_upload(upload: Any, *, max_bytes: int | None = None) -> None:
    """Check an uploaded file by size and content (not by its name): an .xlsx workbook (through the
    shared upload policy iop.uploads.validate_upload) or UTF-8 text for CSV."""
    from django.conf import settings

    from iop.uploads import validate_upload

    max_bytes = max_bytes if max_bytes is not None else settings.UPLOAD_MAX_BYTES
    head = upload.read(8192)
    upload.seek(0)
    if filetype.guess(head) is not None:
        validate_upload(upload, allowed=("xlsx",))
        return
    if not upload.size:
        raise ValidationError(_("Filen är tom."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Filen är för stor. Den får vara högst %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if b"\x00" in head:
        raise ValidationError(_("Filen måste vara en Excel-fil (.xlsx) eller en CSV-fil."), code="file_type")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character may be cut at the 8 KiB boundary.
        if exc.start < len(head) - 4:
            raise ValidationError(_("CSV-filen måste vara kodad i UTF-8."), code="encoding") from exc


def read_rows(content: bytes, name: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    """Return (sheet name, [(row number as shown in the spreadsheet, {column: value})])."""
    kind = filetype.guess(content[:8192])
    if kind is not None and kind.extension in ("xlsx", "zip"):
        return _read_xlsx(content)
    return _read_csv(content, name)


def _read_xlsx(content: bytes) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook
        raise ImportFileError(_("Excel-filen kunde inte läsas.")) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    out = _rows_with_header(header, rows, start=2)
    wb.close()
    return ws.title, out


def _read_csv(content: bytes, name: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("CSV-filen måste vara kodad i UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    return name or "CSV", _rows_with_header(header, reader, start=2)


def _rows_with_header(header: Any, rows: Any, *, start: int) -> list[tuple[int, dict[str, Any]]]:
    if not header:
        raise ImportFileError(_("Filen saknar rubrikrad."))
    keys = [_norm_header(h) for h in header]
    unknown = [k for k in keys if k and k not in COLUMN_NAMES]
    if unknown:
        raise ImportFileError(_("Okända kolumner: %(cols)s.") % {"cols": ", ".join(unknown)})
    if "personnummer" not in keys:
        raise ImportFileError(_("Kolumnen personnummer saknas."))
    out = []
    for number, values in enumerate(rows, start=start):
        record = {k: v for k, v in zip(keys, values, strict=False) if k}
        if all(v is None or str(v).strip() == "" for v in record.values()):
            continue
        out.append((number, record))
    return out


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(row: dict, key: str) -> dt.date | None:
    value = row.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(
            _("%(col)s: ogiltigt datum ”%(value)s” (skriv ÅÅÅÅ-MM-DD).") % {"col": key, "value": value}
        ) from None


def _choice(row: dict, key: str, choices: Any, default: str) -> str:
    raw = _norm_header(_text(row, key))
    if not raw:
        return default
    for value, label in choices.choices:
        if raw in (value, _norm_header(label)):
            return value
    allowed = ", ".join(choices.values)
    raise ValidationError(
        _("%(col)s: okänt värde ”%(value)s” (tillåtet: %(allowed)s).")
        % {"col": key, "value": _text(row, key), "allowed": allowed}
    )


def _bool(row: dict, key: str) -> bool:
    raw = _norm_header(_text(row, key))
    if raw in ("", "nej", "n", "0", "false"):
        return False
    if raw in ("ja", "j", "1", "true", "x"):
        return True
    raise ValidationError(_("%(col)s: skriv ja eller nej.") % {"col": key})


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        out = []
        for field_name, errors in exc.message_dict.items():
            for message in errors:
                out.append(message if field_name == "__all__" else f"{_field_label(field_name)}: {message}")
        return out
    return list(exc.messages)
