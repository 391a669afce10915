"""Every form's free text has a limit with a counter, and a too-long text is refused with a Swedish
message at the field (never cut)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from iop.text_limits import FREE_TEXT_MAX_LENGTH, LimitedTextMixin

PROJECT_APPS = ("iop", "participants", "followup", "programmes", "invoicing", "reporting")


def _form_modules() -> list[str]:
    """Every module of the project whose name says it holds forms (forms.py, forms/…, *_forms.py)."""
    found = []
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if "forms" in info.name and ".tests" not in info.name and ".migrations" not in info.name:
                found.append(info.name)
    return sorted(found)


FORM_MODULES = _form_modules()
# Forms that take no free text from people (Django's own login form checks its lengths itself).
EXEMPT: set[str] = {"LoginForm"}


def test_the_form_modules_are_found():
    assert {
        "iop.forms",
        "iop.forms_wizard",
        "participants.forms.placements",
        "reporting.figure_forms",
    } <= set(FORM_MODULES)


def _forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, forms.BaseForm) and cls.__name__ not in EXEMPT:
                yield cls


@pytest.mark.parametrize("form_class", list(_forms()), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_limits_its_text_fields(form_class):
    assert issubclass(form_class, LimitedTextMixin), f"{form_class} does not limit its text fields"


def test_the_counter_script_is_on_every_page():
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    assert "js/char-counter.js" in source


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [
        ("invoicing.forms.CreditForm", "reason", FREE_TEXT_MAX_LENGTH),
        ("reporting.figure_forms.ReviewForm", "return_comment", FREE_TEXT_MAX_LENGTH),
        ("iop.security_forms.AccessibilityReportForm", "description", FREE_TEXT_MAX_LENGTH),
    ],
)
@pytest.mark.django_db
def test_a_too_long_text_is_refused_with_a_swedish_message(form_class, field, limit):
    module, name = form_class.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    data = {"decision": "return", "page": "/", field: "å" * (limit + 1)}
    form = cls(data=data)
    assert not form.is_valid()
    assert form.errors[field] == [f"Högst {limit} tecken – texten har {limit + 1}. Korta den och spara igen."]
    assert form[field].field.widget.attrs["data-maxlength"] == str(limit)
    assert "maxlength" not in form[field].field.widget.attrs


def test_the_narratives_keep_their_longer_limit():
    from reporting.forms import NarrativeForm

    form = NarrativeForm(data={"activity": "x" * 20001}, editable={"activity"})
    assert not form.is_valid()
    assert form.errors["activity"][0].startswith("Högst 20000 tecken")


@pytest.mark.django_db
def test_a_too_long_approval_comment_is_refused_and_the_invoice_stays_submitted(client):
    from invoicing import services
    from invoicing.tests.factories import setup

    s = setup()
    invoice = services.invoice_submit(
        invoice=services.invoice_create(
            partnership=s.partnership, period_start=s.partnership.periods.first().start, by=s.ekonomi
        ),
        by=s.ekonomi,
    )
    client.force_login(s.attestant)
    response = client.post(
        reverse("invoicing:approve", args=[invoice.pk]), {"comment": "x" * (FREE_TEXT_MAX_LENGTH + 1)}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["comment"][0].startswith(f"Högst {FREE_TEXT_MAX_LENGTH} tecken")
    invoice.refresh_from_db()
    assert invoice.status == "submitted"
