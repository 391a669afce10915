"""The create / edit / delete pages of every part of a partnership (goals, budget, meetings, …)."""

import pytest
from django.urls import reverse

from iop.views.items import KINDS_BY_NAME
from tests.access.iop import NOT_DELETABLE, PART_KINDS

pytestmark = pytest.mark.django_db


def _party(w):
    return w.partnership.parties.get(organisation=w.partner)


def valid_data(kind: str, w) -> dict:
    """A valid POST for creating one part of the world's partnership."""
    party = _party(w)
    return {
        "period": lambda: {
            "kind": "extension",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "approved_on": "2025-09-01",
        },
        "amendment": lambda: {
            "date": "2025-05-01",
            "title": "Utökad öppettid",
            "text": "Verksamheten har öppet även lördagar.",
            **{f"approved_{pp.pk}": "2025-05-02" for pp in w.partnership.parties.all()},
        },
        "work_area": lambda: {"name": "Matmissionen", "description": "Butik"},
        "contact": lambda: {"party": party.pk, "name": "Alex Exempel", "title": "Chef"},
        "forum_criterion": lambda: {"criterion": "programme", "answer": "yes", "note": "Ja"},
        "goal": lambda: {
            "indicator": "custom",
            "title": "Nytt mål",
            "target_value": "10",
            "unit": "count",
            "target_basis": "year",
            "aggregation": "sum",
            "direction": "higher",
            "judging": "pro_rata",
            "order": "1",
        },
        "budget_line": lambda: {
            "year": "2025",
            "category": "other",
            "description": "Material",
            "amount": "1234.50",
        },
        "in_kind": lambda: {"year": "2025", "description": "El"},
        "other_funding": lambda: {
            "year": "2025",
            "funder": "Arvsfonden",
            "activity": "Språkcafé",
            "amount": "5000",
            "overlaps_partnership": "on",
        },
        "staff": lambda: {
            "user": w.users["ekonomi"].pk,
            "role": "administrator",
            "fte": "0.10",
            "confidentiality_signed_on": "2025-01-10",
            "active": "on",
        },
        "steering_member": lambda: {"party": party.pk, "name": "Robin Ledamot", "function": "Chef"},
        "meeting": lambda: {
            "kind": "steering",
            "date": "2025-06-01",
            "held": "on",
            "convened_by": w.partner.pk,
            "attendees": [w.users["styrgrupp"].pk],
            "agenda": "1. Läget",
        },
        "action_point": lambda: {
            "meeting": w.parts["meeting"].pk,
            "kind": "action",
            "text": "Ny åtgärd",
            "due_date": "2025-06-30",
            "status": "open",
            "concerns": f"goal-{w.parts['goal'].pk}",
        },
    }[kind]()


def edit_data(kind: str, w) -> dict:
    if kind == "period":
        return {"kind": "original", "start": "2025-01-01", "end": "2025-11-30"}
    return valid_data(kind, w)


# kind → (bad POST changes, Swedish message expected at the field)
BAD_INPUT = {
    "period": (
        {"start": "2026-01-01", "end": "2025-12-01"},
        "Periodens slut kan inte ligga före dess start.",
    ),
    "amendment": ({"title": ""}, "Detta fält måste fyllas i."),
    "work_area": ({"name": "REMAKE"}, "Det finns redan en verksamhet med det namnet."),
    "contact": ({"name": ""}, "Detta fält måste fyllas i."),
    "forum_criterion": ({"criterion": "initiative"}, "finns redan"),
    "goal": ({"target_value": "-1"}, "Beloppet får inte vara negativt."),
    "budget_line": ({"amount": "-5"}, "Beloppet får inte vara negativt."),
    "in_kind": ({"estimated_value": "-1"}, "Beloppet får inte vara negativt."),
    "other_funding": ({"amount": "-0.01"}, "Beloppet får inte vara negativt."),
    "staff": ({"fte": "-1"}, "Beloppet får inte vara negativt."),
    "steering_member": ({"name": ""}, "Ange namn eller välj en användare."),
    "meeting": ({"date": ""}, "Detta fält måste fyllas i."),
    "action_point": ({"followed_up_at": "MEETING"}, "Uppföljningen ska ske vid ett senare möte."),
}


def _count(kind, w) -> int:
    return KINDS_BY_NAME[kind].queryset(w.partnership).count()


def _create_url(kind, w):
    return reverse(f"iop:{kind}_create", kwargs={"pk": w.partnership.pk})


def _edit_url(kind, w):
    return reverse(f"iop:{kind}_edit", kwargs={"pk": w.partnership.pk, "item_pk": w.parts[kind].pk})


@pytest.mark.parametrize("kind", PART_KINDS)
def test_coordinator_creates_a_part(kind, world, coordinator_client):
    before = _count(kind, world)
    response = coordinator_client.post(_create_url(kind, world), valid_data(kind, world))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].startswith(reverse("iop:partnership_detail", args=[world.partnership.pk]))
    assert _count(kind, world) == before + 1


