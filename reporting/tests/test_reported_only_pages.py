"""A partnership followed up by reported figures only (no person-level data, e.g. a night shelter):
its page has no participant, queue, occupancy or progression links and no placement key figures; its
capacity is generic (bäddar)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, world, *, reported_only: bool) -> str:
    p = world.partnership
    p.reported_only = reported_only
    p.capacity_unit = "beds"
    p.places_at_once = 40
    p.save()
    client.force_login(world.users["samordnare"])
    response = client.get(reverse("iop:partnership_detail", kwargs={"pk": p.pk}))
    assert response.status_code == 200
    return response.content.decode()


def urls(world) -> list[str]:
    pk = world.partnership.pk
    return [
        reverse("participants:queue", args=[pk]),
        reverse("participants:occupancy", args=[pk]),
        reverse("followup:partnership_progression", args=[pk]),
    ]


def test_a_reported_only_partnerships_page_has_no_person_level_links_or_placement_figures(client, world):
    html = page(client, world, reported_only=True)
    for url in urls(world):
        assert f'href="{url}"' not in html
    assert "längsta placering" not in html and "platser samtidigt" not in html
    assert "kapacitet (bäddar)" in html


def test_a_partnership_with_participants_keeps_them(client, world):
    html = page(client, world, reported_only=False)
    # The hub's tabs: Kö and Beläggning (progression is a sub-page of Uppföljning/resultat).
    assert all(f'href="{url}"' in html for url in urls(world)[:2])
    assert "platser samtidigt" in html


def test_capacity_use_is_a_count_the_partner_reports(world):
    from django.core.exceptions import ValidationError

    from iop.models import Goal

    for kw in ({"indicator": "trained"}, {"indicator": "custom", "unit": "percent"}):
        with pytest.raises(ValidationError) as e:
            Goal(partnership=world.partnership, title="x", capacity_use=True, **kw).full_clean()
        assert "capacity_use" in e.value.message_dict
