"""Every page that shows personal data writes an access-log row.

Crawls every GET row of the access matrix (tests/access/), with the URL resolved in the test world, as
every role. A response "shows personal data" when it holds a name or a personnummer of one of the
world's participants; each such response must have written at least one allowed access-log row for that
user during the request.
"""

import re

import pytest
from django.urls import reverse

from participants.models import AccessLog, Participant
from tests.access.world import ACTORS, build_world
from tests.test_access_matrix import CHECKED, MATRIX, _extenders

GET_ROWS = [name for name in CHECKED if not name.endswith(":*") and MATRIX[name].method == "get"]


def _identifiers() -> list[re.Pattern]:
    patterns = []
    for p in Participant.objects.all():
        if p.first_name:
            patterns.append(re.compile(rf"\b{re.escape(p.first_name)}\b"))
        if p.personal_identity_number:
            patterns.append(re.compile(re.escape(p.pnr_formatted)))
            patterns.append(re.compile(rf"\b{re.escape(p.personal_identity_number)}\b"))
    return patterns


def _text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # binary (xlsx, pdf): checked by the export tests


@pytest.mark.django_db
def test_no_page_shows_personal_data_without_an_access_log_row(client):
    world = build_world()
    for extend in _extenders():
        extend(world)
    identifiers = _identifiers()
    assert identifiers
    unlogged, shown = [], 0
    for name in GET_ROWS:
        row = MATRIX[name]
        url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
        for actor in ACTORS:
            if actor == "anon":
                continue
            user = world.users[actor]
            client.force_login(user)
            before = AccessLog.objects.filter(user_id=user.pk, outcome=AccessLog.Outcome.ALLOWED).count()
            response = client.get(url)
            if response.status_code != 200:
                continue
            text = _text(response)
            if not any(p.search(text) for p in identifiers):
                continue
            shown += 1
            after = AccessLog.objects.filter(user_id=user.pk, outcome=AccessLog.Outcome.ALLOWED).count()
            if after == before:
                unlogged.append(f"{name} as {actor}")
    assert shown > 10, "the crawl found pages with personal data"
    assert not unlogged, f"pages that show personal data without an access-log row: {unlogged}"
