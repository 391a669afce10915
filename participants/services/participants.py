"""Services for participants (deltagare) and their consents (samtycken)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import Organisation, Partnership, User
from participants.models import Consent, Participant, Situation, generate_pseudonym
from participants.personnummer import parse
from participants.services.records import save_with_history

PARTICIPANT_FIELDS = {
    "first_name",
    "last_name",
    "gender",
    "education_level",
    "support_kind",
    "interpreter_needed",
    "swedish_level",
    "case_officer",
    "protected_identity",
}


def _unique_pseudonym() -> str:
    for _attempt in range(50):
        candidate = generate_pseudonym()
        if not Participant.objects.filter(pseudonym=candidate).exists():
            return candidate
    raise RuntimeError("Could not find a free pseudonym")  # 32^4 combinations: practically unreachable


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown participant fields: {sorted(unknown)}")


def _parsed_pnr(value: str):
    try:
        return parse(value)
    except ValidationError as exc:
        raise ValidationError({"personal_identity_number": exc.messages}) from exc


@bumps_data_version
@transaction.atomic
def participant_create(
    *,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    case_officer: User,
    by: User | None = None,
    **fields: Any,
) -> Participant:
    """Register a participant (deltagare). The number may be given in any accepted form; it is stored
    normalised and the birth date derived from it. Other fields: see PARTICIPANT_FIELDS."""
    _check_fields(fields, PARTICIPANT_FIELDS)
    parsed = _parsed_pnr(personal_identity_number)
    if Participant.objects.filter(personal_identity_number=parsed.normalised).exists():
        raise ValidationError(
            {"personal_identity_number": _("Det finns redan en deltagare med det personnumret.")}
        )
    participant = Participant(
        personal_identity_number=parsed.normalised,
        birth_date=parsed.birth_date,
        first_name=first_name,
        last_name=last_name,
        case_officer=case_officer,
        pseudonym=_unique_pseudonym(),
        **fields,
    )
    return save_with_history(participant, by)


@bumps_data_version
@transaction.atomic
def participant_update(*, participant: Participant, by: User | None = None, **fields: Any) -> Participant:
    """Change a participant's registered data; `personal_identity_number` is re-normalised."""
    _check_fields(fields, PARTICIPANT_FIELDS | {"personal_identity_number"})
    if "personal_identity_number" in fields:
        parsed = _parsed_pnr(fields.pop("personal_identity_number"))
        participant.personal_identity_number = parsed.normalised
        participant.birth_date = parsed.birth_date
    for name, value in fields.items():
        setattr(participant, name, value)
    return save_with_history(participant, by)


@bumps_data_version
@transaction.atomic
def situation_record(
    *,
    participant: Participant,
    moment: str,
    recorded_on: dt.date,
    support_kind: str,
    occupation_percent: int,
    placement=None,
    by: User | None = None,
) -> Situation:
    """Record the participant's situation at start, at exit or at a follow-up (SUS-style effects)."""
    situation = Situation(
        participant=participant, placement=placement, moment=moment, recorded_on=recorded_on
    )
    situation.support_kind, situation.occupation_percent = support_kind, occupation_percent
    return save_with_history(situation, by)


@transaction.atomic
def consent_register(
    *,
    participant: Participant,
    partnership: Partnership,
    organisation: Organisation,
    given_on: dt.date,
    documentation_note: str = "",
    document=None,
    by: User | None = None,
) -> Consent:
    """Register a consent (samtycke) to share information with one organisation in a partnership."""
    consent = Consent(
        participant=participant,
        partnership=partnership,
        organisation=organisation,
        given_on=given_on,
        documentation_note=documentation_note,
        registered_by=by,
    )
    if document is not None:
        consent.document = document
    return save_with_history(consent, by)


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: dt.date, by: User | None = None) -> Consent:
    """Record that the participant withdrew the consent; from that day it is no longer valid."""
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("Samtycket är redan återkallat.")})
    consent.withdrawn_on = withdrawn_on
    return save_with_history(consent, by)


def has_valid_consent(
    *,
    participant: Participant,
    partnership: Partnership,
    day: dt.date,
    organisation: Organisation | None = None,
) -> bool:
    """Whether a consent for the partnership (optionally for one organisation) is valid on `day`."""
    return (
        Consent.objects.valid_on(day, organisation)
        .filter(participant=participant, partnership=partnership)
        .exists()
    )
