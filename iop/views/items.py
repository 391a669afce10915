"""Create, edit and delete pages for the parts of a partnership (coordinators only).

Every part (goal, budget line, meeting, …) is described by one `Kind`; three thin views serve them
all: they check access, scope the object to a partnership the user can see, validate the form and
call the part's service.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from iop import forms as f
from iop.http import AuthenticatedHttpRequest
from iop.models.budget import BudgetLine, InKindContribution, OtherFunding
from iop.models.goals import Goal
from iop.models.organisation import ContactPerson
from iop.models.partnership import AgreementPeriod, Amendment, ForumCriterionAssessment, Partnership, WorkArea
from iop.models.staff import StaffMember
from iop.models.steering import ActionPoint, Meeting, SteeringGroupMember
from iop.permissions import ANY_ROLE, COORDINATOR, allow
from iop.selectors import partnerships_visible_to
from iop.services import amendments, items, periods, steering
from iop.uploads import serve_private_file
from iop.user_lookup import user_lookup_response


@dataclass(frozen=True)
class Kind:
    """One kind of partnership part and how its pages work."""

    name: str  # URL name prefix, e.g. "goal" → iop:goal_create
    slug: str  # URL segment
    model: Any  # a model class with a default manager
    form_class: Any  # a PartnershipChildForm subclass
    save: Callable[[Any, Any], models.Model]  # (form, unsaved object) → saved object, via a service
    anchor: str  # section of the partnership page
    add_label: Any  # lazy translation
    edit_label: Any
    deletable: bool = True
    parent: str = "partnership"  # path from the part to its partnership
    page: str = "iop:partnership_detail"  # the hub tab that lists this kind of part

    def queryset(self, partnership: Partnership):
        return self.model.objects.filter(**{self.parent: partnership})

    def new(self, partnership: Partnership) -> models.Model:
        return self.model(partnership=partnership) if self.parent == "partnership" else self.model()


KINDS = [
    Kind(
        "period",
        "perioder",
        AgreementPeriod,
        f.PeriodForm,
        lambda form, obj: periods.period_save(period=obj),
        "period",
        gettext_lazy("Registrera avtalsperiod eller förlängning"),
        gettext_lazy("Ändra avtalsperiod"),
        deletable=False,
    ),
    Kind(
        "amendment",
        "andringar",
        Amendment,
        f.AmendmentForm,
        lambda form, obj: amendments.amendment_save(
            amendment=obj, approvals=form.approvals(), document=form.cleaned_data.get("upload")
        ),
        "andringar",
        gettext_lazy("Registrera ändring"),
        gettext_lazy("Ändra ändring"),
        deletable=False,
        page="iop:partnership_documents",
    ),
    Kind(
        "work_area",
        "verksamheter",
        WorkArea,
        f.WorkAreaForm,
        lambda form, obj: items.work_area_save(area=obj),
        "verksamheter",
        gettext_lazy("Lägg till verksamhet"),
        gettext_lazy("Ändra verksamhet"),
    ),
    Kind(
        "contact",
        "kontaktpersoner",
        ContactPerson,
        f.ContactForm,
        lambda form, obj: items.contact_save(contact=obj),
        "parter",
        gettext_lazy("Lägg till kontaktperson"),
        gettext_lazy("Ändra kontaktperson"),
        parent="party__partnership",
    ),
    Kind(
        "forum_criterion",
        "forum",
        ForumCriterionAssessment,
        f.ForumCriterionForm,
        lambda form, obj: items.forum_criterion_save(assessment=obj),
        "forum",
        gettext_lazy("Bedöm Forums kriterium"),
        gettext_lazy("Ändra bedömning"),
    ),
    Kind(
        "goal",
        "mal",
        Goal,
        f.GoalForm,
        lambda form, obj: items.goal_save(goal=obj),
        "mal",
        gettext_lazy("Lägg till mål"),
        gettext_lazy("Ändra mål"),
    ),
    Kind(
        "budget_line",
        "budget",
        BudgetLine,
        f.BudgetLineForm,
        lambda form, obj: items.budget_line_save(line=obj),
        "budget",
        gettext_lazy("Lägg till budgetrad"),
        gettext_lazy("Ändra budgetrad"),
    ),
    Kind(
        "in_kind",
        "egen-insats",
        InKindContribution,
        f.InKindForm,
        lambda form, obj: items.in_kind_save(contribution=obj),
        "budget",
        gettext_lazy("Lägg till egen insats"),
        gettext_lazy("Ändra egen insats"),
    ),
    Kind(
        "other_funding",
        "annan-finansiering",
        OtherFunding,
        f.OtherFundingForm,
        lambda form, obj: items.other_funding_save(funding=obj),
        "budget",
        gettext_lazy("Redovisa annan finansiering"),
        gettext_lazy("Ändra annan finansiering"),
    ),
    Kind(
        "staff",
        "personal",
        StaffMember,
        f.StaffForm,
        lambda form, obj: items.staff_save(member=obj),
        "personal",
        gettext_lazy("Lägg till personal"),
        gettext_lazy("Ändra personal"),
    ),
    Kind(
        "steering_member",
        "styrgrupp",
        SteeringGroupMember,
        f.SteeringMemberForm,
        lambda form, obj: items.steering_member_save(member=obj),
        "styrgrupp",
        gettext_lazy("Lägg till styrgruppsledamot"),
        gettext_lazy("Ändra styrgruppsledamot"),
    ),
    Kind(
        "meeting",
        "moten",
        Meeting,
        f.MeetingForm,
        lambda form, obj: steering.meeting_save(meeting=obj, attendees=form.cleaned_data["attendees"]),
        "moten",
        gettext_lazy("Lägg till möte"),
        gettext_lazy("Ändra möte"),
    ),
    Kind(
        "action_point",
        "atgarder",
        ActionPoint,
        f.ActionPointForm,
        lambda form, obj: steering.action_point_save(point=obj, concerns=form.concerns_obj()),
        "atgarder",
        gettext_lazy("Lägg till beslut eller åtgärd"),
        gettext_lazy("Ändra beslut eller åtgärd"),
        parent="meeting__partnership",
    ),
]
KINDS_BY_NAME = {k.name: k for k in KINDS}


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user), pk=pk)


def _back(partnership: Partnership, kind: Kind) -> str:
    return reverse(kind.page, args=[partnership.pk]) + f"#{kind.anchor}"


def _delete_url(partnership: Partnership, kind: Kind, instance) -> str:
    """The delete page of an existing item, if its kind can be deleted (linked from the edit page)."""
    if instance is None or instance.pk is None:
        return ""
    try:
        return reverse(f"iop:{kind.name}_delete", args=[partnership.pk, instance.pk])
    except NoReverseMatch:
        return ""


def _form_page(request, partnership, kind, form, title, status=200) -> HttpResponse:
    return render(
        request,
        "iop/item_form.html",
        {
            "p": partnership,
            "form": form,
            "title": title,
            "kind": kind,
            "back": _back(partnership, kind),
            "delete_url": _delete_url(partnership, kind, form.instance),
        },
        status=status,
    )


def _submit(request, partnership, kind, instance, title) -> HttpResponse:
    form = kind.form_class(request.POST, request.FILES, instance=instance, partnership=partnership)
    if form.is_valid():
        try:
            kind.save(form, form.instance)
        except ValidationError as exc:
            f.apply_errors(form, exc)
        else:
            messages.success(request, _("Sparat."))
            return redirect(_back(partnership, kind))
    return _form_page(request, partnership, kind, form, title, status=400)


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    k = KINDS_BY_NAME[kind]
    partnership = _partnership(request, pk)
    if request.method == "POST":
        return _submit(request, partnership, k, k.new(partnership), k.add_label)
    initial = {"meeting": request.GET.get("mote")} if k.name == "action_point" else None
    form = k.form_class(instance=k.new(partnership), partnership=partnership, initial=initial)
    return _form_page(request, partnership, k, form, k.add_label)


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int, item_pk: int, kind: str) -> HttpResponse:
    k = KINDS_BY_NAME[kind]
    partnership = _partnership(request, pk)
    item = get_object_or_404(k.queryset(partnership), pk=item_pk)
    if request.method == "POST":
        return _submit(request, partnership, k, item, k.edit_label)
    form = k.form_class(instance=item, partnership=partnership)
    return _form_page(request, partnership, k, form, k.edit_label)


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def item_delete(request: AuthenticatedHttpRequest, pk: int, item_pk: int, kind: str) -> HttpResponse:
    k = KINDS_BY_NAME[kind]
    if not k.deletable:
        raise Http404
    partnership = _partnership(request, pk)
    item = get_object_or_404(k.queryset(partnership), pk=item_pk)
    context = {"p": partnership, "item": item, "kind": k, "back": _back(partnership, k)}
    if request.method == "POST":
        try:
            items.item_delete(item=item)
        except ProtectedError:
            context["protected"] = True
            return render(request, "iop/item_delete.html", context, status=409)
        messages.success(request, _("Borttaget."))
        return redirect(_back(partnership, k))
    return render(request, "iop/item_delete.html", context)


@allow(ANY_ROLE)
@require_GET
def amendment_document(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> FileResponse:
    """The amendment's attached document, only to users who can see the partnership."""
    partnership = _partnership(request, pk)
    amendment = get_object_or_404(Amendment.objects.filter(partnership=partnership), pk=item_pk)
    if not amendment.document:
        raise Http404
    return serve_private_file(
        request, amendment.document, filename=amendment.document.name.rsplit("/", 1)[-1]
    )


@allow(COORDINATOR)
@require_GET
def party_user_lookup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Suggestions (JSON) for the parts' user fields (steering-group member, action point owner): the
    active users of the partnership's parties."""
    return user_lookup_response(request, f.party_users(_partnership(request, pk)))
