"""Length limits on what people type (one rule, one place).

Every multi-line free-text field gets a maximum length (a 110 000-character note once made a talk page
70 000 px tall on a phone), and no limit is enforced by cutting: the browser's `maxlength` attribute
silently drops what is pasted beyond it, so it is replaced by `data-maxlength` (for a counter) and the
server refuses a too-long value with a message at the field, keeping what was typed.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

FREE_TEXT_MAX_LENGTH = 4000
TOO_LONG = _("Högst %(limit_value)d tecken – texten har %(show_value)d. Korta den och spara igen.")


def limit_text_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if not isinstance(field, forms.CharField):
            continue
        if field.max_length is None and isinstance(field.widget, forms.Textarea):
            field.max_length = FREE_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(FREE_TEXT_MAX_LENGTH, message=TOO_LONG))
        elif field.max_length is not None:
            for v in field.validators:
                if isinstance(v, MaxLengthValidator):
                    v.message = TOO_LONG
        if field.max_length is not None:
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-maxlength"] = str(field.max_length)


class LimitedTextMixin:
    """Forms whose text fields follow `limit_text_fields`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)  # type: ignore[arg-type]


class Form(LimitedTextMixin, forms.Form):
    pass


class ModelForm(LimitedTextMixin, forms.ModelForm):
    pass
