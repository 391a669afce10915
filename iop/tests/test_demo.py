"""`seed_demo`: the reference partnership as the agreement states it (acceptance 1), the other partnerships of
seeds 001 and 004, idempotent."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from iop.demo import STADSMISSION_CASE
from iop.models import ActionPoint, Meeting, Organisation, Partnership, StaffMember, SteeringGroupMember, User
from iop.validators import validate_case_number, validate_org_number

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


@pytest.fixture
def seeded():
    call_command("seed_demo", "--demo-users", verbosity=0)


def test_the_coordinator_sees_the_stadsmission_agreement_as_seed_000_states_it(client, seeded):
    assert client.login(username="samordnare", password="demo")
    p = Partnership.objects.get(case_number=STADSMISSION_CASE)
    response = client.get(reverse("iop:partnership_detail", args=[p.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="value">24</div><div class="label">platser samtidigt</div>' in html
    assert '<div class="value">72</div><div class="label">platser per år</div>' in html
    assert '<div class="value">4 mån</div><div class="label">längsta placering</div>' in html
    assert f"1{NBSP}926{NBSP}637{NBSP}kr" in html
    assert "Sista dag att godkänna förlängning" in html
    assert "2025-09-30" in html
    for area in [
        "Insamling och produktion",
        "REMAKE av Stadsmissionen",
        "Matmissionen",
        "Stadsmissionen Secondhand",
    ]:
        assert area in html


def test_the_list_shows_every_labour_market_partnership(client, seeded):
    client.login(username="samordnare", password="demo")
    response = client.get(reverse("iop:partnership_list"))
    html = response.content.decode()
    for case in [
        "ASN-2024-1234",
        "ASN-2018-5351",
        "ASN-2017-8596",
        "ASN-2018-4475",
        "ASN-2017-349",
        "GYVF-2017-296",
    ]:
        assert case in html


def test_seeds_001_and_004_partnerships_are_there_with_their_facts(seeded):
    yalla = Partnership.objects.get(case_number="ASN-2018-5351")
    assert yalla.title == "Y-allas väg till arbete 2.0"
    assert yalla.places_per_year == 48
    assert {str(line.amount) for line in yalla.budget_lines.all()} == {"2490604.00"}
    assert sorted(line.year for line in yalla.budget_lines.all()) == [2019, 2020]
    uvas = Partnership.objects.get(case_number="ASN-2017-349")
    assert uvas.parties.count() == 7
    assert uvas.status == Partnership.Status.ENDED
    ended = set(Partnership.objects.filter(status="ended").values_list("case_number", flat=True))
    assert {"GYVF-2017-296", "ASN-2017-8595", "GYVF-2017-295", "ASN-2017-349"} <= ended
    assert Partnership.objects.get(case_number="ASN-2018-4475").periods.filter(kind="extension").count() == 2


def test_demo_identifiers_are_valid(seeded):
    for org in Organisation.objects.all():
        validate_org_number(org.org_number)
    for case in Partnership.objects.values_list("case_number", flat=True):
        validate_case_number(case)


def test_the_stadsmission_steering_group_meets_and_follows_up(seeded):
    p = Partnership.objects.get(case_number=STADSMISSION_CASE)
    parties = set(
        SteeringGroupMember.objects.filter(partnership=p).values_list("party__organisation__name", flat=True)
    )
    assert len(parties) == 2
    meetings = Meeting.objects.filter(partnership=p, date__year=2025)
    assert meetings.filter(held=True).count() == 3
    assert meetings.filter(held=False).count() == 1
    assert ActionPoint.objects.filter(meeting__partnership=p, status="open").exists()
    assert ActionPoint.objects.filter(meeting__partnership=p).exclude(concerns_id=None).count() == 2
    supervisors = StaffMember.objects.filter(partnership=p, role="supervisor")
    assert supervisors.count() == 3
    assert p.forum_criteria.count() == 7


def test_extra_supervisors_log_in_with_the_demo_password_and_have_email(client, seeded):
    user = User.objects.get(username="handledare2")
    assert user.email
    assert client.login(username="handledare3", password="demo")


def test_seed_demo_is_idempotent(seeded):
    counts = [m.objects.count() for m in (Partnership, Organisation, Meeting, ActionPoint, StaffMember, User)]
    call_command("seed_demo", "--demo-users", verbosity=0)
    assert [
        m.objects.count() for m in (Partnership, Organisation, Meeting, ActionPoint, StaffMember, User)
    ] == counts


def test_without_demo_users_no_logins_are_created(settings):
    settings.DEBUG = False
    call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
    assert Partnership.objects.filter(case_number=STADSMISSION_CASE).exists()
