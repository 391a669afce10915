"""The write pages' common shape: a valid POST runs the service, logged in its transaction
(`participants.services.write_logged`), then redirects; a write the service refuses shows the form again with its errors."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from iop.form_posts import post_form
from iop.forms import apply_errors
from participants.models import AccessLog, Participant, Placement
from participants.selectors import display_name
from participants.services import placement_write_logged, write_logged

T = TypeVar("T")


def form_page(
    request: HttpRequest,
    form: Form,
    template: str,
    context: dict[str, Any],
    *,
    write: Callable[[], T],
    success: str,
    done: Callable[[T], HttpResponse],
    on_error: Callable[[BaseForm, ValidationError], None] = apply_errors,
) -> HttpResponse:
    """GET: the form. POST: when the form is valid, `write` runs the (logged) service; then the
    success message and `done` with what `write` returned. A write the service refuses goes through
    `on_error` onto the form; invalid or refused: the form again with 400."""
    if request.method != "POST":
        return render(request, template, context)
    return post_form(
        request,
        form,
        write,
        success=success,
        done=done,
        failed=lambda: render(request, template, context, status=400),
        on_error=on_error,
    )


def logged_form_page(
    request: HttpRequest,
    form: Form,
    template: str,
    context: dict[str, Any],
    *,
    save: Callable[[], Any],
    action: str,
    detail: str | Callable[[Any], str],
    success: str,
    participant: Participant | None = None,
    done: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """A `form_page` whose `save` runs a service about a participant, logged with `action` and
    `detail` in the same transaction. The participant is `participant`, or without it what `save`
    returns; `done` (default: the participant page) gets what `save` returned."""

    def concerned(result: Any) -> Participant:
        return participant if participant is not None else result

    def to_participant_page(result: Any) -> HttpResponse:
        return redirect("participants:detail", pk=concerned(result).pk)

    return form_page(
        request,
        form,
        template,
        context,
        write=lambda: write_logged(
            request_or_user=request, write=save, action=action, participant=concerned, detail=detail
        ),
        success=success,
        done=done or to_participant_page,
    )


def placement_form_page(
    request: HttpRequest,
    placement: Placement,
    form: Form,
    template: str,
    context: dict[str, Any],
    *,
    write: Callable[[], Any],
    detail: str,
    success: str,
    action: str = AccessLog.Action.CHANGE,
    on_error: Callable[[BaseForm, ValidationError], None] = apply_errors,
) -> HttpResponse:
    """A `form_page` writing to a placement: logged about its participant in the write's
    transaction (`placement_write_logged`), then back to the placement page."""
    return form_page(
        request,
        form,
        template,
        context,
        write=lambda: placement_write_logged(
            request_or_user=request, placement=placement, write=write, detail=detail, action=action
        ),
        success=success,
        done=lambda saved: redirect("participants:placement_detail", pk=saved.pk),
        on_error=on_error,
    )


def placement_form_context(request: HttpRequest, placement: Placement, form: Form, **extra: Any) -> dict:
    """What every placement form page shows: the form, the placement and the participant's name."""
    return {
        "form": form,
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        **extra,
    }
