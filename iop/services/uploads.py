"""Checks for uploaded documents: the type is decided by the content, never by the file name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx"}


def sniff_content_type(file) -> str | None:
    """The document type from its first bytes (and, for DOCX, its zip directory); None if unknown."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def validate_document(file: UploadedFile) -> str:
    """Refuse files over UPLOAD_MAX_BYTES and anything that is not PDF, PNG, JPEG or DOCX."""
    limit = settings.UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("Filen är för stor (högst %(mb)s MB).") % {"mb": round(limit / 1024 / 1024, 1)},
            code="too_large",
        )
    content_type = sniff_content_type(file)
    if content_type is None:
        raise ValidationError(
            _("Filtypen stöds inte. Ladda upp PDF, PNG, JPEG eller Word (DOCX)."), code="file_type"
        )
    return content_type
