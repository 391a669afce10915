"""Property: after any sequence of writes through the services (talks held, cancelled, moved and
deleted, self-assessments, placements extended and ended), the per-placement facts rows equal a full
rebuild, and the engine's per-placement counts as of any period end equal the rule counted straight
from the talks and self-assessments (what the correlated subqueries counted before the facts rows).

The ORM shortcuts of tests/facts_sync.py are off here: only the services keep the rows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import services
from followup.facts import facts_table, rebuild_placement_facts
from followup.models import JOINT_Q, SelfAssessment, Talk
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED
from participants.models import Placement
from participants.services import ExtensionDecision, placement_end, placement_extend
from participants.tests.factories import PlacementFactory, end_reason
from reporting.indicators.facts import _placement_rows
from tests.factories import PartnershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.facts_by_services_only]

START = dt.date(2025, 3, 1)
PLACEMENTS = 3
KINDS = [str(k) for k in Talk.Kind if k != Talk.Kind.STUDY_VISIT]
# Local times at the edges of a day: 00:15 and 23:45 in Malmö are the other day in UTC.
TIMES = [dt.time(0, 15), dt.time(10, 0), dt.time(23, 45)]
PERIOD_ENDS = [
    dt.date(2025, 2, 28),
    dt.date(2025, 3, 31),
    dt.date(2025, 5, 15),
    dt.date(2025, 6, 30),
    dt.date(2026, 1, 1),
]

day = st.integers(min_value=-30, max_value=200)
moment = st.tuples(day, st.sampled_from(TIMES))
placement = st.integers(min_value=0, max_value=PLACEMENTS - 1)
talk = st.integers(min_value=0, max_value=40)
write = st.one_of(
    st.tuples(st.just("talk"), placement, st.sampled_from(KINDS), st.booleans(), moment, st.booleans()),
    st.tuples(st.just("move"), talk, st.booleans(), moment, st.booleans()),
    st.tuples(st.just("delete"), talk),
    st.tuples(
        st.just("assess"),
        placement,
        st.sampled_from([str(o) for o in SelfAssessment.Occasion]),
        st.sampled_from([str(k) for k in SelfAssessment.Kind]),
        day,
    ),
    st.tuples(st.just("extend"), placement, st.integers(min_value=1, max_value=90)),
    st.tuples(st.just("end"), placement, day),
)


@pytest.fixture
def world(db):
    partnership = PartnershipFactory(places_at_once=24, max_months=4)
    placements = [
        PlacementFactory(partnership=partnership, start_date=START + dt.timedelta(days=7 * i))
        for i in range(PLACEMENTS)
    ]
    rebuild_placement_facts()  # what the data migration leaves: a row for every placement
    return partnership, [p.pk for p in placements], UserFactory()


def _at(offset: tuple[int, dt.time]) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(START + dt.timedelta(days=offset[0]), offset[1]))


def _apply(step: tuple, placement_ids: list[int], user) -> None:
    what, *args = step
    talks = list(Talk.objects.order_by("pk"))
    if what == "talk":
        index, kind, held, when, joint = args
        services.talk_create(
            placement=Placement.objects.get(pk=placement_ids[index]),
            by=user,
            kind=kind,
            status=Talk.Status.HELD if held else Talk.Status.PLANNED,
            held_at=_at(when),
            supervisor_present=True,
            case_officer_present=joint,
        )
    elif what == "move" and talks:
        index, held, when, joint = args
        services.talk_update(
            talk=talks[index % len(talks)],
            by=user,
            status=Talk.Status.HELD if held else Talk.Status.PLANNED,  # planned again: cancelled
            held_at=_at(when),
            case_officer_present=joint,
        )
    elif what == "delete" and talks:
        services.talk_delete(talk=talks[args[0] % len(talks)], by=user)
    elif what == "assess":
        index, occasion, kind, offset = args
        p = Placement.objects.get(pk=placement_ids[index])
        items = services.instrument_for(p.partnership).items.all()
        services.self_assessment_save(
            placement=p,
            occasion=occasion,
            kind=kind,
            assessed_on=START + dt.timedelta(days=offset),
            values={i.pk: 5 for i in items},
            by=user,
        )
    elif what == "extend":
        index, days = args
        p = Placement.objects.get(pk=placement_ids[index])
        decision = ExtensionDecision(
            decided_on=START,
            reason="Gemensamt beslut.",
            participant_consulted=True,
            approved_by_city_name="Staden",
            approved_by_partner_name="Föreningen",
        )
        placement_extend(
            placement=p, new_end_date=p.planned_end_date + dt.timedelta(days=days), by=user, decision=decision
        )
    elif what == "end":
        index, offset = args
        p = Placement.objects.get(pk=placement_ids[index])
        placement_end(
            placement=p, end_date=START + dt.timedelta(days=offset), end_reason=end_reason("work"), by=user
        )


def _counted_from_history(placement: Placement, end: dt.date) -> tuple[int, int, int]:
    """The rule counted straight from every talk and self-assessment, held by `end`."""
    tz = timezone.get_default_timezone()
    held = [
        (t, t.held_at.astimezone(tz).date()) for t in Talk.objects.filter(placement=placement, status="held")
    ]
    joint_ids = set(Talk.objects.filter(JOINT_Q, placement=placement).values_list("pk", flat=True))
    joint = sum(
        1
        for t, d in held
        if t.pk in joint_ids and placement.start_date <= d <= min(end, placement.occupied_until)
    )
    intro_exit = len({t.kind for t, d in held if t.kind in ("start_meeting", "exit_meeting") and d <= end})
    assessed = SelfAssessment.objects.filter(
        placement=placement, kind="participant", occasion__in=["start", "end"], assessed_on__lte=end
    )
    return min(joint, JOINT_FOLLOWUPS_REQUIRED), intro_exit, len({a.occasion for a in assessed})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(write, max_size=15))
def test_the_facts_after_any_writes_equal_a_rebuild_and_the_rule(world, steps):
    partnership, placement_ids, user = world
    with transaction.atomic():
        for step in steps:
            try:
                with transaction.atomic():
                    _apply(step, placement_ids, user)
            except ValidationError:
                pass  # refused by the service (e.g. an end before the start): nothing saved
        incremental = facts_table()
        rebuild_placement_facts(batch_size=2)
        assert facts_table() == incremental
        for end in PERIOD_ENDS:
            rows = {r["pk"]: r for r in _placement_rows(Q(partnership=partnership), dt.date(2024, 1, 1), end)}
            for p in Placement.objects.filter(pk__in=rows):
                r = rows[p.pk]
                counted = (min(r["joint_count"], 2), r["intro_exit_kinds"], r["assessed_occasions"])
                assert counted == _counted_from_history(p, end), (p.pk, end)
        transaction.set_rollback(True)
