"""Deterministic load data at city scale for the benchmark (`manage.py generate_load_data`).

At scale 1: 50 partnerships over 5 years, 50 000 participants, 100 000 placements, 1 000 000 talks
(when the followup app has its Talk model), 10 000 invoices (when the invoicing app has its models),
with consents, referrals (placed, waiting, declined), end reasons, staff and users of every role.

Everything comes from one seeded `random.Random`, so a seed and a reference day give the same data.
Rows are written with `bulk_create` in batches (no services, no history rows): the capacity rule
holds by construction, because each partnership's placements are generated as chains of
back-to-back placements per place (slot), so at most `places_at_once` overlap on any day.
All people are fictional; personal identity numbers come from `personnummer.make_fictional`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from bench.accounts import BENCH_PASSWORD, BENCH_USERNAMES
from iop.dates import add_months
from iop.indicators import PREDEFINED
from iop.models import (
    AgreementPeriod,
    BudgetLine,
    Goal,
    Organisation,
    Partnership,
    PartnershipParty,
    StaffMember,
    SteeringGroupMember,
    User,
    WorkArea,
)
from iop.roles import Role
from participants.models import Consent, EndReason, Participant, Placement, Referral
from participants.models.choices import EducationLevel, Gender, SupportKind
from participants.personnummer import make_fictional

BATCH = 5000
# Case numbers ASN-YYYY-9NNN mark load-data partnerships.
CASE_SERIAL_BASE = 9000
BENCH_USERS = {role: BENCH_USERNAMES[str(role)] for role in Role}

SCALE_1 = {
    "partnerships": 50,
    "participants": 50_000,
    "placements": 100_000,
    "talks": 1_000_000,
    "invoices": 10_000,
    "case_officers": 250,
}
YEARS = 5

FIRST_NAMES_F = ["Amina", "Sara", "Fatima", "Maria", "Leila", "Eva", "Noor", "Emma", "Hanna", "Zeynep"]
FIRST_NAMES_M = ["Ali", "Johan", "Ahmed", "Erik", "Mohammed", "Lars", "Omar", "Karl", "Yusuf", "Nils"]
LAST_NAMES = [
    "Andersson",
    "Hassan",
    "Nilsson",
    "Karimi",
    "Persson",
    "Yilmaz",
    "Larsson",
    "Ibrahim",
    "Svensson",
    "Nowak",
    "Olsson",
    "Ahmadi",
]
WORK_AREAS = ["Insamling och produktion", "Sömnad", "Livsmedelsbutik", "Secondhand", "Café", "Lager"]
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def counts_for(scale: float) -> dict[str, int]:
    """Row counts at a scale (at least 2 partnerships and a handful of rows at tiny scales)."""
    c = {k: max(1, round(v * scale)) for k, v in SCALE_1.items()}
    c["partnerships"] = max(2, c["partnerships"])
    c["case_officers"] = max(2, c["case_officers"])
    return c


@dataclass
class PlannedPlacement:
    partnership_index: int
    start: dt.date
    planned_end: dt.date
    end: dt.date | None
    participant_index: int = -1
    obj: Placement | None = None


@dataclass
class Result:
    """What was written, for the command's summary and the benchmark's metadata."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def _batched(objs: list, model, **kwargs) -> list:
    created: list = []
    for i in range(0, len(objs), BATCH):
        created.extend(model.objects.bulk_create(objs[i : i + BATCH], batch_size=BATCH, **kwargs))
    return created


def _org_number(n: int) -> str:
    """A fictional, Luhn-valid organisation number in the non-profit series 8NNNNN-NNNN."""
    base = f"8{(970000 + n) % 1000000:06d}"[:6] + f"{n % 1000:03d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


def _pseudonym(n: int) -> str:
    # Multiply by an odd constant modulo 32**4 (a bijection) so pseudonyms look unordered yet are unique.
    x = (n * 747_941 + 12_345) % 32**4
    chars = []
    for _ in range(4):
        x, r = divmod(x, 32)
        chars.append(PSEUDONYM_ALPHABET[r])
    return "Deltagare " + "".join(chars)


