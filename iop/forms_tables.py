"""Table forms of a partnership: budget lines, in-kind contributions and goals edited as rows of a table
(Django formsets), used by the creation wizard and by the "Budget, egen insats och mål" page.

Goals are ordered by position in the table: each row carries a hidden ORDER value that the arrow buttons
rewrite (static/js/table-rows.js moves the row without a round trip; without JavaScript the button posts
and the server moves it, see `apply_move`). Nobody types order numbers.
"""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.forms import formfield
from iop.indicators import PREDEFINED
from iop.models import BudgetLine, Goal, InKindContribution

MOVE_FIELD = "flytta"  # the arrow buttons' name; value "<form prefix>:up" or "<form prefix>:down"


class RowForm(text_limits.ModelForm):
    """A table row: moving it (ORDER) or ticking "ta bort" alone does not make an empty new row count."""

    def has_changed(self) -> bool:
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)


class BudgetRowForm(RowForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "fte", "amount"]
        formfield_callback = formfield
        labels = {"fte": _("Tjänstegrad"), "amount": _("Belopp (kr)")}


class InKindRowForm(RowForm):
    class Meta:
        model = InKindContribution
        fields = ["description", "estimated_value"]
        formfield_callback = formfield
        labels = {"estimated_value": _("Uppskattat värde (kr)")}


class GoalRowForm(RowForm):
    class Meta:
        model = Goal
        fields = ["indicator", "outcome", "title", "target_value", "unit", "target_basis"]
        formfield_callback = formfield


class _Rows:
    """Shared behaviour of the table formsets: Swedish delete label, hidden order, rows in table order."""

    def add_fields(self, form, index):
        super().add_fields(form, index)  # type: ignore[misc]
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort raden")
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = forms.HiddenInput()

    def rows(self) -> list:
        """The forms in the order the table shows them (by ORDER when the formset can be ordered)."""
        forms_ = list(self.forms)  # type: ignore[attr-defined]
        if not getattr(self, "can_order", False):
            return forms_

        def key(pair):
            index, form = pair
            raw = form["ORDER"].value()
            try:
                return (0, int(raw), index)
            except (TypeError, ValueError):
                return (1, 0, index)

        return [form for _i, form in sorted(enumerate(forms_), key=key)]

    columns: tuple[str, ...] = ()

    def headers(self) -> list:
        return [self.empty_form[name].label for name in self.columns]  # type: ignore[attr-defined]

    def table_rows(self) -> list:
        """(row number, form, the form's visible cells) in table order."""
        return [(n, form, [form[name] for name in self.columns]) for n, form in enumerate(self.rows(), 1)]

    def empty_row(self) -> list:
        return [self.empty_form[name] for name in self.columns]  # type: ignore[attr-defined]

    def kept(self) -> list:
        """Valid, changed-or-existing rows that are not marked for deletion, in table order."""
        result = []
        for form in self.rows():
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            result.append(form)
        return result

    def deleted(self) -> list:
        return [
            f.instance
            for f in self.forms  # type: ignore[attr-defined]
            if f.instance.pk is not None and self.can_delete and self._should_delete_form(f)  # type: ignore[attr-defined]
        ]


class BaseRowsFormSet(_Rows, forms.BaseModelFormSet):
    pass


class _BudgetRows(BaseRowsFormSet):
    columns = ("category", "description", "fte", "amount")


class _InKindRows(BaseRowsFormSet):
    columns = ("description", "estimated_value")


class _GoalRows(BaseRowsFormSet):
    columns = ("indicator", "outcome", "title", "target_value", "unit", "target_basis")


BudgetFormSet = forms.modelformset_factory(
    BudgetLine, form=BudgetRowForm, formset=_BudgetRows, extra=1, can_delete=True
)
InKindFormSet = forms.modelformset_factory(
    InKindContribution, form=InKindRowForm, formset=_InKindRows, extra=1, can_delete=True
)
GoalFormSet = forms.modelformset_factory(
    Goal, form=GoalRowForm, formset=_GoalRows, extra=1, can_delete=True, can_order=True
)


def standard_goals(places_per_year: int | None) -> list[dict]:
    """The agreement's five follow-up indicators as goal rows (seed 000 §4.3); the first, the number who
    work-trained, takes the yearly places as its target."""
    return [
        {
            "indicator": code.value,
            "title": str(code.label),
            "target_value": places_per_year if i == 0 and places_per_year else None,
            "unit": Goal.Unit.COUNT,
            "target_basis": Goal.TargetBasis.YEAR,
        }
        for i, code in enumerate(PREDEFINED)
    ]


def apply_move(data: QueryDict, prefix: str) -> QueryDict | None:
    """Without JavaScript an arrow button posts `flytta=<form prefix>:up|down`: swap that row's ORDER with
    its neighbour's in the table and return the new data to show again (nothing is saved). None when the
    post is no move of this formset."""
    move = data.get(MOVE_FIELD, "")
    row_prefix, _sep, direction = move.rpartition(":")
    if not row_prefix.startswith(f"{prefix}-") or direction not in ("up", "down"):
        return None
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        return None
    order = []
    for i in range(min(total, 1000)):
        try:
            value = int(data.get(f"{prefix}-{i}-ORDER") or 10_000 + i)
        except ValueError:
            value = 10_000 + i
        order.append((value, i))
    positions = [i for _v, i in sorted(order)]
    try:
        index = int(row_prefix.rsplit("-", 1)[1])
        at = positions.index(index)
    except (ValueError, IndexError):
        return None
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(positions):
        positions[at], positions[other] = positions[other], positions[at]
    new = data.copy()
    for rank, i in enumerate(positions, start=1):
        new[f"{prefix}-{i}-ORDER"] = str(rank)
    new.pop(MOVE_FIELD, None)
    return new
