"""Page titles name the talk kind and the participant; the placement page links only what the role may use."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from followup.models import SelfAssessment, Talk
from participants.tests.factories import end_reason


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match is not None, "the page has a <title>"
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Talk.Kind.SUPERVISION_TALK, "Nytt handledningssamtal"),
        (Talk.Kind.START_MEETING, "Nytt uppstartsmöte"),
        (Talk.Kind.EXIT_MEETING, "Nytt avslutningsmöte"),
        (Talk.Kind.OTHER, "Nytt samtal"),
    ],
)
def test_the_new_talk_page_title_names_the_kind_and_the_participant(client, fu, kind, expected):
    placement = fu.placement()
    client.force_login(fu.supervisor)
    response = client.get(reverse("followup:talk_create", args=[placement.pk, kind]))
    assert response.status_code == 200
    title = _title(response)
    assert title.startswith(f"{expected} – ")
    assert placement.participant.first_name in title
    assert f'<h1 class="h4">{expected} ' in response.content.decode()


def test_the_talk_correction_page_title_names_the_kind(client, fu):
    from followup.tests.factories import TalkFactory

    placement = fu.placement()
    talk = TalkFactory(placement=placement, kind=Talk.Kind.FOLLOWUP_MEETING)
    client.force_login(fu.ams)
    response = client.get(reverse("followup:talk_edit", args=[talk.pk]))
    assert response.status_code == 200
    assert _title(response).startswith("Rätta uppföljningsmöte – ")


def test_the_assessment_and_exit_followup_titles_name_the_occasion(client, fu):
    placement = fu.placement(
        start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work")
    )
    client.force_login(fu.ams)
    response = client.get(reverse("followup:assessment", args=[placement.pk, "start", "participant"]))
    assert _title(response).startswith("Deltagarens självskattning (start) – ")
    response = client.get(reverse("followup:exit_followup", args=[placement.pk, 6]))
    assert _title(response).startswith("Uppföljning 6 månader efter avslut – ")


@pytest.mark.parametrize(
    ("who", "editable"),
    [
        ("supervisor", {SelfAssessment.Kind.PARTICIPANT, SelfAssessment.Kind.SUPERVISOR}),
        ("ams", {SelfAssessment.Kind.PARTICIPANT, SelfAssessment.Kind.CASE_OFFICER}),
        ("coordinator", set(SelfAssessment.Kind.values)),
    ],
)
def test_the_placement_page_links_only_the_assessments_the_role_may_fill_in(client, fu, who, editable):
    placement = fu.placement()
    client.force_login(getattr(fu, who))
    html = client.get(reverse("followup:placement", args=[placement.pk])).content.decode()
    hrefs = re.findall(r'href="([^"]*)"', html)
    linked = {
        kind
        for kind in SelfAssessment.Kind.values
        for occasion in SelfAssessment.Occasion.values
        if reverse("followup:assessment", args=[placement.pk, occasion, kind]) in hrefs
    }
    assert linked == editable
    # Every assessment link the page shows answers 200 for this role.
    for kind in linked:
        for occasion in SelfAssessment.Occasion.values:
            url = reverse("followup:assessment", args=[placement.pk, occasion, kind])
            assert client.get(url).status_code == 200, url
    # The other role's assessments are still shown (as status, not as a link).
    assert html.count("ej ifylld") == len(SelfAssessment.Kind.values) * len(SelfAssessment.Occasion.values)
