"""Hand-built data with known answers for the indicator engine, the dashboards and the PDFs.

Partnership P (24 places, 72 a year, 2025), four participants in 2025 (all born 1 January):

| who | gender | born | placement | end reason | talks (held) | self-assessment |
|---|---|---|---|---|---|---|
| A | kvinna | 1990 | 2025-02-01 – 2025-05-31 | completed_plan | start, 2 joint follow-ups, exit | start + end |
| B | man | 2003 | 2025-03-01 – 2025-06-30 | work | start, 1 joint follow-up, 1 supervision talk with ONLY the supervisor | start |
| C | kvinna | 1965 | 2024-11-01 – 2025-02-28 | interrupted_health | start (2024), joint 2024-12-01 + 2025-01-15, exit | – |
| D | man | 1958 | 2025-11-15 – (planned 2026-03-15) | – | start | – |

E has a placement in P in 2026 only; F a placement in another partnership Q in 2025.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from followup.models import ExitFollowUp, SelfAssessment, SelfAssessmentAnswer, Talk
from followup.services import instrument_for
from iop.indicators import IndicatorCode
from iop.models import BudgetLine, Goal, InKindContribution, Meeting, Organisation, PartnershipParty
from participants.models import Pause
from participants.models.placement import PlacementExtension
from participants.personnummer import make_fictional
from participants.tests.factories import ParticipantFactory, PlacementFactory, end_reason
from tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PartyFactory,
    PeriodFactory,
    UserFactory,
)

D = dt.date


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


def talk(placement, kind, day, *, supervisor=True, case_officer=False, status=Talk.Status.HELD) -> Talk:
    return Talk.objects.create(
        placement=placement,
        kind=kind,
        status=status,
        held_at=_at(day),
        supervisor_present=supervisor,
        case_officer_present=case_officer,
    )


def assessment(placement, occasion, day, answers: dict[str, int]) -> SelfAssessment:
    instrument = instrument_for(placement.partnership)
    sa = SelfAssessment.objects.create(
        placement=placement, instrument=instrument, occasion=occasion, assessed_on=day
    )
    items = {i.code: i for i in instrument.items.all()}
    for code, value in answers.items():
        SelfAssessmentAnswer.objects.create(
            assessment=sa, item=items[code], value=value, scale_min=1, scale_max=10
        )
    return sa


def participant(n: int, *, year: int, gender: str, education="gymnasial", support="forsorjningsstod"):
    return ParticipantFactory(
        personal_identity_number=make_fictional(365 * (n + 10), year=year),
        gender=gender,
        education_level=education,
        support_kind=support,
    )


def build() -> SimpleNamespace:
    city = OrganisationFactory(name="Malmö stad", org_number="212000-1124", kind=Organisation.Kind.PUBLIC)
    partner = OrganisationFactory(name="Stadsmissionen", org_number="846004-8716")
    p = PartnershipFactory.create(case_number="ASN-2024-0777", title="Arbetsträning P")
    PartyFactory(partnership=p, organisation=city, role=PartnershipParty.Role.CITY)
    PartyFactory(partnership=p, organisation=partner, role=PartnershipParty.Role.NON_PROFIT)
    PeriodFactory(partnership=p, start=D(2024, 1, 1), end=D(2026, 12, 31))
    targets = {
        IndicatorCode.TRAINED: 72,
        IndicatorCode.JOINT_FOLLOWUPS: 60,
        IndicatorCode.SELF_ASSESSMENT: 60,
        IndicatorCode.INTRO_EXIT: 60,
        IndicatorCode.COMPLETED_PLAN: 40,
    }
    for order, (code, target) in enumerate(targets.items()):
        Goal.objects.create(
            partnership=p, indicator=code, title=str(code.label), target_value=target, order=order
        )
    BudgetLine.objects.create(
        partnership=p,
        year=2025,
        category="salary",
        description="Handledare",
        fte=3,
        amount=Decimal("1751245"),
    )
    BudgetLine.objects.create(
        partnership=p,
        year=2025,
        category="work_clothes",
        description="Arbetskläder",
        amount=Decimal("175392"),
    )
    InKindContribution.objects.create(partnership=p, year=2025, description="Lokaler", estimated_value=None)
    for day, held in (
        (D(2025, 3, 10), True),
        (D(2025, 9, 10), True),
        (D(2025, 12, 10), False),
        (D(2024, 9, 1), True),
    ):
        Meeting.objects.create(partnership=p, kind=Meeting.Kind.STEERING, date=day, held=held)

    a = participant(1, year=1990, gender="kvinna", education="gymnasial", support="forsorjningsstod")
    b = participant(2, year=2003, gender="man", education="forgymnasial", support="aktivitetsstod")
    c = participant(3, year=1965, gender="kvinna", education="eftergymnasial", support="sjukpenning")
    d = participant(4, year=1958, gender="man", education="okand", support="annan")
    e = participant(5, year=1980, gender="kvinna")
    f = participant(6, year=1980, gender="man")

    pa = PlacementFactory.create(
        participant=a,
        partnership=p,
        start_date=D(2025, 2, 1),
        planned_end_date=D(2025, 6, 15),
        end_date=D(2025, 5, 31),
        end_reason=end_reason("completed_plan"),
    )
    pb = PlacementFactory.create(
        participant=b,
        partnership=p,
        start_date=D(2025, 3, 1),
        planned_end_date=D(2025, 7, 1),
        end_date=D(2025, 6, 30),
        end_reason=end_reason("work"),
    )
    pc = PlacementFactory.create(
        participant=c,
        partnership=p,
        start_date=D(2024, 11, 1),
        planned_end_date=D(2025, 3, 1),
        end_date=D(2025, 2, 28),
        end_reason=end_reason("interrupted_health"),
    )
    pd = PlacementFactory.create(
        participant=d, partnership=p, start_date=D(2025, 11, 15), planned_end_date=D(2026, 3, 15)
    )
    pe = PlacementFactory.create(
        participant=e, partnership=p, start_date=D(2026, 2, 1), planned_end_date=D(2026, 6, 1)
    )
    q = PartnershipFactory.create(
        case_number="ASN-2024-0778", title="Arbetsträning Q", places_at_once=10, places_per_year=30
    )
    PeriodFactory(partnership=q, start=D(2025, 1, 1), end=D(2025, 12, 31))
    pf = PlacementFactory.create(
        participant=f, partnership=q, start_date=D(2025, 4, 1), planned_end_date=D(2025, 8, 1)
    )

    # A: everything.
    talk(pa, Talk.Kind.START_MEETING, D(2025, 2, 1))
    talk(pa, Talk.Kind.FOLLOWUP_MEETING, D(2025, 3, 1), case_officer=True)
    talk(pa, Talk.Kind.FOLLOWUP_MEETING, D(2025, 4, 1), case_officer=True)
    talk(pa, Talk.Kind.EXIT_MEETING, D(2025, 5, 31), case_officer=True)
    assessment(pa, "start", D(2025, 2, 3), {"believes_job": 4, "cooperates": 5})
    assessment(pa, "end", D(2025, 5, 30), {"believes_job": 7, "cooperates": 5})
    PlacementExtension.objects.create(
        placement=pa,
        previous_end_date=D(2025, 6, 1),
        new_end_date=D(2025, 6, 15),
        decided_on=D(2025, 5, 1),
        reason="Gemensamt beslut.",
    )
    # B: one joint follow-up and one talk with only the supervisor present: not indicator 2.
    talk(pb, Talk.Kind.START_MEETING, D(2025, 3, 1))
    talk(pb, Talk.Kind.FOLLOWUP_MEETING, D(2025, 4, 1), case_officer=True)
    talk(pb, Talk.Kind.SUPERVISION_TALK, D(2025, 4, 15), case_officer=False)
    talk(pb, Talk.Kind.EXIT_MEETING, D(2025, 7, 20), status=Talk.Status.PLANNED)
    assessment(pb, "start", D(2025, 3, 2), {"believes_job": 6, "cooperates": 6})
    Pause.objects.create(placement=pb, start_date=D(2025, 4, 1), end_date=D(2025, 4, 10), category="other")
    # C: spans two years.
    talk(pc, Talk.Kind.START_MEETING, D(2024, 11, 1))
    talk(pc, Talk.Kind.SUPERVISION_TALK, D(2024, 12, 1), case_officer=True)
    talk(pc, Talk.Kind.FOLLOWUP_MEETING, D(2025, 1, 15), case_officer=True)
    talk(pc, Talk.Kind.EXIT_MEETING, D(2025, 2, 28), case_officer=True)
    # D: started late in 2025.
    talk(pd, Talk.Kind.START_MEETING, D(2025, 11, 15))
    talk(pf, Talk.Kind.START_MEETING, D(2025, 4, 1))

    ExitFollowUp.objects.create(
        placement=pa, months_after=3, situation="work_employed", followed_up_on=D(2025, 8, 31)
    )
    ExitFollowUp.objects.create(
        placement=pb, months_after=3, situation="studies", followed_up_on=D(2025, 9, 30)
    )
    coordinator = UserFactory(organisation=city, roles=["iop-samordnare"])
    return SimpleNamespace(
        p=p,
        q=q,
        city=city,
        partner=partner,
        pa=pa,
        pb=pb,
        pc=pc,
        pd=pd,
        pe=pe,
        pf=pf,
        coordinator=coordinator,
    )


def extra_partnership(n: int, *, placements: bool = True):
    """One more ongoing partnership in 2025 with a bit of every fact the engine reads (n = 10, 11, …
    keeps case numbers and personal identity numbers apart from build()'s). Without `placements`
    it has goals, budget and meetings but nobody placed."""
    p = PartnershipFactory.create(
        case_number=f"ASN-2024-{n:04d}", title=f"Arbetsträning {n}", places_at_once=5
    )
    PeriodFactory(partnership=p, start=D(2025, 1, 1), end=D(2025, 12, 31))
    Goal.objects.create(
        partnership=p, indicator=IndicatorCode.TRAINED, title="Arbetstränade", target_value=n, order=0
    )
    BudgetLine.objects.create(
        partnership=p, year=2025, category="salary", description="Handledare", amount=Decimal(1000 * n)
    )
    InKindContribution.objects.create(
        partnership=p, year=2025, description="Lokaler", estimated_value=Decimal(100 * n)
    )
    Meeting.objects.create(partnership=p, kind=Meeting.Kind.STEERING, date=D(2025, 3, n % 28 + 1), held=True)
    if not placements:
        return p
    who = participant(10 * n, year=1970 + n % 30, gender="kvinna" if n % 2 else "man")
    placement = PlacementFactory.create(
        participant=who,
        partnership=p,
        start_date=D(2025, 1, 10) + dt.timedelta(days=n),
        planned_end_date=D(2025, 5, 10),
        end_date=D(2025, 4, 30),
        end_reason=end_reason("work"),
    )
    talk(placement, Talk.Kind.START_MEETING, placement.start_date)
    talk(placement, Talk.Kind.FOLLOWUP_MEETING, D(2025, 2, 20), case_officer=True)
    talk(placement, Talk.Kind.FOLLOWUP_MEETING, D(2025, 3, 20), case_officer=True)
    talk(placement, Talk.Kind.EXIT_MEETING, D(2025, 4, 30), case_officer=True)
    assessment(placement, "start", placement.start_date, {"believes_job": 3})
    assessment(placement, "end", D(2025, 4, 29), {"believes_job": 3 + n % 5})
    Pause.objects.create(
        placement=placement, start_date=D(2025, 2, 1), end_date=D(2025, 2, 5), category="other"
    )
    PlacementExtension.objects.create(
        placement=placement,
        previous_end_date=D(2025, 4, 10),
        new_end_date=D(2025, 5, 10),
        decided_on=D(2025, 4, 1),
        reason="Behöver mer tid.",
    )
    ExitFollowUp.objects.create(
        placement=placement, months_after=3, situation="work_employed", followed_up_on=D(2025, 7, 31)
    )
    return p
