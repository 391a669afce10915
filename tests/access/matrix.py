"""Helpers to write rows of the role × URL matrix."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.access.world import ACTORS

LOGIN = 302  # anonymous users are sent to the login page


@dataclass
class Row:
    """Expected status per actor for one URL name. `kwargs` builds the URL arguments from the world."""

    expected: dict[str, int]
    kwargs: Callable[[Any], dict] | None = None
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    query: str = ""
    notes: str = field(default="")


def row(
    *,
    roles: dict[str, int] | None = None,
    default: int = 403,
    anon: int = LOGIN,
    superuser: int | None = None,
    kwargs: Callable[[Any], dict] | None = None,
    method: str = "get",
    data: Callable[[Any], dict] | None = None,
    query: str = "",
) -> Row:
    """Build a row: `default` for every role not named in `roles`; anonymous → login redirect."""
    expected = {}
    for actor in ACTORS:
        if actor == "anon":
            expected[actor] = anon
        elif actor == "superuser":
            expected[actor] = superuser if superuser is not None else 403
        else:
            expected[actor] = (roles or {}).get(actor, default)
    return Row(expected=expected, kwargs=kwargs, method=method, data=data, query=query)


def everyone(status: int = 200, **kw) -> Row:
    """Every role gets `status` (superuser without role: 403 unless given)."""
    roles = {a: status for a in ACTORS if a not in ("anon", "superuser")}
    return row(roles=roles, **kw)


def only(*actors: str, status: int = 200, others: int = 403, **kw) -> Row:
    return row(roles={a: status for a in actors}, default=others, **kw)


def partnership_page(status: int = 200, **kw) -> Row:
    """A page of the world's partnership that every role seeing the partnership may open. The programme
    team staff (processledare, teammedlem) belong to an organisation that is party to no partnership of
    the world, so the partnership is not found for them (404)."""
    result = everyone(status, **kw)
    result.expected.update({"processledare": 404, "teammedlem": 404})
    return result
