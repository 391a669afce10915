"""Every request loads its user together with the user's roles (iop.auth.RoleLoadingBackend): the access
check, the navigation and the page then read the roles without a query of their own, and a role taken
away counts from the user's next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iop.auth import RoleLoadingBackend
from iop.models import User
from iop.models.users import with_roles
from iop.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_loaded_with_roles_knows_them_without_another_query():
    user = UserFactory(roles=[Role.AMS, Role.SAMORDNARE])
    loaded = with_roles(User.objects.all()).get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        names = loaded.role_names
    assert names == {Role.AMS, Role.SAMORDNARE}
    assert len(queries) == 0


def test_dropping_the_cached_roles_reads_the_groups_again():
    user = UserFactory(roles=[Role.AMS])
    loaded = with_roles(User.objects.all()).get(pk=user.pk)
    assert loaded.role_names == {Role.AMS}
    loaded.groups.add(Group.objects.get_or_create(name=str(Role.HANDLEDARE))[0])
    loaded.__dict__.pop("role_names")
    assert loaded.role_names == {Role.AMS, Role.HANDLEDARE}


def test_a_user_without_roles_has_none_whichever_way_loaded():
    user = UserFactory()
    assert with_roles(User.objects.all()).get(pk=user.pk).role_names == frozenset()
    assert User.objects.get(pk=user.pk).role_names == frozenset()


def test_groups_that_are_not_roles_are_no_roles_whichever_way_loaded():
    user = UserFactory(roles=[Role.EKONOMI])
    user.groups.add(Group.objects.create(name="nyhetsbrev"))
    assert with_roles(User.objects.all()).get(pk=user.pk).role_names == {Role.EKONOMI}
    assert User.objects.get(pk=user.pk).role_names == {Role.EKONOMI}


def test_a_group_whose_name_lists_a_role_gives_no_role():
    user = UserFactory()
    user.groups.add(Group.objects.create(name=f"nyhetsbrev,{Role.SAMORDNARE}"))
    assert with_roles(User.objects.all()).get(pk=user.pk).role_names == frozenset()
    assert User.objects.get(pk=user.pk).role_names == frozenset()


def test_an_inactive_user_has_no_roles():
    user = UserFactory(roles=[Role.SAMORDNARE], is_active=False)
    assert with_roles(User.objects.all()).get(pk=user.pk).role_names == frozenset()


def test_the_backend_does_not_return_an_inactive_or_missing_user():
    user = UserFactory(roles=[Role.SAMORDNARE], is_active=False)
    assert RoleLoadingBackend().get_user(user.pk) is None
    assert RoleLoadingBackend().get_user(user.pk + 1000) is None


def test_a_logged_in_page_reads_session_and_user_with_roles_in_two_queries(client):
    user = UserFactory(roles=[Role.SAMORDNARE])
    client.force_login(user)
    client.get(reverse("iop:partnership_list"))  # the first request may save the session once more
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("iop:partnership_list"))
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert "django_session" in sql[0]
    assert '"iop_user"' in sql[1]
    assert not any("auth_group" in s for s in sql[2:]), "the roles came with the user"


def test_a_role_taken_away_is_refused_on_the_next_request(client):
    user = UserFactory(roles=[Role.SAMORDNARE])
    client.force_login(user)
    assert client.get(reverse("iop:partnership_list")).status_code == 200
    user.groups.clear()
    assert client.get(reverse("iop:partnership_list")).status_code == 403
