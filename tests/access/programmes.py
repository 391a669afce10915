"""Access rules of the programmes app's URLs: the IOP coordinator and the programme's team staff only;
team staff see their own team(s) (another team or programme: 404, tested in
programmes/tests/test_access.py). Only process leaders and the coordinator write; only the coordinator exports personal data (the SCB/ESF
participant export)."""

import datetime as dt

from tests.access.matrix import only

READERS = ("samordnare", "processledare", "teammedlem")
WRITERS = ("samordnare", "processledare")
TEAM_WRITERS = READERS  # participations in activities: every member of the team


def extend_world(world) -> None:
    from participants.tests.factories import ParticipantFactory
    from programmes.models import ProgrammeParty, Team, TeamMember
    from programmes.services import enrolment_create
    from tests.factories import PartnershipFactory

    programme = PartnershipFactory(case_number="ASN-2026-0003", title="Malmökraften (test)")
    ProgrammeParty.objects.create(
        partnership=programme,
        organisation=world.agency,
        kind=ProgrammeParty.Kind.STATE_AGENCY,
        is_project_owner=True,
    )
    team = Team.objects.create(partnership=programme, name="Team 1", caseload_target=150)
    leader, member = world.users["processledare"], world.users["teammedlem"]
    TeamMember.objects.create(team=team, user=leader, profession=TeamMember.Profession.ARBETSFORMEDLARE)
    TeamMember.objects.create(team=team, user=member, profession=TeamMember.Profession.SOCIALSEKRETERARE)
    world.pg_programme, world.pg_team, world.pg_leader = programme, team, leader
    world.pg_enrolment = enrolment_create(
        partnership=programme,
        participant=ParticipantFactory(),
        team=team,
        process_leader=leader,
        start_date=dt.date(2026, 1, 12),
        by=leader,
    )
    # January 2026 is reported (locked): locking it again answers 400 for every role that may lock.
    from programmes.services import month_lock

    month_lock(team=team, month=dt.date(2026, 1, 1), by=leader)


def _enrolment(w) -> dict:
    return {"pk": w.pg_enrolment.pk}


def _team_month(w) -> dict:
    return {"pk": w.pg_team.pk, "year": 2026, "month": 1}


MATRIX = {
    "programmes:index": only(*READERS),
    "programmes:overview": only(*READERS, kwargs=lambda w: {"pk": w.pg_programme.pk}),
    "programmes:team": only(*READERS, kwargs=lambda w: {"pk": w.pg_team.pk}),
    "programmes:leader": only(
        *READERS, kwargs=lambda w: {"pk": w.pg_programme.pk, "user_pk": w.pg_leader.pk}
    ),
    "programmes:enrol": only(*WRITERS, kwargs=lambda w: {"pk": w.pg_team.pk}),
    "programmes:enrolment": only(*READERS, kwargs=_enrolment),
    "programmes:reassign": only(*WRITERS, kwargs=_enrolment),
    # An empty form: 400 with the errors at the fields for those who may write.
    "programmes:phase_talk": only(*WRITERS, status=400, kwargs=_enrolment, method="post", data=lambda w: {}),
    "programmes:phase_next": only(*WRITERS, status=400, kwargs=_enrolment, method="post", data=lambda w: {}),
    "programmes:participation_add": only(
        *TEAM_WRITERS, status=400, kwargs=_enrolment, method="post", data=lambda w: {}
    ),
    "programmes:participation_talk": only(
        *TEAM_WRITERS, status=400, kwargs=_enrolment, method="post", data=lambda w: {}
    ),
    "programmes:participation_close": only(
        *TEAM_WRITERS, status=400, kwargs=_enrolment, method="post", data=lambda w: {}
    ),
    "programmes:exit": only(*WRITERS, kwargs=_enrolment),
    "programmes:esf_entry": only(*WRITERS, kwargs=_enrolment),
    # The SCB/ESF participant export: only the roles that may export personal data (the coordinator).
    "programmes:esf_export": only("samordnare", kwargs=lambda w: {"pk": w.pg_programme.pk}),
    "programmes:situation": only(*WRITERS, status=400, kwargs=_enrolment, method="post", data=lambda w: {}),
    "programmes:plan": only(*TEAM_WRITERS, kwargs=_enrolment),
    "programmes:participant_time": only(*TEAM_WRITERS, kwargs=_team_month),
    "programmes:staff_time": only(*WRITERS, kwargs=_team_month),
    "programmes:time_lock": only(*WRITERS, status=400, kwargs=_team_month, method="post", data=lambda w: {}),
}
