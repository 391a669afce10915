"""Service for editing a placement's work area and supervisor (with optimistic locking)."""

from django.db import transaction

from iop.cache_version import bumps_data_version
from iop.models import User, WorkArea
from participants.models import Placement

from .placements import _locked_placement, _save


@bumps_data_version
@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    work_area: WorkArea | None,
    supervisor: User | None,
    by: User | None = None,
    expected_version: int | None = None,
) -> Placement:
    """Change where and with whom the participant trains (verksamhet, handledare). Dates change only
    through placement_extend / placement_end. A stale `expected_version` raises code `stale` and saves
    nothing."""
    placement = _locked_placement(placement, expected_version)
    placement.work_area = work_area
    placement.supervisor = supervisor
    return _save(placement, by)
