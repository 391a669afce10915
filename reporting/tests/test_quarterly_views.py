"""The quarterly board report's pages: the progress text (lägesutveckling), the deviations page with
deviations by hand and measures, measures done, the preview; and the progress reminder."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from iop.models import Notification
from iop.roles import Role
from reporting.deviation_services import measure_add
from reporting.deviations import quarterly_state
from reporting.models import DeviationMeasure, ManualDeviation, ReportNarrative
from reporting.narratives import progress_due, remind_progress_due
from reporting.tests import scenario
from reporting.tests.scenario import D
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def s(db):
    s = scenario.build()
    s.handledare = UserFactory(organisation=s.partner, roles=[Role.HANDLEDARE])
    return s


def progress_url(s, quarter=2, year=2025, pk=None):
    return reverse("reporting:progress_edit", kwargs={"pk": pk or s.p.pk, "year": year, "quarter": quarter})


def page(year=2025, quarter=2):
    return reverse("reporting:deviation_measures", kwargs={"year": year, "quarter": quarter})


def measure(s, *, quarter=1, code="steering_behind", **kw):
    return measure_add(
        partnership=s.p,
        year=2025,
        quarter=quarter,
        deviation_code=code,
        deviation_text="Färre styrgruppsmöten än avtalat.",
        text=kw.get("text", "Extra möte."),
        owner="Kim, IOP-samordnare",
        due_on=D(2025, 8, 31),
        by=s.coordinator,
    )


# --- progress text -------------------------------------------------------------------------------


def test_the_partners_handledare_writes_the_progress_text_sanitised(client, s):
    client.force_login(s.handledare)
    response = client.get(progress_url(s))
    assert response.status_code == 200
    assert progress_due(2025, 2) == D(2025, 7, 15)
    assert "2025-07-15" in response.content.decode()
    response = client.post(progress_url(s), {"text": "<p>Bra kvartal.</p><script>x</script>"})
    assert response.status_code == 302
    saved = ReportNarrative.objects.get(section=ReportNarrative.Section.PROGRESS)
    assert (saved.partnership, saved.year, saved.quarter, saved.text) == (s.p, 2025, 2, "<p>Bra kvartal.</p>")
    assert saved.updated_by == s.handledare


def test_the_coordinator_rewrites_the_progress_text_of_the_same_quarter(client, s):
    client.force_login(s.handledare)
    client.post(progress_url(s), {"text": "Utkast"})
    client.force_login(s.coordinator)
    assert client.post(progress_url(s), {"text": "Slutlig text"}).status_code == 302
    assert list(ReportNarrative.objects.values_list("quarter", "text")) == [(2, "Slutlig text")]


def test_a_too_long_progress_text_gives_400_and_saves_nothing(client, s):
    client.force_login(s.handledare)
    response = client.post(progress_url(s), {"text": "x" * 10001})
    assert response.status_code == 400
    assert not ReportNarrative.objects.exists()


def test_the_progress_text_is_not_for_other_organisations_roles_or_quarters(client, s):
    client.force_login(UserFactory(organisation=OrganisationFactory(), roles=[Role.HANDLEDARE]))
    assert client.get(progress_url(s)).status_code == 404
    client.force_login(UserFactory(organisation=s.partner, roles=[Role.AMS]))
    assert client.get(progress_url(s)).status_code == 403
    client.force_login(s.coordinator)
    assert client.get(progress_url(s, quarter=5)).status_code == 404
    client.logout()
    assert client.get(progress_url(s)).status_code == 302


def test_the_progress_reminder_goes_out_before_the_deadline_until_the_text_is_written(s):
    assert remind_progress_due(today=D(2025, 7, 1)) == 0  # more than a week before 2025-07-15
    created = remind_progress_due(today=D(2025, 7, 10))
    users = set(Notification.objects.filter(kind="reporting.progress_due").values_list("user", flat=True))
    assert created >= 2 and {s.handledare.pk, s.coordinator.pk} <= users
    assert remind_progress_due(today=D(2025, 7, 11)) == 0  # once per user and quarter
    Notification.objects.all().delete()
    for p in (s.p, s.q):
        ReportNarrative.objects.create(partnership=p, year=2025, quarter=2, section="progress", text="Klart")
    assert remind_progress_due(today=D(2025, 7, 12)) == 0


# --- deviations and measures ----------------------------------------------------------------------


def test_the_coordinator_adds_a_manual_deviation_and_a_measure_with_owner_and_due_date(client, s):
    client.force_login(s.coordinator)
    assert client.get(page()).status_code == 200
    response = client.post(
        reverse("reporting:deviation_add", kwargs={"year": 2025, "quarter": 2}),
        {"partnership": s.p.pk, "text": "Matmissionen stängd i tre veckor."},
    )
    assert response.status_code == 302
    manual = ManualDeviation.objects.get()
    response = client.post(
        reverse("reporting:measure_add", kwargs={"year": 2025, "quarter": 2}),
        {
            "deviation": f"{s.p.pk}:{manual.code}",
            "text": "Deltagarna flyttas till REMAKE.",
            "owner": "Verksamhetschefen",
            "due_on": "2025-08-15",
        },
    )
    assert response.status_code == 302
    saved = DeviationMeasure.objects.get()
    assert (saved.deviation_code, saved.owner, saved.due_on, saved.status) == (
        manual.code,
        "Verksamhetschefen",
        D(2025, 8, 15),
        "open",
    )
    state = {e.partnership.pk: e for e in quarterly_state(2025, 2)}
    shown = {d["deviation"].code: d for d in state[s.p.pk].deviations}
    assert shown[manual.code]["deviation"].manual
    assert shown[manual.code]["measures"] == [saved]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "Åtgärd", "owner": "", "due_on": "2025-08-15"}, "owner"),
        ({"text": "Åtgärd", "owner": "Kim", "due_on": "15/8"}, "due_on"),
        ({"text": "", "owner": "Kim", "due_on": "2025-08-15"}, "text"),
        ({"text": "Åtgärd", "owner": "Kim", "due_on": "2025-08-15", "deviation": "999:nope"}, "deviation"),
    ],
)
def test_a_measure_without_owner_date_text_or_known_deviation_gives_400_and_saves_nothing(
    client, s, data, field
):
    client.force_login(s.coordinator)
    data = {"deviation": f"{s.p.pk}:steering_behind", **data}
    response = client.post(reverse("reporting:measure_add", kwargs={"year": 2025, "quarter": 2}), data)
    assert response.status_code == 400
    assert field in response.context["measure_form"].errors
    assert not DeviationMeasure.objects.exists()


def test_a_manual_deviation_without_text_or_for_a_partnership_outside_the_quarter_gives_400(client, s):
    client.force_login(s.coordinator)
    url = reverse("reporting:deviation_add", kwargs={"year": 2025, "quarter": 2})
    assert client.post(url, {"partnership": s.p.pk, "text": ""}).status_code == 400
    assert client.post(url, {"partnership": 99999, "text": "x"}).status_code == 400
    assert not ManualDeviation.objects.exists()


def test_an_open_measure_reappears_in_every_following_quarter_until_done(client, s):
    m = measure(s, quarter=1)
    assert [x.pk for x in _carried(s, 2)] == [m.pk]
    assert [x.pk for x in _carried(s, 3)] == [m.pk]
    client.force_login(s.coordinator)
    done = reverse("reporting:measure_done", kwargs={"pk": m.pk})
    response = client.post(done, {"done_on": "2025-08-20"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.done_on) == ("done", D(2025, 8, 20))
    # Done in the third quarter: still open at the end of the second, gone from the third on.
    assert [x.pk for x in _carried(s, 2)] == [m.pk]
    assert _carried(s, 3) == [] and _carried(s, 4) == []


def _carried(s, quarter):
    return next(e for e in quarterly_state(2025, quarter) if e.partnership == s.p).carried


@time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False)
def test_a_measure_cannot_be_marked_done_in_the_future(client, s):
    m = measure(s)
    client.force_login(s.coordinator)
    done = reverse("reporting:measure_done", kwargs={"pk": m.pk})
    response = client.post(done, {"done_on": "2025-09-05"})
    assert response.status_code == 400
    assert "framtiden" in response.content.decode()
    m.refresh_from_db()
    assert m.status == "open" and m.done_on is None
    assert client.get(done).status_code == 405


def test_the_deviation_pages_are_for_coordinators_and_valid_quarters(client, s):
    m = measure(s)
    client.force_login(UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP]))
    assert client.get(page()).status_code == 403
    assert client.post(reverse("reporting:measure_done", kwargs={"pk": m.pk}), {}).status_code == 403
    client.force_login(s.handledare)
    url = reverse("reporting:deviation_add", kwargs={"year": 2025, "quarter": 2})
    assert client.post(url, {"partnership": s.p.pk, "text": "x"}).status_code == 403
    client.force_login(s.coordinator)
    assert client.get(page(quarter=5)).status_code == 404
    client.logout()
    assert client.get(page()).status_code == 302


def test_the_deviation_page_takes_the_same_queries_whatever_the_number_of_measures(
    client, s, django_assert_max_num_queries
):
    client.force_login(s.coordinator)
    measure(s)
    with django_assert_max_num_queries(60) as first:
        assert client.get(page()).status_code == 200
    for quarter in (1, 1, 2, 2):
        measure(s, quarter=quarter)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(page()).status_code == 200


# --- preview --------------------------------------------------------------------------------------


def test_the_coordinator_previews_the_report_with_the_progress_text(client, s):
    ReportNarrative.objects.create(
        partnership=s.p, year=2025, quarter=2, section="progress", text="<p>Våren gick bra.</p>"
    )
    client.force_login(s.coordinator)
    response = client.get(reverse("reporting:quarterly_preview", kwargs={"year": 2025, "quarter": 2}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sammanfattning" in html and "<p>Våren gick bra.</p>" in html and "Förhandsgranskning" in html
    assert "Lägesutveckling saknas" in html  # partnership Q has none


def test_the_preview_is_for_coordinators_and_valid_quarters(client, s):
    url = reverse("reporting:quarterly_preview", kwargs={"year": 2025, "quarter": 2})
    client.force_login(UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP]))
    assert client.get(url).status_code == 403
    client.force_login(s.coordinator)
    assert (
        client.get(reverse("reporting:quarterly_preview", kwargs={"year": 2025, "quarter": 0})).status_code
        == 404
    )
    client.logout()
    assert client.get(url).status_code == 302
