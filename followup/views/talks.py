"""Pages of the followup app: my participants with checklists, talks, self-assessments, progression,
follow-up after exit and reminders. Thin views: access, form, service, redirect."""

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followup import charts, services
from followup.forms import (
    DigestSettingsForm,
    ExitFollowUpForm,
    InstrumentForm,
    InstrumentItemFormSet,
    SelfAssessmentForm,
    TalkForm,
    default_presence,
    kind_fields,
)
from followup.models import ExitFollowUp, SelfAssessment, Talk
from followup.selectors import (
    active_placements_for,
    exit_followups_for,
    placement_checklist,
    placement_checklists,
    placement_progression,
    progression_distribution,
    published_distribution,
    talks_visible_to,
)
from iop import disclosure
from iop.http import AuthenticatedHttpRequest
from iop.models import Notification
from iop.periods import fixed_window, may_use_free_periods
from iop.permissions import ANY_ROLE, allow, has_role
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from participants.access_log import log_access, log_denied, valid_id
from participants.models import AccessLog, Placement
from participants.selectors import display_name, placements_visible_to

WORKERS = (Role.AMS, Role.HANDLEDARE, Role.SAMORDNARE)
# Short button and column labels that fit two to a row on a 360 px phone.
SHORT_KIND_LABELS: dict[str, Promise] = {
    Talk.Kind.STUDY_VISIT: gettext_lazy("Studiebesök"),
    Talk.Kind.START_MEETING: gettext_lazy("Introduktion"),
    Talk.Kind.SUPERVISION_TALK: gettext_lazy("Handledning"),
    Talk.Kind.FOLLOWUP_MEETING: gettext_lazy("Uppföljning"),
    Talk.Kind.EXIT_MEETING: gettext_lazy("Avslutning"),
    Talk.Kind.SUPPORT_TALK: gettext_lazy("Stödsamtal"),
    Talk.Kind.OTHER: gettext_lazy("Annat"),
}
# The talk kinds as nouns for page titles ("Nytt handledningssamtal – …"); all are neuter in Swedish.
TALK_NOUNS: dict[str, Promise] = {
    Talk.Kind.STUDY_VISIT: gettext_lazy("studiebesök"),
    Talk.Kind.START_MEETING: gettext_lazy("uppstartsmöte"),
    Talk.Kind.SUPERVISION_TALK: gettext_lazy("handledningssamtal"),
    Talk.Kind.FOLLOWUP_MEETING: gettext_lazy("uppföljningsmöte"),
    Talk.Kind.EXIT_MEETING: gettext_lazy("avslutningsmöte"),
    Talk.Kind.SUPPORT_TALK: gettext_lazy("stödsamtal"),
    Talk.Kind.OTHER: gettext_lazy("samtal"),
}
SHORT_ASSESSOR_LABELS: dict[str, Promise] = {
    SelfAssessment.Kind.PARTICIPANT: gettext_lazy("Deltagaren"),
    SelfAssessment.Kind.CASE_OFFICER: gettext_lazy("Handläggaren"),
    SelfAssessment.Kind.SUPERVISOR: gettext_lazy("Handledaren"),
}


# The app's scoped lookups: each checks the scope and writes the access-log row, a `view` of the
# participant it returns (every method: a form's GET, a re-shown invalid form, the read before a save, which
# then logs its own create/change row) or a `denied` row before the 404. A page cannot show a person
# without a row.


def _placement(request: HttpRequest, pk: int, *, detail: str) -> Placement:
    placement = None
    if valid_id(pk) is not None:
        placement = (
            placements_visible_to(request.user)
            .select_related("participant", "partnership", "supervisor", "work_area", "end_reason")
            .filter(pk=pk)
            .first()
        )
    if placement is None:
        log_denied(request_or_user=request, detail=f"uppföljning plats {pk}")
        raise Http404
    log_access(
        request_or_user=request,
        participant=placement.participant_id,
        action=AccessLog.Action.VIEW,
        detail=detail,
    )
    return placement


def _talk(request: HttpRequest, pk: int, *, detail: str) -> Talk:
    talk = None
    if valid_id(pk) is not None:
        talk = (
            talks_visible_to(request.user)
            .select_related(
                "placement__participant", "placement__partnership", "placement__work_area", "created_by"
            )
            .filter(pk=pk)
            .first()
        )
    if talk is None:
        log_denied(request_or_user=request, detail=f"samtal {pk}")
        raise Http404
    assert talk.placement is not None, "the talks found here belong to a placement"
    log_access(
        request_or_user=request,
        participant=talk.placement.participant_id,
        action=AccessLog.Action.VIEW,
        detail=detail,
    )
    return talk


