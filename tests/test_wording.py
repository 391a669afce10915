"""Swedish wording: "Fakturautkast", the access log in words and full names, the seller
beside each invoice number, no required asterisk on the personnummer search."""

import pytest
from django.urls import reverse

from participants.access_log import log_access
from participants.models import AccessLog


def test_a_draft_invoice_is_called_fakturautkast(world):
    assert str(world.invoice_draft) == "Fakturautkast"
    assert str(world.invoice) == "Faktura utan nummer (ges vid attest)"  # submitted: numbered at approval
    assert str(world.invoice_approved) == f"Faktura {world.invoice_approved.display_number}"


def test_the_edit_page_of_a_draft_says_fakturautkast(client, world):
    client.force_login(world.users["ekonomi"])
    html = client.get(reverse("invoicing:detail", kwargs={"pk": world.invoice_draft.pk})).content.decode()
    assert "Fakturautkast" in html
    assert "Faktura utkast" not in html


def test_the_access_log_shows_full_names_and_swedish_status_words(client, world):
    ams = world.users["ams"]
    ams.first_name, ams.last_name = "Anna", "Andersson"
    ams.save()
    log_access(
        request_or_user=ams,
        participant=world.participant.pk,
        action=AccessLog.Action.CHANGE,
        detail=f"anvisning {world.referral.pk} accepted",
    )
    client.force_login(world.users["samordnare"])
    html = client.get(reverse("participants:access_log")).content.decode()
    assert "Anna Andersson" in html
    assert f"anvisning {world.referral.pk} antagen" in html
    assert " accepted<" not in html


@pytest.mark.parametrize("actor", ["attestant", "samordnare"])
def test_every_invoice_number_in_the_list_has_its_seller_beside_it(client, world, actor):
    client.force_login(world.users[actor])
    response = client.get(reverse("invoicing:list"))
    rows = [r for r in response.content.decode().split("<tr>") if "/fakturor/" in r and "<td" in r]
    assert rows
    for row in rows:
        assert world.partner.name in row


def test_the_personnummer_search_has_no_required_asterisk_and_still_asks_for_a_number(client, world):
    client.force_login(world.users["ams"])
    response = client.get(reverse("participants:list"))
    form = response.context["pnr_form"]
    assert not form.fields["pnr"].required
    assert 'name="pnr"' in response.content.decode()
    empty = client.post(reverse("participants:list"), {"pnr": ""})
    assert empty.status_code == 400
    assert empty.context["pnr_form"].errors["pnr"]
