"""Rendering of table forms (iop.forms_tables): one field per cell, its label hidden but read out with
the row number, its error at the field and tied to it with aria-describedby."""

from django import forms, template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def table_cell(bound_field, row_number) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return bound_field.as_widget()
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    attrs = {"class": css + (" is-invalid" if bound_field.errors else "")}
    error_id = f"{bound_field.auto_id}-fel"
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = error_id
    label = _("%(label)s, rad %(n)s") % {"label": bound_field.label, "n": row_number}
    errors = (
        format_html(
            '<div class="invalid-feedback d-block" id="{}">{}</div>',
            error_id,
            " ".join(str(e) for e in bound_field.errors),
        )
        if bound_field.errors
        else ""
    )
    return format_html(
        '<label class="visually-hidden" for="{}">{}</label>{}{}',
        bound_field.id_for_label,
        label,
        bound_field.as_widget(attrs=attrs),
        errors,
    )
