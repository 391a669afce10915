"""Participant pages: list with search and filters, the participant page, create/edit.

Who may do what:
- list and participant page: arbetsmarknadssekreterare (own participants), handledare (the supervisor
  rule of participants.selectors), IOP-samordnare (all); other roles 403 (logged on the page);
- create: arbetsmarknadssekreterare (becomes the responsible case officer) and samordnare;
- edit: the responsible case officer and samordnare.
"""

from typing import Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.pagination import page_of
from iop.permissions import ANY_ROLE, allow, has_role, is_coordinator, roles_of
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from iop.user_lookup import user_lookup_response
from participants.access import (
    PARTICIPANT_ROLES,
    log_participant_list,
    log_pnr_search,
    may_change_participant,
    participant_or_deny,
    require_change_right,
)
from participants.forms import ParticipantFilterForm, ParticipantForm, PnrSearchForm
from participants.forms.fields import case_officers
from participants.models import AccessLog, Participant, Placement, Referral
from participants.personnummer import normalise
from participants.selectors import (
    display_name,
    display_pnr,
    may_see_identity,
    participant_page_rows,
    participants_visible_to,
)
from participants.services import participant_create, participant_update

from ._forms import logged_form_page

PAGE_SIZE = 25
S = Referral.Status


def _identity_visible_q(user) -> Q:
    """Rows whose name/number this user may match on (protected identity must not leak via search)."""
    if is_coordinator(user):
        return Q()
    q = Q(protected_identity=False)
    if has_role(user, Role.AMS):
        q |= Q(case_officer=user)
    return q


def _list_queryset(user, form: ParticipantFilterForm) -> QuerySet[Participant]:
    data = form.cleaned_data if form.is_valid() else {}
    partnership = data.get("partnership")
    scope = {"participant": OuterRef("pk")}
    if partnership:
        scope["partnership"] = partnership
    qs = (
        participants_visible_to(user)
        .select_related("case_officer")
        .annotate(
            is_referred=Exists(Referral.objects.filter(**scope, status__in=[S.NEW, S.STUDY_VISIT_BOOKED])),
            is_queued=Exists(Referral.objects.filter(**scope, status=S.ACCEPTED)),
            is_placed=Exists(Placement.objects.filter(**scope, end_date__isnull=True)),
            has_ended=Exists(Placement.objects.filter(**scope, end_date__isnull=False)),
            current_work_area=Subquery(
                Placement.objects.filter(**scope).order_by("-start_date", "-pk").values("work_area__name")[:1]
            ),
        )
    )
    q = data.get("q", "")
    if q:
        name_q = Q()
        for term in q.split():
            name_q &= Q(first_name__icontains=term) | Q(last_name__icontains=term)
        qs = qs.filter((name_q & _identity_visible_q(user)) | Q(pseudonym__icontains=q))
    status = data.get("status")
    if partnership and not status:
        # Every status below already means a referral or placement in the partnership; repeating this
        # OR of two subqueries next to it made PostgreSQL test every participant against both.
        qs = qs.filter(Exists(Referral.objects.filter(**scope)) | Exists(Placement.objects.filter(**scope)))
    if status == "referred":
        qs = qs.filter(is_referred=True)
    elif status == "queued":
        qs = qs.filter(is_queued=True)
    elif status == "placed":
        qs = qs.filter(is_placed=True)
    elif status == "ended":
        qs = qs.filter(has_ended=True, is_placed=False, is_referred=False, is_queued=False)
    if data.get("case_officer"):
        qs = qs.filter(case_officer=data["case_officer"])
    if data.get("work_area"):
        qs = qs.filter(
            Exists(Placement.objects.filter(participant=OuterRef("pk"), work_area=data["work_area"]))
        )
    return qs.order_by("last_name", "first_name", "pk")


class _WithStatus(Protocol):
    """A participant row of the list, annotated by `_list_queryset`."""

    is_placed: bool
    is_queued: bool
    is_referred: bool
    has_ended: bool


def _status_label(p: _WithStatus) -> str:
    if p.is_placed:
        return _("Placerad")
    if p.is_queued:
        return _("I kö")
    if p.is_referred:
        return _("Anvisad")
    if p.has_ended:
        return _("Avslutad")
    return _("Registrerad")


