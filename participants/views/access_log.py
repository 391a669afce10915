"""Access-log review for coordinators (loggkontroll): list with filters, per participant and per user,
export (itself logged), and recorded reviews. There are no views that change or delete log rows."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from iop.http import AuthenticatedHttpRequest
from iop.models import User
from iop.pagination import page_of
from iop.permissions import allow
from iop.roles import Role
from iop.xlsx import CSV_CONTENT_TYPE
from participants.access import log_export
from participants.access_review import (
    access_log_csv,
    access_log_filtered,
    access_log_review_record,
    access_log_xlsx,
    readable_rows,
)
from participants.forms.access_log import AccessLogFilterForm, AccessLogReviewForm
from participants.imports import XLSX_MIME
from participants.models import AccessLog, AccessLogReview

PAGE_SIZE = 50


def _filtered(request: HttpRequest, **fixed):
    form = AccessLogFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, AccessLog.objects.none(), False
    data = form.cleaned_data if form.is_bound else {}
    qs = access_log_filtered(
        participant_id=fixed.get("participant_id") or data.get("participant"),
        user=fixed.get("user") or data.get("user"),
        action=data.get("action") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return form, qs, True


def _render_list(request: HttpRequest, *, heading: str, **fixed) -> HttpResponse:
    form, qs, valid = _filtered(request, **fixed)
    page = page_of(qs, request.GET.get("page"), PAGE_SIZE)
    rows = readable_rows(list(page))
    return render(
        request,
        "participants/access_log_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "heading": heading,
            "fixed": fixed,
            "query": request.GET.urlencode(),
        },
        status=200 if valid else 400,
    )


@require_GET
@allow(Role.SAMORDNARE)
def access_log_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, heading=_("Åtkomstlogg"))


@require_GET
@allow(Role.SAMORDNARE)
def access_log_participant(request: HttpRequest, participant_id: int) -> HttpResponse:
    # Rows outlive participants (gallring), so the id is not looked up: a log for any id can be reviewed.
    return _render_list(
        request,
        heading=_("Åtkomstlogg för deltagare %(id)s") % {"id": participant_id},
        participant_id=participant_id,
    )


@require_GET
@allow(Role.SAMORDNARE)
def access_log_user(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User.objects.all(), pk=user_id)
    return _render_list(
        request, heading=_("Åtkomstlogg för %(u)s") % {"u": user.get_full_name() or user.username}, user=user
    )


@require_GET
@allow(Role.SAMORDNARE)
def access_log_export(request: HttpRequest) -> HttpResponse:
    form, qs, valid = _filtered(request)
    fmt = request.GET.get("format", "csv")
    if not valid or fmt not in ("csv", "xlsx"):
        return render(
            request,
            "participants/access_log_list.html",
            {
                "form": form,
                "page": page_of(AccessLog.objects.none(), 1, PAGE_SIZE),
                "heading": _("Åtkomstlogg"),
                "format_error": fmt not in ("csv", "xlsx"),
            },
            status=400,
        )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if fmt == "xlsx":
        response = HttpResponse(access_log_xlsx(qs), content_type=XLSX_MIME)
    else:
        response = HttpResponse(access_log_csv(qs), content_type=CSV_CONTENT_TYPE)
    # Exporting the log exposes who looked at whom: the export itself is logged.
    log_export(request, detail="export åtkomstlogg")
    response["Content-Disposition"] = f'attachment; filename="atkomstlogg-{stamp}.{fmt}"'
    return response


@require_GET
@allow(Role.SAMORDNARE)
def access_log_review_list(request: HttpRequest) -> HttpResponse:
    qs = AccessLogReview.objects.select_related("reviewed_by", "reviewed_user").order_by(
        "-reviewed_at", "-pk"
    )
    page = page_of(qs, request.GET.get("page"), PAGE_SIZE)
    return render(request, "participants/access_log_review_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@allow(Role.SAMORDNARE)
def access_log_review_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccessLogReviewForm(request.POST)
        if form.is_valid():
            access_log_review_record(by=request.user, **form.cleaned_data)
            messages.success(request, _("Loggkontrollen är registrerad."))
            return redirect("participants:access_log_reviews")
        return render(request, "participants/access_log_review_form.html", {"form": form}, status=400)
    initial = {}
    for key in ("period_start", "period_end"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = AccessLogReviewForm(initial=initial)
    return render(request, "participants/access_log_review_form.html", {"form": form})
