"""The one shape of a posted form on every page: a valid form goes to its service (`write`), which may still
refuse with a ValidationError (`on_error` puts it on the form, at the field where the form has one); a save
shows the success message and answers `done` of what was saved (a redirect), anything else answers
`failed()` (the page again with the form and status 400). Nothing is half-saved: the service's transaction
is the whole write."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from iop.forms import apply_errors

T = TypeVar("T")


def post_form(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[], T],
    *,
    success: str,
    done: Callable[[T], HttpResponse],
    failed: Callable[[], HttpResponse],
    on_error: Callable[[BaseForm, ValidationError], None] = apply_errors,
) -> HttpResponse:
    """Validate `form`, run `write`, then `done(result)` with `success` shown; invalid or refused: `failed()`."""
    if form.is_valid():
        try:
            result = write()
        except ValidationError as exc:
            on_error(form, exc)
        else:
            messages.success(request, success)
            return done(result)
    return failed()
