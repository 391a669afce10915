"""Talks (samtal): log, correct and read a talk with its history."""

from typing import cast

from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from followup import services
from followup.access import placement_or_404, talk_or_404
from followup.forms import TalkForm, default_presence, kind_fields
from followup.models import Talk
from followup.views._common import TALK_NOUNS, WORKERS, now_local, save_posted_form
from iop.permissions import allow, has_role
from iop.roles import Role
from participants.models import AccessLog, Placement
from participants.selectors import display_name

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
    placement = placement_or_404(request, pk, detail="nytt samtal")
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
        return save_posted_form(
            request,
            form,
            "followup/talk_form.html",
            context,
            save=lambda: services.talk_create(
                placement=placement, by=request.user, attendees=[request.user], **form.cleaned_data
            ),
            placement=placement,
            action=AccessLog.Action.CREATE,
            detail=lambda talk: f"samtal {talk.pk}",
            success=_("Samtalet är sparat."),
            done=lambda talk: redirect("followup:placement", pk=placement.pk),
        )
    initial = {"kind": kind, "status": Talk.Status.HELD, "held_at": now_local()} | default_presence(
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
    placement = placement_or_404(request, pk, detail="samtalsformulär")
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
    talk = talk_or_404(request, pk, detail=f"samtal {pk}")
    assert talk.placement is not None, "the talks found by `talk_or_404` belong to a placement"
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
    talk = talk_or_404(request, pk, detail=f"samtal {pk}")
    placement = talk.placement
    assert placement is not None, "the talks found by `talk_or_404` belong to a placement"
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
        return save_posted_form(
            request,
            form,
            "followup/talk_form.html",
            context,
            save=lambda: services.talk_update(talk=talk, by=request.user, **form.cleaned_data),
            placement=placement,
            action=AccessLog.Action.CHANGE,
            detail=lambda _saved: f"samtal {talk.pk}",
            success=_("Ändringen är sparad. Den tidigare versionen finns kvar i historiken."),
            done=lambda _saved: redirect("followup:talk_detail", pk=talk.pk),
        )
    form = TalkForm(instance=talk, kind=kind, fields_url=_fields_url(placement))
    return render(request, "followup/talk_form.html", context | {"form": form})
