"""Reminders of payment periods that ended without an invoice."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import Partnership, PartnershipParty, User
from iop.notifications import notify
from iop.roles import Role

from ..selectors import (
    ended_periods_without_invoice,
    partnership_queryset,
)


def remind_uninvoiced_periods(*, today: dt.date | None = None) -> int:
    """Notify the non-profit's finance users of every payment period that has ended without an
    issued invoice. Idempotent (one notification per user and period); returns how many were created.
    Meant to be called daily by the reminder task."""
    today = today or timezone.localdate()
    partnerships = list(
        partnership_queryset().filter(status__in=[Partnership.Status.ACTIVE, Partnership.Status.ENDED])
    )
    created = 0
    for open_period in ended_periods_without_invoice(partnerships, today):
        partnership, period = open_period.partnership, open_period.period
        org_ids = [
            p.organisation_id for p in partnership.parties.all() if p.role == PartnershipParty.Role.NON_PROFIT
        ]
        users = User.objects.filter(
            organisation_id__in=org_ids, groups__name=Role.EKONOMI, is_active=True
        ).distinct()
        created += notify(
            users=users,
            kind="invoicing.uninvoiced_period",
            message=_("%(case)s: perioden %(period)s är slut men har ingen inskickad faktura.")
            % {"case": partnership.case_number, "period": period.label},
            dedupe_key=f"invoicing:uninvoiced:{partnership.pk}:{period.start.isoformat()}",
            url=reverse("invoicing:list"),
            due_date=period.end,
        )
    return created
