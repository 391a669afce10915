"""Factories and a small two-programme world for the programmes app's tests."""

import datetime as dt
from types import SimpleNamespace

from iop.roles import Role
from participants.tests.factories import ParticipantFactory
from programmes.models import ProgrammeParty, Team, TeamMember
from programmes.services import enrolment_create
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory

START = dt.date(2026, 1, 12)


def programme_world(*, target=150):
    """Programme A with teams 1 and 2 (a process leader and a team member in team 1, a process leader in
    team 2), programme B with one team, a coordinator, and one participant enrolled in team 1."""
    agency = OrganisationFactory(name="Arbetsförmedlingen")
    programme = PartnershipFactory(title="Programmet A")
    other_programme = PartnershipFactory(title="Programmet B")
    ProgrammeParty.objects.create(
        partnership=programme,
        organisation=agency,
        kind=ProgrammeParty.Kind.STATE_AGENCY,
        is_project_owner=True,
    )
    team = Team.objects.create(partnership=programme, name="Team 1", caseload_target=target)
    team2 = Team.objects.create(partnership=programme, name="Team 2", caseload_target=target)
    other_team = Team.objects.create(partnership=other_programme, name="Team B1", caseload_target=target)
    leader = UserFactory(organisation=agency, roles=[Role.PROCESSLEDARE])
    member = UserFactory(organisation=agency, roles=[Role.TEAMMEDLEM])
    leader2 = UserFactory(organisation=agency, roles=[Role.PROCESSLEDARE])
    other_leader = UserFactory(organisation=agency, roles=[Role.PROCESSLEDARE])
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    TeamMember.objects.create(team=team, user=leader, profession=TeamMember.Profession.ARBETSFORMEDLARE)
    TeamMember.objects.create(team=team, user=member, profession=TeamMember.Profession.SOCIALSEKRETERARE)
    TeamMember.objects.create(team=team2, user=leader2, profession=TeamMember.Profession.SYV)
    TeamMember.objects.create(
        team=other_team, user=other_leader, profession=TeamMember.Profession.ARBETSFORMEDLARE
    )
    enrolment = enrol(programme, team, leader)
    other_enrolment = enrol(other_programme, other_team, other_leader)
    return SimpleNamespace(
        programme=programme,
        other_programme=other_programme,
        team=team,
        team2=team2,
        other_team=other_team,
        leader=leader,
        member=member,
        leader2=leader2,
        other_leader=other_leader,
        coordinator=coordinator,
        enrolment=enrolment,
        other_enrolment=other_enrolment,
    )


def enrol(programme, team, leader, *, participant=None, start=START):
    return enrolment_create(
        partnership=programme,
        participant=participant or ParticipantFactory(),
        team=team,
        process_leader=leader,
        start_date=start,
        by=leader,
    )
