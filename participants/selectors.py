"""Read queries and access rules for participants (the agreement, §10), shared by pages, reports and exports.

Who sees which participant:
- IOP-samordnare: all.
- Arbetsmarknadssekreterare: the participants they are responsible for (`case_officer`).
- Handledare: participants with a consent valid today for the handledare's organisation in a
  partnership where that organisation is a party, the handledare is active staff with a signed
  confidentiality undertaking (signed on or before today), and the participant has a placement there
  that is ongoing, upcoming, or ended within the last 30 days. In a queue (before any placement) the
  handledare sees by name only those who can start within 30 days (`queue_names_visible_to`).
- Styrgrupp, ekonomi, attestant, superuser without a role: none.
A user with several roles sees the union.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db.models import Exists, Field, Model, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop.models import PartnershipParty, StaffMember
from iop.permissions import roles_of
from iop.roles import Role
from iop.snapshots import read_snapshot
from participants.models import Consent, Participant, Placement, Referral

M = TypeVar("M", bound=Model)

SUPERVISOR_GRACE_DAYS = 30


def _supervisor_may(user: Any, today: dt.date) -> tuple[Exists, Exists, Exists]:
    """The supervisor rule's three conditions on a row with `partnership` and `participant`: a signed
    undertaking in force for the partnership, the user's organisation a party, and the participant's
    consent valid today for that organisation."""
    staff_ok = StaffMember.objects.filter(
        partnership=OuterRef("partnership"),
        user=user,
        active=True,
        confidentiality_signed_on__isnull=False,
        confidentiality_signed_on__lte=today,
    )
    party_ok = PartnershipParty.objects.filter(
        partnership=OuterRef("partnership"), organisation_id=user.organisation_id
    )
    consent_ok = Consent.objects.valid_on(today, user.organisation_id).filter(
        participant=OuterRef("participant"), partnership=OuterRef("partnership")
    )
    return Exists(staff_ok), Exists(party_ok), Exists(consent_ok)


def _supervisor_placements(user: Any, today: dt.date) -> QuerySet[Placement]:
    """Placements a handledare may see (the base of every supervisor rule)."""
    if not user.organisation_id:
        return Placement.objects.none()
    cutoff = today - dt.timedelta(days=SUPERVISOR_GRACE_DAYS)
    staff_ok, party_ok, consent_ok = _supervisor_may(user, today)
    return Placement.objects.filter(staff_ok, party_ok, consent_ok).filter(
        Q(end_date__isnull=False, end_date__gte=cutoff)
        | Q(end_date__isnull=True, planned_end_date__gte=cutoff)
    )


def _role_scoped(
    qs: QuerySet[M], user: Any, today: dt.date | None, *, own: Q, supervised: Callable[[dt.date], Q | None]
) -> QuerySet[M]:
    """The rule shared by participants, placements and referrals: coordinators all; case officers the rows
    of `own` (theirs); supervisors those of `supervised(today)` (the supervisor rule; None: none)."""
    roles = roles_of(user)
    if not roles:
        return qs.none()
    if Role.SAMORDNARE in roles:
        return qs
    today = today or timezone.localdate()
    q = Q(pk__in=[])
    if Role.AMS in roles:
        q |= own
    if Role.HANDLEDARE in roles and (by_rule := supervised(today)) is not None:
        q |= by_rule
    return qs.filter(q)


def participants_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Participant]:
    """Participants the user may see at all (lists, pages, exports)."""
    return _role_scoped(
        Participant.objects.all(),
        user,
        today,
        own=Q(case_officer=user),
        supervised=lambda day: Q(pk__in=_supervisor_placements(user, day).values("participant_id")),
    )


def placements_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Placement]:
    """Placements the user may see: coordinators all, case officers those of their participants,
    supervisors those satisfying the supervisor rule (consent, undertaking, within 30 days)."""
    return _role_scoped(
        Placement.objects.all(),
        user,
        today,
        own=Q(participant__case_officer=user),
        supervised=lambda day: Q(pk__in=_supervisor_placements(user, day).values("pk")),
    )


def referrals_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Referral]:
    """Referrals: coordinators all; case officers those they made or of their participants; supervisors
    the open referrals of participants they already see (`participants_visible_to`: consent, signed
    undertaking, a placement at their organisation within 30 days) to partnerships where they hold a
    signed undertaking. Who is in a queue before any placement: `queue_names_visible_to`."""

    def supervised(day: dt.date) -> Q | None:
        if not user.organisation_id:
            return None
        return Q(
            pk__in=_supervisor_referrals(user, day).filter(
                participant_id__in=_supervisor_placements(user, day).values("participant_id")
            )
        )

    return _role_scoped(
        Referral.objects.all(),
        user,
        today,
        own=Q(case_officer=user) | Q(participant__case_officer=user),
        supervised=supervised,
    )


def _supervisor_referrals(user: Any, today: dt.date) -> QuerySet[Referral, Any]:
    """Open referrals to partnerships where the supervisor's organisation is a party and the supervisor
    holds a signed undertaking, of participants with a consent valid today for that organisation."""
    staff_ok, party_ok, consent_ok = _supervisor_may(user, today)
    return Referral.objects.filter(staff_ok, party_ok, consent_ok, status__in=Referral.OPEN_STATUSES).values(
        "pk"
    )


QUEUE_HORIZON_DAYS = 30


def queue_names_visible_to(
    user: Any, partnership: Any, entries: list[Referral], *, today: dt.date | None = None
) -> set[int]:
    """The referrals of a queue (`entries`, in queue order) whose participant the user may see by name.

    - coordinators: all;
    - case officers: their own (`referrals_visible_to`);
    - supervisors (least privilege to prepare a start): only those who can start within
      `QUEUE_HORIZON_DAYS` (30) days, i.e. the first k of the queue where k is the most places free on
      any day of the next 30 days, and of those only the ones who consented to the supervisor's
      organisation in this partnership while the supervisor holds a signed undertaking there.
    Everyone else in the queue is shown as a position only.
    """
    roles = roles_of(user)
    if Role.SAMORDNARE in roles:
        return {r.pk for r in entries}
    today = today or timezone.localdate()
    pks = [r.pk for r in entries]
    visible = set(referrals_visible_to(user, today=today).filter(pk__in=pks).values_list("pk", flat=True))
    if Role.HANDLEDARE in roles and user.organisation_id and entries:
        from participants.occupancy import occupancy

        if partnership.places_at_once is None:
            soon = len(entries)
        else:
            horizon = today + dt.timedelta(days=QUEUE_HORIZON_DAYS)
            soon = max((d.free or 0 for d in occupancy(partnership, today, horizon).days), default=0)
        head = pks[:soon]
        visible |= set(
            Referral.objects.filter(pk__in=head, status=Referral.Status.ACCEPTED)
            .filter(pk__in=_supervisor_referrals(user, today))
            .values_list("pk", flat=True)
        )
    return visible


# --- Protected identity ------------------------------------------------------------------------


def may_see_identity(participant: Participant, user: Any) -> bool:
    """Whether the user may see the participant's real name and personnummer at all."""
    roles = roles_of(user)
    if Role.SAMORDNARE in roles:
        return True
    is_responsible = Role.AMS in roles and participant.case_officer_id == getattr(user, "pk", None)
    if participant.protected_identity:
        return is_responsible
    return bool(roles)


