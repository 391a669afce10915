"""The partnership's risk register (riskregister): the coordinator keeps it, the steering group reads it; a
risk's level is likelihood × consequence; a risk is closed, never deleted, and its history is kept."""

import pytest
from django.urls import reverse

from iop.history import partnership_history
from iop.models import Risk
from iop.models.risk import level_band, risk_level
from iop.roles import Role
from tests.factories import OrganisationFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_register(world):
    """The access-test world holds a risk (tests/access/iop_risks.py); these tests start from none."""
    Risk.objects.all().delete()


def _list(world) -> str:
    return reverse("iop:risk_list", kwargs={"pk": world.partnership.pk})


def _create(world) -> str:
    return reverse("iop:risk_create", kwargs={"pk": world.partnership.pk})


def _edit(world, risk) -> str:
    return reverse("iop:risk_edit", kwargs={"pk": world.partnership.pk, "risk_pk": risk.pk})


def _data(world, **over) -> dict:
    data = {
        "description": "Att projektet inte anvisas deltagare i tillräcklig grad",
        "likelihood": "3",
        "consequence": "5",
        "measure": "Projektledningen säkerställer flödet av deltagare.",
        "owner": world.users["styrgrupp"].username,
        "status": "open",
    }
    return {**data, **over}


def _risk(world, text="Risk", likelihood=2, consequence=2, status=Risk.Status.OPEN) -> Risk:
    return Risk.objects.create(
        partnership=world.partnership,
        description=text,
        likelihood=likelihood,
        consequence=consequence,
        status=status,
    )


# --- level ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "consequence", "level", "band"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (5, 5, 25, "high"),
    ],
)
def test_the_level_is_likelihood_times_consequence_in_three_bands(likelihood, consequence, level, band):
    assert risk_level(likelihood, consequence) == level
    assert level_band(level) == band


# --- create and edit -----------------------------------------------------------------------------


def test_the_coordinator_registers_a_risk_with_a_typed_owner(world, coordinator_client):
    page = coordinator_client.get(_create(world)).content.decode()
    lookup = reverse("iop:party_user_lookup", kwargs={"pk": world.partnership.pk})
    assert f'data-lookup-url="{lookup}"' in page
    response = coordinator_client.post(_create(world), _data(world))
    assert response.status_code == 302 and response["Location"] == _list(world)
    risk = Risk.objects.get(partnership=world.partnership, description__startswith="Att projektet")
    assert (risk.level, risk.level_band, risk.owner) == (15, "high", world.users["styrgrupp"])
    assert risk.history.get().history_user == world.users["samordnare"]