class Generator:
    def __init__(self, *, scale: float, seed: int, today: dt.date, log: Callable[[str], None]):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today
        self.log = log
        self.n = counts_for(scale)
        self.first_year = today.year - YEARS + 1
        self.result = Result()
        self.password_hash = make_password(BENCH_PASSWORD)
        self.tz = timezone.get_current_timezone()

    # --- users and the registry ------------------------------------------------------------
    def users(self, specs: Iterable[tuple[str, str, str, str, Organisation | None]]) -> list[User]:
        """Create users (username, first, last, role, organisation) and their role memberships."""
        specs = list(specs)
        objs = [
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@bench.example",
                organisation=org,
                password=self.password_hash,
                is_active=True,
            )
            for username, first, last, _role, org in specs
        ]
        created = _batched(objs, User)
        groups = {str(r): Group.objects.get_or_create(name=str(r))[0] for r in Role}
        through = User.groups.through
        _batched(
            [
                through(user_id=u.pk, group_id=groups[str(spec[3])].pk)
                for u, spec in zip(created, specs, strict=True)
            ],
            through,
        )
        return created

    def registry(self) -> None:
        rng = self.rng
        n_p = self.n["partnerships"]
        city, _ = Organisation.objects.get_or_create(
            org_number="212000-1124",
            defaults={"name": "Arbetsmarknads- och socialnämnden, Malmö stad", "kind": "public"},
        )
        self.city = city
        taken = set(Organisation.objects.values_list("org_number", flat=True))
        orgs = []
        i = 0
        while len(orgs) < n_p:
            number = _org_number(i)
            i += 1
            if number in taken:
                continue
            orgs.append(
                Organisation(
                    name=f"Föreningen Belastning {len(orgs) + 1}",
                    org_number=number,
                    kind=Organisation.Kind.NON_PROFIT,
                    city="Malmö",
                    bankgiro=f"{5000 + len(orgs)}-{1000 + len(orgs)}",
                )
            )
        self.orgs = _batched(orgs, Organisation)

        # Placements are split unevenly between partnerships; capacity follows from the share.
        weights = [rng.uniform(0.4, 1.6) for _ in range(n_p)]
        total_w = sum(weights)
        self.placement_targets = [max(2, round(self.n["placements"] * w / total_w)) for w in weights]
        taken_cases = set(Partnership.objects.values_list("case_number", flat=True))
        partnerships = []
        self.starts: list[dt.date] = []
        for idx in range(n_p):
            # Most run all five years; some started later.
            start_year = self.first_year + (0 if rng.random() < 0.7 else rng.randint(1, 2))
            start = dt.date(start_year, 1, 1)
            self.starts.append(start)
            days = (self.today - start).days
            cycle = 102  # mean placement (~95 days) plus the gap before the next one
            per_slot = max(1.0, days / cycle)
            capacity = max(2, math.ceil(self.placement_targets[idx] * 1.1 / per_slot))
            serial = CASE_SERIAL_BASE + idx
            case = f"ASN-{start_year - 1}-{serial:04d}"
            while case in taken_cases and serial < 9999:
                serial += 1
                case = f"ASN-{start_year - 1}-{serial:04d}"
            taken_cases.add(case)
            partnerships.append(
                Partnership(
                    case_number=case,
                    title=f"Arbetsträning hos Föreningen Belastning {idx + 1}",
                    area=Partnership.Area.LABOUR_MARKET,
                    status=Partnership.Status.ACTIVE,
                    target_group="Arbetslösa Malmöbor långt från arbetsmarknaden.",
                    purpose="Arbetsträning för att närma sig arbete eller studier.",
                    board_decision_date=dt.date(start_year - 1, 11, 20),
                    legal_force_date=dt.date(start_year - 1, 12, 12),
                    places_at_once=capacity,
                    places_per_year=capacity * 3,
                    max_months=4,
                    extension_months=12,
                    invoicing_frequency=Partnership.InvoicingFrequency.MONTHLY,
                    invoicing_method=Partnership.InvoicingMethod.FIXED_SHARE,
                    convening_party=self.orgs[idx],
                )
            )
        self.partnerships = _batched(partnerships, Partnership)
        parties = []
        for p, org in zip(self.partnerships, self.orgs, strict=True):
            parties.append(PartnershipParty(partnership=p, organisation=city, role="city"))
            parties.append(PartnershipParty(partnership=p, organisation=org, role="non_profit"))
        self.parties = _batched(parties, PartnershipParty)
        periods, areas, goals, budget = [], [], [], []
        end_year = self.today.year
        for idx, p in enumerate(self.partnerships):
            y0 = self.starts[idx].year
            periods.append(
                AgreementPeriod(
                    partnership=p, kind="original", start=dt.date(y0, 1, 1), end=dt.date(y0, 12, 31)
                )
            )
            for y in range(y0 + 1, end_year + 1):
                periods.append(
                    AgreementPeriod(
                        partnership=p,
                        kind="extension",
                        start=dt.date(y, 1, 1),
                        end=dt.date(y, 12, 31),
                        approved_on=dt.date(y - 1, 9, 1),
                    )
                )
            for name in rng.sample(WORK_AREAS, rng.randint(2, 4)):
                areas.append(WorkArea(partnership=p, name=name))
            for order, code in enumerate(PREDEFINED, start=1):
                goals.append(
                    Goal(
                        partnership=p,
                        indicator=code,
                        title=str(code.label),
                        target_value=Decimal(p.places_per_year),
                        order=order,
                    )
                )
            for y in range(y0, end_year + 1):
                salary = Decimal(p.places_at_once * 70_000 + rng.randint(0, 99_999)).quantize(Decimal("0.01"))
                budget.append(
                    BudgetLine(
                        partnership=p,
                        year=y,
                        category="salary",
                        description="Handledare",
                        fte=Decimal(max(1, p.places_at_once // 8)),
                        amount=salary,
                    )
                )
                budget.append(
                    BudgetLine(
                        partnership=p,
                        year=y,
                        category="work_clothes",
                        description="Arbetskläder",
                        amount=Decimal(p.places_at_once * 7_000),
                    )
                )
        _batched(periods, AgreementPeriod)
        self.work_areas = _batched(areas, WorkArea)
        self.areas_by_p: dict[int, list[WorkArea]] = {}
        for a in self.work_areas:
            self.areas_by_p.setdefault(a.partnership_id, []).append(a)
        _batched(goals, Goal)
        self.budget_lines = _batched(budget, BudgetLine)
        self.result.counts["partnerships"] = len(self.partnerships)

        # People: city-wide roles, case officers, and per partnership supervisors, steering, finance.
        specs = [
            (BENCH_USERS[Role.SAMORDNARE], "Sara", "Samordnare", Role.SAMORDNARE, city),
            (BENCH_USERS[Role.ATTESTANT], "Ali", "Attestant", Role.ATTESTANT, city),
            (BENCH_USERS[Role.AMS], "Amir", "Handläggare", Role.AMS, city),
        ]
        for i in range(1, self.n["case_officers"]):
            specs.append(
                (f"bench-ams-{i}", rng.choice(FIRST_NAMES_F + FIRST_NAMES_M), "Sekreterare", Role.AMS, city)
            )
        sup_specs, steer_specs, econ_specs = [], [], []
        for idx, (p, org) in enumerate(zip(self.partnerships, self.orgs, strict=True)):
            for s in range(max(1, math.ceil(p.places_at_once / 8))):
                name = BENCH_USERS[Role.HANDLEDARE] if idx == 0 and s == 0 else f"bench-handledare-{idx}-{s}"
                sup_specs.append((idx, (name, rng.choice(FIRST_NAMES_F), "Handledare", Role.HANDLEDARE, org)))
            name = BENCH_USERS[Role.STYRGRUPP] if idx == 0 else f"bench-styrgrupp-{idx}"
            steer_specs.append((idx, (name, "Stina", "Styrgrupp", Role.STYRGRUPP, org)))
            name = BENCH_USERS[Role.EKONOMI] if idx == 0 else f"bench-ekonomi-{idx}"
            econ_specs.append((idx, (name, "Eva", "Ekonom", Role.EKONOMI, org)))
        created = self.users(specs + [s for _, s in sup_specs + steer_specs + econ_specs])
        self.case_officers = [u for u in created[: len(specs)] if u.username.startswith("bench-ams")]
        self.attestant = created[1]
        rest = created[len(specs) :]
        sups, rest = rest[: len(sup_specs)], rest[len(sup_specs) :]
        steers, econs = rest[: len(steer_specs)], rest[len(steer_specs) :]
        self.supervisors_by_p: dict[int, list[User]] = {}
        staff = []
        signed = dt.date(self.first_year, 1, 1)
        for (idx, _), u in zip(sup_specs, sups, strict=True):
            self.supervisors_by_p.setdefault(idx, []).append(u)
            staff.append(
                StaffMember(
                    partnership=self.partnerships[idx],
                    user=u,
                    role="supervisor",
                    fte=Decimal("1.00"),
                    confidentiality_signed_on=signed,
                )
            )
        self.econ_by_p = {}
        for (idx, _), u in zip(econ_specs, econs, strict=True):
            self.econ_by_p[idx] = u
            staff.append(StaffMember(partnership=self.partnerships[idx], user=u, role="administrator"))
        _batched(staff, StaffMember)
        party_by_p = {pp.partnership_id: pp for pp in self.parties if pp.role == "non_profit"}
        _batched(
            [
                SteeringGroupMember(
                    partnership=self.partnerships[idx],
                    party=party_by_p[self.partnerships[idx].pk],
                    user=u,
                    name=u.get_full_name(),
                )
                for (idx, _), u in zip(steer_specs, steers, strict=True)
            ],
            SteeringGroupMember,
        )
        self.result.counts["users"] = len(created)

    # --- placements and participants --------------------------------------------------------
    def plan_placements(self) -> list[PlannedPlacement]:
        rng = self.rng
        planned: list[PlannedPlacement] = []
        for idx, p in enumerate(self.partnerships):
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
                    if end >= self.today:
                        end = None  # ongoing
                    chain.append(PlannedPlacement(idx, t, planned_end, end))
                    t = (end or planned_end) + dt.timedelta(days=rng.randint(1, 14))
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

    # --- optional apps ----------------------------------------------------------------------
    def talks(self, planned: list[PlannedPlacement]) -> None:
        try:
            Talk = apps.get_model("followup", "Talk")
        except LookupError:
            self.result.skipped.append("talks: followup.Talk does not exist yet")
            return
        rng = self.rng
        total_days = sum(((pl.end or min(pl.planned_end, self.today)) - pl.start).days + 1 for pl in planned)
        per_day = self.n["talks"] / max(1, total_days)
        n = 0
        batch = []
        held_time = dt.time(10, 0)
        for pl in planned:
            last = pl.end or min(pl.planned_end, self.today)
            days = (last - pl.start).days + 1
            k = max(2, round(days * per_day + rng.uniform(-0.5, 0.5)))
            sup = pl.obj.supervisor_id
            for j in range(k):
                if j == 0:
                    kind, day, both = "start_meeting", pl.start, True
                elif j == k - 1 and pl.end:
                    kind, day, both = "exit_meeting", pl.end, True
                else:
                    day = pl.start + dt.timedelta(days=rng.randint(1, max(1, days - 1)))
                    kind = "followup_meeting" if rng.random() < 0.3 else "supervision_talk"
                    both = kind == "followup_meeting" or rng.random() < 0.2
                batch.append(
                    Talk(
                        placement_id=pl.obj.pk,
                        kind=kind,
                        status="held" if day <= self.today else "planned",
                        held_at=dt.datetime.combine(day, held_time, tzinfo=self.tz),
                        participant_present=True,
                        supervisor_present=True,
                        case_officer_present=both,
                        notes="Samtal enligt plan.",
                        created_by_id=sup,
                    )
                )
            if len(batch) >= BATCH * 4:
                n += len(_batched(batch, Talk))
                batch = []
        n += len(_batched(batch, Talk))
        self.result.counts["talks"] = n

    def invoices(self) -> None:
        try:
            Invoice = apps.get_model("invoicing", "Invoice")
            InvoiceLine = apps.get_model("invoicing", "InvoiceLine")
        except LookupError:
            self.result.skipped.append("invoices: invoicing.Invoice does not exist yet")
            return
        rng = self.rng
        budget = {(b.partnership_id, b.year, b.category): b for b in self.budget_lines}
        months: list[tuple[int, dt.date]] = []
        for idx, _p in enumerate(self.partnerships):
            m = self.starts[idx]
            while add_months(m, 1) <= self.today.replace(day=1):
                months.append((idx, m))
                m = add_months(m, 1)
        target = self.n["invoices"]
        # One invoice per partnership-month; the rest of the target as credit cycles (credited
        # invoice + credit note + re-issue) on random months, as corrections happen in real life.
        cycles = {}
        for _ in range(max(0, (target - len(months)) // 2)):
            key = rng.randrange(len(months))
            cycles[key] = cycles.get(key, 0) + 1
        numbers: dict[int, int] = {}
        invoices: list = []
        lines_for: list[tuple[int, Decimal, object]] = []  # (invoice list index, amount, budget line)
        credit_links: list[tuple[int, int]] = []

        def issue(
            idx: int, start: dt.date, *, kind: str, amount: Decimal, status: str, credited: bool
        ) -> int:
            org = self.orgs[idx]
            end = add_months(start, 1) - dt.timedelta(days=1)
            invoice_date = end + dt.timedelta(days=rng.randint(1, 10))
            approved = status in ("approved", "paid")
            # Numbers and dates are given at approval (a submitted invoice has none).
            if approved:
                numbers[org.pk] = numbers.get(org.pk, 0) + 1
            inv = Invoice(
                partnership=self.partnerships[idx],
                kind=kind,
                seller=org,
                buyer=self.city,
                number=numbers[org.pk] if approved else None,
                number_prefix="IOP-" if approved else "",
                status=status,
                period_start=start,
                period_end=end,
                budget_year=start.year,
                invoice_date=invoice_date if approved else None,
                due_date=invoice_date + dt.timedelta(days=30) if approved and kind == "invoice" else None,
                total_net=amount,
                total_vat=Decimal("0.00"),
                total=amount,
                is_credited=credited,
                created_by=self.econ_by_p[idx],
                submitted_by=self.econ_by_p[idx],
                submitted_at=dt.datetime.combine(invoice_date, dt.time(9), tzinfo=self.tz),
                approved_by=self.attestant if approved else None,
                approved_at=dt.datetime.combine(
                    invoice_date + dt.timedelta(days=5), dt.time(9), tzinfo=self.tz
                )
                if approved
                else None,
                paid_on=invoice_date + dt.timedelta(days=25) if status == "paid" else None,
                seller_snapshot={"name": org.name, "org_number": org.org_number},
                buyer_snapshot={"name": self.city.name, "org_number": self.city.org_number},
            )
            invoices.append(inv)
            line = budget.get((self.partnerships[idx].pk, start.year, "salary"))
            lines_for.append((len(invoices) - 1, amount, line))
            return len(invoices) - 1

        recent = add_months(self.today.replace(day=1), -3)
        for key, (idx, start) in enumerate(months):
            line = budget.get((self.partnerships[idx].pk, start.year, "salary"))
            amount = (line.amount / 12).quantize(Decimal("0.01")) if line else Decimal("10000.00")
            status = "paid" if start < recent else rng.choice(["submitted", "approved", "paid"])
            for _c in range(cycles.get(key, 0)):
                original = issue(idx, start, kind="invoice", amount=amount, status="paid", credited=True)
                note = issue(
                    idx, start, kind="credit_note", amount=-amount, status="approved", credited=False
                )
                credit_links.append((note, original))
            issue(idx, start, kind="invoice", amount=amount, status=status, credited=False)
        # Approved and paid invoices take no new lines (a PostgreSQL trigger keeps them immutable), so every
        # invoice is written as submitted, gets its lines, and is then approved in one bulk update, the order
        # the workflow itself follows.
        final_fields = [
            "status",
            "number",
            "number_prefix",
            "invoice_date",
            "due_date",
            "approved_by",
            "approved_at",
            "paid_on",
        ]
        approved = [inv for inv in invoices if inv.status != "submitted"]
        final = {id(inv): {f: getattr(inv, f) for f in final_fields} for inv in approved}
        for inv in approved:
            inv.status, inv.number, inv.number_prefix = "submitted", None, ""
            inv.invoice_date = inv.due_date = inv.approved_by = inv.approved_at = inv.paid_on = None
        # Credit notes reference their originals, which must exist first: save in two passes.
        note_set = {n for n, _ in credit_links}
        first = [inv for i, inv in enumerate(invoices) if i not in note_set]
        _batched(first, Invoice)
        for note, original in credit_links:
            invoices[note].credits = invoices[original]
        _batched([invoices[n] for n, _ in credit_links], Invoice)
        _batched(
            [
                InvoiceLine(
                    invoice=invoices[i],
                    position=1,
                    category="salary",
                    budget_line=line,
                    description="Lönekostnader, andel av årsbudget",
                    amount=amount,
                )
                for i, amount, line in lines_for
            ],
            InvoiceLine,
        )
        for inv in approved:
            for name, value in final[id(inv)].items():
                setattr(inv, name, value)
        Invoice.objects.bulk_update(approved, final_fields, batch_size=1000)
        counter = apps.get_model("invoicing", "InvoiceNumberCounter")
        _batched([counter(organisation_id=org_pk, last_number=n) for org_pk, n in numbers.items()], counter)
        self.result.counts["invoices"] = len(invoices)

    # --- all ------------------------------------------------------------------------------
    def run(self) -> Result:
        with transaction.atomic():
            self.registry()
            self.log(f"  registry: {self.result.counts}")
            planned = self.plan_placements()
            self.participants(planned)
            self.referrals_consents_placements(planned)
            self.log(f"  participants and placements: {self.result.counts}")
        with transaction.atomic():
            self.talks(planned)
        try:
            with transaction.atomic():
                self.invoices()
        except Exception as exc:  # noqa: BLE001 - the invoicing models may have changed shape; say so
            self.result.skipped.append(f"invoices: {type(exc).__name__}: {exc}"[:300])
        return self.result


def load_data_present() -> bool:
    return Partnership.objects.filter(case_number__regex=r"^ASN-\d{4}-9\d{3}$").exists()


def generate(*, scale: float, seed: int = 1, today: dt.date | None = None, log=lambda s: None) -> Result:
    return Generator(scale=scale, seed=seed, today=today or dt.date.today(), log=log).run()
