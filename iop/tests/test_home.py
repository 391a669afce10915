"""The start page is each role's to-do list: known items of the access-test world, each
linking to where the work is done, in a bounded number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import Talk
from iop.models import Meeting
from participants.models import AccessLog, Referral
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, ReferralFactory

TODAY = dt.date(2025, 8, 15)
QUERY_BOUND = 20


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2025, 8, 15, 12, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False):
        yield


@pytest.fixture
def w(frozen, world):
    return world


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def _placement(w, *, start, supervisor=True, officer=True, **kwargs):
    p = ParticipantFactory(case_officer=w.users["ams"] if officer else None)
    ConsentFactory(
        participant=p, partnership=w.partnership, organisation=w.partner, given_on=dt.date(2025, 1, 2)
    )
    return PlacementFactory(
        participant=p,
        partnership=w.partnership,
        supervisor=w.users["handledare"] if supervisor else None,
        start_date=start,
        **kwargs,
    )


def test_it_names_roles_as_people_say_them(client, w):
    response = _home(client, w.users["samordnare"])
    assert "IOP-samordnare" in response.content.decode()
    assert "iop-samordnare" not in response.content.decode()


def test_supervisor_sees_own_participants_and_talks_due_this_week(client, w):
    due = _placement(w, start=TODAY - dt.timedelta(days=25))
    other_supervisor = _placement(w, start=TODAY - dt.timedelta(days=25), supervisor=False)
    response = _home(client, w.users["handledare"])
    mine = _section(response, "my_participants")
    urls = [i.url for i in mine.items]
    assert reverse("followup:placement", kwargs={"pk": w.placement.pk}) in urls
    assert reverse("followup:placement", kwargs={"pk": due.pk}) in urls
    assert reverse("followup:placement", kwargs={"pk": other_supervisor.pk}) not in urls
    talks = _section(response, "talks_due")
    assert [i.url for i in talks.items] == [
        reverse("followup:talk_create", kwargs={"pk": due.pk, "kind": "supervision_talk"})
    ]
    assert talks.items[0].due == TODAY + dt.timedelta(days=5)
    assert due.participant.first_name in talks.items[0].text


def test_supervisor_sees_a_booked_talk_this_week(client, w):
    talk = Talk.objects.create(
        placement=w.placement,
        kind=Talk.Kind.SUPERVISION_TALK,
        status=Talk.Status.PLANNED,
        held_at=dt.datetime(2025, 8, 18, 10, tzinfo=ZoneInfo("Europe/Stockholm")),
        created_by=w.users["handledare"],
    )
    talks = _section(_home(client, w.users["handledare"]), "talks_due")
    assert reverse("followup:talk_edit", kwargs={"pk": talk.pk}) in [i.url for i in talks.items]


def test_the_page_logs_access_when_it_names_participants(client, w):
    before = AccessLog.objects.filter(user=w.users["handledare"]).count()
    _home(client, w.users["handledare"])
    assert AccessLog.objects.filter(user=w.users["handledare"]).count() == before + 1


def test_case_officer_sees_referrals_followups_and_extension_decisions(client, w):
    ending = _placement(
        w, start=TODAY - dt.timedelta(days=110), planned_end_date=TODAY + dt.timedelta(days=7)
    )
    response = _home(client, w.users["ams"])
    referrals = _section(response, "referrals")
    assert reverse("participants:detail", kwargs={"pk": w.referral.participant_id}) + "#h-referrals" in [
        i.url for i in referrals.items
    ]
    extensions = _section(response, "extensions")
    assert reverse("participants:placement_detail", kwargs={"pk": ending.pk}) in [
        i.url for i in extensions.items
    ]
    assert reverse("participants:placement_detail", kwargs={"pk": w.placement.pk}) not in [
        i.url for i in extensions.items
    ]
    followups = _section(response, "followups_due")
    assert reverse("followup:talk_create", kwargs={"pk": ending.pk, "kind": "followup_meeting"}) in [
        i.url for i in followups.items
    ]


def test_case_officer_does_not_see_closed_referrals(client, w):
    Referral.objects.filter(pk=w.referral.pk).update(status=Referral.Status.DECLINED, closed_reason="Nej")
    referrals = _section(_home(client, w.users["ams"]), "referrals")
    assert referrals.items == []


def test_attestant_sees_invoices_to_approve_overdue_first_with_seller(client, w):
    from invoicing.models import Invoice

    # Numbered and dated only at approval: a submitted invoice is late once it has waited past its terms.
    Invoice.objects.filter(pk=w.invoice.pk).update(submitted_at=timezone.now() - dt.timedelta(days=33))
    response = _home(client, w.users["attestant"])
    section = _section(response, "to_approve")
    assert [i.url for i in section.items] == [reverse("invoicing:detail", kwargs={"pk": w.invoice.pk})]
    assert section.items[0].overdue
    assert w.partner.name in section.items[0].text
    assert "försenad" in response.content.decode()


def test_finance_sees_drafts_to_finish_and_periods_to_invoice(client, w):
    section = _section(_home(client, w.users["ekonomi"]), "to_draft")
    assert [i.url for i in section.items] == [reverse("invoicing:edit", kwargs={"pk": w.invoice_draft.pk})]
    w.invoice_draft.delete()
    section = _section(_home(client, w.users["ekonomi"]), "to_draft")
    assert [i.url for i in section.items] == [
        reverse("invoicing:create") + f"?period={w.partnership.pk}%7C2025-04-01"
    ]


def test_coordinator_sees_deadlines_and_the_access_log_review(client, w):
    Meeting.objects.create(
        partnership=w.partnership, kind=Meeting.Kind.STEERING, date=TODAY + dt.timedelta(days=10)
    )
    response = _home(client, w.users["samordnare"])
    deadlines = _section(response, "deadlines")
    texts = [i.text for i in deadlines.items]
    assert any("2025-09-30" in t for t in texts), texts  # extension notice: 3 months before 2025-12-31
    held = Meeting.objects.filter(partnership=w.partnership, kind=Meeting.Kind.STEERING).count()
    assert held < 4
    assert f"{held} av 4 styrgruppsmöten det senaste året" in texts
    assert any("2025-08-25" in t for t in texts), texts
    review = _section(response, "access_review")
    assert [i.url for i in review.items] == [reverse("participants:access_log_reviews")]


def test_no_steering_deadline_where_the_agreement_names_no_number_of_meetings(client, w):
    w.partnership.steering_meetings_per_year = None
    w.partnership.save()
    texts = [i.text for i in _section(_home(client, w.users["samordnare"]), "deadlines").items]
    assert not any("styrgruppsmöten" in t for t in texts), texts


def test_steering_group_sees_its_partnerships_dashboards(client, w):
    section = _section(_home(client, w.users["styrgrupp"]), "dashboards")
    assert [i.url for i in section.items] == [
        reverse("reporting:partnership_dashboard", kwargs={"pk": w.partnership.pk})
    ]


@pytest.mark.parametrize("actor", ["handledare", "ams", "attestant", "ekonomi", "samordnare", "styrgrupp"])
def test_the_query_count_is_bounded_and_does_not_grow_with_the_data(client, w, actor):
    from invoicing import services
    from invoicing.models import Invoice

    user = w.users[actor]
    before = _queries(client, user)
    for days in (25, 40, 100, 110):
        p = _placement(
            w, start=TODAY - dt.timedelta(days=days), planned_end_date=TODAY + dt.timedelta(days=5)
        )
        ReferralFactory(participant=p.participant, partnership=w.partnership, status=Referral.Status.NEW)
    Meeting.objects.create(
        partnership=w.partnership, kind=Meeting.Kind.STEERING, date=TODAY + dt.timedelta(days=3)
    )
    Invoice.objects.filter(pk=w.invoice_draft.pk).delete()
    services.invoice_create(
        partnership=w.partnership, period_start=dt.date(2025, 4, 1), by=w.users["ekonomi"]
    )
    after = _queries(client, user)
    assert before == after
    assert after <= QUERY_BOUND
