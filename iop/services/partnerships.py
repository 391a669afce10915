"""Services for partnerships (partnerskap) and their parties (parter)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import Organisation, Partnership, PartnershipParty


@dataclass(frozen=True)
class PartySpec:
    """One party of a partnership as entered in the form: the organisation and its role."""

    organisation: Organisation
    role: str


def _check_parties(parties: Sequence[PartySpec]) -> None:
    orgs = [p.organisation.pk for p in parties]
    if len(set(orgs)) != len(orgs):
        raise ValidationError(_("Samma organisation kan bara vara part en gång."), code="duplicate_party")
    if len(orgs) < 2:
        raise ValidationError(_("Ett partnerskap har minst två parter."), code="too_few_parties")


@bumps_data_version
@transaction.atomic
def partnership_save(*, partnership: Partnership, parties: Sequence[PartySpec]) -> Partnership:
    """Create or update a partnership (överenskommelse) together with its parties.

    Parties are matched by organisation: new ones are added, roles updated, and parties no longer
    listed are removed (with their contact persons and steering-group members).
    """
    _check_parties(parties)
    partnership.full_clean()
    partnership.save()
    existing = {p.organisation_id: p for p in partnership.parties.all()}
    wanted = {spec.organisation.pk: spec for spec in parties}
    for org_id, party in existing.items():
        if org_id not in wanted:
            party.delete()
    for org_id, spec in wanted.items():
        party = existing.get(org_id) or PartnershipParty(
            partnership=partnership, organisation=spec.organisation
        )
        if party.pk and party.role == spec.role:
            continue
        party.role = spec.role
        party.full_clean()
        party.save()
    return partnership
