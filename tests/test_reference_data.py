"""Every data migration of the project is known to tests/reference_data.py, and a flush keeps the data."""

import importlib
import pkgutil

import pytest
from django.core.management import call_command
from django.db import migrations

from tests.reference_data import NOT_REFERENCE_DATA, REFERENCE_DATA

PROJECT_APPS = ("iop", "participants", "followup", "programmes", "reporting", "invoicing")


def _data_migration_functions():
    found = set()
    for label in PROJECT_APPS:
        package = importlib.import_module(f"{label}.migrations")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{label}.migrations.{info.name}")
            for operation in module.Migration.operations:
                if isinstance(operation, migrations.RunPython):
                    found.add((module.__name__, operation.code.__name__))
    return found


def test_every_data_migration_is_classified():
    known = set(REFERENCE_DATA) | set(NOT_REFERENCE_DATA)
    assert _data_migration_functions() - known == set()
    assert known - _data_migration_functions() == set()


@pytest.mark.django_db(transaction=True)
def test_reference_data_is_back_after_a_flush():
    from django.contrib.auth.models import Group
    from django_celery_beat.models import PeriodicTask

    from participants.models import EndReason

    before = (Group.objects.count(), EndReason.objects.count(), PeriodicTask.objects.count())
    assert all(before)
    call_command("flush", interactive=False, verbosity=0)
    assert (Group.objects.count(), EndReason.objects.count(), PeriodicTask.objects.count()) == before
