"""Reads of the programmes app: what a user may see, and the caseload figures pages share.

Scope: the IOP coordinator sees every programme, team and enrolment; a process leader or team member
(`iop.permissions.PROGRAMME_STAFF`) sees the programmes and teams they are a member of and the enrolments
of those teams only. Every other role sees nothing here.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from iop.models import Partnership
from iop.permissions import PROGRAMME_STAFF, has_role, is_coordinator
from participants.models import Gender, Situation

from .models import (
    Activity,
    Enrolment,
    EnrolmentPhase,
    EnrolmentQuerySet,
    IntakePeriod,
    JointPlan,
    Participation,
    ParticipationTalk,
    Phase,
    PhaseTalk,
    ProgrammeParty,
    Team,
    TeamMember,
)


def teams_visible_to(user: Any) -> QuerySet[Team]:
    if is_coordinator(user):
        return Team.objects.all()
    if has_role(user, *PROGRAMME_STAFF):
        return Team.objects.filter(pk__in=TeamMember.objects.filter(user=user).values("team_id"))
    return Team.objects.none()


def programmes_visible_to(user: Any) -> QuerySet[Partnership]:
    """Partnerships with the programme shape (parties by kind or teams) the user may see."""
    if is_coordinator(user):
        shaped = Q(pk__in=Team.objects.values("partnership_id")) | Q(
            pk__in=ProgrammeParty.objects.values("partnership_id")
        )
        return Partnership.objects.filter(shaped)
    return Partnership.objects.filter(pk__in=teams_visible_to(user).values("partnership_id"))


def enrolments_visible_to(user: Any) -> EnrolmentQuerySet:
    if is_coordinator(user):
        return Enrolment.objects.all()
    return Enrolment.objects.filter(team__in=teams_visible_to(user).values("pk"))


@dataclass(frozen=True)
class PhaseCount:
    phase: Phase
    count: int


@dataclass(frozen=True)
class TeamRow:
    """A team with its current enrolments against its caseload target."""

    team: Team
    current: int

    @property
    def free(self) -> int:
        return max(self.team.caseload_target - self.current, 0)


def team_rows(partnership: Partnership, user: Any) -> list[TeamRow]:
    """The programme's teams the user sees with their current enrolments, in one query."""
    teams = (
        teams_visible_to(user)
        .filter(partnership=partnership)
        .annotate(current=Count("enrolments", filter=Q(enrolments__end_date__isnull=True)))
        .order_by("name")
    )
    return [TeamRow(team, team.current) for team in teams]


def phase_counts(partnership: Partnership, enrolments: EnrolmentQuerySet) -> list[PhaseCount]:
    """Current enrolments by phase, every phase of the programme listed (two queries)."""
    counts = dict(enrolments.current().values_list("phase_id").annotate(n=Count("pk")).order_by())
    phases = Phase.objects.filter(partnership=partnership).order_by("position")
    return [PhaseCount(phase, counts.get(phase.pk, 0)) for phase in phases]


def caseload_people(enrolments: EnrolmentQuerySet, phase: Phase | None) -> EnrolmentQuerySet:
    """Current enrolments in `phase` (all phases with None), with what a caseload row shows."""
    rows = enrolments.current().select_related("participant", "process_leader", "team", "phase")
    if phase is not None:
        rows = rows.filter(phase=phase)
    return rows.order_by("start_date", "pk")


# Seed 003, "PRESTATION": "65% av deltagarna ska delta i arbetsplatsförlagda aktiviteter".
WORKPLACE_GOAL_PERCENT = 65


@dataclass(frozen=True)
class WorkplaceShare:
    """Of the programme's participants (every enrolment, ended ones included), how many have taken part in
    at least one workplace-based activity, against the goal."""

    enrolled: int
    in_workplace: int
    goal_percent: int = WORKPLACE_GOAL_PERCENT

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_workplace / self.enrolled) if self.enrolled else None

    @property
    def meets_goal(self) -> bool:
        return self.enrolled > 0 and 100 * self.in_workplace >= self.goal_percent * self.enrolled


def workplace_share(partnership: Partnership) -> WorkplaceShare:
    """The share of the programme's participants in workplace-based activities (one query). The one place
    this figure is computed."""
    figures = Enrolment.objects.filter(partnership=partnership).aggregate(
        enrolled=Count("pk", distinct=True),
        in_workplace=Count("pk", distinct=True, filter=Q(participations__activity__workplace_based=True)),
    )
    return WorkplaceShare(enrolled=figures["enrolled"], in_workplace=figures["in_workplace"])


