"""The SCB/ESF participant export's rows: every enrolment of a programme that started or ended in a period,
one row each, in the column layout documented in docs/programmes.md ("SCB/ESF participant export").

Codes, not labels, are written (the code lists are in the same section of the docs), so that the file can
be read by the funder's systems whatever the language of the page. Several values in one cell (categories,
kinds of support) are separated by `,` (the csv dialect separates cells by `;`).
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from iop.models import Partnership

from .models import Enrolment, EnrolmentQuerySet

# The column layout of the file, as documented (a test compares it with the docs).
ESF_EXPORT_HEADER = [
    "personnummer",
    "inskrivningsdatum",
    "utskrivningsdatum",
    "kön",
    "deltagarkategorier",
    "försörjning_vid_inskrivning",
    "programstatus_vid_inskrivning",
    "månader_hos_af",
    "anvisande_part",
    "utfall_vid_utskrivning",
]
MULTI_SEPARATOR = ","


def esf_export_enrolments(partnership: Partnership, start: dt.date, end: dt.date) -> EnrolmentQuerySet:
    """The programme's enrolments that started or ended in the period, in order of entry (one query)."""
    in_period = Q(start_date__range=(start, end)) | Q(end_date__range=(start, end))
    return (
        Enrolment.objects.filter(in_period, partnership=partnership)
        .select_related("participant", "esf_entry__referring_party__organisation", "exit")
        .order_by("start_date", "pk")
    )


def esf_export_row(enrolment: Enrolment) -> list[Any]:
    """One row of the file, in the order of ESF_EXPORT_HEADER."""
    entry = getattr(enrolment, "esf_entry", None)
    exit_row = getattr(enrolment, "exit", None)
    participant = enrolment.participant
    party = entry.referring_party if entry is not None else None
    return [
        participant.personal_identity_number,
        enrolment.start_date,
        enrolment.end_date,
        participant.gender,
        MULTI_SEPARATOR.join(entry.categories) if entry else "",
        MULTI_SEPARATOR.join(entry.support_kinds) if entry else "",
        entry.programme_status if entry else "",
        entry.months_at_af if entry else None,
        party.organisation.name if party is not None else "",
        exit_row.outcome if exit_row is not None else "",
    ]


def esf_export_rows(enrolments: EnrolmentQuerySet, seen: list[int]) -> Iterator[list[Any]]:
    """The rows, read in chunks; each participant's id is added to `seen` as its row is written (for the
    access log: one row per person exported)."""
    for enrolment in enrolments.iterator(chunk_size=1000):
        seen.append(enrolment.participant_id)
        yield esf_export_row(enrolment)
