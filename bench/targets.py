"""What the benchmark measures: the key pages (by URL name, tried in order, so pages that are not
built yet are skipped with a reason), the report builders and the indicator command.

Shared by bench.run (PostgreSQL, timings) and tests/bench (query bounds at small scale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from iop.models import Partnership, User
from iop.roles import Role

from .generate_common import BENCH_USERS, PROGRAMME_SERIAL


class Skip(Exception):
    """The measurement cannot run (page, model or function not there yet); the message says why."""


@dataclass
class World:
    """The objects the measured URLs point at: the first load-data partnership and its people."""

    partnership: Partnership
    users: dict[str, User]
    participant_id: int | None
    placement_id: int | None
    invoice_id: int | None
    year: int
    quarter_year: int
    quarter: int
    programme: Partnership | None = None  # the large programme (`--programme`), when generated


def build_world(today: dt.date | None = None) -> World:
    today = today or dt.date.today()
    # The programme roles' accounts exist only when the large programme was generated.
    by_name = {u.username: u for u in User.objects.filter(username__in=BENCH_USERS.values())}
    users = {str(role): by_name[name] for role, name in BENCH_USERS.items() if name in by_name}
    load_data = Partnership.objects.filter(case_number__regex=r"^ASN-\d{4}-9\d{3}$")
    partnership = load_data.exclude(case_number__endswith=f"-{PROGRAMME_SERIAL}").order_by("pk").first()
    if partnership is None:
        raise Skip("no load data (run generate_load_data first)")
    from participants.models import Placement

    # The supervisor's pages: an ongoing placement in the first partnership that bench-handledare
    # supervises. The case officer's pages: a participant bench-ams is responsible for.
    ongoing = Placement.objects.filter(
        partnership=partnership, end_date__isnull=True, participant__protected_identity=False
    ).order_by("pk")
    placement = (
        ongoing.filter(supervisor=users[Role.HANDLEDARE], participant__case_officer=users[Role.AMS]).first()
        or ongoing.filter(supervisor=users[Role.HANDLEDARE]).first()
        or ongoing.first()
    )
    from participants.models import Participant

    participant_id = (
        ongoing.filter(participant__case_officer=users[Role.AMS])
        .values_list("participant_id", flat=True)
        .first()
        or Participant.objects.filter(case_officer=users[Role.AMS], protected_identity=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    invoice_id = None
    try:
        Invoice = apps.get_model("invoicing", "Invoice")
        invoice_id = (
            Invoice.objects.filter(partnership=partnership, status="approved")
            .values_list("pk", flat=True)
            .first()
            or Invoice.objects.filter(partnership=partnership).values_list("pk", flat=True).first()
        )
    except LookupError:
        pass
    last_quarter_end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    return World(
        partnership=partnership,
        users=users,
        participant_id=participant_id,
        placement_id=placement.pk if placement else None,
        invoice_id=invoice_id,
        year=today.year - 1,
        quarter_year=last_quarter_end.year,
        quarter=(last_quarter_end.month - 1) // 3 + 1,
        programme=load_data.filter(case_number__endswith=f"-{PROGRAMME_SERIAL}").first(),
    )


@dataclass
class Page:
    """A page measured with the test client, as `role`, at the first URL name that resolves."""

    key: str
    label: str
    role: str | None  # None: anonymous
    candidates: list[tuple[str, Callable[[World], dict]]]
    query: Callable[[World], str] = lambda w: ""
    weight: dict[str, int] = field(default_factory=dict)  # share in each role's load mix
    versioned: bool = False  # cached per data version (reporting.dashboard_cache): sampled after a change

    def url(self, world: World) -> str:
        tried = []
        for name, kwargs_of in self.candidates:
            try:
                kwargs = kwargs_of(world)
            except Skip as exc:
                tried.append(f"{name} ({exc})")
                continue
            try:
                return reverse(name, kwargs=kwargs) + self.query(world)
            except NoReverseMatch:
                tried.append(name)
        raise Skip("URL name not there yet: " + ", ".join(tried))


def _need(value, what: str):
    if value is None:
        raise Skip(f"no {what} in the load data")
    return value


def P(w: World) -> dict:
    return {"pk": w.partnership.pk}


def NONE(w: World) -> dict:
    return {}


PAGES: list[Page] = [
    Page("baseline", "Baseline: healthz (minimal Django view)", None, [("healthz", NONE)]),
    Page("home", "Start page", Role.SAMORDNARE, [("home", NONE)]),
    # The start page is each role's to-do list (iop.todo): every role's own sections are measured.
    Page("home_ams", "Start page (case officer)", Role.AMS, [("home", NONE)]),
    Page("home_handledare", "Start page (supervisor)", Role.HANDLEDARE, [("home", NONE)]),
    Page("home_attestant", "Start page (attestant)", Role.ATTESTANT, [("home", NONE)]),
    Page("home_ekonomi", "Start page (finance)", Role.EKONOMI, [("home", NONE)]),
    Page("home_styrgrupp", "Start page (steering group)", Role.STYRGRUPP, [("home", NONE)]),
    Page("partnership_list", "Partnership list", Role.SAMORDNARE, [("iop:partnership_list", NONE)]),
    Page("partnership_detail", "Partnership page", Role.SAMORDNARE, [("iop:partnership_detail", P)]),
    Page(
        "participant_list",
        "Participant list (filtered: partnership + status placed)",
        Role.AMS,
        [("participants:list", NONE)],
        query=lambda w: f"?partnership={w.partnership.pk}&status=placed",
    ),
    Page(
        "participant_search",
        "Participant list (name search)",
        Role.AMS,
        [("participants:list", NONE)],
        query=lambda w: "?q=Ander",
    ),
    Page(
        "participant_detail",
        "Participant page",
        Role.AMS,
        [("participants:detail", lambda w: {"pk": _need(w.participant_id, "participant")})],
    ),
    Page(
        "placement_detail",
        "Placement page",
        Role.HANDLEDARE,
        [
            ("participants:placement_detail", lambda w: {"pk": _need(w.placement_id, "placement")}),
        ],
    ),
    Page("queue", "Waiting list (kö)", Role.SAMORDNARE, [("participants:queue", P)]),
    Page(
        "occupancy",
        "Occupancy view",
        Role.SAMORDNARE,
        [("participants:occupancy", P), ("reporting:occupancy", P), ("iop:occupancy", P)],
    ),
    Page(
        "my_participants", "Supervisor's participants", Role.HANDLEDARE, [("followup:my_participants", NONE)]
    ),
    Page(
        "followup_placement",
        "Follow-up of a placement (talks)",
        Role.HANDLEDARE,
        [("followup:placement", lambda w: {"pk": _need(w.placement_id, "placement")})],
    ),
    Page(
        "partnership_dashboard",
        "Partnership dashboard",
        Role.STYRGRUPP,
        [
            ("reporting:partnership_dashboard", P),
            ("reporting:dashboard", P),
            ("reporting:partnership", P),
            ("iop:dashboard", P),
        ],
        versioned=True,
    ),
    Page(
        "overview_dashboard",
        "Overview dashboard (all partnerships)",
        Role.SAMORDNARE,
        [("reporting:overview", NONE), ("reporting:overview_dashboard", NONE), ("reporting:dashboard", NONE)],
        versioned=True,
    ),
    Page("reports", "Reports page", Role.SAMORDNARE, [("reporting:index", NONE)]),
    Page("invoice_list", "Invoice list", Role.EKONOMI, [("invoicing:list", NONE)]),
    Page("invoice_overview", "Invoice budget overview", Role.ATTESTANT, [("invoicing:overview", NONE)]),
    Page(
        "invoice_detail",
        "Invoice page",
        Role.ATTESTANT,
        [("invoicing:detail", lambda w: {"pk": _need(w.invoice_id, "invoice")})],
    ),
    Page(
        "invoice_xlsx",
        "Invoice documentation xlsx export",
        Role.ATTESTANT,
        [("invoicing:download", lambda w: {"pk": _need(w.invoice_id, "invoice"), "fmt": "xlsx"})],
    ),
    Page(
        "access_log_xlsx",
        "Access log xlsx export",
        Role.SAMORDNARE,
        [("participants:access_log_export", NONE)],
    ),
    Page(
        "approved_invoices_xlsx",
        "Approved invoices xlsx export (one year)",
        Role.ATTESTANT,
        [("invoicing:bulk_export", NONE)],
        query=lambda w: f"?start={w.year}-01-01&end={w.year}-12-31",
    ),
]

# The roles' typical mix under load (relative weights per page key).
LOAD_MIX: dict[str, dict[str, int]] = {
    Role.AMS: {"participant_list": 4, "participant_search": 2, "participant_detail": 5, "home": 1},
    Role.HANDLEDARE: {"my_participants": 4, "followup_placement": 5, "placement_detail": 3, "home": 1},
    Role.SAMORDNARE: {
        "overview_dashboard": 2,
        "partnership_detail": 3,
        "partnership_list": 2,
        "occupancy": 3,
        "queue": 2,
        "reports": 1,
    },
    Role.STYRGRUPP: {"partnership_dashboard": 4, "home": 1},
    Role.EKONOMI: {"invoice_list": 4, "invoice_detail": 2, "home": 1},
    Role.ATTESTANT: {"invoice_list": 3, "invoice_overview": 2, "invoice_detail": 2},
}
# How many of the 20 simulated users hold each role (case officers and supervisors dominate).
LOAD_USERS: dict[str, int] = {
    Role.AMS: 6,
    Role.HANDLEDARE: 6,
    Role.SAMORDNARE: 3,
    Role.STYRGRUPP: 2,
    Role.EKONOMI: 2,
    Role.ATTESTANT: 1,
}


@dataclass
class Job:
    """A non-page measurement: a report builder or a command, called in-process."""

    key: str
    label: str
    prepare: Callable[[World], Callable[[], object]]  # raises Skip; returns the call to time
    repeat: int = 3


def _report(kind: str, params_of: Callable[[World], dict]) -> Callable[[World], Callable[[], object]]:
    def prepare(world: World):
        try:
            from reporting.builders import REPORT_BUILDERS
        except ImportError as exc:
            raise Skip(f"reporting.builders not there yet ({exc})") from exc
        if kind not in REPORT_BUILDERS:
            raise Skip(
                f"report kind {kind!r} not registered yet (have: {', '.join(sorted(REPORT_BUILDERS))})"
            )
        params = params_of(world)
        try:
            from reporting.services import normalise_params

            params = normalise_params(kind=kind, params=params)
        except ImportError:
            pass
        builder = REPORT_BUILDERS[kind]
        return lambda: builder(params)

    return prepare


def _indicators(all_partnerships: bool) -> Callable[[World], Callable[[], object]]:
    def prepare(world: World):
        from io import StringIO

        from django.core.management import call_command, get_commands

        name = next((c for c in ("indicators", "compute_indicators") if c in get_commands()), None)
        if name is None:
            raise Skip("no `indicators` management command yet")
        args = ["--from", f"{world.year}-01-01", "--to", f"{world.year}-12-31"]
        if not all_partnerships:
            args += ["--partnership", world.partnership.case_number]
        return lambda: call_command(name, *args, stdout=StringIO())

    return prepare


JOBS: list[Job] = [
    Job("indicators_one", "Indicators command, one partnership-year", _indicators(False), repeat=5),
    Job("indicators_all", "Indicators command, all partnerships", _indicators(True), repeat=3),
    Job(
        "annual_pdf",
        "Annual report PDF (one partnership)",
        _report("annual", lambda w: {"partnership": w.partnership.pk, "year": w.year}),
    ),
    Job(
        "quarterly_pdf",
        "Quarterly board report PDF (all partnerships)",
        _report("quarterly", lambda w: {"year": w.quarter_year, "quarter": w.quarter}),
        repeat=2,
    ),
    Job(
        "overview_pdf",
        "Annual overview PDF (all partnerships)",
        _report("overview", lambda w: {"year": w.year}),
        repeat=2,
    ),
    Job(
        "summary_pdf",
        "Partnership summary PDF",
        _report("partnership_summary", lambda w: {"partnership": w.partnership.pk, "year": w.year}),
    ),
]