def _now_local() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def _bad(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context, status=400)


# --- My participants and the placement page ------------------------------------------------------


# "Mina deltagare" scope switch for supervisors: the placements they supervise, or all their organisation's.
SCOPE_MINE = "mina"
SCOPE_ORGANISATION = "organisationen"
SEARCH_MAX_LENGTH = 100


@allow(*WORKERS)
@require_GET
def my_participants(request: HttpRequest) -> HttpResponse:
    """ "Mina deltagare": the user's ongoing placements with the indicator checklist (constant queries).

    A supervisor sees the placements they are assigned to; `?visa=organisationen` shows every placement
    of the organisation they may see. The search (`?q=`) matches the name shown on the page only, so a
    protected identity cannot be found by its real name."""
    placements = active_placements_for(request.user)
    is_supervisor = has_role(request.user, Role.HANDLEDARE) and not has_role(request.user, Role.SAMORDNARE)
    scope = SCOPE_ORGANISATION if request.GET.get("visa") == SCOPE_ORGANISATION else SCOPE_MINE
    if is_supervisor and scope == SCOPE_MINE:
        # A supervisor who is also a case officer keeps their own participants too.
        placements = placements.filter(Q(supervisor=request.user) | Q(participant__case_officer=request.user))
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    checklists = placement_checklists(placements)
    log_access(
        request_or_user=request,
        participant=None,
        action=AccessLog.Action.VIEW,
        detail="mina deltagare (uppföljning)",
    )
    rows = [(c, display_name(c.placement.participant, request.user)) for c in checklists]
    if query:
        needle = query.casefold()
        rows = [
            (c, name)
            for c, name in rows
            if needle in name.casefold()
            or (c.placement.work_area and needle in c.placement.work_area.name.casefold())
        ]
    partnerships = []
    if has_role(request.user, Role.SAMORDNARE):
        partnerships = list(
            partnerships_visible_to(request.user).filter(status="active").order_by("case_number")
        )
    return render(
        request,
        "followup/my_participants.html",
        {
            "rows": rows,
            "today": timezone.localdate(),
            "partnerships": partnerships,
            "scope": scope,
            "show_scope_switch": is_supervisor,
            "query": query,
            "scope_mine": SCOPE_MINE,
            "scope_organisation": SCOPE_ORGANISATION,
        },
    )


@allow(*WORKERS)
@require_GET
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk, detail="uppföljning plats")
    talks = list(placement.talks.select_related("created_by").order_by("-held_at"))
    assessments = {(a.occasion, a.kind): a for a in placement.self_assessments.all()}
    assessment_rows = [
        (
            kind_value,
            SHORT_ASSESSOR_LABELS[kind_value],
            [
                (occ, occ_label, assessments.get((occ, kind_value)))
                for occ, occ_label in SelfAssessment.Occasion.choices
            ],
            # The other role's assessment is shown, not linked: its form would answer 403.
            has_role(request.user, *ASSESSMENT_KIND_ROLES[kind_value]),
        )
        for kind_value in SelfAssessment.Kind.values
    ]
    return render(
        request,
        "followup/placement_detail.html",
        {
            "placement": placement,
            "name": display_name(placement.participant, request.user),
            "checklist": placement_checklist(placement),
            "talks": talks,
            "kinds": [(k, SHORT_KIND_LABELS[k]) for k in Talk.Kind.values if k != Talk.Kind.STUDY_VISIT],
            "assessment_rows": assessment_rows,
            "exit_followups": exit_followups_for(placement),
            "may_exit_followup": has_role(request.user, Role.AMS, Role.SAMORDNARE) and placement.end_date,
        },
    )


# --- Talks -------------------------------------------------------------------------------------


def _fields_url(placement: Placement) -> str:
    return reverse("followup:talk_fields_hx", kwargs={"pk": placement.pk})


def _talk_form_kind(request: HttpRequest, default: str) -> str:
    kind = request.POST.get("kind") or request.GET.get("kind") or default
    if kind not in Talk.Kind.values:
        raise Http404
    return kind


