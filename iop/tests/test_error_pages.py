"""The 500 page works even when the database is what failed, and carries an incident id."""

import pytest
from django.test import RequestFactory

from iop.views import server_error


@pytest.mark.django_db
def test_the_500_page_renders_without_touching_the_database_and_shows_an_incident_id(
    django_assert_num_queries,
):
    request = RequestFactory().get("/partnerskap/1/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "incidentnummer" in body
    assert "Inga uppgifter har sparats" in body


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_product_page_shows_the_apps_own_404_page_whatever_debug_says(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/finns-inte/alls/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sidan finns inte" in body and 'lang="sv"' in body
    assert "Using the URLconf" not in body


@pytest.mark.django_db
def test_a_view_raising_404_with_debug_on_shows_the_apps_own_page(coordinator_client, settings):
    settings.DEBUG = True
    response = coordinator_client.get("/partnerskap/987654321/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sidan finns inte" in body
    assert "technical_404" not in body and "Raised by" not in body


@pytest.mark.django_db
def test_static_files_keep_djangos_own_404_in_development(client, settings):
    settings.DEBUG = True
    response = client.get(settings.STATIC_URL + "finns-inte.css")
    assert response.status_code == 404
    assert "Sidan finns inte" not in response.content.decode()
