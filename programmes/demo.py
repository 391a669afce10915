"""Demo data of the programmes app: MALMÖKRAFTEN 2.0 as seed 003 describes it.

Arbetsförmedlingen is the project owner; Malmö stad, Försäkringskassan, Region Skåne and Samordningsförbundet
FINSAM i Malmö are parties. Ten multi-professional teams of 150 participants each, Malmökraften's three
phases, and the activity catalogue of seed 003's "AKTIVITETER" list. With demo users: a few process leaders
(the login `processledare` is one of them) and a handful of enrolled participants, all invented demo people
(last name "Demodeltagare", fictional personnummer), with invented participations in the catalogue's
activities, invented ESF data at entry (categories from seed 003's list, kinds of support, status, months at
Arbetsförmedlingen, referring party), one invented exit "beslutat, startar inom 90 dagar", invented joint plans
and one invented quarter of time reports. The case number is invented: the seed is
an ESF application without one. Idempotent.
"""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction

from iop.demo import DEMO_PASSWORD, city
from iop.demo.risks import seed_malmokraften_risks
from iop.models import Organisation, Partnership, User
from iop.roles import Role
from participants.models import Gender, Participant, Situation, SupportKind
from participants.personnummer import make_fictional
from participants.services import participant_create

from .demo_time import seed_time_reports
from .models import (
    Activity,
    Enrolment,
    EnrolmentExit,
    EsfEntry,
    IntakePeriod,
    Participation,
    ParticipationTalk,
    PhaseTalk,
    ProgrammeParty,
    Team,
    TeamMember,
)
from .services import (
    enrolment_create,
    enrolment_end,
    enrolment_situation_record,
    esf_entry_save,
    joint_plan_revise,
    participation_start,
    participation_talk_add,
    phase_advance,
    phase_talk_add,
    phases_of,
)

CASE_NUMBER = "ASN-2019-0303"
TEAMS = 10
CASELOAD_TARGET = 150  # seed 003: "150 deltagare/team i snitt"

# org number → (name, kind of organisation, kind of programme party, project owner); seed 003's list of
# co-financiers gives the numbers.
PARTIES = {
    "202100-2114": ("Arbetsförmedlingen", ProgrammeParty.Kind.STATE_AGENCY, True),
    "202100-5521": ("Försäkringskassan", ProgrammeParty.Kind.STATE_AGENCY, False),
    "232100-0255": ("Region Skåne", ProgrammeParty.Kind.REGION, False),
    "222000-2295": (
        "Samordningsförbundet FINSAM i Malmö",
        ProgrammeParty.Kind.COORDINATION_ASSOCIATION,
        False,
    ),
}
# username → (first name, last name, organisation number or None for the city, team number, profession).
# `processledare` itself is a demo user of iop.demo (a socialsekreterare of the city).
LEADERS = {
    "processledare": (None, None, None, 1, TeamMember.Profession.SOCIALSEKRETERARE),
    "processledare2": ("Anders", "Förmedlarsson", "202100-2114", 1, TeamMember.Profession.ARBETSFORMEDLARE),
    "processledare3": ("Maja", "Marknadsson", None, 2, TeamMember.Profession.ARBETSMARKNADSSEKRETERARE),
}
# Seed 003's list of activities (section "AKTIVITETER" and "Deltagarens väg genom projektet"), names as the
# seed writes them; the kinds follow the seed's words. Workplace-based: only "Arbetsplatsförlagda
# aktiviteter (tex arbetspraktik, arbetsmarknadsutbildning m.m.)". The seed does not say which party
# provides which activity, so no provider is set.
ACTIVITIES = (
    ("Gemensam samordnad planering", Activity.Kind.JOINT_PLANNING, False),
    ("Gemensam kartläggning", Activity.Kind.JOINT_PLANNING, False),
    ("Gemensam uppföljning", Activity.Kind.JOINT_PLANNING, False),
    ("Matchning mot arbete", Activity.Kind.MATCHING, False),
    ("Rekryteringsträffar", Activity.Kind.RECRUITMENT_MEETING, False),
    (
        "Arbetsplatsförlagda aktiviteter (t.ex. arbetspraktik, arbetsmarknadsutbildning)",
        Activity.Kind.WORKPLACE,
        True,
    ),
    ("Studie- och yrkesvägledning", Activity.Kind.GUIDANCE, False),
    ("Vårdsamordning", Activity.Kind.CARE_COORDINATION, False),
)
PLANNING, WORKPLACE = ACTIVITIES[0][0], ACTIVITIES[5][0]
FIRST_NAMES = ("Amina", "Bertil", "Cecilia", "Dragan", "Elin", "Farid")
START = dt.date(2026, 9, 1)


