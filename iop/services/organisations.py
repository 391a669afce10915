"""Services for organisations (organisationer) that can be parties to partnerships."""

from django.db import transaction

from iop.models import Organisation
from iop.validators import normalize_org_number


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    """Create or update an organisation; the organisation number is stored as NNNNNN-NNNN."""
    organisation.org_number = normalize_org_number(organisation.org_number)
    organisation.full_clean()
    organisation.save()
    return organisation
