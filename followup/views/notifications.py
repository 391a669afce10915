"""Reminders (påminnelser): the bell, the list, marking done and the e-mail digest setting."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followup import services
from followup.forms import DigestSettingsForm
from followup.views._common import bad_request
from iop.http import AuthenticatedHttpRequest
from iop.models import Notification
from iop.permissions import ANY_ROLE, allow

# --- Reminders -----------------------------------------------------------------------------------


@allow(ANY_ROLE)
@require_GET
def notification_bell_hx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The navbar bell with the number of open reminders, loaded by htmx after the page so that
    pages themselves pay no query for it."""
    count = Notification.objects.filter(user=request.user, done_at__isnull=True).count()
    return render(request, "includes/notification_bell_inner.html", {"count": count})


@allow(ANY_ROLE)
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show_done = request.GET.get("visa") == "alla"
    qs = Notification.objects.filter(user=request.user).order_by("done_at", "due_date", "-created_at")
    if not show_done:
        qs = qs.filter(done_at__isnull=True)
    return render(
        request, "followup/notification_list.html", {"notifications": list(qs[:200]), "show_done": show_done}
    )


@allow(ANY_ROLE)
@require_POST
def notification_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = Notification.objects.filter(user=request.user, pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_mark_done(notification=notification)
    if request.htmx:
        return render(request, "followup/notification_row_partial.html", {"n": notification})
    return redirect("followup:notifications")


@allow(ANY_ROLE)
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DigestSettingsForm(request.POST)
        if form.is_valid():
            services.email_digest_set(user=request.user, enabled=form.cleaned_data["email_digest"])
            messages.success(request, _("Inställningen är sparad."))
            return redirect("followup:notifications")
        return bad_request(request, "followup/notification_settings.html", {"form": form})
    form = DigestSettingsForm(initial={"email_digest": request.user.email_digest})
    return render(request, "followup/notification_settings.html", {"form": form})
