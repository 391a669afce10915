"""iop.form_posts.post_form: the one shape of a posted form."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from iop.form_posts import post_form


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/", {"name": "Ada"})
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _post(request, form, write):
    return post_form(
        request,
        form,
        write,
        success="Sparat.",
        done=lambda saved: HttpResponse(f"done {saved}", status=302),
        failed=lambda: HttpResponse("again", status=400),
    )


def test_it_saves_a_valid_form_and_answers_done_with_the_success_message():
    request = _request()
    response = _post(request, NameForm({"name": "Ada"}), lambda: 7)
    assert (response.status_code, response.content) == (302, b"done 7")
    assert [str(m) for m in get_messages(request)] == ["Sparat."]


def test_it_puts_a_refusal_at_the_field_and_answers_failed():
    request = _request()
    form = NameForm({"name": "Ada"})

    def refuse():
        raise ValidationError({"name": "Upptaget."})

    response = _post(request, form, refuse)
    assert response.status_code == 400
    assert form.errors == {"name": ["Upptaget."]}
    assert list(get_messages(request)) == []


def test_it_does_not_write_an_invalid_form():
    calls = []
    response = _post(_request(), NameForm({}), lambda: calls.append(1))
    assert (response.status_code, calls) == (400, [])
