"""The benchmark's baseline page: logged in, through every middleware, one query of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_logged_in_user_gets_the_bare_view_with_one_query_of_its_own(client):
    client.force_login(UserFactory())
    client.get(reverse("bare"))  # the first request may touch the session once more
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("bare"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    own = [q for q in ctx.captured_queries if q["sql"].strip().upper() == "SELECT 1"]
    assert len(own) == 1
    # Session and user: the cost every logged-in page shares, nothing else.
    assert len(ctx.captured_queries) <= 3


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("bare"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_the_bare_view_takes_no_post(client):
    client.force_login(UserFactory())
    assert client.post(reverse("bare")).status_code in (403, 405)
