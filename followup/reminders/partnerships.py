"""The partnership rules: the extension deadline and the steering meetings a year. Recipients: every
active IOP-samordnare; the steering-group rule also the convening party's steering group and coordinators."""

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from iop.models import Meeting, Partnership, User
from iop.notifications import notify
from iop.roles import Role
from iop.selectors import agreement_year

EXTENSION_WARNING_DAYS = 30


def coordinators() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.SAMORDNARE, is_active=True).distinct()


# --- Partnership rules -------------------------------------------------------------------------


def _active_partnerships() -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE)
        .prefetch_related("periods")
        .select_related("convening_party")
        .order_by("pk")
    )


def remind_extension_deadline(*, today: dt.date) -> int:
    """The agreement's extension deadline (last day to approve an extension) is within 30 days."""
    created = 0
    recipients = list(coordinators())
    for partnership in _active_partnerships():
        deadline = partnership.extension_deadline
        if deadline is None or not today <= deadline <= today + dt.timedelta(days=EXTENSION_WARNING_DAYS):
            continue
        created += notify(
            users=recipients,
            kind="followup.extension_deadline",
            message=_("%(case)s: förlängning av överenskommelsen måste godkännas senast %(d)s.")
            % {"case": partnership.case_number, "d": f"{deadline:%Y-%m-%d}"},
            dedupe_key=f"followup:extension:{partnership.pk}:{deadline.isoformat()}",
            url=reverse("iop:partnership_detail", kwargs={"pk": partnership.pk}),
            due_date=deadline,
        )
    return created


def remind_steering_meetings(*, today: dt.date) -> int:
    """Fewer steering-group meetings held or booked in the agreement year than the agreement asks
    (Partnership.steering_meetings_per_year; none where the agreement names no number). Reminds at most once
    per quarter of the agreement year while it stays below."""
    created = 0
    coordinator_list = list(coordinators())
    for partnership in _active_partnerships():
        required = partnership.steering_meetings_per_year
        if not required:
            continue
        year = agreement_year(partnership, today)
        if year is None:
            continue
        count = Meeting.objects.filter(
            partnership=partnership, kind=Meeting.Kind.STEERING, date__gte=year[0], date__lte=year[1]
        ).count()
        if count >= required:
            continue
        quarter = ((today.year - year[0].year) * 12 + today.month - year[0].month) // 3
        users = list(coordinator_list)
        if partnership.convening_party_id:
            users += [
                u
                for u in User.objects.filter(
                    organisation_id=partnership.convening_party_id,
                    is_active=True,
                    groups__name__in=[Role.STYRGRUPP, Role.SAMORDNARE],
                ).distinct()
                if u not in users
            ]
        created += notify(
            users=users,
            kind="followup.steering_meetings",
            message=_(
                "%(case)s: %(n)s av %(required)s styrgruppsmöten hållna eller bokade under avtalsåret %(a)s–%(b)s."
            )
            % {
                "case": partnership.case_number,
                "n": count,
                "required": required,
                "a": f"{year[0]:%Y-%m-%d}",
                "b": f"{year[1]:%Y-%m-%d}",
            },
            dedupe_key=f"followup:steering:{partnership.pk}:{year[0].isoformat()}:q{quarter}",
            url=reverse("iop:partnership_detail", kwargs={"pk": partnership.pk}),
            due_date=year[1],
        )
    return created
