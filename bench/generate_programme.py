"""Load data, programme stage: the large programme (`--programme`, ASN-YYYY-9999) in seed 003's shape.

Malmökraften 2.0: five parties with Arbetsförmedlingen as project owner, ten multi-professional teams,
the three phases and the activity catalogue; each of the programme's participants (5 600 at scale 1,
1 500 at once) is enrolled in a team with a process leader from the participant's placement start to its
end, with a phase history opened and closed by talks, participations in the joint planning and (for about
two in three) a workplace-based activity, a joint coordinated plan for nine in ten, and an exit with an
outcome for those who ended. Team 1's process leader is `bench-processledare` and its member
`bench-teammedlem`. Written with bulk inserts like the other stages (no services, no history rows).
"""

from __future__ import annotations

import datetime as dt
import math

from bench.generate_common import BENCH_USERS, GeneratorState, PlannedPlacement, _batched
from iop.models import Organisation
from iop.roles import Role
from programmes.models import (
    Activity,
    Enrolment,
    EnrolmentExit,
    EnrolmentPhase,
    JointPlan,
    Participation,
    ParticipationTalk,
    Phase,
    PhaseTalk,
    ProgrammeParty,
    Team,
    TeamMember,
)
from programmes.services import DEFAULT_PHASES

TEAMS = 10
# Days in the first and second phase before the next (an even pace; the seed gives "5-8 månader" in all).
PHASE_DAYS = (45, 90)
OUTCOMES = [o for o in EnrolmentExit.Outcome]
AGENCIES = (
    ("202100-2114", "Arbetsförmedlingen", ProgrammeParty.Kind.STATE_AGENCY, True),
    ("202100-5521", "Försäkringskassan", ProgrammeParty.Kind.STATE_AGENCY, False),
    ("232100-0255", "Region Skåne", ProgrammeParty.Kind.REGION, False),
    (
        "222000-2295",
        "Samordningsförbundet FINSAM i Malmö",
        ProgrammeParty.Kind.COORDINATION_ASSOCIATION,
        False,
    ),
)
CATALOGUE = (
    ("Gemensam samordnad planering", Activity.Kind.JOINT_PLANNING, False),
    ("Matchning mot arbete", Activity.Kind.MATCHING, False),
    ("Arbetsplatsförlagda aktiviteter", Activity.Kind.WORKPLACE, True),
    ("Studie- och yrkesvägledning", Activity.Kind.GUIDANCE, False),
)


