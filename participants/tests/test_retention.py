"""Retention (gallring): who is anonymised when, what is removed, and that statistics stay the same."""

import datetime as dt
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command

from participants.access_log import log_access
from participants.models import (
    AccessLog,
    Consent,
    IndividualPlan,
    Participant,
    Pause,
    Placement,
    PlacementExtension,
    Referral,
    RetentionRun,
)
from participants.personnummer import make_fictional
from participants.retention import REDACTED, run_retention
from participants.tests.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlacementFactory,
    ReferralFactory,
    end_reason,
)

D = dt.date
OLD_PNR = make_fictional(500, year=1980)
NOW = dt.datetime(2028, 6, 1, 12, tzinfo=dt.UTC)  # RETENTION_MONTHS=24 → cutoff 2026-06-01


@pytest.fixture(autouse=True)
def _months(settings):
    settings.RETENTION_MONTHS = 24


def ended(setup, participant, start, end, code="work"):
    return PlacementFactory(
        participant=participant,
        partnership=setup.partnership,
        start_date=start,
        planned_end_date=end,
        end_date=end,
        end_reason=end_reason(code),
        end_note="Fick jobb på lager.",
    )


@pytest.fixture
def people(setup):
    pship = setup.partnership
    old = ParticipantFactory(
        first_name="Gammal", last_name="Avslutad", gender="kvinna", personal_identity_number=OLD_PNR
    )
    ConsentFactory(participant=old, partnership=pship, given_on=D(2025, 12, 1))
    ReferralFactory(
        participant=old,
        partnership=pship,
        referred_on=D(2025, 12, 2),
        reason="Vill sy.",
        status=Referral.Status.PLACED,
    )
    p = ended(setup, old, D(2026, 1, 10), D(2026, 5, 1))
    Pause.objects.create(
        placement=p, start_date=D(2026, 2, 1), end_date=D(2026, 2, 5), category="other", note="Resa"
    )
    IndividualPlan.objects.create(placement=p, revision=1, agreed_on=D(2026, 1, 10), goals="Sy en kavaj.")
    PlacementExtension.objects.create(
        placement=p,
        previous_end_date=D(2026, 4, 1),
        new_end_date=D(2026, 5, 1),
        decided_on=D(2026, 3, 1),
        reason="Mer tid.",
    )
    recent = ParticipantFactory(first_name="Nyligen", gender="man")
    ended(setup, recent, D(2026, 4, 1), D(2026, 8, 1), code="studies")
    ongoing = ParticipantFactory(first_name="Pågående", gender="man")
    PlacementFactory(participant=ongoing, partnership=pship, start_date=D(2028, 4, 1))
    never = ParticipantFactory(first_name="Aldrig", gender="kvinna")
    ConsentFactory(participant=never, partnership=pship, given_on=D(2025, 1, 1))
    ReferralFactory(
        participant=never,
        partnership=pship,
        referred_on=D(2025, 1, 2),
        status=Referral.Status.DECLINED,
        closed_reason="Flyttade.",
        status_changed_on=D(2025, 2, 1),
    )
    waiting = ParticipantFactory(first_name="Väntar")
    ReferralFactory(
        participant=waiting, partnership=pship, referred_on=D(2025, 1, 2), status=Referral.Status.ACCEPTED
    )
    back = ParticipantFactory(first_name="Tillbaka", gender="kvinna")
    ended(setup, back, D(2025, 1, 10), D(2025, 5, 1), code="interrupted_other")
    ReferralFactory(
        participant=back,
        partnership=pship,
        referred_on=D(2027, 3, 1),
        status=Referral.Status.WITHDRAWN,
        closed_reason="Ångrade sig.",
        status_changed_on=D(2027, 3, 5),
    )
    log_access(request_or_user=setup.ams, participant=old, action="view", detail="deltagarsida")
    return {
        "old": old,
        "recent": recent,
        "ongoing": ongoing,
        "never": never,
        "waiting": waiting,
        "back": back,
    }


def statistics():
    """What the reports aggregate: gender, age band (age in 2026 by birth year), end reasons."""

    def band(year):
        age = 2026 - year
        return "15-24" if age < 25 else "25-54" if age < 55 else "55-64"

    people = list(Participant.objects.all())
    return (
        Counter(p.gender for p in people),
        Counter(band(p.birth_date.year) for p in people),
        Counter(Placement.objects.values_list("end_reason__code", flat=True)),
        Counter((p.start_date.year, p.partnership_id) for p in Placement.objects.all()),
        Participant.objects.count(),
        Referral.objects.count(),
        Consent.objects.count(),
    )