@allow(*WORKERS)
@require_http_methods(["GET", "POST"])
def talk_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Log a talk: kind chosen by the button that led here (changeable with htmx), short form, save."""
    placement = _placement(request, pk, detail="nytt samtal")
    kind = _talk_form_kind(request, kind)
    context = {
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        "kind": kind,
        "talk_title": _("Nytt %(talk)s") % {"talk": TALK_NOUNS[kind]},
    }
    if request.method == "POST":
        form = TalkForm(
            request.POST, instance=Talk(placement=placement), kind=kind, fields_url=_fields_url(placement)
        )
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items()}
            try:
                talk = services.talk_create(
                    placement=placement, by=request.user, attendees=[request.user], **data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                log_access(
                    request_or_user=request,
                    participant=placement.participant_id,
                    action=AccessLog.Action.CREATE,
                    detail=f"samtal {talk.pk}",
                )
                messages.success(request, _("Samtalet är sparat."))
                return redirect("followup:placement", pk=placement.pk)
        return _bad(request, "followup/talk_form.html", context | {"form": form})
    initial = {"kind": kind, "status": Talk.Status.HELD, "held_at": _now_local()} | default_presence(
        kind,
        by_supervisor=has_role(request.user, Role.HANDLEDARE),
        by_case_officer=has_role(request.user, Role.AMS),
    )
    return render(
        request,
        "followup/talk_form.html",
        context | {"form": TalkForm(initial=initial, kind=kind, fields_url=_fields_url(placement))},
    )


@allow(*WORKERS)
@require_GET
def talk_fields_hx(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the kind-specific fields (and presence defaults) when the kind is changed in the form."""
    placement = _placement(request, pk, detail="samtalsformulär")
    kind = _talk_form_kind(request, Talk.Kind.OTHER)
    initial = default_presence(
        kind,
        by_supervisor=has_role(request.user, Role.HANDLEDARE),
        by_case_officer=has_role(request.user, Role.AMS),
    )
    form = TalkForm(initial=initial, kind=kind)
    return render(
        request, "followup/talk_fields_partial.html", {"form": form, "placement": placement, "kind": kind}
    )


@allow(*WORKERS)
@require_GET
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talk = _talk(request, pk, detail=f"samtal {pk}")
    assert talk.placement is not None, "the talks found by `_talk` belong to a placement"
    history = list(talk.history.select_related("history_user").order_by("-history_date"))
    changes = []
    for newer, older in zip(history, history[1:], strict=False):
        delta = newer.diff_against(older)
        changes.append(
            (
                newer,
                [
                    (cast(Field, talk._meta.get_field(c.field)).verbose_name, c.old, c.new)
                    for c in delta.changes
                    if c.field != "attendees"
                ],
            )
        )
    if history:
        changes.append((history[-1], []))
    return render(
        request,
        "followup/talk_detail.html",
        {
            "talk": talk,
            "placement": talk.placement,
            "name": display_name(talk.placement.participant, request.user),
            "specific": [
                (cast(Field, talk._meta.get_field(f)).verbose_name, getattr(talk, f))
                for f in kind_fields(talk.kind)
            ],
            "changes": changes,
        },
    )


