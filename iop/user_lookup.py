"""Choosing a user by typing instead of from a dropdown of every user (användarsök).

A filter "by user" rendered as a <select> grows with the number of users (every page carries them
all). Here the field is a text input holding the username, with a <datalist> that
`static/js/user-lookup.js` fills from a small JSON endpoint as the viewer types. The endpoint and
the field share one queryset per use, so a viewer can neither pick nor see a user outside it.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from iop.models import User

MIN_QUERY_LENGTH = 2
MAX_RESULTS = 20
MAX_QUERY_LENGTH = 100


class UserLookupInput(forms.TextInput):
    """A text input with a datalist the lookup script fills (`data-lookup-url`)."""

    def __init__(self, url_name: str, attrs: dict[str, Any] | None = None):
        self.url_name = url_name
        # Arguments of the lookup's address, for a lookup scoped to one object (set by the form).
        self.url_kwargs: dict[str, Any] = {}
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    @staticmethod
    def _list_id(name: str, attrs: dict[str, Any] | None) -> str:
        return f"{(attrs or {}).get('id') or name}-options"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = self._list_id(name, attrs)
        context["widget"]["attrs"]["data-lookup-url"] = reverse(self.url_name, kwargs=self.url_kwargs or None)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return html + format_html('<datalist id="{}"></datalist>', self._list_id(name, attrs))


class UserLookupField(forms.ModelChoiceField):
    """A user given by username, one of `queryset` (validated with one indexed query)."""

    default_error_messages = {
        "invalid_choice": _("Ingen användare med det användarnamnet. Välj ett namn i listan."),
    }

    def __init__(self, *, url_name: str, queryset: QuerySet[User] | None = None, **kwargs):
        kwargs.setdefault("help_text", _("Skriv minst två tecken av namnet eller användarnamnet."))
        super().__init__(
            queryset=queryset if queryset is not None else User.objects.none(),
            to_field_name="username",
            widget=UserLookupInput(url_name),
            **kwargs,
        )

    def prepare_value(self, value):
        # A bound form shows what was typed; an initial User instance shows its username.
        if isinstance(value, User):
            return value.username
        return super().prepare_value(value)


def scope_lookup(form: forms.BaseForm, name: str, users: QuerySet[User], **url_kwargs: Any) -> None:
    """Point the form's UserLookupField `name` at `users` and its suggestions at `url_kwargs`; an existing
    choice on the form's instance shows its username."""
    field = cast(UserLookupField, form.fields[name])
    field.queryset = users
    cast(UserLookupInput, field.widget).url_kwargs = url_kwargs
    instance = getattr(form, "instance", None)
    if getattr(instance, f"{name}_id", None):
        form.initial[name] = getattr(instance, name)


def user_lookup_response(request: HttpRequest, users: QuerySet[User]) -> JsonResponse:
    """Up to MAX_RESULTS of `users` matching `?q=` on username or name, as
    `{"results": [{"value": username, "label": full name}]}`; too short a query gives no results."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if len(query) < MIN_QUERY_LENGTH:
        return JsonResponse({"results": []})
    match = Q(username__icontains=query)
    for term in query.split():
        match |= Q(first_name__icontains=term) | Q(last_name__icontains=term)
    rows = users.filter(match).order_by("username").values("username", "first_name", "last_name")
    results = [
        {
            "value": row["username"],
            "label": f"{row['first_name']} {row['last_name']}".strip() or row["username"],
        }
        for row in rows[:MAX_RESULTS]
    ]
    return JsonResponse({"results": results})
