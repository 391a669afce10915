"""The reference data that migrations create, re-created after every flush of the test database.

A test marked `django_db(transaction=True)` ends with a flush that empties every table, including the rows
the data migrations wrote (role groups, end reasons, beat schedules). Django's own runner hides this by
running such tests last; with the suite spread over several processes (pytest-xdist) a plain test may run
after one in the same process. Flush sends `post_migrate`, so the test suite re-runs the data migrations'
own functions then, and every test sees the database as `migrate` leaves it.

`REFERENCE_DATA` names the functions; `NOT_REFERENCE_DATA` the data migrations that only convert existing
rows or install database objects that a flush keeps. tests/test_reference_data.py fails on a data migration
in neither list, so a new one cannot be forgotten.
"""

from importlib import import_module

REFERENCE_DATA = (
    ("iop.migrations.0002_role_groups", "create_groups"),
    ("participants.migrations.0002_end_reasons", "seed"),
    ("participants.migrations.0007_end_reason_completed_to_work", "seed"),
    # The periodic tasks as settings.PERIODIC_TASKS declares them.
    ("iop.migrations.0009_periodic_tasks_from_settings", "sync"),
    # The document kinds the partner delivers yearly (årsredovisning, verksamhetsberättelse, revisionsberättelse).
    ("invoicing.migrations.0005_partner_document_kinds", "seed"),
    # The role groups of a programme's team staff (processledare, teammedlem).
    ("programmes.migrations.0002_programme_role_groups", "create_groups"),
)

NOT_REFERENCE_DATA = (
    # Wrote periodic tasks that iop 0009 now writes from settings (the same rows).
    ("followup.migrations.0002_beat_schedule", "create_schedule"),
    ("reporting.migrations.0002_register_sweeper", "register"),
    ("reporting.migrations.0004_report_schedules", "register"),
    # Converts the rows that existed when it ran; a flushed database has none.
    ("iop.migrations.0007_goal_measures_and_targets", "per_year_to_target_basis"),
    ("invoicing.migrations.0002_number_at_approval_vat_category", "forwards"),
    ("iop.migrations.0014_partnership_steering_meetings_per_year", "keep_the_rule_for_existing"),
    ("followup.migrations.0005_build_placement_facts", "build"),
    # Install triggers and constraints (PostgreSQL): a flush truncates tables and keeps them.
    ("invoicing.migrations.0003_approved_invoices_immutable", "forwards"),
    ("participants.migrations.0003_placement_exclusion_constraint", "forwards"),
    ("participants.migrations.0004_access_log_append_only", "forwards"),
)


def reseed(sender, **kwargs) -> None:
    """post_migrate receiver: run each reference-data function against the current models."""
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(import_module(module), function)(apps, None)
