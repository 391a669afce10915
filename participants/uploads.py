"""Uploaded consent scans: validated by content (not by name or browser-sent type) and size."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Scans of signed consent forms: PDF or image.
ALLOWED_MIME = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def validate_upload(upload: UploadedFile) -> str:
    """Return the detected MIME type, or raise a Swedish ValidationError for wrong type or size."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Filen är för stor (högst %(mb)s MB).") % {"mb": limit // (1024 * 1024)}, code="size"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_MIME:
        raise ValidationError(_("Bifoga en PDF-, JPEG- eller PNG-fil."), code="type")
    return kind.mime


def detected_mime(path_or_file) -> str:
    """MIME type of a stored file by its content (application/octet-stream if unknown)."""
    kind = filetype.guess(path_or_file)
    return kind.mime if kind is not None and kind.mime in ALLOWED_MIME else "application/octet-stream"
