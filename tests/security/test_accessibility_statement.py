"""The accessibility statement (tillgänglighetsredogörelse) and its feedback form (rate-limited per address)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from iop.models import AccessibilityReport
from iop.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("security:accessibility")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The feedback form's rate limit lives in the (process-wide) cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()


def test_the_statement_is_public_and_follows_diggs_structure(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    for heading in (
        "Hur tillgänglig är webbtjänsten?",
        "Rapportera brister i webbtjänstens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbtjänstens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbtjänsten",
    ):
        assert heading in text, heading
    assert "Myndigheten för digital förvaltning (Digg)" in text
    assert "Redogörelsen uppdaterades senast" in text


def test_every_page_links_to_the_statement_in_the_footer(client):
    assert f'href="{URL}"' in client.get(reverse("login")).content.decode()


def test_anyone_can_report_a_problem(client):
    response = client.post(
        URL, {"page": "/logga-in/", "description": "Fokus syns inte på knappen.", "contact": ""}
    )
    assert response.status_code == 302
    report = AccessibilityReport.objects.get()
    assert report.page == "/logga-in/"
    assert report.description == "Fokus syns inte på knappen."
    assert "Tack!" in client.get(URL).content.decode()


def test_a_report_without_description_is_refused_and_nothing_is_stored(client):
    response = client.post(URL, {"page": "/", "description": "   ", "contact": "a@b.example"})
    assert response.status_code == 400
    assert "Beskriv problemet" in response.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_the_statement_refuses_other_methods(client):
    assert client.put(URL).status_code == 405


def test_the_coordinator_reads_the_reports_in_few_queries(client, django_assert_max_num_queries):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    client.force_login(coordinator)
    AccessibilityReport.objects.create(description="Kontrasten är för låg.")
    client.get(reverse("security:accessibility_reports"))  # warm-up
    with django_assert_max_num_queries(8):
        few = client.get(reverse("security:accessibility_reports"))
    AccessibilityReport.objects.bulk_create(
        [AccessibilityReport(description=f"Problem {n}") for n in range(60)]
    )
    with django_assert_max_num_queries(8):
        many = client.get(reverse("security:accessibility_reports"))
    assert "Kontrasten är för låg." in few.content.decode()
    assert "Problem 59" in many.content.decode()


def test_other_roles_cannot_read_the_reports(client):
    client.force_login(UserFactory(roles=[Role.HANDLEDARE]))
    assert client.get(reverse("security:accessibility_reports")).status_code == 403


def test_a_report_of_only_whitespace_is_refused_by_the_service():
    from django.core.exceptions import ValidationError

    from iop.security import accessibility_report_create

    with pytest.raises(ValidationError):
        accessibility_report_create(page="", description="   ", contact="")
    assert not AccessibilityReport.objects.exists()


def test_a_refused_report_shows_one_message_at_the_field(client):
    response = client.post(URL, {"page": "/", "description": "", "contact": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"description": ["Beskriv problemet du stötte på."]}


def _post(client, n, ip="192.0.2.10"):
    return client.post(
        URL, {"page": "/", "description": f"Synpunkt nummer {n}.", "contact": ""}, REMOTE_ADDR=ip
    )


def test_one_address_can_post_five_reports_an_hour_and_then_gets_a_swedish_429(client, settings):
    assert settings.ACCESSIBILITY_REPORT_LIMIT == 5
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert [_post(client, n).status_code for n in range(5)] == [302] * 5
        response = _post(client, 6)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 3601
    assert "Vänta en stund och försök igen" in response.content.decode()
    assert "Synpunkt nummer 6." in response.content.decode()  # what was written is kept in the form
    assert AccessibilityReport.objects.count() == 5


def test_twenty_anonymous_posts_store_only_five(client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), tick=False):
        statuses = [_post(client, n).status_code for n in range(20)]
    assert statuses.count(302) == 5 and statuses.count(429) == 15
    assert AccessibilityReport.objects.count() == 5


def test_the_limit_is_per_address_and_ends_with_the_hour(client):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(5):
            _post(client, n)
        assert _post(client, 6).status_code == 429
        assert _post(client, 7, ip="192.0.2.99").status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert _post(client, 8).status_code == 302
    assert AccessibilityReport.objects.count() == 7


def test_refused_posts_count_too(client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), tick=False):
        for _n in range(5):
            response = client.post(URL, {"page": "/", "description": ""}, REMOTE_ADDR="192.0.2.10")
            assert response.status_code == 400
        assert _post(client, 1).status_code == 429
    assert not AccessibilityReport.objects.exists()
