"""The participants app's access module: who may see which participant, and the access-log rows of reads.

Object-level access for the participant pages: scoped lookups that log every read and every refusal.

Every page of this app fetches its participant, placement, referral or consent through one of the
`*_or_deny` lookups below. A lookup checks the role and the scope and writes the access-log row: a
`view` row for the participant it returns (so a page cannot show a person without a row; a form page
that then saves writes its own change row too), or a `denied` row before it refuses. Pages that show
several participants (the list, the queue, occupancy) log them with `log_participant_list` / `log_list_read`.

Rule (the same for every page of this app):
- a role that never sees participants (styrgrupp, ekonomi, attestant) → 403, logged;
- a handledare asking for a participant or placement outside their scope → 403, logged (the agreement, §10:
  the non-profit is refused, not told that the person does not exist);
- a case officer or coordinator asking for something outside their scope or that does not exist
  → 404, logged.
Refusals are written with `log_denied` before the exception; requests are not atomic, so the row stays.

Reads that are not a lookup (a download, an export, a personnummer search, the start page's list) are
logged with the `log_*` helpers below; writes are logged by the write services
(`participants.services.write_logged`), in the write's transaction. Views never call `log_access` or
open a transaction themselves (tests/test_views_do_not_log_by_hand.py).
"""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from iop.permissions import has_role, roles_of
from iop.roles import Role
from participants.access_log import log_access, log_denied, log_reads, search_digest, valid_id
from participants.models import AccessLog, Consent, Participant, Placement, Referral
from participants.selectors import (
    PLACEMENT_RELATED,
    participants_visible_to,
    placements_visible_to,
    referrals_visible_to,
)

PARTICIPANT_ROLES = frozenset({Role.AMS, Role.HANDLEDARE, Role.SAMORDNARE})


def deny(request: HttpRequest, *, participant_ref: Any, detail: str) -> NoReturn:
    """Log the refusal, then answer 403 (wrong role, or a handledare out of scope) or 404."""
    log_denied(request_or_user=request, participant=participant_ref, detail=detail)
    roles = roles_of(request.user)
    if not (roles & {str(r) for r in PARTICIPANT_ROLES}) or Role.HANDLEDARE in roles:
        raise PermissionDenied
    raise Http404


def log_read(request: HttpRequest, participant: Participant | int | None, *, detail: str) -> None:
    """A page showed `participant` (or, with None, a list of participants)."""
    log_access(request_or_user=request, participant=participant, action=AccessLog.Action.VIEW, detail=detail)


def log_list_read(
    request: HttpRequest,
    participants: Iterable[Participant | int],
    *,
    detail: str,
    even_if_none: bool = False,
) -> None:
    """A page showed these participants (a list, a queue): one row each (`log_reads`)."""
    log_reads(request=request, participants=participants, detail=detail, even_if_none=even_if_none)


def log_participant_list(
    request: HttpRequest, participants: Iterable[Participant | int], *, query: str
) -> None:
    """The participant list: a row for each participant shown, and one even when it shows nobody; a search
    term is kept only as a keyed hash."""
    detail = "deltagarlista" + (f" {search_digest(query)}" if query else "")
    log_list_read(request, participants, detail=detail, even_if_none=True)


def log_download(request: HttpRequest, participant: Participant | int | None, *, detail: str) -> None:
    """A file about `participant` was handed out."""
    log_access(
        request_or_user=request, participant=participant, action=AccessLog.Action.DOWNLOAD, detail=detail
    )


def log_export(request: HttpRequest, *, detail: str) -> None:
    """An export that concerns no single participant (e.g. the access log itself)."""
    log_access(request_or_user=request, participant=None, action=AccessLog.Action.EXPORT, detail=detail)


def log_pnr_search(request: HttpRequest, *, number: str, match: Participant | None) -> None:
    """A search by personnummer is a read attempt; the number is kept only as a keyed hash."""
    log_read(
        request,
        match,
        detail=f"personnummer {search_digest(number)}" + ("" if match else " utan träff"),
    )


