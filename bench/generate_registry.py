"""Load data, first stage: users of every role and the registry (organisations, partnerships with
their parties, budgets, work areas and goals)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from bench.generate_common import (
    BENCH_USERS,
    CASE_SERIAL_BASE,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    PROGRAMME_MAX_MONTHS,
    PROGRAMME_MONTHS,
    PROGRAMME_SERIAL,
    WORK_AREAS,
    GeneratorState,
    _batched,
    _org_number,
)
from iop.dates import add_months
from iop.indicators import PREDEFINED
from iop.models.budget import BudgetLine
from iop.models.goals import Goal
from iop.models.organisation import Organisation
from iop.models.partnership import AgreementPeriod, Partnership, PartnershipParty, WorkArea
from iop.models.staff import StaffMember
from iop.models.steering import SteeringGroupMember
from iop.roles import Role


class RegistryRows(GeneratorState):
    """Writes the users and the registry; mixed into `bench.generate.Generator`."""

    # --- the registry ------------------------------------------------------------------------
    def registry(self) -> None:
        rng = self.rng
        n_p = self.n["partnerships"]
        city, _ = Organisation.objects.get_or_create(
            org_number="212000-1124",
            defaults={"name": "Arbetsmarknads- och socialnämnden, Malmö stad", "kind": "public"},
        )
        self.city = city
        taken = set(Organisation.objects.values_list("org_number", flat=True))
        orgs: list[Organisation] = []
        i = 0
        while len(orgs) < n_p + (1 if self.programme else 0):
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
        if self.programme:
            self.placement_targets.append(self.n["programme_placements"])
        taken_cases = set(Partnership.objects.values_list("case_number", flat=True))
        partnerships = []
        self.starts = []
        for idx in range(len(self.placement_targets)):
            if idx == n_p:  # the large programme: seed 003's shape, 30 months up to today
                start = add_months(self.today.replace(day=1), -PROGRAMME_MONTHS)
                start_year, capacity, serial = start.year, self.n["programme_at_once"], PROGRAMME_SERIAL
            else:
                # Most run all five years; some started later.
                start_year = self.first_year + (0 if rng.random() < 0.7 else rng.randint(1, 2))
                start = dt.date(start_year, 1, 1)
                days = (self.today - start).days
                cycle = 102  # mean placement (~95 days) plus the gap before the next one
                per_slot = max(1.0, days / cycle)
                capacity = max(2, math.ceil(self.placement_targets[idx] * 1.1 / per_slot))
                serial = CASE_SERIAL_BASE + idx
            self.starts.append(start)
            case = f"ASN-{start_year - 1}-{serial:04d}"
            while case in taken_cases and serial < 9999:
                serial += 1
                case = f"ASN-{start_year - 1}-{serial:04d}"
            taken_cases.add(case)
            partnerships.append(
                Partnership(
                    case_number=case,
                    title=f"Arbetsträning hos Föreningen Belastning {idx + 1}"
                    + (" (stort program)" if idx == n_p else ""),
                    area=Partnership.Area.LABOUR_MARKET,
                    status=Partnership.Status.ACTIVE,
                    target_group="Arbetslösa Malmöbor långt från arbetsmarknaden.",
                    purpose="Arbetsträning för att närma sig arbete eller studier.",
                    board_decision_date=dt.date(start_year - 1, 11, 20),
                    legal_force_date=dt.date(start_year - 1, 12, 12),
                    places_at_once=capacity,
                    places_per_year=capacity * 3,
                    max_months=PROGRAMME_MAX_MONTHS if idx == n_p else 4,
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
            assert p.places_at_once and p.places_per_year  # set above; narrows the nullable fields
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
        self.areas_by_p = {}
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
            assert p.places_at_once  # set above; narrows the nullable field
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
        self.supervisors_by_p = {}
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
