"""Partnership list, page, create / edit with parties, and change history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from iop.models import Partnership, PartnershipParty
from tests.factories import (
    ActionPointFactory,
    BudgetLineFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartyFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db


def form_data(world, **changes) -> dict:
    data = {
        "case_number": "ASN-2025-0042",
        "title": "Arbetsträning i second hand",
        "area": "labour_market",
        "status": "draft",
        "places_at_once": "10",
        "places_per_year": "30",
        "max_months": "6",
        "extension_months": "12",
        "extension_notice_months": "3",
        "invoicing_frequency": "quarterly",
        "invoicing_method": "fixed_share",
        "capacity_unit": "places",
        "reporting_frequency": "quarterly",
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
        "parties-0-organisation": world.city.pk,
        "parties-0-role": "city",
        "parties-1-organisation": world.partner.pk,
        "parties-1-role": "non_profit",
        "parties-2-organisation": "",
        "parties-2-role": "non_profit",
    }
    data.update(changes)
    return data


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["samordnare"])
    return client


def test_coordinator_creates_a_partnership_with_its_parties(coordinator, world):
    response = coordinator.post(reverse("iop:partnership_create"), form_data(world))
    p = Partnership.objects.get(case_number="ASN-2025-0042")
    assert response.status_code == 302
    assert response["Location"] == reverse("iop:partnership_detail", args=[p.pk])
    assert {(x.organisation, x.role) for x in p.parties.all()} == {
        (world.city, "city"),
        (world.partner, "non_profit"),
    }


def test_a_partnership_with_seven_parties_can_be_registered(coordinator, world):
    orgs = [world.city] + [OrganisationFactory() for _ in range(6)]
    data = form_data(world, **{"parties-TOTAL_FORMS": "7"})
    for i, org in enumerate(orgs):
        data[f"parties-{i}-organisation"] = org.pk
        data[f"parties-{i}-role"] = "city" if i == 0 else "non_profit"
    assert coordinator.post(reverse("iop:partnership_create"), data).status_code == 302
    assert Partnership.objects.get(case_number="ASN-2025-0042").parties.count() == 7


def test_coordinator_edits_a_partnership_and_removes_a_party(coordinator, world):
    extra = OrganisationFactory()
    PartyFactory(partnership=world.partnership, organisation=extra)
    data = form_data(world, case_number=world.partnership.case_number, title="Nytt namn")
    response = coordinator.post(reverse("iop:partnership_edit", args=[world.partnership.pk]), data)
    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.title == "Nytt namn"
    assert not world.partnership.parties.filter(organisation=extra).exists()


@pytest.mark.parametrize(
    "case_number,message",
    [
        ("ASN-25-1", "Ange diarienumret som ASN-ÅÅÅÅ-NNNN"),
        ("XYZ-2025-1234", "Ange diarienumret som ASN-ÅÅÅÅ-NNNN"),
        ("ASN-1800-1234", "Diarienumrets år (1800) är inte rimligt."),
    ],
)
def test_an_invalid_case_number_is_refused_in_swedish(coordinator, world, case_number, message):
    response = coordinator.post(reverse("iop:partnership_create"), form_data(world, case_number=case_number))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Partnership.objects.filter(title="Arbetsträning i second hand").exists()


def test_a_duplicate_case_number_is_refused(coordinator, world):
    data = form_data(world, case_number=world.partnership.case_number)
    assert coordinator.post(reverse("iop:partnership_create"), data).status_code == 400
    assert Partnership.objects.filter(case_number=world.partnership.case_number).count() == 1


def test_a_partnership_needs_two_parties(coordinator, world):
    data = form_data(world, **{"parties-1-organisation": ""})
    response = coordinator.post(reverse("iop:partnership_create"), data)
    assert response.status_code == 400
    assert "Ett partnerskap har minst två parter." in response.content.decode()
    assert not Partnership.objects.filter(case_number="ASN-2025-0042").exists()


def test_negative_capacity_is_refused(coordinator, world):
    response = coordinator.post(reverse("iop:partnership_create"), form_data(world, places_per_year="-3"))
    assert response.status_code == 400
    assert not Partnership.objects.filter(case_number="ASN-2025-0042").exists()


def test_partnership_forms_refuse_other_methods(coordinator, world):
    assert coordinator.put(reverse("iop:partnership_create")).status_code == 405
    assert coordinator.delete(reverse("iop:partnership_edit", args=[world.partnership.pk])).status_code == 405


def test_anonymous_users_cannot_create_partnerships(client, world):
    response = client.post(reverse("iop:partnership_create"), form_data(world))
    assert response.status_code == 302
    assert not Partnership.objects.filter(case_number="ASN-2025-0042").exists()


@pytest.mark.parametrize("actor", ["ams", "handledare", "styrgrupp", "ekonomi", "attestant", "superuser"])
def test_only_coordinators_create_or_edit_partnerships(client, world, actor):
    client.force_login(world.users[actor])
    assert client.post(reverse("iop:partnership_create"), form_data(world)).status_code == 403
    edit = client.post(
        reverse("iop:partnership_edit", args=[world.partnership.pk]), form_data(world, title="X")
    )
    assert edit.status_code == 403
    assert Partnership.objects.filter(title="X").count() == 0


def test_the_list_filters_by_partner_organisation(coordinator, world):
    other = PartnershipFactory(title="Annat partnerskap")
    PartyFactory(partnership=other, organisation=OrganisationFactory(name="Annan förening"))
    response = coordinator.get(reverse("iop:partnership_list"), {"partner": world.partner.pk})
    titles = [p.title for p in response.context["page"]]
    assert titles == [world.partnership.title]


def test_the_list_searches_and_filters_by_status(coordinator, world):
    PartnershipFactory(title="Avslutat samarbete", status=Partnership.Status.ENDED)
    response = coordinator.get(reverse("iop:partnership_list"), {"q": "samarbete", "status": "ended"})
    assert [p.title for p in response.context["page"]] == ["Avslutat samarbete"]


def _many_partnerships(n: int, world) -> None:
    for _ in range(n):
        p = PartnershipFactory()
        PartyFactory(partnership=p, organisation=world.city, role=PartnershipParty.Role.CITY)
        PartyFactory(partnership=p)
        PeriodFactory(partnership=p)


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_uses_a_constant_number_of_queries(coordinator, world, django_assert_num_queries, n):
    _many_partnerships(n, world)
    coordinator.get(reverse("iop:partnership_list"))  # warm the session and user caches
    with django_assert_num_queries(8):  # the user's roles come with the user (iop.auth.RoleLoadingBackend)
        response = coordinator.get(reverse("iop:partnership_list"))
    assert response.status_code == 200


def _fill(p, n: int) -> None:
    """n rows in every list the page shows, each with the related rows it displays."""
    from iop.models import Amendment, AmendmentApproval, ContactPerson, SteeringGroupMember
    from tests.factories import GoalFactory, StaffFactory, UserFactory, WorkAreaFactory

    parties = list(p.parties.all())
    previous = None
    for i in range(n):
        BudgetLineFactory(partnership=p, description=f"Rad {i}", amount=Decimal("1000.00"))
        GoalFactory(partnership=p)
        WorkAreaFactory(partnership=p)
        StaffFactory(partnership=p)
        party = parties[i % len(parties)]
        ContactPerson.objects.create(party=party, name=f"Kontakt {i}")
        SteeringGroupMember.objects.create(partnership=p, party=party, user=UserFactory.create())
        meeting = MeetingFactory.create(
            partnership=p, date=dt.date(2025, 1, 1) + dt.timedelta(days=7 * i), convened_by=party.organisation
        )
        meeting.attendees.add(UserFactory.create())
        ActionPointFactory(meeting=meeting, owner=UserFactory(), followed_up_at=previous)
        previous = meeting
        amendment = Amendment.objects.create(
            partnership=p, date=meeting.date, title=f"Ändring {i}", text="Text"
        )
        AmendmentApproval.objects.create(amendment=amendment, party=party, approved_on=meeting.date)


# Fixed per request: session, user with its roles (one query, iop.auth.RoleLoadingBackend; the session is saved at most once a minute, not here).
# The page: the partnership, then one query per list (periods, parties, contacts, work areas, goals,
# budget lines, in-kind, other funding, staff, steering group, meetings, their action points and
# attendees, amendments and their approvals, Forum's criteria). The results table is a fragment loaded
# after the page (reporting:partnership_results_hx).
PARTNERSHIP_PAGE_QUERIES = 19
# The Dokument tab (amendments moved there from the partnership page): session and user, the
# partnership, its parties, amendments and their approvals, and the notification bell (the user's roles
# come with the user).
DOCUMENTS_PAGE_QUERIES = 6


@pytest.mark.parametrize("n", [1, 20])
def test_the_partnership_page_uses_a_constant_number_of_queries(
    coordinator, world, django_assert_num_queries, n
):
    _fill(world.partnership, n)
    ContentType.objects.clear_cache()
    url = reverse("iop:partnership_detail", args=[world.partnership.pk])
    coordinator.get(url)
    with django_assert_num_queries(PARTNERSHIP_PAGE_QUERIES):
        response = coordinator.get(url)
    assert response.status_code == 200
    assert len(response.context["open_points"]) == n + 1  # and the world's own action point
    content = response.content.decode()
    for shown in (f"Kontakt {n - 1}", f"Rad {n - 1}"):
        assert shown in content
    # The staff table's rows are built in the view (iop.views.partnerships._staff_rows).
    for staff in world.partnership.staff.select_related("user"):
        assert str(staff.user) in content
        assert reverse("iop:staff_edit", args=[world.partnership.pk, staff.pk]) in content


@pytest.mark.parametrize("n", [1, 20])
def test_the_documents_tab_lists_amendments_in_a_constant_number_of_queries(
    coordinator, world, django_assert_num_queries, n
):
    _fill(world.partnership, n)
    url = reverse("iop:partnership_documents", args=[world.partnership.pk])
    coordinator.get(url)
    with django_assert_num_queries(DOCUMENTS_PAGE_QUERIES):
        response = coordinator.get(url)
    assert response.status_code == 200
    assert f"Ändring {n - 1}" in response.content.decode()


def test_the_page_shows_the_extension_deadline_warning_when_it_has_passed(coordinator, world, settings):
    import time_machine

    with time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC)):
        content = coordinator.get(
            reverse("iop:partnership_detail", args=[world.partnership.pk])
        ).content.decode()
    assert "2025-09-30" in content
    assert "Passerad" in content


def test_the_page_warns_within_30_days_of_the_extension_deadline(coordinator, world):
    import time_machine

    with time_machine.travel(dt.datetime(2025, 9, 10, 12, tzinfo=dt.UTC)):
        content = coordinator.get(
            reverse("iop:partnership_detail", args=[world.partnership.pk])
        ).content.decode()
    assert "20 dagar kvar" in content
    assert "112 dagar kvar" in content  # of the agreement period


def test_the_page_counts_steering_meetings_held_this_agreement_year(coordinator, world):
    import time_machine

    MeetingFactory(partnership=world.partnership, date=dt.date(2025, 5, 1))
    MeetingFactory(partnership=world.partnership, date=dt.date(2025, 6, 1), held=False)
    MeetingFactory(partnership=world.partnership, date=dt.date(2025, 6, 2), kind="working")
    with time_machine.travel(dt.datetime(2025, 9, 10, 12, tzinfo=dt.UTC)):
        response = coordinator.get(reverse("iop:partnership_detail", args=[world.partnership.pk]))
    assert response.context["meetings_held"] == 2  # the world's meeting of 2025-03-01 and 2025-05-01
    assert "2 av 4" in response.content.decode()


def test_a_user_of_an_unrelated_organisation_cannot_see_the_page(client, world):
    from iop.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(organisation=OrganisationFactory(), roles=[Role.EKONOMI]))
    assert client.get(reverse("iop:partnership_detail", args=[world.partnership.pk])).status_code == 404


def test_the_history_shows_who_changed_what(coordinator, world):
    coordinator.post(
        reverse("iop:budget_line_edit", args=[world.partnership.pk, world.parts["budget_line"].pk]),
        {"year": "2025", "category": "other", "description": "Övrigt", "amount": "250.00"},
    )
    response = coordinator.get(reverse("iop:partnership_history", args=[world.partnership.pk]))
    entries = list(response.context["page"])
    changed = next(e for e in entries if e.action == "changed" and e.what == "budgetrad")
    assert changed.who == world.users["samordnare"]
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("belopp (kr)", "100,00", "250,00")]
    assert (
        "Förnamn" in response.content.decode() or str(world.users["samordnare"]) in response.content.decode()
    )
