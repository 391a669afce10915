"""iop.widgets.Select writes exactly the HTML of Django's template-rendered Select."""

import pytest
from django import forms

from iop.widgets import Select as QuickSelect

CHOICES = [("", "Alla"), (1, "A & <b>"), ('x"y', "Q"), ("Grupp", [(3, "tre"), (4, "fyra")])]


@pytest.mark.parametrize("value", [None, 1, "3", ['x"y'], "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "form-select", "id": "id_f", "required": True, "disabled": False}]
)
def test_quick_select_renders_the_same_html_as_django_select(value, attrs):
    expected = forms.Select(choices=CHOICES).render("f", value, attrs)
    assert QuickSelect(choices=CHOICES).render("f", value, attrs) == expected


def test_quick_select_escapes_labels_and_values():
    html = QuickSelect(choices=[('"><script>', "<script>")]).render("f<", None)
    assert "<script>" not in html
    assert 'name="f&lt;"' in html


@pytest.mark.django_db
def test_quick_model_choice_field_renders_and_cleans_like_model_choice_field():
    from iop.models import User
    from iop.widgets import QuickModelChoiceField

    for name in ("b<", "a&"):
        User.objects.create(username=name, first_name=name.upper())
    users = User.objects.order_by("username")
    plain = forms.ModelChoiceField(queryset=users, empty_label="Alla", required=False)
    plain.label_from_instance = lambda u: f"{u.first_name} ({u.username})"
    quick = QuickModelChoiceField(
        queryset=users,
        empty_label="Alla",
        required=False,
        label_fields=("first_name", "username"),
        label_of=lambda first, username: f"{first} ({username})",
    )
    chosen = users.last()
    expected = plain.widget.__class__(choices=plain.choices).render("u", chosen.pk)
    assert QuickSelect(choices=quick.choices).render("u", chosen.pk) == expected
    assert quick.clean(str(chosen.pk)) == chosen
    with pytest.raises(forms.ValidationError):
        quick.clean("0")
