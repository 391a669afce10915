"""Load data, second stage: participants and their consents, referrals and placements, planned as
chains of back-to-back placements per place so the capacity rule holds by construction."""

from __future__ import annotations

import datetime as dt
import heapq
import math

from bench.generate_common import (
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LAST_NAMES,
    GeneratorState,
    PlannedPlacement,
    _batched,
    _pseudonym,
)
from iop.dates import add_months
from participants.models import Consent, EndReason, Participant, Placement, Referral
from participants.models.choices import EducationLevel, Gender, SupportKind
from participants.personnummer import make_fictional


class PeopleRows(GeneratorState):
    """Writes participants and their placements; mixed into `bench.generate.Generator`."""

    # --- placements and participants --------------------------------------------------------
    def plan_placements(self) -> list[PlannedPlacement]:
        rng = self.rng
        planned: list[PlannedPlacement] = []
        for idx, p in enumerate(self.partnerships):
            assert p.places_at_once and p.max_months  # set by the registry stage
            chain: list[PlannedPlacement] = []
            for _slot in range(p.places_at_once):
                t = self.starts[idx] + dt.timedelta(days=rng.randint(0, 45))
                while t <= self.today:
                    limit = add_months(t, p.max_months)
                    planned_end = limit if rng.random() < 0.8 else t + dt.timedelta(days=rng.randint(60, 110))
                    planned_end = min(planned_end, limit)
                    end = t + dt.timedelta(days=rng.randint(20, (planned_end - t).days))
                    if rng.random() < 0.45:
                        end = planned_end
                    ended = end if end < self.today else None  # None: ongoing
                    chain.append(PlannedPlacement(idx, t, planned_end, ended))
                    t = (ended or planned_end) + dt.timedelta(days=rng.randint(1, 14))
            # Fewer than the chains hold: drop random ones (dropping keeps the capacity rule).
            target = self.placement_targets[idx]
            if len(chain) > target:
                chain = rng.sample(chain, target)
            planned.extend(chain)
        planned.sort(key=lambda x: (x.start, x.partnership_index))
        return planned

    def participants(self, planned: list[PlannedPlacement]) -> None:
        """Assign placements to participants so none of a participant's placements overlap."""
        rng = self.rng
        ratio = self.n["participants"] / max(1, len(planned))
        free: list[tuple[dt.date, int]] = []
        n_created = 0
        for k, pl in enumerate(planned):
            allowed = math.ceil((k + 1) * ratio)
            if n_created >= allowed and free and free[0][0] < pl.start - dt.timedelta(days=14):
                _, pid = heapq.heappop(free)
            else:
                pid = n_created
                n_created += 1
            pl.participant_index = pid
            heapq.heappush(free, ((pl.end or pl.planned_end), pid))
        taken_pnr = set(Participant.objects.values_list("personal_identity_number", flat=True))
        taken_pseudo = set(Participant.objects.values_list("pseudonym", flat=True))
        objs = []
        serial = 0
        for i in range(n_created):
            woman = rng.random() < 0.48
            year = rng.randint(1962, 2006)
            while True:
                pnr = make_fictional(serial * 7 + 1, year=year)
                serial += 1
                if pnr not in taken_pnr:
                    taken_pnr.add(pnr)
                    break
            pseudo = _pseudonym(i)
            k = i
            while pseudo in taken_pseudo:
                k += 1_000_003
                pseudo = _pseudonym(k)
            taken_pseudo.add(pseudo)
            objs.append(
                Participant(
                    personal_identity_number=pnr,
                    first_name=rng.choice(FIRST_NAMES_F if woman else FIRST_NAMES_M),
                    last_name=rng.choice(LAST_NAMES),
                    gender=Gender.WOMAN if woman else (Gender.MAN if rng.random() < 0.97 else Gender.OTHER),
                    birth_date=dt.date(int(pnr[:4]), int(pnr[4:6]), int(pnr[6:8])),
                    education_level=rng.choice(EducationLevel.values),
                    support_kind=rng.choice(
                        [SupportKind.INCOME_SUPPORT] * 5
                        + [SupportKind.ACTIVITY_SUPPORT] * 2
                        + [SupportKind.SICKNESS_BENEFIT]
                    ),
                    interpreter_needed=rng.random() < 0.15,
                    case_officer=rng.choice(self.case_officers),
                    protected_identity=rng.random() < 0.01,
                    pseudonym=pseudo,
                )
            )
        self.participant_objs = _batched(objs, Participant)
        self.result.counts["participants"] = len(self.participant_objs)

    def referrals_consents_placements(self, planned: list[PlannedPlacement]) -> None:
        rng = self.rng
        end_reasons = list(EndReason.objects.all())
        if not end_reasons:
            end_reasons = [
                EndReason.objects.create(
                    code="completed_plan", name="Genomförd enligt plan", counts_as_completed_plan=True
                )
            ]
        consents: dict[tuple[int, int], Consent] = {}
        referrals = []
        for pl in planned:
            part = self.participant_objs[pl.participant_index]
            p = self.partnerships[pl.partnership_index]
            referred = pl.start - dt.timedelta(days=rng.randint(14, 60))
            key = (part.pk, p.pk)
            if key not in consents:
                consents[key] = Consent(
                    participant=part,
                    partnership=p,
                    organisation=self.orgs[pl.partnership_index],
                    given_on=referred,
                    documentation_note="Muntligt vid möte, antecknat i journal.",
                    registered_by=part.case_officer,
                )
            referrals.append(
                Referral(
                    participant=part,
                    partnership=p,
                    case_officer=part.case_officer,
                    referred_on=referred,
                    status=Referral.Status.PLACED,
                    study_visit_on=referred + dt.timedelta(days=7),
                    status_changed_on=pl.start,
                )
            )
        # Waiting list (kö) and declined referrals: about 10 % each, for participants with no
        # ongoing placement in that partnership.
        ongoing = {(pl.participant_index, pl.partnership_index) for pl in planned if pl.end is None}
        open_keys: set[tuple[int, int]] = set()
        extra = []
        for _ in range(len(planned) // 5):
            pi = rng.randrange(len(self.participant_objs))
            idx = rng.randrange(len(self.partnerships))
            part, p = self.participant_objs[pi], self.partnerships[idx]
            waiting = rng.random() < 0.5
            if waiting and ((pi, idx) in ongoing or (pi, idx) in open_keys):
                continue
            referred = self.today - dt.timedelta(days=rng.randint(1, 120 if waiting else 1500))
            consents.setdefault(
                (part.pk, p.pk),
                Consent(
                    participant=part,
                    partnership=p,
                    organisation=self.orgs[idx],
                    given_on=referred,
                    documentation_note="Skriftligt samtycke.",
                    registered_by=part.case_officer,
                ),
            )
            if waiting:
                open_keys.add((pi, idx))
            extra.append(
                Referral(
                    participant=part,
                    partnership=p,
                    case_officer=part.case_officer,
                    referred_on=referred,
                    status=Referral.Status.ACCEPTED if waiting else Referral.Status.DECLINED,
                    closed_reason="" if waiting else "Deltagaren tackade nej.",
                    status_changed_on=referred,
                )
            )
        self.result.counts["consents"] = len(_batched(list(consents.values()), Consent))
        created_refs = _batched(referrals, Referral)
        self.result.counts["referrals"] = len(created_refs) + len(_batched(extra, Referral))
        objs = []
        for pl, ref in zip(planned, created_refs, strict=True):
            idx = pl.partnership_index
            p = self.partnerships[idx]
            objs.append(
                Placement(
                    participant=self.participant_objs[pl.participant_index],
                    partnership=p,
                    work_area=rng.choice(self.areas_by_p[p.pk]),
                    supervisor=rng.choice(self.supervisors_by_p[idx]),
                    referral=ref,
                    start_date=pl.start,
                    planned_end_date=pl.planned_end,
                    end_date=pl.end,
                    end_reason=rng.choice(end_reasons) if pl.end else None,
                )
            )
        for pl, obj in zip(planned, _batched(objs, Placement), strict=True):
            pl.obj = obj
        self.result.counts["placements"] = len(objs)