@time_machine.travel(NOW, tick=False)
def test_retention_anonymises_those_inactive_for_the_retention_period(setup, people):
    result = run_retention(command="test")
    assert sorted(result.participant_ids) == sorted([people["old"].pk, people["never"].pk])
    untouched = Participant.objects.filter(anonymised_at__isnull=True).values_list("first_name", flat=True)
    assert set(untouched) == {"Nyligen", "Pågående", "Väntar", "Tillbaka"}


@time_machine.travel(NOW, tick=False)
def test_personal_data_are_removed_and_history_purged(setup, people):
    old = people["old"]
    assert Participant.history.filter(id=old.pk).exists()
    run_retention(command="test")
    old.refresh_from_db()
    assert old.personal_identity_number is None
    assert old.full_name == old.pseudonym
    assert old.birth_date == D(1980, 1, 1)
    assert old.anonymised_at is not None
    assert old.referrals.get().reason == REDACTED
    assert old.consents.get().documentation_note == REDACTED
    placement = old.placements.get()
    assert placement.end_note == REDACTED
    assert placement.pauses.get().note == REDACTED
    assert IndividualPlan.objects.get(placement=placement).goals == REDACTED
    assert PlacementExtension.objects.get(placement=placement).reason == REDACTED
    assert not Participant.history.filter(id=old.pk).exists()
    assert not Placement.history.filter(participant_id=old.pk).exists()
    assert not Pause.history.filter(placement_id=placement.pk).exists()
    never = Participant.objects.get(pk=people["never"].pk)
    assert never.referrals.get().closed_reason == REDACTED
    # Not anonymised: still there in full.
    assert Participant.objects.get(pk=people["back"].pk).referrals.get().closed_reason == "Ångrade sig."


@time_machine.travel(NOW, tick=False)
def test_aggregated_statistics_are_the_same_before_and_after(setup, people):
    before = statistics()
    run_retention(command="test")
    assert statistics() == before


@time_machine.travel(NOW, tick=False)
def test_access_log_rows_are_kept_and_the_run_is_recorded(setup, people):
    log_rows = list(AccessLog.objects.values_list("pk", "participant_ref"))
    run_retention(command="manage.py gallra", by=setup.coordinator)
    assert list(AccessLog.objects.values_list("pk", "participant_ref")) == log_rows
    run = RetentionRun.objects.get()
    assert (run.command, run.run_by, run.dry_run, run.participants_anonymised) == (
        "manage.py gallra",
        setup.coordinator,
        False,
        2,
    )
    assert run.cutoff_date == D(2026, 6, 1) and run.retention_months == 24


@time_machine.travel(NOW, tick=False)
def test_dry_run_counts_but_changes_nothing(setup, people):
    out = io.StringIO()
    call_command("gallra", "--dry-run", stdout=out)
    assert "2 deltagare skulle gallras" in out.getvalue()
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 0
    assert Participant.objects.get(pk=people["old"].pk).personal_identity_number == OLD_PNR
    assert RetentionRun.objects.get().dry_run


@time_machine.travel(NOW, tick=False)
def test_command_anonymises_and_a_second_run_finds_nobody(setup, people):
    call_command("gallra", stdout=io.StringIO())
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 2
    out = io.StringIO()
    call_command("gallra", stdout=out)
    assert "0 deltagare gallrade" in out.getvalue()
    assert RetentionRun.objects.count() == 2


def test_one_day_before_the_limit_nobody_is_anonymised(setup, people):
    # Last activity of "old" is 2026-05-01: due on 2028-05-01, not the day before.
    with time_machine.travel(dt.datetime(2028, 4, 30, 12, tzinfo=dt.UTC), tick=False):
        ids = run_retention(command="test").participant_ids
    assert people["old"].pk not in ids
    with time_machine.travel(dt.datetime(2028, 5, 1, 12, tzinfo=dt.UTC), tick=False):
        ids = run_retention(command="test").participant_ids
    assert people["old"].pk in ids


@time_machine.travel(NOW, tick=False)
def test_anonymised_participants_are_shown_masked_without_errors(setup, people):
    run_retention(command="test")
    old = Participant.objects.get(pk=people["old"].pk)
    assert old.pnr_masked == "XXXXXXXX-XXXX"
    assert str(old) == old.pseudonym
