"""Checks for uploaded verifications (verifikationer), using the product's shared upload policy."""

from django.core.files.uploadedfile import UploadedFile

from iop.uploads import TYPES, validate_upload

VERIFICATION_TYPES = ("pdf", "png", "jpeg")


def check_verification_upload(upload: UploadedFile) -> str:
    """Return the file's real MIME type, or raise ValidationError (Swedish message).

    The type is judged by the file's bytes (never the name or the browser's content type), and the
    size must be at most `settings.UPLOAD_MAX_BYTES` (`iop.uploads.validate_upload`).
    """
    return TYPES[validate_upload(upload, allowed=VERIFICATION_TYPES)][0]
