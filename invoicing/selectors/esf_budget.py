"""The one home of the ESF budget's arithmetic (docs/esf-economy.md): flat-rate indirect costs, totals by
project phase, cost type and financier, the ESF and co-financing shares of the budget and of actual costs,
and the warning when actual shares drift from the approved (budgeted) shares.

Rules:
- Indirect costs (indirekta kostnader) are the flat rate × the personnel costs, per project phase, financier
  and funding form, each group rounded half-up to the öre (`invoicing.money.to_ore`).
- The ESF share is the ESF financier's amount over the total financing (costs + participant allowances,
  indirect costs included); the co-financing share is the rest. Percentages are shown to 0,01 % like the
  ESF application (seed 003: "ESF-stöd 47,00 %").
- Drift: when the ESF share of actual amounts differs from the approved share by more than the margin
  (default 1 percentage point) a warning in Swedish is given; the co-financing share is its complement.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from invoicing.models import (
    CostType,
    EsfBudgetLine,
    EsfBudgetSettings,
    EsfFinancier,
    FundingForm,
    ProjectPhase,
)
from invoicing.money import ZERO, to_ore
from iop.models import Partnership

HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.01")
DEFAULT_DRIFT_MARGIN_POINTS = Decimal("1")


def percent(part: Decimal, total: Decimal) -> Decimal | None:
    """`part` as a percentage of `total` to 0,01 % (half-up); None when there is no total."""
    if not total:
        return None
    return (part * HUNDRED / total).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def flat_rate_amount(personnel: Decimal, rate_percent: Decimal) -> Decimal:
    """The indirect costs of `personnel` costs at `rate_percent`, to the öre."""
    return to_ore(personnel * rate_percent / HUNDRED)


@dataclass(frozen=True)
class Shares:
    """The ESF part and the co-financing part of a total (budget or actual costs)."""

    esf: Decimal
    co_financing: Decimal

    @property
    def total(self) -> Decimal:
        return self.esf + self.co_financing

    @property
    def esf_percent(self) -> Decimal | None:
        return percent(self.esf, self.total)

    @property
    def co_financing_percent(self) -> Decimal | None:
        if not self.total:
            return None
        return HUNDRED - (self.esf_percent or ZERO)


def shares_from_actuals(actuals: Mapping[EsfFinancier, Decimal]) -> Shares:
    """The shares of actual amounts per financier (the input a payment claim will give: what each financier
    has actually financed in a period, in kronor)."""
    esf = sum((to_ore(a) for f, a in actuals.items() if f.is_esf), ZERO)
    co = sum((to_ore(a) for f, a in actuals.items() if not f.is_esf), ZERO)
    return Shares(esf=esf, co_financing=co)


def share_drift_warning(
    approved: Shares, actual: Shares, margin_points: Decimal = DEFAULT_DRIFT_MARGIN_POINTS
) -> str | None:
    """A Swedish warning when the actual ESF share differs from the approved one by more than
    `margin_points` percentage points (compared unrounded); None otherwise or when either has no total."""
    if not approved.total or not actual.total:
        return None
    approved_share = approved.esf * HUNDRED / approved.total
    actual_share = actual.esf * HUNDRED / actual.total
    if abs(actual_share - approved_share) <= margin_points:
        return None
    return _(
        "Andelarna av de faktiska kostnaderna avviker från de beviljade: ESF-stöd %(actual)s %% mot "
        "beviljade %(approved)s %%, medfinansiering %(actual_co)s %% mot %(approved_co)s %% "
        "(tillåten avvikelse %(margin)s procentenheter)."
    ) % {
        "actual": _fmt(actual.esf_percent),
        "approved": _fmt(approved.esf_percent),
        "actual_co": _fmt(actual.co_financing_percent),
        "approved_co": _fmt(approved.co_financing_percent),
        "margin": _fmt(margin_points),
    }


def _fmt(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


@dataclass
class FinancierTotal:
    financier: EsfFinancier
    cash: Decimal = ZERO
    in_kind: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.cash + self.in_kind


@dataclass
class EsfBudgetSummary:
    """A programme's ESF budget summed up; `cells` is (phase, cost type) → amount, indirect costs included."""

    flat_rate_percent: Decimal
    lines: list[EsfBudgetLine] = field(default_factory=list)
    cells: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    by_phase: dict[str, Decimal] = field(default_factory=dict)
    by_cost_type: dict[str, Decimal] = field(default_factory=dict)
    by_financier: list[FinancierTotal] = field(default_factory=list)
    total: Decimal = ZERO

    @property
    def shares(self) -> Shares:
        esf = sum((f.total for f in self.by_financier if f.financier.is_esf), ZERO)
        return Shares(esf=esf, co_financing=self.total - esf)

    @property
    def cash_co_financing(self) -> Decimal:
        return sum((f.cash for f in self.by_financier if not f.financier.is_esf), ZERO)

    @property
    def in_kind_co_financing(self) -> Decimal:
        return sum((f.in_kind for f in self.by_financier if not f.financier.is_esf), ZERO)


