import pytest
from django.contrib.auth.models import Group

from iop.roles import Role

pytestmark = pytest.mark.django_db


def test_migrate_creates_a_group_for_every_role_including_the_programme_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {str(r) for r in Role}
