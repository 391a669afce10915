"""What every stage of the load-data generator shares: the scale, the name lists, the plan of a
placement, the result, and batched writes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from stdnum import luhn

from bench.accounts import BENCH_USERNAMES
from iop.models import BudgetLine, Organisation, Partnership, PartnershipParty, User, WorkArea
from iop.roles import Role
from participants.models import Participant, Placement

BATCH = 5000
# Case numbers ASN-YYYY-9NNN mark load-data partnerships.
CASE_SERIAL_BASE = 9000
# The large programme (`--programme`) is ASN-YYYY-9999.
PROGRAMME_SERIAL = 9999
# Seed 003 (Malmökraften): 5 600 participants over 30 months, 1 500 at once. At scale 1 the programme
# has that shape (ten times an ordinary partnership's places), at scale s that times s: the data of one
# partnership grows with the scale, not only the number of partnerships.
PROGRAMME = {"programme_participants": 5_600, "programme_at_once": 1_500}
PROGRAMME_MONTHS = 30
PROGRAMME_MAX_MONTHS = 12
# The roles the benchmark logs in as (the programme roles' accounts only with `--programme`).
BENCH_USERS = {role: BENCH_USERNAMES[str(role)] for role in Role if str(role) in BENCH_USERNAMES}

SCALE_1 = {
    "partnerships": 50,
    "participants": 50_000,
    "placements": 100_000,
    "talks": 1_000_000,
    "invoices": 10_000,
    "case_officers": 250,
    "access_log": 1_000_000,
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


def counts_for(scale: float, programme: bool = False) -> dict[str, int]:
    """Row counts at a scale (at least 2 partnerships and a handful of rows at tiny scales); with the
    large programme, its participants and places on top (one placement per participant, as in seed 003)."""
    c = {k: max(1, round(v * scale)) for k, v in SCALE_1.items()}
    c["partnerships"] = max(2, c["partnerships"])
    c["case_officers"] = max(2, c["case_officers"])
    if programme:
        extra = {k: max(2, round(v * scale)) for k, v in PROGRAMME.items()}
        c |= extra | {"programme_placements": extra["programme_participants"]}
        c["participants"] += extra["programme_participants"]
        c["talks"] += round(c["talks"] * extra["programme_participants"] / c["placements"])
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


class GeneratorState:
    """The state the stages share: set up by `Generator.__init__` and filled stage by stage."""

    scale: float
    programme: bool
    rng: random.Random
    today: dt.date
    log: Callable[[str], None]
    n: dict[str, int]
    first_year: int
    result: Result
    password_hash: str
    tz: dt.tzinfo
    # Written by the registry stage, read by the later ones.
    city: Organisation
    orgs: list[Organisation]
    placement_targets: list[int]
    starts: list[dt.date]
    partnerships: list[Partnership]
    parties: list[PartnershipParty]
    work_areas: list[WorkArea]
    areas_by_p: dict[int, list[WorkArea]]
    budget_lines: list[BudgetLine]
    case_officers: list[User]
    attestant: User
    supervisors_by_p: dict[int, list[User]]
    econ_by_p: dict[int, User]
    # Written by the people stage.
    participant_objs: list[Participant]

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
