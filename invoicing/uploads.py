"""Checks for uploaded verifications (verifikationer): real type by content, and size."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTENT_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def check_verification_upload(upload: UploadedFile) -> str:
    """Return the file's real content type, or raise ValidationError (Swedish message).

    The type is read from the file's first bytes, never trusted from the browser or the name.
    """
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Filen är för stor. Största tillåtna storlek är %(mb)s MB."),
            params={"mb": round(limit / (1024 * 1024), 1)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Filen är tom."), code="empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            _("Verifikationen måste vara en PDF eller en bild (PNG eller JPEG)."), code="content_type"
        )
    return kind.mime