@pytest.mark.parametrize("kind", PART_KINDS)
def test_create_form_renders_for_the_coordinator(kind, world, coordinator_client):
    response = coordinator_client.get(_create_url(kind, world))
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content


@pytest.mark.parametrize("kind", PART_KINDS)
def test_coordinator_edits_a_part(kind, world, coordinator_client):
    before = _count(kind, world)
    response = coordinator_client.post(_edit_url(kind, world), edit_data(kind, world))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _count(kind, world) == before
    item = KINDS_BY_NAME[kind].model.objects.get(pk=world.parts[kind].pk)
    field, value = next(
        iter(
            (k, v)
            for k, v in edit_data(kind, world).items()
            if k in {"name", "title", "text", "end", "description", "criterion", "role", "date", "funder"}
        )
    )
    assert str(getattr(item, field)) == value


@pytest.mark.parametrize("kind", PART_KINDS)
def test_bad_input_is_refused_with_a_swedish_message_and_nothing_is_saved(kind, world, coordinator_client):
    changes, message = BAD_INPUT[kind]
    data = {**valid_data(kind, world), **changes}
    if data.get("followed_up_at") == "MEETING":
        data["followed_up_at"] = world.parts["meeting"].pk
    before = _count(kind, world)
    response = coordinator_client.post(_create_url(kind, world), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _count(kind, world) == before


@pytest.mark.parametrize("kind", PART_KINDS)
def test_other_methods_are_not_allowed(kind, world, coordinator_client):
    assert coordinator_client.put(_create_url(kind, world)).status_code == 405
    assert coordinator_client.delete(_edit_url(kind, world)).status_code == 405


@pytest.mark.parametrize("kind", PART_KINDS)
def test_anonymous_users_are_sent_to_login_and_nothing_is_saved(kind, world, client):
    before = _count(kind, world)
    response = client.post(_create_url(kind, world), valid_data(kind, world))
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]
    assert _count(kind, world) == before


@pytest.mark.parametrize("kind", PART_KINDS)
@pytest.mark.parametrize("actor", ["ams", "handledare", "styrgrupp", "ekonomi", "attestant", "superuser"])
def test_other_roles_cannot_create_parts(kind, actor, world, client):
    client.force_login(world.users[actor])
    before = _count(kind, world)
    assert client.post(_create_url(kind, world), valid_data(kind, world)).status_code == 403
    assert _count(kind, world) == before


@pytest.mark.parametrize("kind", PART_KINDS)
def test_a_part_is_only_reachable_through_its_own_partnership(kind, world, coordinator_client):
    from tests.factories import PartnershipFactory

    other = PartnershipFactory()
    url = reverse(f"iop:{kind}_edit", kwargs={"pk": other.pk, "item_pk": world.parts[kind].pk})
    assert coordinator_client.get(url).status_code == 404


@pytest.mark.parametrize("kind", [k for k in PART_KINDS if k not in NOT_DELETABLE])
def test_delete_asks_for_confirmation_and_deletes_on_post(kind, world, coordinator_client):
    url = reverse(f"iop:{kind}_delete", kwargs={"pk": world.partnership.pk, "item_pk": world.parts[kind].pk})
    before = _count(kind, world)
    assert coordinator_client.get(url).status_code == 200
    assert _count(kind, world) == before
    assert coordinator_client.post(url).status_code == 302
    assert _count(kind, world) == before - 1


def test_delete_is_refused_to_other_roles(world, client):
    client.force_login(world.users["styrgrupp"])
    url = reverse("iop:goal_delete", kwargs={"pk": world.partnership.pk, "item_pk": world.parts["goal"].pk})
    before = _count("goal", world)
    assert client.post(url).status_code == 403
    assert _count("goal", world) == before


def test_action_point_links_to_the_goal_it_concerns(world, coordinator_client):
    coordinator_client.post(_create_url("action_point", world), valid_data("action_point", world))
    from iop.models import ActionPoint

    point = ActionPoint.objects.get(text="Ny åtgärd")
    assert point.concerns == world.parts["goal"]
    page = coordinator_client.get(reverse("iop:partnership_detail", args=[world.partnership.pk]))
    assert "gäller: 72 deltagare" in page.content.decode()


def test_double_funding_is_flagged_on_the_partnership_page(world, coordinator_client):
    coordinator_client.post(_create_url("other_funding", world), valid_data("other_funding", world))
    page = coordinator_client.get(reverse("iop:partnership_detail", args=[world.partnership.pk]))
    assert "dubbelfinansiering" in page.content.decode()


def test_deleting_a_work_area_in_use_is_refused_with_a_message(world, coordinator_client):
    from participants.tests.factories import PlacementFactory

    PlacementFactory(partnership=world.partnership, work_area=world.work_area)
    url = reverse("iop:work_area_delete", kwargs={"pk": world.partnership.pk, "item_pk": world.work_area.pk})
    response = coordinator_client.post(url)
    assert response.status_code == 409
    assert response.context["protected"] is True
    from iop.models import WorkArea

    assert WorkArea.objects.filter(pk=world.work_area.pk).exists()
