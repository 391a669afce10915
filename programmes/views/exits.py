"""Writing a participant out of a programme, and the participant's situation at start, exit and after."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iop.forms import apply_errors
from iop.permissions import PROGRAMME_WRITERS, allow
from participants.selectors import display_name

from ..access import enrolment_or_404
from ..forms import ExitForm, SituationForm
from ..services import enrolment_end, enrolment_situation_record
from .pages import render_enrolment


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_WRITERS)
def exit_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the participant out with an outcome and a handover note (refused while an activity is open
    without its closing talk)."""
    enrolment = enrolment_or_404(request, pk, detail="utskrivning")
    if enrolment.end_date is not None:
        messages.info(request, _("Deltagaren är redan utskriven ur programmet."))
        return redirect("programmes:enrolment", pk=enrolment.pk)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_end(enrolment=enrolment, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Deltagaren är utskriven ur programmet."))
            return redirect("programmes:enrolment", pk=enrolment.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "programmes/exit_form.html",
        {"enrolment": enrolment, "name": display_name(enrolment.participant, request.user), "form": form},
        status=status,
    )


@require_POST
@allow(PROGRAMME_WRITERS)
def situation(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk, detail="situation")
    form = SituationForm(request.POST)
    if form.is_valid():
        try:
            enrolment_situation_record(
                enrolment=enrolment, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Situationen är registrerad."))
            return redirect("programmes:enrolment", pk=enrolment.pk)
    return render_enrolment(request, enrolment, status=400, situation_form=form)
