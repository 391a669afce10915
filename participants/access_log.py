"""Writing the access log (åtkomstlogg): one small synchronous API for views, exports and tasks.

Rows are written with a plain INSERT on the caller's connection, so they are part of the caller's
transaction: never through Celery. `detail` must describe the object without personal data
(e.g. "deltagarsida", "export deltagarlista 2025").
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from participants.models import AccessLog, Participant

# A database id beyond a signed 64-bit integer cannot name a row (and would not fit the log's columns).
MAX_ID = 2**63 - 1
PATH_MAX = 500
DETAIL_MAX = 300
SEARCH_WORD = "sökning"


def _user_and_request(request_or_user: Any) -> tuple[Any, HttpRequest | None]:
    if isinstance(request_or_user, HttpRequest) or hasattr(request_or_user, "META"):
        return getattr(request_or_user, "user", None), request_or_user
    return request_or_user, None


def valid_id(value: Any) -> int | None:
    """`value` as a database id, or None when it cannot be one (e.g. /deltagare/99999999999999999999/)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_ID else None


def search_digest(term: str) -> str:
    """A search term as the log keeps it: "sökning" and a keyed hash (HMAC-SHA256 with a key derived
    from SECRET_KEY), never the term. The same term gives the same digest, so a review can ask "who
    searched for this?" by hashing the term again; the log alone does not reveal it."""
    normalised = " ".join(term.split()).casefold()
    digest = salted_hmac("participants.access_log.search", normalised, algorithm="sha256").hexdigest()
    return f"{SEARCH_WORD} {digest[:16]}"


def _client_ip(request: HttpRequest | None) -> str | None:
    # Only REMOTE_ADDR: a forwarded-for header is client-controlled unless the proxy is configured to set it.
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def log_access(
    *,
    request_or_user: Any,
    participant: Participant | int | None,
    action: str,
    detail: str = "",
    outcome: str = AccessLog.Outcome.ALLOWED,
    path: str | None = None,
) -> AccessLog:
    """Record one access. `participant` may be an instance, an id, or None (e.g. a list export).
    The path is stored without its query string (which may hold search terms: log those with
    `search_digest`); `path` overrides it."""
    user, request = _user_and_request(request_or_user)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    participant_id = valid_id(getattr(participant, "pk", participant))
    if action == AccessLog.Action.DENIED:
        outcome = AccessLog.Outcome.DENIED
        if request is not None:
            # participants.middleware.DeniedAccessLogMiddleware then does not log the same refusal again.
            request.access_denied_logged = True  # type: ignore[attr-defined]
    if path is None:
        path = request.path if request is not None else ""
    return AccessLog.objects.create(
        user_id=user_id,
        username=(getattr(user, "get_username", lambda: "")() if user_id else "")[:150],
        participant_id=participant_id,
        participant_ref=participant_id,
        action=action,
        outcome=outcome,
        path=path.split("?", 1)[0][:PATH_MAX],
        ip_address=_client_ip(request),
        detail=detail[:DETAIL_MAX],
    )


def log_reads(
    *,
    request: HttpRequest,
    participants: Iterable[Participant | int],
    detail: str,
    even_if_none: bool = False,
    action: str = AccessLog.Action.VIEW,
) -> list[AccessLog]:
    """Record that a page showed these participants (a list, a queue): one row each, one INSERT. With
    `even_if_none`, a page that showed nobody still writes one row without a participant (a search
    without hits is worth a row, and the page then runs the same queries whatever it finds). An export
    of these participants passes `action=AccessLog.Action.EXPORT`."""
    user = request.user
    user_id = user.pk if user.is_authenticated else None
    username = user.get_username()[:150] if user_id else ""
    ids = sorted({i for i in (valid_id(getattr(p, "pk", p)) for p in participants) if i is not None})
    targets: list[int | None] = [*ids] or ([None] if even_if_none else [])
    rows = [
        AccessLog(
            user_id=user_id,
            username=username,
            participant_id=pid,
            participant_ref=pid,
            action=action,
            outcome=AccessLog.Outcome.ALLOWED,
            path=request.path[:PATH_MAX],
            ip_address=_client_ip(request),
            detail=detail[:DETAIL_MAX],
        )
        for pid in targets
    ]
    return AccessLog.objects.bulk_create(rows)


def log_denied(
    *,
    request_or_user: Any,
    participant: Participant | int | None = None,
    detail: str = "",
    path: str | None = None,
) -> AccessLog:
    """Record a refused access (403/404 on a participant's data)."""
    return log_access(
        request_or_user=request_or_user,
        participant=participant,
        action=AccessLog.Action.DENIED,
        detail=detail,
        outcome=AccessLog.Outcome.DENIED,
        path=path,
    )
