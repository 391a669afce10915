"""The creation wizard for a new agreement (ny överenskommelse): parties → period and capacity → budget
and in-kind contributions → goals → review. Each step's post is validated and kept in the session;
only the review step writes, in one transaction (iop.services.setup)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from iop.forms_tables import MOVE_FIELD, BudgetFormSet, GoalFormSet, InKindFormSet, apply_move, standard_goals
from iop.forms_wizard import PartiesStepForm, PeriodStepForm
from iop.models import BudgetLine, Goal, InKindContribution, Partnership, PartnershipParty
from iop.permissions import COORDINATOR, allow
from iop.services.partnerships import PartySpec
from iop.services.setup import ContactSpec, SetupError, partnership_setup

SESSION_KEY = "partnership_wizard"
STEPS = (
    ("parter", gettext_lazy("Parter")),
    ("period", gettext_lazy("Period och kapacitet")),
    ("budget", gettext_lazy("Budget")),
    ("mal", gettext_lazy("Mål")),
    ("granska", gettext_lazy("Granska och skapa")),
)
STEP_KEYS = [k for k, _label in STEPS]
# Which step shows a part the service refused.
PART_STEP = {
    "partnership": "parter",
    "contacts": "parter",
    "period": "period",
    "work_areas": "period",
    "budget": "budget",
    "in_kind": "budget",
    "goals": "mal",
}
SKIPPED_KEYS = {"csrfmiddlewaretoken", MOVE_FIELD}


def _stored(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY, {})


def _as_querydict(lists: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in lists.items():
        data.setlist(key, values)
    return data


def _with_extra(formset_class, extra: int):
    return type(formset_class.__name__, (formset_class,), {"extra": extra})


def _rows_data(prefix: str, rows: list[dict]) -> QueryDict:
    """Rows as if posted: the standard goals are shown as filled rows that count when the step is saved.
    No empty row: a bound row without data would show its selects at their first choice and count as
    filled in ("Lägg till mål" adds rows)."""
    data = QueryDict(mutable=True)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{i}-{name}"] = "" if value is None else str(value)
        data[f"{prefix}-{i}-ORDER"] = str(i + 1)
    return data


def _forms(step: str, data: QueryDict | None, stored: dict) -> dict:
    """The forms of a step, bound to `data` (None: a fresh step, with its starting rows)."""
    if step == "parter":
        if data is None:
            return {"form": PartiesStepForm()}
        return {"form": PartiesStepForm(data)}
    if step == "period":
        return {"form": PeriodStepForm(data)}
    if step == "budget":
        return {
            "budget": _with_extra(BudgetFormSet, 3)(
                data, prefix="budget", queryset=BudgetLine.objects.none()
            ),
            "in_kind": _with_extra(InKindFormSet, 3)(
                data, prefix="egen", queryset=InKindContribution.objects.none()
            ),
        }
    if step == "mal":
        if data is None:
            places = None
            period = stored.get("period")
            if period:
                form = PeriodStepForm(_as_querydict(period))
                places = form.cleaned_data.get("places_per_year") if form.is_valid() else None
            data = _rows_data("mal", standard_goals(places))
        return {"goals": GoalFormSet(data, prefix="mal", queryset=Goal.objects.none())}
    return {}


def _valid(forms: dict) -> bool:
    return all(f.is_valid() for f in forms.values())


def _all_forms(stored: dict) -> dict[str, dict]:
    return {
        step: _forms(step, _as_querydict(stored[step]), stored) for step in STEP_KEYS[:-1] if step in stored
    }


def _first_missing(stored: dict, upto: str) -> str | None:
    for step in STEP_KEYS[: STEP_KEYS.index(upto)]:
        if step not in stored:
            return step
    return None


def _page(request: HttpRequest, step: str, context: dict, status: int = 200) -> HttpResponse:
    index = STEP_KEYS.index(step)
    return render(
        request,
        "iop/partnership_wizard.html",
        {
            "step": step,
            "steps": [(k, label, i < index, k == step) for i, (k, label) in enumerate(STEPS)],
            "step_number": index + 1,
            "step_count": len(STEPS),
            "step_label": STEPS[index][1],
            "previous": STEP_KEYS[index - 1] if index else None,
            **context,
        },
        status=status,
    )


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def partnership_wizard(request: HttpRequest, step: str | None = None) -> HttpResponse:
    if step is None:
        # The wizard's start: a new agreement from scratch.
        request.session.pop(SESSION_KEY, None)
        return redirect("iop:partnership_wizard_step", step=STEP_KEYS[0])
    if step not in STEP_KEYS:
        raise Http404
    stored = _stored(request)
    missing = _first_missing(stored, step)
    if missing:
        messages.info(request, _("Fyll i stegen i ordning."))
        return redirect("iop:partnership_wizard_step", step=missing)
    if step == "granska":
        return _review(request, stored)

    if request.method == "GET":
        data = _as_querydict(stored[step]) if step in stored else None
        return _page(request, step, _forms(step, data, stored))

    if MOVE_FIELD in request.POST:
        moved = apply_move(request.POST, "mal")
        return _page(request, step, _forms(step, moved or request.POST, stored))
    forms = _forms(step, request.POST, stored)
    if not _valid(forms):
        return _page(request, step, forms, status=400)
    stored[step] = {k: v for k, v in request.POST.lists() if k not in SKIPPED_KEYS}
    request.session[SESSION_KEY] = stored
    return redirect("iop:partnership_wizard_step", step=STEP_KEYS[STEP_KEYS.index(step) + 1])


def _build(forms: dict[str, dict]) -> dict:
    """The service's arguments from the validated steps."""
    parties_form = forms["parter"]["form"]
    period_form = forms["period"]["form"]
    p = parties_form.cleaned_data
    partnership: Partnership = parties_form.instance
    for name, value in period_form.cleaned_data.items():
        if name in period_form._meta.fields:
            setattr(partnership, name, value)
    partnership.convening_party = {"city": p["city"], "partner": p["partner"]}.get(p.get("convening") or "")
    contacts = [
        ContactSpec(
            organisation=p[side],
            name=p[f"{side}_contact_name"].strip(),
            title=p[f"{side}_contact_title"],
            email=p[f"{side}_contact_email"],
            phone=p[f"{side}_contact_phone"],
        )
        for side in ("city", "partner")
        if (p.get(f"{side}_contact_name") or "").strip()
    ]
    return {
        "partnership": partnership,
        "parties": [
            PartySpec(organisation=p["city"], role=PartnershipParty.Role.CITY),
            PartySpec(organisation=p["partner"], role=PartnershipParty.Role.NON_PROFIT),
        ],
        "contacts": contacts,
        "start": period_form.cleaned_data["start"],
        "end": period_form.cleaned_data["end"],
        "work_areas": period_form.work_area_rows(),
        "budget_lines": [f.instance for f in forms["budget"]["budget"].kept()],
        "in_kind": [f.instance for f in forms["budget"]["in_kind"].kept()],
        "goals": [f.instance for f in forms["mal"]["goals"].kept()],
    }


def _review(request: HttpRequest, stored: dict) -> HttpResponse:
    forms = _all_forms(stored)
    for step, step_forms in forms.items():
        if not _valid(step_forms):
            # E.g. the case number was taken since the step was filled in.
            return _page(request, step, step_forms, status=400)
    args = _build(forms)
    if request.method == "GET":
        return _page(request, "granska", {"summary": args})
    try:
        partnership = partnership_setup(**args)
    except SetupError as exc:
        messages.error(request, " ".join(exc.error.messages))
        return _page(
            request, "granska", {"summary": args, "refused_step": PART_STEP.get(exc.part)}, status=400
        )
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Överenskommelsen är skapad."))
    return redirect("iop:partnership_detail", pk=partnership.pk)
