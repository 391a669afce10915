"""Uploaded files (bilagor): the one policy every app uses to accept and to serve them.

- `validate_upload(file)` accepts a file only if its CONTENT is one of the allowed types (the name
  and the browser's Content-Type are not trusted) and it is at most `settings.UPLOAD_MAX_BYTES`.
- `serve_private_file(request, fieldfile, filename=...)` streams a stored file from the storage
  (`iop.storage`: local disk or the object store) as a download. Files are never reachable from a
  public media URL or a bucket link: a view checks access (with `@allow` and a scoped selector) and
  then calls this.
"""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Our name for a type → (MIME type, member the ZIP container must hold for Office Open XML).
TYPES: dict[str, tuple[str, str | None]] = {
    "pdf": ("application/pdf", None),
    "png": ("image/png", None),
    "jpeg": ("image/jpeg", None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
}
DEFAULT_ALLOWED = ("pdf", "png", "jpeg", "docx", "xlsx")
_LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "docx": "Word (docx)", "xlsx": "Excel (xlsx)"}


def _detect(file: File, allowed: tuple[str, ...]) -> str | None:
    """Our name of the file's type judged by its bytes, or None."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    for name in allowed:
        mime, member = TYPES[name]
        if member is None and kind.mime == mime:
            return name
    # Office files are ZIP containers; filetype looks only at the first entries, so confirm.
    if kind.mime in {TYPES["docx"][0], TYPES["xlsx"][0], "application/zip"}:
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for name in allowed:
            member = TYPES[name][1]
            if member is not None and member in names:
                return name
    return None


def validate_upload(file: File, *, allowed: tuple[str, ...] = DEFAULT_ALLOWED) -> str:
    """Raise ValidationError (Swedish message) unless the file is allowed; return its type name."""
    unknown = set(allowed) - set(TYPES)
    if unknown:
        raise ValueError(f"Unknown upload types: {sorted(unknown)}")
    size = file.size
    if not size:
        raise ValidationError(_("Filen är tom."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Filen är för stor (%(size)s). Den får vara högst %(max)s."),
            code="too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(settings.UPLOAD_MAX_BYTES)},
        )
    detected = _detect(file, tuple(allowed))
    if detected is None:
        raise ValidationError(
            _("Filtypen är inte tillåten. Tillåtna filtyper: %(types)s."),
            code="file_type",
            params={"types": ", ".join(_LABELS[a] for a in allowed)},
        )
    return detected


def serve_private_file(
    request: HttpRequest, fieldfile: FieldFile, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """Stream a stored file from its storage as a download. The CALLER must have checked access to it.

    Always an attachment (never rendered inline by the browser), never sniffed, never cached
    by shared caches. A file missing from the storage is a 404.
    """
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
