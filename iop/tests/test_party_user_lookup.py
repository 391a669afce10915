"""The parts' user fields (steering-group member, action point owner) are typed with suggestions from the
partnership's parties, never a dropdown of every user of the city's party."""

from django.urls import reverse

from iop.models.steering import SteeringGroupMember
from tests.factories import UserFactory


def _lookup(world) -> str:
    return reverse("iop:party_user_lookup", kwargs={"pk": world.partnership.pk})


def test_the_steering_member_form_types_the_user_and_lists_no_users(world, coordinator_client):
    url = reverse("iop:steering_member_create", kwargs={"pk": world.partnership.pk})
    html = coordinator_client.get(url).content.decode()
    assert f'data-lookup-url="{_lookup(world)}"' in html and "user-lookup.js" in html
    assert f'<option value="{world.users["styrgrupp"].pk}"' not in html
    party = world.partnership.parties.first()
    member = {"party": party.pk, "user": world.users["styrgrupp"].username, "function": "Ledamot"}
    assert coordinator_client.post(url, member).status_code == 302
    saved = SteeringGroupMember.objects.get(partnership=world.partnership, user=world.users["styrgrupp"])
    edit = reverse("iop:steering_member_edit", kwargs={"pk": world.partnership.pk, "item_pk": saved.pk})
    assert f'value="{world.users["styrgrupp"].username}"' in coordinator_client.get(edit).content.decode()


def test_a_user_outside_the_parties_is_a_clear_error_at_the_field(world, coordinator_client):
    outsider = UserFactory()
    url = reverse("iop:steering_member_create", kwargs={"pk": world.partnership.pk})
    party = world.partnership.parties.first()
    response = coordinator_client.post(url, {"party": party.pk, "user": outsider.username})
    assert response.status_code == 400
    assert response.context["form"].errors["user"] == [
        "Ingen användare med det användarnamnet. Välj ett namn i listan."
    ]
    assert not SteeringGroupMember.objects.filter(user=outsider).exists()


def test_the_action_point_owner_is_typed(world, coordinator_client):
    point = world.parts["action_point"]
    url = reverse("iop:action_point_edit", kwargs={"pk": world.partnership.pk, "item_pk": point.pk})
    data = {"meeting": point.meeting_id, "kind": "action", "text": "Följ upp", "status": "open"}
    response = coordinator_client.post(url, {**data, "owner": world.users["handledare"].username})
    assert response.status_code == 302, response.content.decode()[:2000]
    point.refresh_from_db()
    assert point.owner == world.users["handledare"]


def test_the_lookup_suggests_only_users_of_the_partnerships_parties(world, coordinator_client):
    outsider = UserFactory(first_name="Styrbjörn")
    found = coordinator_client.get(_lookup(world), {"q": world.users["styrgrupp"].username}).json()
    assert world.users["styrgrupp"].username in [r["value"] for r in found["results"]]
    assert coordinator_client.get(_lookup(world), {"q": outsider.username}).json() == {"results": []}
    assert coordinator_client.post(_lookup(world), {"q": "ab"}).status_code == 405
    missing = reverse("iop:party_user_lookup", kwargs={"pk": 999999})
    assert coordinator_client.get(missing, {"q": "ab"}).status_code == 404
