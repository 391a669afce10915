"""Partnership registry pages: list, the partnership page, create/edit and change history."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from iop.forms import PartnershipForm, PartyFormSet, apply_errors
from iop.history import partnership_history
from iop.http import AuthenticatedHttpRequest
from iop.models import ForumCriterionAssessment, Organisation, Partnership, PartnershipParty, StaffMember
from iop.pagination import page_of
from iop.permissions import ANY_ROLE, COORDINATOR, allow, is_coordinator
from iop.row_urls import row_url
from iop.selectors import (
    action_points_of,
    agreement_year,
    budget_by_year,
    organisations_for_filter,
    partnership_detail_queryset,
    partnerships_visible_to,
    steering_meetings_held,
)
from iop.services.partnerships import partnership_save
from iop.templatetags.iop_format import num

DEADLINE_WARNING_DAYS = 30
FORUM_ORDER = {c: i for i, c in enumerate(ForumCriterionAssessment.Criterion.values)}


@allow(ANY_ROLE)
@require_GET
def partnership_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = partnerships_visible_to(request.user).prefetch_related("periods", "parties__organisation")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(case_number__icontains=q) | Q(title__icontains=q) | Q(parties__organisation__name__icontains=q)
        )
    status = request.GET.get("status", "")
    if status in Partnership.Status.values:
        qs = qs.filter(status=status)
    area = request.GET.get("area", "")
    if area in Partnership.Area.values:
        qs = qs.filter(area=area)
    partner = request.GET.get("partner", "")
    if partner.isdigit():
        qs = qs.filter(parties__organisation_id=int(partner))
    page = page_of(qs.distinct().order_by("case_number"), request.GET.get("page"), 25)
    return render(
        request,
        "iop/partnership_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "area": area,
            "partner": partner,
            "statuses": Partnership.Status.choices,
            "areas": Partnership.Area.choices,
            "partners": organisations_for_filter(),
            "can_edit": is_coordinator(request.user),
        },
    )


def _staff_rows(p: Partnership) -> list[dict]:
    """The staff table's rows as plain values: a large programme has hundreds of staff, and template
    lookups and filters cost per row."""
    edit_url, delete_url = row_url("iop:staff_edit", p.pk), row_url("iop:staff_delete", p.pk)
    # get_role_display() builds and hashes the whole choice list, translating every label, per call.
    roles = {value: str(label) for value, label in StaffMember._meta.get_field("role").flatchoices}
    return [
        {
            "name": str(s.user),
            "active": s.active,
            "role": roles.get(s.role, s.role),
            "fte": num(s.fte, 2),
            "signed": s.has_signed_confidentiality,
            "signed_on": f"{s.confidentiality_signed_on:%Y-%m-%d}" if s.confidentiality_signed_on else "",
            "edit_url": edit_url(s.pk),
            "delete_url": delete_url(s.pk),
        }
        for s in p.staff.all()
    ]


@allow(ANY_ROLE)
@require_GET
def partnership_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visible = partnerships_visible_to(request.user).values("pk")
    p = get_object_or_404(partnership_detail_queryset().filter(pk__in=visible), pk=pk)
    today = timezone.localdate()
    deadline = p.extension_deadline
    deadline_days = (deadline - today).days if deadline else None
    years = budget_by_year(p)
    year_bounds = agreement_year(p, today, nearest=True)
    current_budget = next((y for y in years if year_bounds and y.year == year_bounds[0].year), None)
    if current_budget is None and years:
        current_budget = years[-1]
    points = action_points_of(p)
    return render(
        request,
        "iop/partnership_detail.html",
        {
            "p": p,
            "today": today,
            "days_left": p.days_left(today),
            "deadline": deadline,
            "deadline_days": deadline_days,
            "deadline_warning": deadline_days is not None and deadline_days <= DEADLINE_WARNING_DAYS,
            "periods": p._periods(),
            "years": years,
            "current_budget": current_budget,
            "year_bounds": year_bounds,
            "meetings_held": steering_meetings_held(p, today),
            "meetings_required": p.steering_meetings_per_year,
            "open_points": [pt for pt in points if pt.status == pt.Status.OPEN],
            "closed_points": [pt for pt in points if pt.status != pt.Status.OPEN],
            "staff": _staff_rows(p),
            "forum_criteria": sorted(p.forum_criteria.all(), key=lambda c: FORUM_ORDER.get(c.criterion, 99)),
            "can_edit": is_coordinator(request.user),
        },
    )


def _party_formset(request: HttpRequest, partnership: Partnership | None) -> Any:
    if request.method == "POST":
        return PartyFormSet(request.POST, prefix="parties")
    if partnership is not None:
        initial = [{"organisation": p.organisation, "role": p.role} for p in partnership.parties.all()]
    else:
        city = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC).order_by("pk").first()
        initial = [
            {"organisation": city, "role": PartnershipParty.Role.CITY},
            {"role": PartnershipParty.Role.NON_PROFIT},
        ]
    return PartyFormSet(prefix="parties", initial=initial)


def _partnership_form(request: HttpRequest, partnership: Partnership | None) -> HttpResponse:
    instance = partnership or Partnership()
    form = PartnershipForm(request.POST or None, instance=instance)
    parties = _party_formset(request, partnership)
    if request.method == "POST":
        if form.is_valid() and parties.is_valid():
            try:
                # partnership_save is atomic: the partnership and its parties land together or not at all.
                saved = partnership_save(partnership=form.instance, parties=parties.specs())
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_errors(form, exc)
                else:
                    parties._non_form_errors = parties.error_class(exc.messages)
            else:
                messages.success(request, _("Partnerskapet är sparat."))
                return redirect("iop:partnership_detail", pk=saved.pk)
        if partnership is None:
            form.instance.pk = None
        status = 400
    else:
        status = 200
    return render(
        request,
        "iop/partnership_form.html",
        {"form": form, "parties": parties, "p": partnership},
        status=status,
    )


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def partnership_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _partnership_form(request, None)


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def partnership_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(partnerships_visible_to(request.user), pk=pk)
    return _partnership_form(request, partnership)


@allow(COORDINATOR)
@require_GET
def partnership_history_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(partnerships_visible_to(request.user), pk=pk)
    page = page_of(partnership_history(partnership), request.GET.get("page"), 50)
    return render(request, "iop/partnership_history.html", {"p": partnership, "page": page})
