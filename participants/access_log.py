"""Writing the access log (åtkomstlogg): one small synchronous API for views, exports and tasks.

Rows are written with a plain INSERT on the caller's connection, so they are part of the caller's
transaction: never through Celery. `detail` must describe the object without personal data
(e.g. "deltagarsida", "export deltagarlista 2025").
"""

from typing import Any

from django.http import HttpRequest

from participants.models import AccessLog, Participant


def _user_and_request(request_or_user: Any) -> tuple[Any, HttpRequest | None]:
    if isinstance(request_or_user, HttpRequest) or hasattr(request_or_user, "META"):
        return getattr(request_or_user, "user", None), request_or_user
    return request_or_user, None


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
    `path` overrides the request's path (e.g. without a query string that may hold search terms)."""
    user, request = _user_and_request(request_or_user)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    participant_id = getattr(participant, "pk", participant)
    if action == AccessLog.Action.DENIED:
        outcome = AccessLog.Outcome.DENIED
        if request is not None:
            # participants.middleware.DeniedAccessLogMiddleware then does not log the same refusal again.
            request.access_denied_logged = True  # type: ignore[attr-defined]
    if path is None:
        path = request.get_full_path() if request is not None else ""
    return AccessLog.objects.create(
        user_id=user_id,
        username=(getattr(user, "get_username", lambda: "")() if user_id else "")[:150],
        participant_id=participant_id,
        participant_ref=participant_id,
        action=action,
        outcome=outcome,
        path=path[:500],
        ip_address=_client_ip(request),
        detail=detail[:300],
    )


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
