"""Services for written amendments (ändringar) with each party's approval and an attached document."""

import datetime as dt
import os
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import Amendment, AmendmentApproval
from iop.uploads import validate_upload

DOCUMENT_TYPES = ("pdf", "png", "jpeg", "docx")
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "docx": "docx"}


@bumps_data_version
@transaction.atomic
def amendment_save(
    *,
    amendment: Amendment,
    approvals: Mapping[int, dt.date | None],
    document: UploadedFile | None = None,
) -> Amendment:
    """Create or update an amendment; `approvals` maps party id → date that party approved it.

    The document's type is checked by content with the shared upload policy (`iop.uploads`: PDF, PNG,
    JPEG, DOCX, at most UPLOAD_MAX_BYTES) and it is stored under a random name; it is served only by
    the access-checked download view.
    """
    if document is not None:
        try:
            kind = validate_upload(document, allowed=DOCUMENT_TYPES)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages}) from exc
        stem = get_valid_filename(os.path.splitext(document.name or "dokument")[0])[:60] or "dokument"
        document.name = f"{stem}-{uuid.uuid4().hex[:8]}.{EXTENSIONS[kind]}"
        amendment.document = document
    if amendment.affects_budget and not amendment.budget_year:
        raise ValidationError({"budget_year": _("Ange vilket budgetår ändringen gäller.")})
    if amendment.budget_increase is not None and amendment.budget_increase < 0:
        raise ValidationError({"budget_increase": _("Beloppet får inte vara negativt.")})
    party_ids = set(amendment.partnership.parties.values_list("pk", flat=True))
    unknown = set(approvals) - party_ids
    if unknown:
        raise ValidationError(_("Godkännande från en organisation som inte är part."))
    for day in approvals.values():
        if day and amendment.date and day < amendment.date:
            raise ValidationError(_("En part kan inte godkänna ändringen före ändringens datum."))
    amendment.full_clean()
    amendment.save()
    for party_id, day in approvals.items():
        AmendmentApproval.objects.update_or_create(
            amendment=amendment, party_id=party_id, defaults={"approved_on": day}
        )
    return amendment