def participant_or_deny(request: HttpRequest, pk: int, *, detail: str) -> Participant:
    """The participant `pk` if the user may see it (logged as a read), else a logged 403/404."""
    if not has_role(request.user, *PARTICIPANT_ROLES) or valid_id(pk) is None:
        deny(request, participant_ref=pk, detail=detail)
    participant = participants_visible_to(request.user).select_related("case_officer").filter(pk=pk).first()
    if participant is None:
        deny(request, participant_ref=pk, detail=detail)
    log_read(request, participant.pk, detail=detail)
    return participant


def placement_or_deny(request: HttpRequest, pk: int, *, detail: str) -> Placement:
    """The placement `pk` if the user may see it (logged as a read of its participant), else refused."""
    placement = None
    if has_role(request.user, *PARTICIPANT_ROLES) and valid_id(pk) is not None:
        placement = (
            placements_visible_to(request.user).select_related(*PLACEMENT_RELATED).filter(pk=pk).first()
        )
    if placement is None:
        ref = _owner(Placement, pk)
        deny(request, participant_ref=ref, detail=f"{detail} {pk}")
    log_read(request, placement.participant_id, detail=f"{detail} {pk}")
    return placement


def referral_or_deny(request: HttpRequest, pk: int, *, detail: str) -> Referral:
    """The referral `pk` if the user may see it (logged as a read of its participant), else refused."""
    referral = None
    if has_role(request.user, *PARTICIPANT_ROLES) and valid_id(pk) is not None:
        referral = (
            referrals_visible_to(request.user)
            .select_related("participant__case_officer", "partnership", "case_officer")
            .filter(pk=pk)
            .first()
        )
    if referral is None:
        ref = _owner(Referral, pk)
        deny(request, participant_ref=ref, detail=f"{detail} {pk}")
    log_read(request, referral.participant_id, detail=f"{detail} {pk}")
    return referral


def consent_or_deny(request: HttpRequest, pk: int, *, detail: str) -> Consent:
    """A consent the user may change (responsible case officer, coordinator), logged as a read."""
    consent = None
    if has_role(request.user, *PARTICIPANT_ROLES) and valid_id(pk) is not None:
        consent = (
            Consent.objects.filter(pk=pk, participant__in=participants_visible_to(request.user))
            .select_related("participant", "partnership", "organisation")
            .first()
        )
    if consent is None:
        deny(request, participant_ref=_owner(Consent, pk), detail=f"{detail} {pk}")
    require_change_right(request, consent.participant, detail=detail)
    log_read(request, consent.participant_id, detail=f"{detail} {pk}")
    return consent


def placement_for_lookup(request: HttpRequest, pk: int) -> Placement:
    """The placement `pk` among those the user may see, with its partnership, for a lookup that shows no
    participant data (e.g. the extension form's staff suggestions): no read is logged; 404 otherwise."""
    placement = (
        placements_visible_to(request.user).select_related("partnership").filter(pk=pk).first()
        if valid_id(pk) is not None
        else None
    )
    if placement is None:
        raise Http404
    return placement


def _owner(model, pk: int) -> int | None:
    """Only to name the participant in a refusal's log row; nothing of it is shown."""
    if valid_id(pk) is None:
        return None
    return model.objects.filter(pk=pk).values_list("participant_id", flat=True).first()


def may_change_participant(user: Any, participant: Participant) -> bool:
    """Registered data, consents and referrals: the responsible case officer and coordinators."""
    roles = roles_of(user)
    return Role.SAMORDNARE in roles or (Role.AMS in roles and participant.case_officer_id == user.pk)


def require_change_right(request: HttpRequest, participant: Participant, *, detail: str) -> None:
    if not may_change_participant(request.user, participant):
        log_denied(request_or_user=request, participant=participant, detail=detail)
        raise PermissionDenied