def seed(*, demo_users: bool) -> None:
    partnership = _programme()
    seed_malmokraften_risks(partnership)  # the risk analysis of seed 003 (iop's risk register)
    if demo_users:
        _leaders_and_participants(partnership)
        seed_time_reports(partnership)  # one invented quarter of time reports (programmes.demo_time)
        _esf_entries(partnership)


def _programme() -> Partnership:
    partnership, _ = Partnership.objects.get_or_create(
        case_number=CASE_NUMBER,
        defaults={
            "title": "MALMÖKRAFTEN 2.0",
            "status": Partnership.Status.ACTIVE,
            "target_group": "Långtidsarbetslösa Malmöbor, kvinnor och män som står långt från arbetsmarknaden.",
            "purpose": (
                "Samordnade insatser i tio multikompetenta team ska leda deltagarna till arbete eller studier."
            ),
        },
    )
    for org_number, (name, kind, owner) in PARTIES.items():
        org, _ = Organisation.objects.get_or_create(
            org_number=org_number, defaults={"name": name, "kind": Organisation.Kind.PUBLIC, "city": "Malmö"}
        )
        ProgrammeParty.objects.get_or_create(
            partnership=partnership, organisation=org, defaults={"kind": kind, "is_project_owner": owner}
        )
    ProgrammeParty.objects.get_or_create(
        partnership=partnership, organisation=city(), defaults={"kind": ProgrammeParty.Kind.CITY}
    )
    for n in range(1, TEAMS + 1):
        Team.objects.get_or_create(
            partnership=partnership, name=f"Team {n}", defaults={"caseload_target": CASELOAD_TARGET}
        )
    for name, activity_kind, workplace_based in ACTIVITIES:
        Activity.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"kind": activity_kind, "workplace_based": workplace_based},
        )
    phases_of(partnership)
    _intake_plan(partnership)
    return partnership