def _render_list(request: HttpRequest, *, filter_form, pnr_form, status: int = 200) -> HttpResponse:
    user = request.user
    page = page_of(_list_queryset(user, filter_form), request.GET.get("page"), PAGE_SIZE)
    rows = [
        {
            "participant": p,
            "name": display_name(p, user),
            "pnr": display_pnr(p, user),
            "status": _status_label(p),
        }
        for p in page
    ]
    query = filter_form.cleaned_data.get("q", "") if filter_form.is_valid() else ""
    log_participant_list(request, [r["participant"] for r in rows], query=query)
    return render(
        request,
        "participants/participant_list.html",
        {
            "page": page,
            "rows": rows,
            "filter_form": filter_form,
            "pnr_form": pnr_form,
            "may_create": has_role(user, Role.AMS, Role.SAMORDNARE),
            # Filtered on one partnership: the page is that partnership's Deltagare tab (iop.hub).
            "hub_partnership": filter_form.cleaned_data.get("partnership")
            if filter_form.is_valid()
            else None,
            "queues": partnerships_visible_to(user)
            .filter(status=Partnership.Status.ACTIVE, places_at_once__isnull=False)
            .order_by("case_number"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@allow(PARTICIPANT_ROLES)
def participant_list(request: HttpRequest) -> HttpResponse:
    """GET: name and filters in the query string. POST: personnummer search (never in a URL)."""
    partnerships = partnerships_visible_to(request.user)
    filter_form = ParticipantFilterForm(request.GET or None, partnerships=partnerships)
    if request.method != "POST":
        bad_filter = filter_form.is_bound and not filter_form.is_valid()
        return _render_list(
            request, filter_form=filter_form, pnr_form=PnrSearchForm(), status=400 if bad_filter else 200
        )
    pnr_form = PnrSearchForm(request.POST)
    if pnr_form.is_valid():
        try:
            number = normalise(pnr_form.cleaned_data["pnr"])
        except ValidationError as exc:
            pnr_form.add_error("pnr", exc)
        else:
            match = (
                participants_visible_to(request.user)
                .filter(_identity_visible_q(request.user), personal_identity_number=number)
                .first()
            )
            # The search itself is a read attempt; the number is kept only as a keyed hash.
            log_pnr_search(request, number=number, match=match)
            if match is not None:
                return redirect("participants:detail", pk=match.pk)
            messages.info(request, _("Ingen deltagare som du har behörighet till har det personnumret."))
            return _render_list(request, filter_form=filter_form, pnr_form=PnrSearchForm())
    return _render_list(request, filter_form=filter_form, pnr_form=pnr_form, status=400)


@require_http_methods(["GET"])
@allow(PARTICIPANT_ROLES)
def case_officer_lookup(request: HttpRequest) -> HttpResponse:
    """The list's case-officer filter's suggestions (JSON): the case officers it may name."""
    return user_lookup_response(request, case_officers())


@require_http_methods(["GET"])
@allow(ANY_ROLE)
def participant_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant page; the lookup logs the read (and any refusal, outside a transaction)."""
    user = request.user
    participant = participant_or_deny(request, pk, detail="deltagarsida")
    may_change = may_change_participant(user, participant)
    # A handledare sees the consents given to their own organisation only.
    rows = participant_page_rows(
        user, participant, own_organisation_consents=not may_change and Role.SAMORDNARE not in roles_of(user)
    )
    consents, referrals, placements = rows.consents, rows.referrals, rows.placements
    return render(
        request,
        "participants/participant_detail.html",
        {
            "p": participant,
            "name": display_name(participant, user),
            "pnr": display_pnr(participant, user, full=True),
            "identity_visible": may_see_identity(participant, user),
            "consents": consents,
            "referrals": referrals,
            "placements": placements,
            "may_change": may_change,
            "today": timezone.localdate(),
        },
    )


def _participant_fields(form: ParticipantForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("personal_identity_number", None)
    return data


@require_http_methods(["GET", "POST"])
@allow(Role.AMS, Role.SAMORDNARE)
def participant_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    chooses = is_coordinator(request.user)
    form = ParticipantForm(request.POST or None, may_choose_case_officer=chooses)

    def save() -> Participant:
        fields = _participant_fields(form)
        fields.setdefault("case_officer", request.user)
        return participant_create(
            personal_identity_number=form.cleaned_data["personal_identity_number"], by=request.user, **fields
        )

    return logged_form_page(
        request,
        form,
        "participants/participant_form.html",
        {"form": form},
        save=save,
        action=AccessLog.Action.CREATE,
        detail="ny deltagare",
        success=_("Deltagaren är registrerad."),
    )


@require_http_methods(["GET", "POST"])
@allow(Role.AMS, Role.SAMORDNARE)
def participant_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = participant_or_deny(request, pk, detail="ändra deltagare")
    require_change_right(request, participant, detail="ändra deltagare")
    chooses = is_coordinator(request.user)
    initial = {
        "personal_identity_number": participant.pnr_formatted,
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "gender": participant.gender,
        "education_level": participant.education_level,
        "support_kind": participant.support_kind,
        "interpreter_needed": participant.interpreter_needed,
        "swedish_level": participant.swedish_level,
        "case_officer": participant.case_officer,
        "protected_identity": participant.protected_identity,
    }
    form = ParticipantForm(request.POST or None, initial=initial, may_choose_case_officer=chooses)

    def save() -> Participant:
        participant_update(
            participant=participant,
            by=request.user,
            personal_identity_number=form.cleaned_data["personal_identity_number"],
            **_participant_fields(form),
        )
        return participant

    def done(saved: Participant) -> HttpResponse:
        # A change of case officer can take the participant out of the user's scope.
        if not participants_visible_to(request.user).filter(pk=saved.pk).exists():
            return redirect("participants:list")
        return redirect("participants:detail", pk=saved.pk)

    return logged_form_page(
        request,
        form,
        "participants/participant_form.html",
        {"form": form, "p": participant, "name": display_name(participant, request.user)},
        save=save,
        action=AccessLog.Action.CHANGE,
        detail="deltagaruppgifter",
        success=_("Uppgifterna är sparade."),
        done=done,
    )
