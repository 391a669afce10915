"""A participant's joint coordinated plan: the revision in force, earlier revisions, and a new revision."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.forms import apply_errors
from iop.permissions import PROGRAMME_TEAM_WRITERS, allow
from participants.selectors import display_name

from ..access import enrolment_or_404
from ..forms import JointPlanForm
from ..selectors import plans_of
from ..services import joint_plan_revise


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_TEAM_WRITERS)
def joint_plan(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk, detail="gemensam samordnad planering")
    plans = plans_of(enrolment)
    current = plans[0] if plans else None
    initial: dict[str, Any] = {"decided_on": timezone.localdate()}
    if current:
        initial |= {
            "parties": [p.pk for p in current.parties.all()],
            "activities": [a.pk for a in current.activities.all()],
            "goal": current.goal,
            "note": current.note,
        }
    form = JointPlanForm(request.POST or None, enrolment=enrolment, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            joint_plan_revise(enrolment=enrolment, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("programmes:plan", pk=enrolment.pk)
    return render(
        request,
        "programmes/joint_plan.html",
        {
            "enrolment": enrolment,
            "name": display_name(enrolment.participant, request.user),
            "current": current,
            "earlier": plans[1:],
            "form": form,
            "may_write": enrolment.end_date is None,
        },
        status=400 if form.is_bound else 200,
    )
