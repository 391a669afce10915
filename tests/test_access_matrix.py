"""Every URL pattern has a row in the role × URL matrix, and every actor gets the expected status."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access.matrix import Row
from tests.access.world import ACTORS, build_world


def _matrix() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for info in pkgutil.iter_modules(tests.access.__path__):
        module = importlib.import_module(f"tests.access.{info.name}")
        rows.update(getattr(module, "MATRIX", {}))
    return rows


def _extenders():
    for info in sorted(pkgutil.iter_modules(tests.access.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"tests.access.{info.name}")
        if hasattr(module, "extend_world"):
            yield module.extend_world


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(_url_names(pattern, ns))
        elif isinstance(pattern, URLPattern):
            names.append(
                f"{prefix}{pattern.name}" if pattern.name else f"{prefix}<unnamed {pattern.pattern}>"
            )
    return names


def _row_for(name: str, matrix: dict[str, Row]) -> Row | None:
    if name in matrix:
        return matrix[name]
    namespace = name.split(":", 1)[0]
    return matrix.get(f"{namespace}:*") if ":" in name else None


MATRIX = _matrix()
URL_NAMES = sorted(set(_url_names()))
CHECKED = sorted({n for n in URL_NAMES if n in MATRIX} | {k for k in MATRIX if k.endswith(":*")})


def test_every_url_has_a_row():
    missing = [name for name in URL_NAMES if _row_for(name, MATRIX) is None]
    assert not missing, f"URLs without an access rule in tests/access/: {missing}"


def test_no_row_names_a_missing_url():
    stale = [name for name in MATRIX if not name.endswith(":*") and name not in URL_NAMES]
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHECKED)
def test_actor_gets_expected_status(client, name):
    world = build_world()
    for extend in _extenders():
        extend(world)
    row = MATRIX[name]
    url = (
        reverse("admin:index")
        if name.endswith(":*")
        else reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    )
    url += row.query
    got = {}
    for actor in ACTORS:
        client.logout()
        if actor != "anon":
            client.force_login(world.users[actor])
        data = row.data(world) if row.data else None
        response = (
            getattr(client, row.method)(url, data) if data is not None else getattr(client, row.method)(url)
        )
        got[actor] = response.status_code
        if actor == "anon" and row.expected[actor] == 302:
            assert "/logga-in/" in response["Location"] or "login" in response["Location"], (
                name,
                response["Location"],
            )
    assert got == row.expected, f"{name}: expected {row.expected}, got {got}"
