"""Access-log review for coordinators (loggkontroll): list with filters, per participant and per user,
export (a job, itself logged), and recorded reviews. There are no views that change or delete log rows."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from iop.export_jobs import ACCESS_LOG_EXPORT, start_export
from iop.http import AuthenticatedHttpRequest
from iop.models import User
from iop.pagination import capped_count, keyset_page, page_of
from iop.permissions import allow
from iop.roles import Role
from iop.user_lookup import user_lookup_response
from participants.access import log_export
from participants.access_review import (
    ACCESS_LOG_ROLES,
    access_log_filtered,
    access_log_review_record,
    readable_rows,
)
from participants.forms.access_log import (
    AccessLogExportForm,
    AccessLogFilterForm,
    AccessLogReviewForm,
    log_lookup_users,
)
from participants.models import AccessLog, AccessLogReview

PAGE_SIZE = 50


# The list counts its selection no further than this: beyond it the page says "more than 10 000".
COUNT_CAP = 10_000


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


def _page_query(request: HttpRequest) -> str:
    """The filters of the query string without the page's position (the links add their own)."""
    params = request.GET.copy()
    for key in ("efter", "fore", "page"):
        params.pop(key, None)
    return params.urlencode()


def _render_list(request: HttpRequest, *, heading: str, **fixed) -> HttpResponse:
    form, qs, valid = _filtered(request, **fixed)
    data = form.cleaned_data if valid and form.is_bound else {}
    page = keyset_page(qs, size=PAGE_SIZE, after=data.get("efter"), before=data.get("fore"))
    count, more = capped_count(qs, COUNT_CAP) if valid else (0, False)
    return render(
        request,
        "participants/access_log_list.html",
        {
            "form": form,
            "page": page,
            "rows": readable_rows(page.rows),
            "count": count,
            "count_capped": more,
            "heading": heading,
            "fixed": fixed,
            "query": _page_query(request),
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
def access_log_users(request: HttpRequest) -> HttpResponse:
    """The user filter's suggestions (JSON): users whose name or username matches `?q=`."""
    return user_lookup_response(request, log_lookup_users())


@require_http_methods(["GET", "POST"])
@allow(ACCESS_LOG_ROLES)
def access_log_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the export form, with the list's filters and one month unless a period was chosen. POST: the
    export is queued as a job (reporting) and the user is sent to its page."""
    if request.method == "POST":
        form = AccessLogExportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            params = {
                "start": data["date_from"],
                "end": data["date_to"],
                "format": data["format"],
                "participant": data.get("participant"),
                "user": data["user"].pk if data.get("user") else None,
                "action": data.get("action") or "",
            }
            url = start_export(kind=ACCESS_LOG_EXPORT, params=params, user=request.user)
            # Exporting the log exposes who looked at whom: the export itself is logged.
            log_export(
                request, detail=f"export åtkomstlogg {data['date_from']:%Y-%m-%d}–{data['date_to']:%Y-%m-%d}"
            )
            return redirect(url)
        return render(request, "participants/access_log_export.html", {"form": form}, status=400)
    initial: dict[str, object] = {**AccessLogExportForm.default_period(timezone.localdate())}
    initial.update({k: v for k, v in request.GET.items() if k in AccessLogExportForm.base_fields and v})
    return render(
        request, "participants/access_log_export.html", {"form": AccessLogExportForm(initial=initial)}
    )


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
