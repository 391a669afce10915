"""Malmökraften 2.0's demo risk register: the risks of seed 003's risk analysis, on the register page."""

import pytest
from django.urls import reverse

from iop import demo as iop_demo
from iop.demo.risks import MALMOKRAFTEN_RISKS
from iop.models import Partnership, Risk
from programmes import demo

pytestmark = pytest.mark.django_db


def test_the_demo_register_quotes_the_seeds_risks_once_and_lists_them_highest_first(client):
    iop_demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    partnership = Partnership.objects.get(case_number=demo.CASE_NUMBER)
    assert Risk.objects.filter(partnership=partnership).count() == len(MALMOKRAFTEN_RISKS)
    assert client.login(username="samordnare", password=iop_demo.DEMO_PASSWORD)
    page = client.get(reverse("iop:risk_list", args=[partnership.pk])).context["page"]
    assert [r.level for r in page] == [16, 15, 6]
    assert page[1].description == "Att projektet inte anvisas deltagare i tillräcklig grad"
