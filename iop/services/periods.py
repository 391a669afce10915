"""Services for agreement periods (avtalsperioder) and extensions (förlängningar)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.dates import add_months
from iop.models import AgreementPeriod, Partnership


def extension_deadline_for(*, partnership: Partnership, current_end: dt.date) -> dt.date:
    """The last day every party must approve an extension of a period ending on `current_end`."""
    return add_months(current_end, -partnership.extension_notice_months)


def _validate(period: AgreementPeriod, today: dt.date) -> None:
    if period.start and period.end and period.end < period.start:
        raise ValidationError({"end": _("Periodens slut kan inte ligga före dess start.")})
    others = list(
        AgreementPeriod.objects.filter(partnership_id=period.partnership_id)
        .exclude(pk=period.pk)
        .order_by("start")
    )
    for other in others:
        if period.start <= other.end and other.start <= period.end:
            raise ValidationError(
                {
                    "start": _("Perioden överlappar en befintlig period (%(period)s).")
                    % {"period": f"{other.start:%Y-%m-%d} – {other.end:%Y-%m-%d}"}
                }
            )
    later = [o for o in others if o.start > period.start]
    if later and later[0].start != period.end + dt.timedelta(days=1):
        raise ValidationError(
            {
                "end": _("Nästa period börjar %(day)s; perioden ska sluta dagen före.")
                % {"day": f"{later[0].start:%Y-%m-%d}"}
            }
        )
    if period.kind == AgreementPeriod.Kind.ORIGINAL:
        if any(o.kind == AgreementPeriod.Kind.ORIGINAL for o in others):
            raise ValidationError(
                {"kind": _("Det finns redan en ursprunglig period. Registrera en förlängning i stället.")}
            )
        return
    earlier = [o for o in others if o.start < period.start]
    if not earlier:
        raise ValidationError({"kind": _("En förlängning kräver en tidigare avtalsperiod.")})
    current_end = max(o.end for o in earlier)
    expected_start = current_end + dt.timedelta(days=1)
    if period.start != expected_start:
        raise ValidationError(
            {
                "start": _("En förlängning ska börja dagen efter nuvarande slutdatum (%(day)s).")
                % {"day": f"{expected_start:%Y-%m-%d}"}
            }
        )
    deadline = extension_deadline_for(partnership=period.partnership, current_end=current_end)
    recorded_on = period.approved_on or today
    if recorded_on > deadline and not period.late_reason.strip():
        raise ValidationError(
            {
                "late_reason": _("Förlängningen registreras efter sista dag (%(day)s); ange skäl.")
                % {"day": f"{deadline:%Y-%m-%d}"}
            }
        )


@bumps_data_version
@transaction.atomic
def period_save(*, period: AgreementPeriod, today: dt.date | None = None) -> AgreementPeriod:
    """Record the original period or an extension, or correct one.

    An extension must start the day after the current end, must not overlap another period, and when
    it is approved (or, without an approval date, recorded) after the extension deadline a reason is
    required. The partnership row is locked so two coordinators cannot add overlapping extensions.
    """
    Partnership.objects.select_for_update().filter(pk=period.partnership_id).first()
    _validate(period, today or timezone.localdate())
    period.full_clean()
    period.save()
    return period
