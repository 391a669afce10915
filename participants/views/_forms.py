"""The write pages' common shape: a valid POST runs the service and logs the access in one
transaction, then redirects; a write the service refuses shows the form again with its errors."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from iop.forms import apply_errors
from participants.access_log import log_access
from participants.models import AccessLog, Participant, Placement
from participants.selectors import display_name


def logged_form_page(
    request: HttpRequest,
    form: Form,
    template: str,
    context: dict[str, Any],
    *,
    save: Callable[[], Participant],
    action: str,
    detail: str,
    success: str,
    done: Callable[[Participant], HttpResponse] | None = None,
) -> HttpResponse:
    """GET: the form. POST: when the form is valid, `save` runs the service and returns the
    participant it concerns, logged with `action` and `detail` in the same transaction; then the
    success message and `done` (default: the participant page). Invalid or refused: 400."""
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            with transaction.atomic():
                participant = save()
                log_access(request_or_user=request, participant=participant, action=action, detail=detail)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            if done is not None:
                return done(participant)
            return redirect("participants:detail", pk=participant.pk)
    return render(request, template, context, status=400)


def log_placement_change(
    request: HttpRequest, placement: Placement, detail: str, action: str = AccessLog.Action.CHANGE
) -> None:
    """The access-log row of a write on a placement page, about the placement's participant."""
    log_access(
        request_or_user=request,
        participant=placement.participant_id,
        action=action,
        detail=f"arbetsträningsplats {placement.pk}: {detail}",
    )


def placement_form_context(request: HttpRequest, placement: Placement, form: Form, **extra: Any) -> dict:
    """What every placement form page shows: the form, the placement and the participant's name."""
    return {
        "form": form,
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        **extra,
    }
