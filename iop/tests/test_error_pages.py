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
