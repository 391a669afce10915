"""Edit and action pages name their object in the title: the participant, as the role may see them."""

import re

import pytest
from django.urls import reverse

from participants.selectors import display_name
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match is not None, "the page has a <title>"
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("url_name", "on", "action"),
    [
        ("participants:edit", "participant", "Ändra deltagare"),
        ("participants:consent_create", "participant", "Registrera samtycke"),
        ("participants:referral_create", "participant", "Ny anvisning"),
        ("participants:placement_edit", "placement", "Ändra arbetsträningsplats"),
        ("participants:pause_create", "placement", "Registrera uppehåll"),
        ("participants:step_create", "placement", "Nytt steg i sysselsättningsgrad"),
    ],
)
def test_an_action_page_title_names_the_action_and_the_participant(client, setup, url_name, on, action):
    participant = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=participant, partnership=setup.partnership, organisation=setup.partner)
    placement = PlacementFactory(
        participant=participant,
        partnership=setup.partnership,
        work_area=setup.work_area,
        supervisor=setup.supervisor,
    )
    client.force_login(setup.ams)
    pk = participant.pk if on == "participant" else placement.pk
    response = client.get(reverse(url_name, args=[pk]))
    assert response.status_code == 200
    title = _title(response)
    assert title == f"{action} – {display_name(participant, setup.ams)} – Malmö stad"


def test_the_new_participant_page_has_no_object_to_name(client, setup):
    client.force_login(setup.ams)
    assert _title(client.get(reverse("participants:create"))) == "Ny deltagare – Malmö stad"
