"""Database connection settings that the benchmark and the fault scripts showed to matter."""

import pytest
from django.conf import settings
from django.db import connection


def test_connections_are_health_checked_so_a_database_restart_needs_no_app_restart():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
def test_postgresql_sessions_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
def test_postgresql_sessions_sort_in_memory_with_the_configured_work_mem():
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == settings.POSTGRES_WORK_MEM == "16MB"
