"""Follow-up after exit (uppföljning efter avslut), 3 and 6 months after the placement ended."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from followup import services
from followup.access import placement_or_404
from followup.forms import ExitFollowUpForm
from followup.models import ExitFollowUp
from followup.views._common import save_posted_form
from iop.permissions import allow
from iop.roles import Role
from participants.models import AccessLog
from participants.selectors import display_name

# --- Follow-up after exit -------------------------------------------------------------------------


@allow(Role.AMS, Role.SAMORDNARE)
@require_http_methods(["GET", "POST"])
def exit_followup(request: HttpRequest, pk: int, months: int) -> HttpResponse:
    """The case officer records the participant's situation 3 or 6 months after the placement ended."""
    if months not in (3, 6):
        raise Http404
    placement = placement_or_404(request, pk, detail=f"uppföljning efter avslut {months}")
    existing = ExitFollowUp.objects.filter(placement=placement, months_after=months).first()
    context = {
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        "months": months,
    }
    if placement.end_date is None:
        messages.error(request, _("Platsen är inte avslutad än."))
        return redirect("followup:placement", pk=placement.pk)
    if request.method == "POST":
        form = ExitFollowUpForm(request.POST, instance=existing)
        return save_posted_form(
            request,
            form,
            "followup/exit_followup_form.html",
            context,
            save=lambda: services.exit_followup_record(
                placement=placement, months_after=months, by=request.user, **form.cleaned_data
            ),
            placement=placement,
            action=AccessLog.Action.CHANGE if existing else AccessLog.Action.CREATE,
            detail=lambda _saved: f"uppföljning efter avslut {months}",
            success=_("Uppföljningen är sparad."),
            done=lambda _saved: redirect("followup:placement", pk=placement.pk),
        )
    form = ExitFollowUpForm(instance=existing, initial={"followed_up_on": timezone.localdate()})
    return render(request, "followup/exit_followup_form.html", context | {"form": form})