class ProgrammeRows(GeneratorState):
    """Writes the programme's shape and enrolments; mixed into `bench.generate.Generator`."""

    def programme_enrolments(self, planned: list[PlannedPlacement]) -> None:
        if not self.programme:
            return
        index = self.n["partnerships"]
        partnership = self.partnerships[index]
        mine = [pl for pl in planned if pl.partnership_index == index and pl.start <= self.today]
        parties = self._programme_parties(partnership, index)
        teams, leaders = self._teams(partnership)
        phases = _batched(
            [
                Phase(partnership=partnership, position=i + 1, name=str(name))
                for i, name in enumerate(DEFAULT_PHASES)
            ],
            Phase,
        )
        activities = _batched(
            [Activity(partnership=partnership, name=n, kind=k, workplace_based=w) for n, k, w in CATALOGUE],
            Activity,
        )
        rng = self.rng
        enrolments, steps = [], []
        for i, pl in enumerate(mine):
            team = i % TEAMS
            last = pl.end or self.today
            bounds = [pl.start]
            for days in PHASE_DAYS:
                nxt = bounds[-1] + dt.timedelta(days=days)
                if nxt > last or (pl.end is not None and nxt >= pl.end):
                    break
                bounds.append(nxt)
            enrolments.append(
                Enrolment(
                    partnership=partnership,
                    participant=self.participant_objs[pl.participant_index],
                    team=teams[team],
                    process_leader=leaders[team][i // TEAMS % len(leaders[team])],
                    start_date=pl.start,
                    end_date=pl.end,
                    phase=phases[len(bounds) - 1],
                )
            )
            steps.append(bounds)
        enrolments = _batched(enrolments, Enrolment)
        history, talks_of = [], []
        for e, bounds in zip(enrolments, steps, strict=True):
            for k, start in enumerate(bounds):
                end = bounds[k + 1] if k + 1 < len(bounds) else e.end_date
                history.append(EnrolmentPhase(enrolment=e, phase=phases[k], start_date=start, end_date=end))
                talks_of.append((start, end, e.process_leader_id))
        history = _batched(history, EnrolmentPhase)
        talks = []
        for h, (start, end, by) in zip(history, talks_of, strict=True):
            talks.append(
                PhaseTalk(enrolment_phase=h, purpose=PhaseTalk.Purpose.OPENS, held_on=start, created_by_id=by)
            )
            if end is not None:
                talks.append(
                    PhaseTalk(
                        enrolment_phase=h, purpose=PhaseTalk.Purpose.CLOSES, held_on=end, created_by_id=by
                    )
                )
        _batched(talks, PhaseTalk)
        participations = []
        for e, bounds in zip(enrolments, steps, strict=True):
            participations.append(
                Participation(
                    enrolment=e,
                    activity=activities[0],
                    start_date=e.start_date,
                    end_date=e.end_date,
                    created_by_id=e.process_leader_id,
                )
            )
            if len(bounds) > 1 and rng.random() < 0.7:
                participations.append(
                    Participation(
                        enrolment=e,
                        activity=activities[2],
                        start_date=bounds[1],
                        end_date=e.end_date,
                        hours=rng.choice((10, 20, 30)),
                        created_by_id=e.process_leader_id,
                    )
                )
        participations = _batched(participations, Participation)
        activity_talks = []
        for p in participations:
            activity_talks.append(
                ParticipationTalk(
                    participation=p,
                    purpose=ParticipationTalk.Purpose.OPENS,
                    held_on=p.start_date,
                    created_by_id=p.created_by_id,
                )
            )
            if p.end_date is not None:
                activity_talks.append(
                    ParticipationTalk(
                        participation=p,
                        purpose=ParticipationTalk.Purpose.CLOSES,
                        held_on=p.end_date,
                        created_by_id=p.created_by_id,
                    )
                )
        _batched(activity_talks, ParticipationTalk)
        plans = []
        for e in enrolments:
            day = e.start_date + dt.timedelta(days=14)
            if rng.random() < 0.9 and day <= (e.end_date or self.today):
                plans.append(
                    JointPlan(
                        enrolment=e,
                        revision=1,
                        decided_on=day,
                        goal="Arbete",
                        created_by_id=e.process_leader_id,
                    )
                )
        plans = _batched(plans, JointPlan)
        through = JointPlan.parties.through
        _batched(
            [
                through(jointplan_id=plan.pk, programmeparty_id=party.pk)
                for plan in plans
                for party in parties[:2]
            ],
            through,
        )
        exits = []
        for e in enrolments:
            if e.end_date is None:
                continue
            outcome = rng.choice(OUTCOMES)
            decided = outcome == EnrolmentExit.Outcome.DECIDED
            exits.append(
                EnrolmentExit(
                    enrolment=e,
                    outcome=outcome,
                    decision_date=e.end_date if decided else None,
                    starts_on=e.end_date + dt.timedelta(days=rng.randint(1, 90)) if decided else None,
                    created_by_id=e.process_leader_id,
                )
            )
        _batched(exits, EnrolmentExit)
        self.result.counts |= {
            "programme_enrolments": len(enrolments),
            "programme_current": sum(1 for e in enrolments if e.end_date is None),
            "programme_phase_talks": len(talks),
            "programme_participations": len(participations),
            "programme_plans": len(plans),
        }

    def _programme_parties(self, partnership, index: int) -> list[ProgrammeParty]:
        orgs = []
        for number, name, _kind, _owner in AGENCIES:
            org, _ = Organisation.objects.get_or_create(
                org_number=number, defaults={"name": name, "kind": Organisation.Kind.PUBLIC, "city": "Malmö"}
            )
            orgs.append(org)
        rows = [
            ProgrammeParty(partnership=partnership, organisation=org, kind=kind, is_project_owner=owner)
            for org, (_n, _name, kind, owner) in zip(orgs, AGENCIES, strict=True)
        ]
        rows.append(
            ProgrammeParty(partnership=partnership, organisation=self.city, kind=ProgrammeParty.Kind.CITY)
        )
        rows.append(
            ProgrammeParty(
                partnership=partnership, organisation=self.orgs[index], kind=ProgrammeParty.Kind.NON_PROFIT
            )
        )
        return _batched(rows, ProgrammeParty)

    def _teams(self, partnership) -> tuple[list[Team], list[list]]:
        target = max(1, math.ceil(self.n["programme_at_once"] * 1.2 / TEAMS))
        teams = _batched(
            [
                Team(partnership=partnership, name=f"Team {t + 1}", caseload_target=target)
                for t in range(TEAMS)
            ],
            Team,
        )
        specs = []
        for t in range(TEAMS):
            leader_name = BENCH_USERS[Role.PROCESSLEDARE] if t == 0 else f"bench-processledare-{t}-0"
            member_name = BENCH_USERS[Role.TEAMMEDLEM] if t == 0 else f"bench-teammedlem-{t}"
            specs += [
                (leader_name, "Pia", "Processledare", Role.PROCESSLEDARE, self.city),
                (f"bench-processledare-{t}-1", "Anders", "Förmedlare", Role.PROCESSLEDARE, self.city),
                (member_name, "Tove", "Teammedlem", Role.TEAMMEDLEM, self.city),
            ]
        users = self.users(specs)
        members, leaders = [], []
        for t, team in enumerate(teams):
            first, second, member = users[3 * t : 3 * t + 3]
            leaders.append([first, second])
            members += [
                TeamMember(team=team, user=first, profession=TeamMember.Profession.SOCIALSEKRETERARE),
                TeamMember(team=team, user=second, profession=TeamMember.Profession.ARBETSFORMEDLARE),
                TeamMember(team=team, user=member, profession=TeamMember.Profession.SYV),
            ]
        _batched(members, TeamMember)
        return teams, leaders