def display_name(participant: Participant, user: Any) -> str:
    """Name for pages: the pseudonym unless the user may see the identity (protected identity rule)."""
    return participant.full_name if may_see_identity(participant, user) else participant.pseudonym


def display_pnr(participant: Participant, user: Any, *, full: bool = False) -> str:
    """Personnummer for pages: masked (YYYYMMDD-XXXX) in lists, full only with `full=True` (participant
    page); for protected identity everyone but the responsible case officer and coordinators gets a
    placeholder."""
    if not may_see_identity(participant, user):
        return str(_("Skyddad identitet"))
    return participant.pnr_formatted if full else participant.pnr_masked


# --- Queue ------------------------------------------------------------------------------------


def referral_queue(partnership: Any) -> QuerySet[Referral]:
    """The waiting list (kö): accepted referrals not yet placed, in queue order."""
    return (
        Referral.objects.filter(partnership=partnership, status=Referral.Status.ACCEPTED)
        .select_related("participant", "case_officer")
        .order_by(*(Referral._meta.ordering or ()))
    )


def queue_position(referral: Referral) -> int | None:
    """1-based position in its partnership's queue, or None when the referral is not queued."""
    return queue_positions([referral]).get(referral.pk)


def queue_positions(referrals: Iterable[Referral]) -> dict[int, int]:
    """The 1-based queue positions of the queued ones among `referrals` (pk → position): one query
    for all their partnerships' queues, none when no referral is queued."""
    wanted = {r.pk: r.partnership_id for r in referrals if r.status == Referral.Status.ACCEPTED}
    if not wanted:
        return {}
    queued = (
        Referral.objects.filter(partnership_id__in=set(wanted.values()), status=Referral.Status.ACCEPTED)
        .order_by("partnership_id", *(Referral._meta.ordering or ()))
        .values_list("pk", "partnership_id")
    )
    positions: dict[int, int] = {}
    seen: dict[int, int] = {}
    for pk, partnership_id in queued:
        seen[partnership_id] = seen.get(partnership_id, 0) + 1
        if pk in wanted:
            positions[pk] = seen[partnership_id]
    return positions