@allow(*WORKERS)
@require_http_methods(["GET", "POST"])
def talk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a talk; the earlier version stays in the history shown on the talk page."""
    talk = _talk(request, pk, detail=f"samtal {pk}")
    placement = talk.placement
    assert placement is not None, "the talks found by `_talk` belong to a placement"
    kind = _talk_form_kind(request, talk.kind)
    context = {
        "talk": talk,
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        "kind": kind,
        "talk_title": _("Rätta %(talk)s") % {"talk": TALK_NOUNS[kind]},
    }
    if request.method == "POST":
        form = TalkForm(request.POST, instance=talk, kind=kind, fields_url=_fields_url(placement))
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items()}
            try:
                services.talk_update(talk=talk, by=request.user, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                log_access(
                    request_or_user=request,
                    participant=placement.participant_id,
                    action=AccessLog.Action.CHANGE,
                    detail=f"samtal {talk.pk}",
                )
                messages.success(
                    request, _("Ändringen är sparad. Den tidigare versionen finns kvar i historiken.")
                )
                return redirect("followup:talk_detail", pk=talk.pk)
        return _bad(request, "followup/talk_form.html", context | {"form": form})
    form = TalkForm(instance=talk, kind=kind, fields_url=_fields_url(placement))
    return render(request, "followup/talk_form.html", context | {"form": form})


# --- Self-assessments ----------------------------------------------------------------------------

ASSESSMENT_KIND_ROLES: dict[str, tuple[str, ...]] = {
    SelfAssessment.Kind.PARTICIPANT: WORKERS,
    SelfAssessment.Kind.CASE_OFFICER: (Role.AMS, Role.SAMORDNARE),
    SelfAssessment.Kind.SUPERVISOR: (Role.HANDLEDARE, Role.SAMORDNARE),
}


@allow(*WORKERS)
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int, occasion: str, kind: str) -> HttpResponse:
    """The self-assessment of one occasion (or the case officer's / supervisor's parallel assessment)."""
    if occasion not in SelfAssessment.Occasion.values or kind not in SelfAssessment.Kind.values:
        raise Http404
    if not has_role(request.user, *ASSESSMENT_KIND_ROLES[kind]):
        raise PermissionDenied
    placement = _placement(request, pk, detail=f"självskattning {occasion} {kind}")
    existing = (
        placement.self_assessments.filter(occasion=occasion, kind=kind).select_related("instrument").first()
    )
    instrument = existing.instrument if existing else services.instrument_for(placement.partnership)
    items = list(instrument.items.all())
    context = {
        "placement": placement,
        "name": display_name(placement.participant, request.user),
        "occasion_label": SelfAssessment.Occasion(occasion).label,
        "kind_label": SelfAssessment.Kind(kind).label,
        "kind": kind,
        "instrument": instrument,
        "existing": existing,
    }
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST, instrument=instrument, items=items)
        if form.is_valid():
            try:
                services.self_assessment_save(
                    placement=placement,
                    occasion=occasion,
                    kind=kind,
                    assessed_on=form.cleaned_data["assessed_on"],
                    values=form.values(),
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                log_access(
                    request_or_user=request,
                    participant=placement.participant_id,
                    action=AccessLog.Action.CHANGE if existing else AccessLog.Action.CREATE,
                    detail=f"självskattning {occasion} {kind}",
                )
                messages.success(request, _("Skattningen är sparad."))
                return redirect("followup:placement", pk=placement.pk)
        return _bad(request, "followup/assessment_form.html", context | {"form": form})
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if existing:
        initial = {"assessed_on": existing.assessed_on, "note": existing.note} | {
            f"item_{a.item_id}": a.value for a in existing.answers.all()
        }
    form = SelfAssessmentForm(initial=initial, instrument=instrument, items=items)
    return render(request, "followup/assessment_form.html", context | {"form": form})


@allow(*WORKERS)
@require_GET
def progression(request: HttpRequest, pk: int) -> HttpResponse:
    """Start vs end per item for one participant: table and a small server-side SVG chart."""
    placement = _placement(request, pk, detail="progression")
    prog = placement_progression(placement)
    return render(
        request,
        "followup/progression_detail.html",
        {
            "placement": placement,
            "name": display_name(placement.participant, request.user),
            "progression": prog,
            "chart": charts.progression_svg(prog),
            "Kind": SelfAssessment.Kind,
        },
    )


# --- Follow-up after exit -------------------------------------------------------------------------


@allow(Role.AMS, Role.SAMORDNARE)
@require_http_methods(["GET", "POST"])
def exit_followup(request: HttpRequest, pk: int, months: int) -> HttpResponse:
    """The case officer records the participant's situation 3 or 6 months after the placement ended."""
    if months not in (3, 6):
        raise Http404
    placement = _placement(request, pk, detail=f"uppföljning efter avslut {months}")
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
        if form.is_valid():
            try:
                services.exit_followup_record(
                    placement=placement, months_after=months, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                log_access(
                    request_or_user=request,
                    participant=placement.participant_id,
                    action=AccessLog.Action.CHANGE if existing else AccessLog.Action.CREATE,
                    detail=f"uppföljning efter avslut {months}",
                )
                messages.success(request, _("Uppföljningen är sparad."))
                return redirect("followup:placement", pk=placement.pk)
        return _bad(request, "followup/exit_followup_form.html", context | {"form": form})
    form = ExitFollowUpForm(instance=existing, initial={"followed_up_on": timezone.localdate()})
    return render(request, "followup/exit_followup_form.html", context | {"form": form})


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
        return _bad(request, "followup/notification_settings.html", {"form": form})
    form = DigestSettingsForm(initial={"email_digest": request.user.email_digest})
    return render(request, "followup/notification_settings.html", {"form": form})


# --- Instrument (coordinator) -----------------------------------------------------------------------


@allow(Role.SAMORDNARE)
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator configures the partnership's self-assessment instrument (items, scale, wording)."""
    partnership = partnerships_visible_to(request.user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    instrument = services.instrument_for(partnership)
    items_qs = instrument.items.all()
    context = {"partnership": partnership, "instrument": instrument}
    if request.method == "POST":
        form = InstrumentForm(request.POST, instance=instrument)
        formset = InstrumentItemFormSet(request.POST, queryset=items_qs)
        if form.is_valid() and formset.is_valid():
            items = [
                {
                    "pk": f.instance.pk,
                    "code": f.cleaned_data.get("code"),
                    "wording": f.cleaned_data.get("wording"),
                    "order": f.cleaned_data.get("order"),
                    "delete": f.cleaned_data.get("DELETE", False),
                }
                for f in formset.forms
                if f.has_changed() or f.instance.pk
            ]
            try:
                services.instrument_save(
                    instrument=instrument,
                    name=form.cleaned_data["name"],
                    scale_min=form.cleaned_data["scale_min"],
                    scale_max=form.cleaned_data["scale_max"],
                    items=[i for i in items if i["delete"] or (i["code"] and i["wording"])],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Formuläret är sparat."))
                return redirect("followup:instrument_edit", pk=partnership.pk)
        return _bad(request, "followup/instrument_form.html", context | {"form": form, "formset": formset})
    form = InstrumentForm(instance=instrument)
    formset = InstrumentItemFormSet(queryset=items_qs)
    return render(request, "followup/instrument_form.html", context | {"form": form, "formset": formset})


# --- Progression per partnership (aggregated, no personal data) ------------------------------------------


def _date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _cell_values(distribution: dict) -> dict:
    """A published distribution with nothing hidden, as plain numbers (for the chart)."""
    items = {
        code: {k: (v.value if isinstance(v, disclosure.Cell) else v) for k, v in item.items()}
        for code, item in distribution["items"].items()
    }
    return {**distribution, "items": items}


@allow(Role.SAMORDNARE, Role.STYRGRUPP, Role.AMS)
@require_GET
def partnership_progression(request: HttpRequest, pk: int) -> HttpResponse:
    """Stegförflyttning: per item how many participants improved, stayed, worsened between start and end.
    Aggregated counts only. Coordinators choose any period and see the raw counts; everyone else sees a
    fixed reporting period (month, quarter, half-year, year) with every count through disclosure control
    (`followup.selectors.published_distribution`)."""
    partnership = partnerships_visible_to(request.user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    today = timezone.localdate()
    start = _date_param(request, "fran", dt.date(today.year, 1, 1))
    end = _date_param(request, "till", dt.date(today.year, 12, 31))
    free = may_use_free_periods(request.user)
    context: dict[str, Any] = {
        "partnership": partnership,
        "start": start,
        "end": end,
        "free_periods": free,
        "min_group": disclosure.threshold_default(),
    }
    if start is None or end is None or end < start:
        context["error"] = _(
            "Ange datum som ÅÅÅÅ-MM-DD, och ett slutdatum som inte ligger före startdatumet."
        )
        return _bad(request, "followup/partnership_progression.html", context)
    if not free and fixed_window(start, end) is None:
        context["error"] = _(
            "Perioden måste vara en hel månad, ett kvartal, ett halvår eller ett kalenderår, "
            "t.ex. %(a)s–%(b)s."
        ) % {"a": dt.date(start.year, 1, 1).isoformat(), "b": dt.date(start.year, 12, 31).isoformat()}
        return _bad(request, "followup/partnership_progression.html", context)
    if free:
        distribution = progression_distribution(partnership, start, end)
        hidden = False
        group = distribution["placements"]
        chart_data = distribution if group else None
    else:
        distribution = published_distribution(partnership, start, end)
        hidden = distribution["placements"].suppressed
        group = distribution["placements"].value
        # The chart draws exact bar lengths: only when no count of the table is hidden.
        chart_data = _cell_values(distribution) if group and not distribution["suppressed"] else None
    return render(
        request,
        "followup/partnership_progression.html",
        context
        | {
            "distribution": distribution,
            "hidden": hidden,
            "group": group,
            "chart": charts.distribution_svg(chart_data) if chart_data and not hidden else None,
        },
    )
