"""Organisations: list, create and edit by coordinators; organisation numbers are validated."""

import pytest
from django.urls import reverse

from iop.models import Organisation

pytestmark = pytest.mark.django_db


def data(**changes) -> dict:
    return {
        "name": "Föreningen Exempel",
        "org_number": "802479-0019",
        "kind": "non_profit",
        "city": "Malmö",
        **changes,
    }


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["samordnare"])
    return client


def test_coordinator_creates_an_organisation(coordinator):
    response = coordinator.post(reverse("iop:organisation_create"), data())
    assert response.status_code == 302
    assert Organisation.objects.filter(org_number="802479-0019").exists()


def test_an_organisation_number_without_hyphen_is_stored_with_one(coordinator):
    assert (
        coordinator.post(reverse("iop:organisation_create"), data(org_number="8024790019")).status_code == 302
    )
    assert Organisation.objects.filter(org_number="802479-0019").exists()


@pytest.mark.parametrize(
    "number,message",
    [
        ("8024790019X", "Ange organisationsnumret som NNNNNN-NNNN"),
        ("802479-001", "Ange organisationsnumret som NNNNNN-NNNN"),
        ("abc", "Ange organisationsnumret som NNNNNN-NNNN"),
        ("802479-0018", "Organisationsnumret har fel kontrollsiffra."),
        ("212000-1125", "Organisationsnumret har fel kontrollsiffra."),
    ],
)
def test_an_invalid_organisation_number_is_refused_in_swedish(coordinator, number, message):
    response = coordinator.post(reverse("iop:organisation_create"), data(org_number=number))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Föreningen Exempel").exists()


def test_coordinator_edits_an_organisation(coordinator, world):
    url = reverse("iop:organisation_edit", args=[world.partner.pk])
    response = coordinator.post(url, data(name="Nytt namn", org_number=world.partner.org_number))
    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.name == "Nytt namn"


def test_a_duplicate_organisation_number_is_refused(coordinator, world):
    response = coordinator.post(reverse("iop:organisation_create"), data(org_number=world.partner.org_number))
    assert response.status_code == 400
    assert Organisation.objects.filter(org_number=world.partner.org_number).count() == 1


def test_the_list_searches_by_name(coordinator, world):
    response = coordinator.get(reverse("iop:organisation_list"), {"q": "Testmissionen"})
    assert [o.name for o in response.context["page"]] == ["Stiftelsen Testmissionen"]


def test_organisation_forms_refuse_other_methods(coordinator, world):
    assert coordinator.put(reverse("iop:organisation_create")).status_code == 405
    assert coordinator.post(reverse("iop:organisation_list")).status_code == 405


def test_anonymous_users_are_sent_to_login(client):
    response = client.post(reverse("iop:organisation_create"), data())
    assert response.status_code == 302
    assert not Organisation.objects.filter(name="Föreningen Exempel").exists()


@pytest.mark.parametrize("actor", ["ams", "handledare", "styrgrupp", "ekonomi", "attestant", "superuser"])
def test_only_coordinators_manage_organisations(client, world, actor):
    client.force_login(world.users[actor])
    assert client.post(reverse("iop:organisation_create"), data()).status_code == 403
    assert not Organisation.objects.filter(name="Föreningen Exempel").exists()


def test_vat_status_vat_number_peppol_id_and_number_prefix_are_stored(coordinator):
    response = coordinator.post(
        reverse("iop:organisation_create"),
        data(
            vat_status="registered",
            vat_number="se 802479 0019 01",
            peppol_id="0007:8024790019",
            invoice_number_prefix="IOP-",
        ),
    )
    assert response.status_code == 302
    org = Organisation.objects.get(org_number="802479-0019")
    assert (org.vat_status, org.vat_number, org.peppol_id, org.invoice_number_prefix) == (
        "registered",
        "SE802479001901",
        "0007:8024790019",
        "IOP-",
    )
    assert org.endpoint == ("0007", "8024790019")


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"vat_status": "registered", "vat_number": ""}, "ska ha ett momsregistreringsnummer"),
        ({"vat_status": "registered", "vat_number": "SE8024790019"}, "SE följt av tolv siffror"),
        ({"vat_status": "registered", "vat_number": "SE802479001801"}, "fel kontrollsiffra"),
        ({"vat_status": "registered", "vat_number": "SE212000112401"}, "ska innehålla organisationsnumret"),
        ({"vat_status": "not_registered", "vat_number": "SE802479001901"}, "Välj Momsregistrerad"),
        ({"peppol_id": "8024790019"}, "Ange Peppol-id som schema:id"),
        ({"peppol_id": "0007:8024790018"}, "inte ett giltigt organisationsnummer"),
        ({"peppol_id": "0088:7300010000002"}, "inte ett giltigt GLN"),
        ({"invoice_number_prefix": "IOP 2025/"}, "bara innehålla bokstäverna"),
    ],
)
def test_invalid_vat_and_peppol_details_are_refused_in_swedish(coordinator, changes, message):
    response = coordinator.post(reverse("iop:organisation_create"), data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Föreningen Exempel").exists()
