"""The intake plan: planned against actual intake per period, by gender (seed 003's five intake periods)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from participants.models import Gender
from participants.tests.factories import ParticipantFactory
from programmes.models import IntakePeriod
from programmes.selectors import intake_rows
from programmes.tests.factories import enrol, programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def _period(programme, name, start, end, women=None, men=None):
    return IntakePeriod.objects.create(
        partnership=programme, name=name, start_date=start, end_date=end, planned_women=women, planned_men=men
    )


def _enrol(w, gender, start):
    enrol(w.programme, w.team, w.leader, participant=ParticipantFactory(gender=gender), start=start)


def test_actual_intake_is_counted_per_period_by_gender_against_the_plan(w):
    # programme_world enrols one participant on 2026-01-12 (the factory's gender).
    first = _period(w.programme, "Termin 1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), women=3, men=2)
    second = _period(w.programme, "Termin 2", dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    w.enrolment.participant.gender = Gender.WOMAN
    w.enrolment.participant.save()
    _enrol(w, Gender.WOMAN, dt.date(2026, 6, 30))  # the period's last day counts
    _enrol(w, Gender.MAN, dt.date(2026, 2, 1))
    _enrol(w, Gender.UNKNOWN, dt.date(2026, 3, 1))  # never counted as a woman or a man
    _enrol(w, Gender.MAN, dt.date(2026, 7, 1))
    _enrol(w, Gender.OTHER, dt.date(2027, 2, 1))  # outside every period
    # Another programme's enrolments never count (programme_world enrols one in programme B).
    rows = intake_rows(w.programme)
    assert [(r.period, r.women, r.men, r.other, r.total, r.difference) for r in rows] == [
        (first, 2, 1, 1, 4, -1),
        (second, 0, 1, 0, 1, None),  # no planned figure: no difference either
        (None, 0, 0, 1, 1, None),
    ]


def test_a_period_may_not_overlap_another_nor_end_before_it_starts(w):
    _period(w.programme, "Termin 1", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    overlapping = IntakePeriod(
        partnership=w.programme,
        name="Termin 2",
        start_date=dt.date(2026, 6, 30),
        end_date=dt.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        overlapping.full_clean()
    assert "överlappar" in str(exc.value.message_dict["start_date"])
    # The other programme may use the same dates.
    IntakePeriod(
        partnership=w.other_programme, name="T", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 6, 30)
    ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        _period(w.programme, "Baklänges", dt.date(2027, 6, 30), dt.date(2027, 1, 1))


def test_the_overview_shows_the_intake_plan(client, w):
    _period(w.programme, "Termin 1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), women=3, men=2)
    client.force_login(w.coordinator)
    response = client.get(reverse("programmes:overview", args=[w.programme.pk]))
    html = response.content.decode()
    assert "Intagsplan" in html and "Termin 1" in html
    assert [r.total for r in response.context["intake"]] == [1]
