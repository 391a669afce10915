"""Demo data for the followup app: talks, joint follow-ups, exit meetings, self-assessments and
follow-ups after exit on whatever demo placements exist (the participants app creates them).

Deterministic (driven by the placement's position and a seeded random generator) and deliberately
incomplete in places, so checklists and reminders show something: every third placement lacks the
second joint follow-up, some lack the start or end self-assessment, some the exit meeting.
Idempotent: placements that already have a talk are left alone.
"""

import datetime as dt
import random

from django.utils import timezone

from followup import services
from followup.models import SelfAssessment, Talk
from iop.dates import add_months
from participants.models import Placement

SUPERVISION_TEXTS = {
    "development_goals": [
        "Komma i tid tre dagar i veckan och ta ansvar för sorteringen av inkomna kläder.",
        "Lära sig kassasystemet och ta emot kunder med stöd.",
        "Arbeta självständigt med prismärkning under en hel förmiddag.",
    ],
    "work_ability_and_hours": [
        "Arbetar 50 % (4 tim/dag). Orkar bra, vill pröva att utöka efter nästa uppföljning.",
        "Arbetar 25 %. Tröttare på eftermiddagarna, fortsätter på samma nivå.",
        "Arbetar 75 %. Har klarat utökningen utan problem.",
    ],
    "work_environment": [
        "Trivs i gruppen; ljudnivån i lagret är ibland för hög, får sitta i sorteringsrummet.",
        "Bra stämning, behöver tydligare schema på tavlan.",
    ],
    "what_works": [
        "Noggrann och omtyckt av kollegorna. Tar egna initiativ vid sorteringen.",
        "Bra kundbemötande, lugn i kassan.",
    ],
    "challenges": [
        "Svårt att be om hjälp när något är oklart, vilket gör att uppgifter blir liggande.",
        "Sen ankomst vissa måndagar på grund av lång resväg.",
    ],
    "goals_next_period": [
        "Ta eget ansvar för öppningen av butiken en dag i veckan.",
        "Pröva 60 % under fyra veckor.",
    ],
    "action_plan": [
        "Handledaren stämmer av varje morgon första veckan; ny avstämning om två veckor.",
        "Gemensam genomgång av schemat på måndagar; uppföljning med handläggaren nästa månad.",
    ],
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _seed_placement(index: int, placement: Placement, today: dt.date) -> None:
    rng = random.Random(placement.pk * 7919 + index)  # nosec B311 - deterministic demo data
    supervisor = placement.supervisor
    officer = placement.participant.case_officer
    writer = supervisor or officer
    end = placement.end_date or placement.planned_end_date
    last_day = min(today, end)

    def talk(kind: str, day: dt.date, *, by=writer, status: str = Talk.Status.HELD, **extra) -> None:
        if day > last_day and status == Talk.Status.HELD:
            return
        services.talk_create(
            placement=placement, by=by, kind=kind, status=status, held_at=_at(day, 10), **extra
        )

    if index % 7 != 3:
        talk(
            Talk.Kind.START_MEETING,
            placement.start_date,
            by=officer or writer,
            supervisor_present=True,
            case_officer_present=True,
            notes="Genomgång av arbetsuppgifter, arbetstider och individuell plan.",
            next_meeting_on=placement.start_date + dt.timedelta(days=14),
        )
    day = placement.start_date + dt.timedelta(days=12)
    while day <= last_day - dt.timedelta(days=3 + index % 20):
        fields = {name: rng.choice(texts) for name, texts in SUPERVISION_TEXTS.items()}
        talk(Talk.Kind.SUPERVISION_TALK, day, supervisor_present=True, **fields)
        day += dt.timedelta(days=14 + rng.randint(0, 10))
    joint_days = [
        add_months(placement.start_date, 1),
        add_months(placement.start_date, 2) + dt.timedelta(days=14),
    ]
    if index % 3 == 1:
        joint_days = joint_days[:1]  # missing the second joint follow-up
    for d in joint_days:
        talk(
            Talk.Kind.FOLLOWUP_MEETING,
            d,
            by=officer or writer,
            supervisor_present=True,
            case_officer_present=True,
            notes="Uppföljning av arbetsträningen med deltagare, handledare och handläggare.",
            next_steps="Fortsätta enligt planen; pröva utökad arbetstid.",
        )

    scale = [rng.randint(2, 6) for _ in range(7)]
    instrument = services.instrument_for(placement.partnership)
    items = list(instrument.items.all())

    def assess(occasion: str, kind: str, day: dt.date, values: list[int]) -> None:
        if day > today:
            return
        services.self_assessment_save(
            placement=placement,
            occasion=occasion,
            kind=kind,
            assessed_on=day,
            values={item.pk: max(1, min(10, v)) for item, v in zip(items, values, strict=False)},
            by=writer,
        )

    start_day = placement.start_date + dt.timedelta(days=7)
    if index % 5 != 4:
        assess(SelfAssessment.Occasion.START, SelfAssessment.Kind.PARTICIPANT, start_day, scale)
        if index % 2 == 0:
            assess(
                SelfAssessment.Occasion.START,
                SelfAssessment.Kind.CASE_OFFICER,
                start_day,
                [v + rng.randint(-1, 1) for v in scale],
            )
    ended = placement.end_date is not None or placement.planned_end_date <= today
    if ended:
        if index % 4 != 2:
            talk(
                Talk.Kind.EXIT_MEETING,
                end,
                by=officer or writer,
                supervisor_present=True,
                case_officer_present=True,
                exit_summary="Deltagaren har utökat till 75 % och tagit eget ansvar för butiksöppning.",
                exit_evaluation="Målen i den individuella planen är i huvudsak nådda.",
                exit_next_step="Anställning med lönestöd undersöks med Arbetsförmedlingen.",
            )
        if index % 3 != 2:
            after = [v + rng.choice([-1, 0, 1, 1, 2, 2, 3]) for v in scale]
            assess(SelfAssessment.Occasion.END, SelfAssessment.Kind.PARTICIPANT, end, after)
            if index % 2 == 0:
                assess(SelfAssessment.Occasion.END, SelfAssessment.Kind.CASE_OFFICER, end, after)
    elif placement.planned_end_date <= today + dt.timedelta(days=21) and index % 2 == 0:
        talk(
            Talk.Kind.EXIT_MEETING,
            placement.planned_end_date,
            by=officer or writer,
            status=Talk.Status.PLANNED,
            supervisor_present=True,
            case_officer_present=True,
        )
    if placement.end_date and add_months(placement.end_date, 3) <= today and officer and index % 2 == 0:
        services.exit_followup_record(
            placement=placement,
            months_after=3,
            situation=rng.choice(
                ["work_employed", "work_subsidised", "studies", "unemployed", "other_measure"]
            ),
            support_kind="ingen",
            followed_up_on=add_months(placement.end_date, 3),
            by=officer,
        )


def seed(*, demo_users: bool) -> None:
    today = timezone.localdate()
    placements = (
        Placement.objects.filter(start_date__lte=today)
        .select_related("participant__case_officer", "supervisor", "partnership")
        .order_by("pk")
    )
    for index, placement in enumerate(placements):
        if placement.talks.exists() or placement.self_assessments.exists():
            continue
        _seed_placement(index, placement, today)
    # Today's reminders, so the bell and the reminder list show what a morning looks like.
    # The rules are idempotent (dedupe keys), so re-running seed_demo adds nothing.
    from followup.reminders import run_all

    run_all(today=today)
