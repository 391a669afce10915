"""Log refused accesses (403/404) to participant pages as `denied` in the access log.

Add to MIDDLEWARE after AuthenticationMiddleware (e.g. just before iop.permissions.AccessPolicyMiddleware,
whose PermissionDenied is turned into a 403 response before it reaches this middleware):
    "participants.middleware.DeniedAccessLogMiddleware",
Only the path is stored (no query string, which may hold search terms): participant URLs carry ids only.
A view that already logged the refusal with participants.access_log.log_denied is not logged twice.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from participants.access_log import log_denied, valid_id

PARTICIPANT_PREFIX = "/deltagare/"
DENIED_STATUSES = {403, 404}
ID_KWARGS = ("participant_id", "participant_pk")


class DeniedAccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in DENIED_STATUSES
            and request.path.startswith(PARTICIPANT_PREFIX)
            and not getattr(request, "access_denied_logged", False)
        ):
            match = getattr(request, "resolver_match", None)
            participant_id = None
            if match is not None:
                for key in ID_KWARGS:
                    if valid_id(match.kwargs.get(key)) is not None:
                        participant_id = match.kwargs[key]
                        break
            log_denied(
                request_or_user=request,
                participant=participant_id,
                detail=f"HTTP {response.status_code}",
                path=request.path,
            )
        return response
