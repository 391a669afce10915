"""Saving a partnership's table forms (budget lines, in-kind contributions, goals) all or nothing."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from iop.cache_version import bumps_data_version
from iop.models import BudgetLine, Goal, InKindContribution, Partnership


class RowError(Exception):
    """A row that the database rules refuse: which table, which row, and the ValidationError."""

    def __init__(self, table: str, index: int, error: ValidationError):
        super().__init__(str(error))
        self.table, self.index, self.error = table, index, error


def _check(table: str, rows: Sequence, **fixed) -> None:
    for index, row in enumerate(rows):
        for name, value in fixed.items():
            setattr(row, name, value)
        try:
            row.full_clean()
        except ValidationError as exc:
            raise RowError(table, index, exc) from exc


@bumps_data_version
@transaction.atomic
def partnership_tables_save(
    *,
    partnership: Partnership,
    year: int,
    budget_lines: Sequence[BudgetLine],
    in_kind: Sequence[InKindContribution],
    goals: Sequence[Goal],
    deleted: Iterable = (),
) -> None:
    """Replace one agreement year's budget lines and in-kind contributions and the goals with the rows as
    the tables show them, in one transaction: a refused row leaves everything as it was. Goals are
    numbered in table order (1, 2, …)."""
    for item in deleted:
        if item.partnership_id != partnership.pk:
            raise ValidationError("Raden hör inte till partnerskapet.")
        item.delete()
    _check("budget", budget_lines, partnership=partnership, year=year)
    _check("in_kind", in_kind, partnership=partnership, year=year)
    for position, goal in enumerate(goals, start=1):
        goal.order = position
    _check("goals", goals, partnership=partnership)
    for row in [*budget_lines, *in_kind, *goals]:
        row.save()
