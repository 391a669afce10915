"""The write pages' common shape: a valid POST runs the service, logged in its transaction
(`participants.services.write_logged`), then redirects; a write the service refuses shows the form again with its errors."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from iop.forms import apply_errors
from participants.models import Participant, Placement
from participants.selectors import display_name
from participants.services import write_logged


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
            participant = write_logged(
                request_or_user=request,
                write=save,
                action=action,
                participant=lambda participant: participant,
                detail=detail,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            if done is not None:
                return done(participant)
            return redirect("participants:detail", pk=participant.pk)
    return render(request, template, context, status=400)


def placement_form_context(request: HttpRequest, placement: Placement, form: Form, **extra: Any) -> dict:
    """What every placement form page shows: the form, the placement and the participant's name."""
    return {
        "form": form,
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        **extra,
    }