def test_closing_a_risk_keeps_it_and_its_history(world, coordinator_client):
    risk = _risk(world, "Vakanser tar tid att ersätta")
    response = coordinator_client.post(
        _edit(world, risk), _data(world, description=risk.description, status="closed")
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == Risk.Status.CLOSED
    assert [h.status for h in risk.history.order_by("history_date")] == ["open", "closed"]
    entry = next(
        e for e in partnership_history(world.partnership) if e.label == risk.description and e.changes
    )
    assert any(c.field == "status" and c.old == "Öppen" and c.new == "Stängd" for c in entry.changes)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("likelihood", "7", "Välj ett giltigt alternativ. 7 finns inte bland tillgängliga alternativ."),
        ("consequence", "0", "Välj ett giltigt alternativ. 0 finns inte bland tillgängliga alternativ."),
        ("description", "", "Detta fält måste fyllas i."),
        (
            "status",
            "deleted",
            "Välj ett giltigt alternativ. deleted finns inte bland tillgängliga alternativ.",
        ),
        ("owner", "nobody", "Ingen användare med det användarnamnet. Välj ett namn i listan."),
        ("measure", "å" * 4001, "Högst 4000 tecken – texten har 4001. Korta den och spara igen."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(
    world, coordinator_client, field, value, message
):
    response = coordinator_client.post(_create(world), _data(world, **{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Risk.objects.filter(description__startswith="Att projektet").exists()


def test_an_owner_outside_the_partnerships_parties_is_refused(world, coordinator_client):
    outsider = UserFactory(organisation=OrganisationFactory(), roles=[Role.STYRGRUPP])
    response = coordinator_client.post(_create(world), _data(world, owner=outsider.username))
    assert response.status_code == 400 and "owner" in response.context["form"].errors
    assert not Risk.objects.exists()


def test_a_bad_edit_leaves_the_risk_as_it_was(world, coordinator_client):
    risk = _risk(world, "Arbetsgivare tappar intresse", likelihood=2, consequence=3)
    response = coordinator_client.post(_edit(world, risk), _data(world, likelihood="9", consequence="5"))
    assert response.status_code == 400
    risk.refresh_from_db()
    assert (risk.description, risk.likelihood, risk.consequence) == ("Arbetsgivare tappar intresse", 2, 3)
    assert risk.history.count() == 1


def test_the_pages_refuse_other_methods(world, coordinator_client):
    risk = _risk(world)
    assert coordinator_client.post(_list(world)).status_code == 405
    assert coordinator_client.delete(_edit(world, risk)).status_code == 405
    assert coordinator_client.put(_create(world)).status_code == 405
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_a_risk_of_another_partnership_is_not_found(world, coordinator_client):
    other = _risk(world)
    from tests.factories import PartnershipFactory

    elsewhere = PartnershipFactory()
    url = reverse("iop:risk_edit", kwargs={"pk": elsewhere.pk, "risk_pk": other.pk})
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, _data(world)).status_code == 404


# --- who may read -------------------------------------------------------------------------------


def test_the_steering_group_reads_the_register_without_edit_links(world, client):
    risk = _risk(world, "Bemanningen hotas")
    client.force_login(world.users["styrgrupp"])
    response = client.get(_list(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bemanningen hotas" in html and _edit(world, risk) not in html and _create(world) not in html
    assert client.post(_create(world), _data(world)).status_code == 403
    assert client.post(_edit(world, risk), _data(world)).status_code == 403
    assert Risk.objects.get(pk=risk.pk).description == "Bemanningen hotas"


def test_a_steering_group_member_of_another_partnership_gets_404(world, client):
    outsider = UserFactory(organisation=OrganisationFactory(), roles=[Role.STYRGRUPP])
    client.force_login(outsider)
    assert client.get(_list(world)).status_code == 404


def test_a_party_user_without_a_steering_role_gets_403(world, client):
    client.force_login(world.users["handledare"])
    assert client.get(_list(world)).status_code == 403
    client.logout()
    assert client.get(_list(world)).status_code == 302


def test_the_register_is_a_page_under_uppfoljning_in_the_hub(world, coordinator_client):
    html = coordinator_client.get(_list(world)).content.decode()
    assert f'href="{_list(world)}" aria-current="page">Risker<' in html


# --- list: order, filter, search, pagination ----------------------------------------------------


def test_the_list_shows_the_highest_level_first_and_filters(world, coordinator_client):
    _risk(world, "Låg", 1, 2)
    _risk(world, "Hög", 4, 5)
    _risk(world, "Medel", 2, 3)
    _risk(world, "Stängd", 5, 5, status=Risk.Status.CLOSED)
    page = coordinator_client.get(_list(world)).context["page"]
    assert [r.description for r in page] == ["Stängd", "Hög", "Medel", "Låg"]
    page = coordinator_client.get(_list(world), {"status": "open"}).context["page"]
    assert [r.description for r in page] == ["Hög", "Medel", "Låg"]
    page = coordinator_client.get(_list(world), {"q": "med"}).context["page"]
    assert [r.description for r in page] == ["Medel"]


def test_a_bad_filter_is_refused_at_the_field(world, coordinator_client):
    response = coordinator_client.get(_list(world), {"status": "borta", "q": "x" * 101})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["status"] == [
        "Välj ett giltigt alternativ. borta finns inte bland tillgängliga alternativ."
    ]
    assert errors["q"] == ["Högst 100 tecken – texten har 101. Korta den och spara igen."]


def test_the_list_is_paginated(world, coordinator_client):
    for i in range(30):
        _risk(world, f"Risk {i:02}")
    first = coordinator_client.get(_list(world)).context["page"]
    second = coordinator_client.get(_list(world), {"page": 2}).context["page"]
    assert (len(first), len(second), first.paginator.count) == (25, 5, 30)


@pytest.mark.parametrize("n", [1, 30])
def test_the_list_uses_a_constant_number_of_queries(world, coordinator_client, django_assert_num_queries, n):
    owner = world.users["styrgrupp"]
    for i in range(n):
        Risk.objects.create(
            partnership=world.partnership, description=f"Risk {i}", likelihood=2, consequence=3, owner=owner
        )
    coordinator_client.get(_list(world))  # warm the session
    with django_assert_num_queries(5):  # session, user with roles, partnership, count, page with owners
        assert coordinator_client.get(_list(world)).status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_the_edit_page_uses_a_constant_number_of_queries(
    world, coordinator_client, django_assert_num_queries, n
):
    for i in range(n):
        _risk(world, f"Risk {i}")
    risk = Risk.objects.first()
    coordinator_client.get(_edit(world, risk))
    with django_assert_num_queries(4):  # session, user with roles, partnership, the risk with its owner
        assert coordinator_client.get(_edit(world, risk)).status_code == 200


def test_a_party_user_can_be_the_owner(world, coordinator_client):
    partner_user = UserFactory(organisation=world.partner, roles=[Role.HANDLEDARE])
    response = coordinator_client.post(_create(world), _data(world, owner=partner_user.username))
    assert response.status_code == 302
    assert Risk.objects.get().owner == partner_user


def test_a_user_of_a_new_party_is_offered(world, coordinator_client):
    org = OrganisationFactory()
    PartyFactory(partnership=world.partnership, organisation=org)
    user = UserFactory(organisation=org, username="ny_part")
    found = coordinator_client.get(
        reverse("iop:party_user_lookup", kwargs={"pk": world.partnership.pk}), {"q": "ny_part"}
    ).json()
    assert [r["value"] for r in found["results"]] == [user.username]