def _intake_plan(partnership: Partnership) -> None:
    """Seed 003: intake "fördelat i fem olika perioder under projekttiden", 30 months, a lower intake in the
    fifth term, 5 600 in all (2 800 women, 2 800 men). The seed gives no figure per period, so none is
    planned here; the dates are invented (the demo places the programme's 30 months from July 2026)."""
    note = (
        "Ansökan anger inte intaget per period, bara totalt 5 600 deltagare (2 800 kvinnor, 2 800 män) "
        "under 30 månader. Datumen är påhittade för demon."
    )
    for n in range(5):
        start = dt.date(2026 + (n + 1) // 2, 7 if n % 2 == 0 else 1, 1)
        end = dt.date(start.year, 12, 31) if n % 2 == 0 else dt.date(start.year, 6, 30)
        IntakePeriod.objects.get_or_create(
            partnership=partnership,
            start_date=start,
            defaults={
                "name": f"Termin {n + 1}",
                "end_date": end,
                "note": note if n == 0 else ("Lägre intag enligt ansökan." if n == 4 else ""),
            },
        )


def _leader(username: str, spec: tuple) -> User | None:
    first, last, org_number, _team, _profession = spec
    if first is None:
        return User.objects.filter(username=username).first()
    org = Organisation.objects.get(org_number=org_number) if org_number else city()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "organisation": org,
            "email": f"{username}@demo.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=str(Role.PROCESSLEDARE))[0])
    return user


@transaction.atomic
def _leaders_and_participants(partnership: Partnership) -> None:
    leaders = []
    for username, spec in LEADERS.items():
        user = _leader(username, spec)
        if user is None:
            continue
        team = Team.objects.get(partnership=partnership, name=f"Team {spec[3]}")
        TeamMember.objects.get_or_create(team=team, user=user, defaults={"profession": spec[4]})
        leaders.append((user, team))
    officer = User.objects.filter(username="ams").first()
    if (
        not leaders
        or officer is None
        or Participant.objects.filter(personal_identity_number=_pnr(0)).exists()
    ):
        return
    for i, first in enumerate(FIRST_NAMES):
        leader, team = leaders[i % len(leaders)]
        participant = participant_create(
            personal_identity_number=_pnr(i),
            first_name=first,
            last_name="Demodeltagare",
            case_officer=officer,
            gender=Gender.WOMAN if i % 2 == 0 else Gender.MAN,  # invented, like the people
        )
        start = START + dt.timedelta(days=7 * i)
        enrolment = enrolment_create(
            partnership=partnership,
            participant=participant,
            team=team,
            process_leader=leader,
            start_date=start,
            by=leader,
        )
        phase_talk_add(enrolment=enrolment, purpose=PhaseTalk.Purpose.OPENS, held_on=start, by=leader)
        moved = None
        if i % 3 == 0:  # every third has closed the mapping phase and moved on
            moved = start + dt.timedelta(days=35)
            phase_talk_add(enrolment=enrolment, purpose=PhaseTalk.Purpose.CLOSES, held_on=moved, by=leader)
            phase_advance(enrolment=enrolment, on=moved, by=leader)
        _participations(partnership, enrolment, leader, moved_on=moved)
        if i < 4:  # the last two have no joint plan yet: the overview counts them, a reminder asks for it
            _joint_plan(partnership, enrolment, leader, moved_on=moved)
        if i == 3 and moved is not None:
            _exit_decided(enrolment, leader, moved)


# Invented ESF data at entry for the demo participants, in turn (seed 003 gives the categories and that the
# target group takes part in Jobb- och utvecklingsgarantin or is on sick pay, not any person's data):
# (categories, kinds of support, programme status, months at Arbetsförmedlingen, referring party's org number;
# None is the city).
ESF_ENTRIES = [
    (
        ["langtidsarbetslosa"],
        ["forsorjningsstod", "aktivitetsstod"],
        "jobb_och_utvecklingsgarantin",
        26,
        "202100-2114",
    ),
    (["sjukskrivna", "funktionsnedsattning"], ["sjukpenning"], "inskriven_af", 14, "202100-5521"),
    (
        ["nyanlanda", "langtidsarbetslosa"],
        ["etableringsersattning", "forsorjningsstod"],
        "jobb_och_utvecklingsgarantin",
        19,
        None,
    ),
    (["unga_15_24", "utanfor_12_man"], ["forsorjningsstod"], "inskriven_af", 13, None),
    (["langtidsarbetslosa"], ["aktivitetsstod"], "jobb_och_utvecklingsgarantin", 31, "202100-2114"),
    (["sjukskrivna"], ["sjukpenning", "forsorjningsstod"], "ej_inskriven_af", 0, "202100-5521"),
]


def _esf_entries(partnership: Partnership) -> None:
    """Invented ESF data at entry for the demo enrolments that have none yet."""
    parties = {
        p.organisation.org_number: p for p in partnership.programme_parties.select_related("organisation")
    }
    city_party = partnership.programme_parties.filter(kind=ProgrammeParty.Kind.CITY).first()
    enrolments = (
        Enrolment.objects.filter(partnership=partnership, participant__last_name="Demodeltagare")
        .exclude(pk__in=EsfEntry.objects.values("enrolment_id"))
        .select_related("process_leader")
        .order_by("participant__personal_identity_number")
    )
    for i, enrolment in enumerate(enrolments):
        categories, support, status, months, org_number = ESF_ENTRIES[i % len(ESF_ENTRIES)]
        esf_entry_save(
            enrolment=enrolment,
            categories=categories,
            support_kinds=support,
            programme_status=status,
            months_at_af=months,
            referring_party=parties.get(org_number) if org_number else city_party,
            by=enrolment.process_leader,
        )


def _participations(
    partnership: Partnership, enrolment: Enrolment, leader: User, *, moved_on: dt.date | None
) -> None:
    """Invented: everyone starts with the joint coordinated planning (opened by a talk); those who moved on
    to the second phase also take part in a workplace-based activity."""
    activities = {a.name: a for a in Activity.objects.filter(partnership=partnership)}
    planning = participation_start(
        enrolment=enrolment, activity=activities[PLANNING], start_date=enrolment.start_date, by=leader
    )
    participation_talk_add(
        enrolment=enrolment,
        participation=planning,
        purpose=ParticipationTalk.Purpose.OPENS,
        held_on=enrolment.start_date,
        by=leader,
    )
    if moved_on is not None:
        practice = participation_start(
            enrolment=enrolment, activity=activities[WORKPLACE], start_date=moved_on, hours=30, by=leader
        )
        participation_talk_add(
            enrolment=enrolment,
            participation=practice,
            purpose=ParticipationTalk.Purpose.OPENS,
            held_on=moved_on,
            by=leader,
        )


def _joint_plan(
    partnership: Partnership, enrolment: Enrolment, leader: User, *, moved_on: dt.date | None
) -> None:
    """Invented: a joint coordinated plan two weeks after the enrolment by Arbetsförmedlingen and Malmö stad,
    revised with the work practice for those who moved on."""
    parties = ProgrammeParty.objects.filter(
        partnership=partnership, organisation__org_number__in=["202100-2114", city().org_number]
    )
    activities = {a.name: a for a in Activity.objects.filter(partnership=partnership)}
    joint_plan_revise(
        enrolment=enrolment,
        decided_on=enrolment.start_date + dt.timedelta(days=14),
        parties=parties,
        goal="Arbete (påhittat demomål)",
        activities=[activities[PLANNING]],
        note="Påhittad demoplan: kartläggning med arbetsförmedlare och socialsekreterare.",
        by=leader,
    )
    if moved_on is not None:
        joint_plan_revise(
            enrolment=enrolment,
            decided_on=moved_on,
            parties=parties,
            goal="Arbete (påhittat demomål)",
            activities=[activities[PLANNING], activities[WORKPLACE]],
            note="Påhittad demoplan: arbetspraktik 30 timmar i veckan.",
            by=leader,
        )


def _exit_decided(enrolment: Enrolment, leader: User, moved_on: dt.date) -> None:
    """Invented: the fourth demo participant gets a job after the work practice, decided and starting
    within 90 days of the exit; every activity is closed by a talk first. Situation at start and exit."""
    exit_on = moved_on + dt.timedelta(days=35)  # 2026-12-01: before the day this demo was written
    for participation in Participation.objects.filter(enrolment=enrolment, end_date__isnull=True):
        participation_talk_add(
            enrolment=enrolment,
            participation=participation,
            purpose=ParticipationTalk.Purpose.CLOSES,
            held_on=exit_on,
            by=leader,
        )
    enrolment_situation_record(
        enrolment=enrolment,
        moment=Situation.Moment.START,
        recorded_on=enrolment.start_date,
        support_kind=SupportKind.INCOME_SUPPORT,
        occupation_percent=0,
        by=leader,
    )
    enrolment_end(
        enrolment=enrolment,
        on=exit_on,
        outcome=EnrolmentExit.Outcome.DECIDED,
        decision_date=exit_on - dt.timedelta(days=3),
        starts_on=exit_on + dt.timedelta(days=45),
        receiving_officer="Demohandläggare, Arbetsförmedlingen (påhittad)",
        handover_note="Påhittad demo: anställning som lagerarbetare beslutad, start om 45 dagar.",
        by=leader,
    )
    enrolment_situation_record(
        enrolment=enrolment,
        moment=Situation.Moment.EXIT,
        recorded_on=exit_on,
        support_kind=SupportKind.INCOME_SUPPORT,
        occupation_percent=0,
        by=leader,
    )


def _pnr(i: int) -> str:
    return make_fictional(365 * 700 + i * 11, year=1971 + i * 4)