# What a placement page shows beside the placement itself, fetched with it.
PLACEMENT_RELATED = (
    "participant__case_officer",
    "partnership",
    "work_area",
    "supervisor",
    "end_reason",
    "referral",
)


@dataclass(frozen=True)
class ParticipantPageRows:
    consents: list[Consent]
    referrals: list[Referral]
    placements: list[Placement]


def participant_page_rows(
    user: Any, participant: Participant, *, own_organisation_consents: bool
) -> ParticipantPageRows:
    """What the participant page lists, read as one snapshot (`iop.snapshots.read_snapshot`) so the
    lists agree with each other.
    `own_organisation_consents`: only the consents given to the user's organisation (a handledare)."""
    with read_snapshot():
        consent_qs = participant.consents.select_related("partnership", "organisation", "registered_by")
        if own_organisation_consents:
            consent_qs = consent_qs.filter(organisation_id=user.organisation_id)
        consents = list(consent_qs)
        referrals = list(
            referrals_visible_to(user)
            .filter(participant=participant)
            .select_related("partnership", "case_officer", "preferred_work_area")
            .order_by("-referred_on", "-pk")
        )
        positions = queue_positions(referrals)
        for referral in referrals:
            referral.position = positions.get(referral.pk)  # type: ignore[attr-defined]
        placements = list(
            placements_visible_to(user)
            .filter(participant=participant)
            .select_related("partnership", "work_area", "supervisor", "end_reason")
        )
    return ParticipantPageRows(consents=consents, referrals=referrals, placements=placements)


@dataclass(frozen=True)
class PlacementPage:
    placement: Placement
    steps: list[Any]
    # Each: {"record": a history record, "fields": the verbose names it changed}, newest first.
    changes: list[dict[str, Any]]


def placement_page(pk: int) -> PlacementPage:
    """The placement `pk` with its plans, extensions, pauses, working-time steps and its change history,
    read as one snapshot (`iop.snapshots.read_snapshot`). Only for a placement the caller has just let
    through `participants.access.placement_or_deny` (which applied `placements_visible_to` and logged the
    read): the rule is not built and planned a second time here."""
    with read_snapshot():
        placement = (
            Placement.objects.select_related(*PLACEMENT_RELATED)
            .prefetch_related("plans__created_by", "extensions", "pauses", "working_time_steps")
            .get(pk=pk)
        )
        steps = sorted(placement.working_time_steps.all(), key=lambda s: (s.from_date, s.pk))
        history = list(
            placement.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
        )
        changes = []
        previous = None
        for record in history:
            fields: list[str] = []
            if previous is not None:
                delta = record.diff_against(previous)
                fields = [
                    str(cast(Field, Placement._meta.get_field(c.field)).verbose_name)
                    for c in delta.changes
                    if c.field not in ("version", "updated_at")
                ]
            changes.append({"record": record, "fields": fields})
            previous = record
        changes.reverse()
    return PlacementPage(placement=placement, steps=steps, changes=changes)
