"""Services of the risk register (riskregister): keeping a partnership's risks. A risk is closed, never
deleted; django-simple-history records who changed what (the request's user, by its middleware)."""

from django.db import transaction

from iop.models import Risk


@transaction.atomic
def risk_save(*, risk: Risk) -> Risk:
    """Create or update a risk of its partnership after validating it (scale 1–5, status, owner)."""
    risk.full_clean()
    risk.save()
    return risk
