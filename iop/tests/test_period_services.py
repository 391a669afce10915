"""Agreement periods and extensions: dates must make sense, extensions follow on, late ones need a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from iop.models import AgreementPeriod
from iop.services.periods import period_save
from tests.factories import PartnershipFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    p = PartnershipFactory(extension_months=12, extension_notice_months=3)
    PeriodFactory(partnership=p, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    return p


def extension(p, start, end, **kw):
    return AgreementPeriod(partnership=p, kind=AgreementPeriod.Kind.EXTENSION, start=start, end=end, **kw)


def messages(exc) -> list[str]:
    return [m for msgs in exc.value.message_dict.values() for m in msgs]


def test_an_extension_starting_the_day_after_the_end_is_recorded(partnership):
    period_save(
        period=extension(
            partnership, dt.date(2026, 1, 1), dt.date(2026, 12, 31), approved_on=dt.date(2025, 9, 1)
        ),
        today=dt.date(2025, 9, 2),
    )
    assert partnership.periods.count() == 2


def test_a_period_ending_before_it_starts_is_refused(partnership):
    with pytest.raises(ValidationError) as exc:
        period_save(
            period=extension(partnership, dt.date(2026, 1, 1), dt.date(2025, 12, 1)),
            today=dt.date(2025, 9, 1),
        )
    assert "Periodens slut kan inte ligga före dess start." in messages(exc)
    assert partnership.periods.count() == 1


def test_an_overlapping_extension_is_refused(partnership):
    with pytest.raises(ValidationError) as exc:
        period_save(
            period=extension(partnership, dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
            today=dt.date(2025, 9, 1),
        )
    assert "Perioden överlappar en befintlig period (2025-01-01 – 2025-12-31)." in messages(exc)
    assert partnership.periods.count() == 1


def test_an_extension_leaving_a_gap_is_refused(partnership):
    with pytest.raises(ValidationError) as exc:
        period_save(
            period=extension(partnership, dt.date(2026, 2, 1), dt.date(2026, 12, 31)),
            today=dt.date(2025, 9, 1),
        )
    assert "En förlängning ska börja dagen efter nuvarande slutdatum (2026-01-01)." in messages(exc)


def test_an_extension_after_the_deadline_requires_a_reason(partnership):
    with pytest.raises(ValidationError) as exc:
        period_save(
            period=extension(partnership, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
            today=dt.date(2025, 10, 1),
        )
    assert "Förlängningen registreras efter sista dag (2025-09-30); ange skäl." in messages(exc)
    assert partnership.periods.count() == 1


def test_an_extension_after_the_deadline_with_a_reason_is_recorded(partnership):
    period = extension(
        partnership, dt.date(2026, 1, 1), dt.date(2026, 12, 31), late_reason="Nämnden sammanträdde sent."
    )
    period_save(period=period, today=dt.date(2025, 10, 1))
    assert period.pk


def test_the_approval_date_decides_whether_an_extension_is_late(partnership):
    period = extension(
        partnership, dt.date(2026, 1, 1), dt.date(2026, 12, 31), approved_on=dt.date(2025, 9, 30)
    )
    period_save(period=period, today=dt.date(2025, 12, 1))
    assert period.pk


def test_a_second_original_period_is_refused(partnership):
    with pytest.raises(ValidationError) as exc:
        period_save(
            period=AgreementPeriod(
                partnership=partnership, start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31)
            ),
            today=dt.date(2025, 1, 1),
        )
    assert "kind" in exc.value.message_dict


def test_the_extension_form_shows_the_late_message_at_the_reason_field(world, client):
    client.force_login(world.users["samordnare"])
    from django.urls import reverse

    response = client.post(
        reverse("iop:period_create", args=[world.partnership.pk]),
        {"kind": "extension", "start": "2026-01-01", "end": "2026-12-31", "approved_on": "2025-10-15"},
    )
    assert response.status_code == 400
    assert "Förlängningen registreras efter sista dag (2025-09-30); ange skäl." in response.content.decode()
    assert world.partnership.periods.count() == 1


def test_shortening_a_period_that_has_an_extension_is_refused(partnership):
    period_save(
        period=extension(
            partnership, dt.date(2026, 1, 1), dt.date(2026, 12, 31), approved_on=dt.date(2025, 9, 1)
        ),
        today=dt.date(2025, 9, 2),
    )
    original = partnership.periods.get(kind="original")
    original.end = dt.date(2025, 11, 30)
    with pytest.raises(ValidationError) as exc:
        period_save(period=original, today=dt.date(2025, 9, 2))
    assert "Nästa period börjar 2026-01-01; perioden ska sluta dagen före." in messages(exc)
