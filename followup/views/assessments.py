"""Self-assessments (självskattningar) and the coordinator's self-assessment instrument."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from followup import services
from followup.access import placement_or_404
from followup.forms import InstrumentForm, InstrumentItemFormSet, SelfAssessmentForm
from followup.models import SelfAssessment
from followup.views._common import ASSESSMENT_KIND_ROLES, WORKERS, bad_request, save_posted_form
from iop.permissions import allow, has_role
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from participants.models import AccessLog
from participants.selectors import display_name

# --- Self-assessments ----------------------------------------------------------------------------


@allow(*WORKERS)
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int, occasion: str, kind: str) -> HttpResponse:
    """The self-assessment of one occasion (or the case officer's / supervisor's parallel assessment)."""
    if occasion not in SelfAssessment.Occasion.values or kind not in SelfAssessment.Kind.values:
        raise Http404
    if not has_role(request.user, *ASSESSMENT_KIND_ROLES[kind]):
        raise PermissionDenied
    placement = placement_or_404(request, pk, detail=f"självskattning {occasion} {kind}")
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
        return save_posted_form(
            request,
            form,
            "followup/assessment_form.html",
            context,
            save=lambda: services.self_assessment_save(
                placement=placement,
                occasion=occasion,
                kind=kind,
                assessed_on=form.cleaned_data["assessed_on"],
                values=form.values(),
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            placement=placement,
            action=AccessLog.Action.CHANGE if existing else AccessLog.Action.CREATE,
            detail=lambda _saved: f"självskattning {occasion} {kind}",
            success=_("Skattningen är sparad."),
            done=lambda _saved: redirect("followup:placement", pk=placement.pk),
        )
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if existing:
        initial = {"assessed_on": existing.assessed_on, "note": existing.note} | {
            f"item_{a.item_id}": a.value for a in existing.answers.all()
        }
    form = SelfAssessmentForm(initial=initial, instrument=instrument, items=items)
    return render(request, "followup/assessment_form.html", context | {"form": form})


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
        return bad_request(
            request, "followup/instrument_form.html", context | {"form": form, "formset": formset}
        )
    form = InstrumentForm(instance=instrument)
    formset = InstrumentItemFormSet(queryset=items_qs)
    return render(request, "followup/instrument_form.html", context | {"form": form, "formset": formset})