def activity_catalogue(partnership: Partnership) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(partnership=partnership)
        .select_related("provider__organisation")
        .order_by("name")
    )


def participations_of(enrolment: Enrolment) -> list[Participation]:
    """The enrolment's participations with their talks, ongoing first (two queries)."""
    return list(
        Participation.objects.filter(enrolment=enrolment)
        .select_related("activity")
        .prefetch_related("talks")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-pk")
    )


def situations_of(enrolment: Enrolment) -> list[Situation]:
    """The participant's situations recorded for this enrolment: at start, at exit, after (one query)."""
    return list(Situation.objects.filter(enrolment_link__enrolment=enrolment).order_by("recorded_on", "pk"))


@dataclass(frozen=True)
class CaseloadFlags:
    """What a caseload asks of the team: current enrolments with a talk to hold (samtal att hålla: the
    current phase or an ongoing activity has no opening follow-up talk yet) and those without any ongoing
    activity (utan aktivitet)."""

    talks_due: int
    without_activity: int


def caseload_flags(enrolments: EnrolmentQuerySet) -> CaseloadFlags:
    """The caseload's flags in one query, whatever its size."""
    ongoing = Participation.objects.filter(enrolment=OuterRef("pk"), end_date__isnull=True)
    phase_unopened = EnrolmentPhase.objects.filter(enrolment=OuterRef("pk"), end_date__isnull=True).exclude(
        talks__purpose=PhaseTalk.Purpose.OPENS
    )
    activity_unopened = ongoing.exclude(talks__purpose=ParticipationTalk.Purpose.OPENS)
    figures = enrolments.current().aggregate(
        talks_due=Count("pk", filter=Q(Exists(phase_unopened)) | Q(Exists(activity_unopened))),
        without_activity=Count("pk", filter=~Q(Exists(ongoing))),
    )
    return CaseloadFlags(talks_due=figures["talks_due"], without_activity=figures["without_activity"])


@dataclass(frozen=True)
class IntakeRow:
    """Planned against actual intake of one period of the intake plan (or of the enrolments outside every
    period, `period` None). Actual intake: enrolments that started in the period, by the participant's
    registered gender; "annat" and "uppgift saknas" are counted apart, never as a woman or a man."""

    period: IntakePeriod | None
    women: int = 0
    men: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

    @property
    def difference(self) -> int | None:
        planned = self.period.planned_total if self.period else None
        return None if planned is None else self.total - planned


def intake_rows(partnership: Partnership) -> list[IntakeRow]:
    """The intake plan against the actual intake, period by period (two queries). The one place actual
    intake is counted."""
    periods = list(IntakePeriod.objects.filter(partnership=partnership).order_by("start_date"))
    counts: dict[int | None, dict[str, int]] = {p.pk: {} for p in periods}
    counts[None] = {}
    started = (
        Enrolment.objects.filter(partnership=partnership)
        .values("start_date", "participant__gender")
        .annotate(n=Count("pk"))
    )
    for row in started:
        period = next((p for p in periods if p.start_date <= row["start_date"] <= p.end_date), None)
        key = {Gender.WOMAN: "women", Gender.MAN: "men"}.get(row["participant__gender"], "other")
        bucket = counts[period.pk if period else None]
        bucket[key] = bucket.get(key, 0) + row["n"]
    rows = [IntakeRow(period=p, **counts[p.pk]) for p in periods]
    if counts[None]:
        rows.append(IntakeRow(period=None, **counts[None]))
    return rows


def plans_of(enrolment: Enrolment) -> list[JointPlan]:
    """Every revision of the participant's joint coordinated plan, the one in force first (three queries)."""
    return list(
        JointPlan.objects.filter(enrolment=enrolment)
        .select_related("created_by")
        .prefetch_related("parties__organisation", "activities")
        .order_by("-revision")
    )


@dataclass(frozen=True)
class PlanCount:
    """Seed 003's "Antal gemensamma samordnade planeringar": participants (enrolments) with a joint
    coordinated plan, of all enrolled; the goal is a plan for every participant, as soon as possible."""

    enrolled: int
    with_plan: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.with_plan / self.enrolled) if self.enrolled else None


def plan_count(partnership: Partnership) -> PlanCount:
    """The one place the plan count is computed (one query)."""
    figures = Enrolment.objects.filter(partnership=partnership).aggregate(
        enrolled=Count("pk"),
        with_plan=Count("pk", filter=Exists(JointPlan.objects.filter(enrolment=OuterRef("pk")))),
    )
    return PlanCount(enrolled=figures["enrolled"], with_plan=figures["with_plan"])