def summarise(
    lines: Iterable[EsfBudgetLine], financiers: Iterable[EsfFinancier], flat_rate_percent: Decimal
) -> EsfBudgetSummary:
    """Sum lines (each with its financier loaded) into the summary; no database queries."""
    lines = list(lines)
    summary = EsfBudgetSummary(flat_rate_percent=flat_rate_percent, lines=lines)
    per_financier = {f.pk: FinancierTotal(financier=f) for f in financiers}
    personnel: dict[tuple[str, int, str], Decimal] = {}
    amounts: list[tuple[str, str, int, str, Decimal]] = []
    for line in lines:
        amounts.append((line.phase, line.cost_type, line.financier_id, line.funding_form, line.amount))
        if line.cost_type == CostType.PERSONNEL:
            key = (line.phase, line.financier_id, line.funding_form)
            personnel[key] = personnel.get(key, ZERO) + line.amount
        per_financier.setdefault(line.financier_id, FinancierTotal(financier=line.financier))
    for (phase, financier_id, form), base in sorted(personnel.items()):
        indirect = flat_rate_amount(base, flat_rate_percent)
        if indirect:
            amounts.append((phase, CostType.INDIRECT, financier_id, form, indirect))
    for phase, cost_type, financier_id, form, amount in amounts:
        summary.cells[(phase, cost_type)] = summary.cells.get((phase, cost_type), ZERO) + amount
        summary.by_phase[phase] = summary.by_phase.get(phase, ZERO) + amount
        summary.by_cost_type[cost_type] = summary.by_cost_type.get(cost_type, ZERO) + amount
        target = per_financier[financier_id]
        if form == FundingForm.CASH:
            target.cash += amount
        else:
            target.in_kind += amount
        summary.total += amount
    summary.by_financier = sorted(
        per_financier.values(), key=lambda f: (not f.financier.is_esf, f.financier.name)
    )
    return summary


def flat_rate_of(partnership: Partnership) -> Decimal:
    settings = EsfBudgetSettings.objects.filter(partnership=partnership).only("flat_rate_percent").first()
    return settings.flat_rate_percent if settings else ZERO


def esf_budget_lines(partnership: Partnership) -> list[EsfBudgetLine]:
    return list(
        EsfBudgetLine.objects.filter(partnership=partnership)
        .select_related("financier")
        .order_by("phase", "cost_type", "financier__name", "pk")
    )


def esf_financiers(partnership: Partnership) -> list[EsfFinancier]:
    return list(EsfFinancier.objects.filter(partnership=partnership).select_related("party__organisation"))


def esf_budget_summary(partnership: Partnership) -> EsfBudgetSummary:
    """The programme's ESF budget summed up: three queries (lines, financiers, flat rate)."""
    return summarise(esf_budget_lines(partnership), esf_financiers(partnership), flat_rate_of(partnership))


@dataclass(frozen=True)
class MatrixRow:
    label: str
    amounts: list[Decimal]
    total: Decimal


def phase_cost_matrix(summary: EsfBudgetSummary) -> tuple[list[str], list[MatrixRow]]:
    """The table phase × cost type of the page: column labels (cost types) and a row per phase with costs."""
    columns = [(value, str(label)) for value, label in CostType.choices]
    rows = [
        MatrixRow(
            label=str(label),
            amounts=[summary.cells.get((phase, cost), ZERO) for cost, _label in columns],
            total=summary.by_phase[phase],
        )
        for phase, label in ProjectPhase.choices
        if phase in summary.by_phase
    ]
    return [label for _value, label in columns], rows
