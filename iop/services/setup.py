"""Setting up a new agreement (ny överenskommelse) from the creation wizard, all or nothing."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from iop.cache_version import bumps_data_version
from iop.models import (
    AgreementPeriod,
    BudgetLine,
    ContactPerson,
    Goal,
    InKindContribution,
    Organisation,
    Partnership,
    PartnershipParty,
    WorkArea,
)
from iop.services.partnerships import PartySpec, partnership_save


@dataclass(frozen=True)
class ContactSpec:
    """A contact person of one of the parties, as entered in the wizard."""

    organisation: Organisation
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


class SetupError(Exception):
    """A part of the new agreement that the database rules refuse: which part, and the error."""

    def __init__(self, part: str, error: ValidationError, index: int | None = None):
        super().__init__(str(error))
        self.part, self.error, self.index = part, error, index


def _clean(part: str, obj, index: int | None = None, exclude: Sequence[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise SetupError(part, exc, index) from exc


@bumps_data_version
@transaction.atomic
def partnership_setup(
    *,
    partnership: Partnership,
    parties: Sequence[PartySpec],
    contacts: Sequence[ContactSpec],
    start: dt.date,
    end: dt.date,
    work_areas: Sequence[tuple[str, str]],
    budget_lines: Sequence[BudgetLine],
    in_kind: Sequence[InKindContribution],
    goals: Sequence[Goal],
) -> Partnership:
    """Create a partnership with its parties, contact persons, original agreement period, work areas,
    the first year's budget lines and in-kind contributions, and its goals (numbered in the order given).

    One transaction: if any part is refused, nothing is saved. Budget and in-kind rows belong to the
    period's first year."""
    try:
        partnership_save(partnership=partnership, parties=parties)
    except ValidationError as exc:
        raise SetupError("partnership", exc) from exc
    party_of = {p.organisation_id: p for p in PartnershipParty.objects.filter(partnership=partnership)}
    for contact in contacts:
        person = ContactPerson(
            party=party_of[contact.organisation.pk],
            name=contact.name,
            title=contact.title,
            email=contact.email,
            phone=contact.phone,
        )
        _clean("contacts", person)
        person.save()
    period = AgreementPeriod(
        partnership=partnership, kind=AgreementPeriod.Kind.ORIGINAL, start=start, end=end
    )
    _clean("period", period)
    period.save()
    for index, (name, description) in enumerate(work_areas):
        area = WorkArea(partnership=partnership, name=name, description=description)
        _clean("work_areas", area, index)
        area.save()
    parts: tuple[tuple[str, Sequence[Any]], ...] = (("budget", budget_lines), ("in_kind", in_kind))
    for part, rows in parts:
        for index, row in enumerate(rows):
            row.partnership, row.year = partnership, start.year
            _clean(part, row, index)
            row.save()
    for index, goal in enumerate(goals):
        goal.partnership, goal.order = partnership, index + 1
        _clean("goals", goal, index)
        goal.save()
    return partnership
