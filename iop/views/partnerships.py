"""Partnership registry pages: list and the partnership page."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from iop.models import Partnership
from iop.permissions import ANY_ROLE, allow
from iop.selectors import partnership_detail_queryset, partnerships_visible_to


@allow(ANY_ROLE)
def partnership_list(request: HttpRequest) -> HttpResponse:
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
    page = Paginator(qs.distinct().order_by("case_number"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "iop/partnership_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "area": area,
            "statuses": Partnership.Status.choices,
            "areas": Partnership.Area.choices,
        },
    )


@allow(ANY_ROLE)
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = partnerships_visible_to(request.user).values("pk")
    partnership = get_object_or_404(partnership_detail_queryset().filter(pk__in=visible), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "iop/partnership_detail.html",
        {"p": partnership, "today": today, "days_left": partnership.days_left(today)},
    )
