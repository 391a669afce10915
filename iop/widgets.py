"""A <select> whose options are written in Python instead of through a template per option.

Django renders a select through `select.html`, which includes `select_option.html` (and `attrs.html`)
once per option: a filter with a few hundred options (every partnership, every work area) then costs
more to render than the rest of its page. `Select` here writes the same markup as those templates
(`iop/tests/test_widgets.py` compares the two) in one pass over the options. `QuickModelChoiceField`
also reads its options as values, without a model instance per option.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`: ` name="value"`, a bare name for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{conditional_escape(value)}"')
    return "".join(out)


class Select(forms.Select):
    """`forms.Select` with the same HTML, written without a template include per option. Named `Select`
    like Django's: crispy-forms gives a widget its lowercased class name as a CSS class."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - every value above is escaped


class _ValuesChoiceIterator(ModelChoiceIterator):
    """The options of a `QuickModelChoiceField`: read with `values_list`, one query, no model instances."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        for pk, *parts in self.queryset.values_list("pk", *field.label_fields):
            yield (ModelChoiceIteratorValue(pk, None), field.label_of(*parts))


class QuickModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for long option lists: a `Select` (this module's) whose options are read as values
    (`label_fields`, in order, given to `label_of`) instead of a model instance each. Validation and
    `cleaned_data` (the chosen instance) are those of ModelChoiceField."""

    widget = Select
    iterator = _ValuesChoiceIterator

    def __init__(self, *args, label_fields: tuple[str, ...], label_of: Callable[..., str], **kwargs):
        self.label_fields = label_fields
        self.label_of = label_of
        super().__init__(*args, **kwargs)
