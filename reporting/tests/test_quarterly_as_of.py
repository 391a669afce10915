"""The quarterly board report for a past quarter gives the same figures whenever it is regenerated: every
figure is computed as of the quarter's end (acceptance 1 of the board-report issue)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from followup.models import Talk
from invoicing.models import Invoice
from invoicing.services import drafts, workflow
from invoicing.tests.factories import partner_org
from iop.models import Goal, Meeting
from iop.roles import Role
from participants.tests.factories import PlacementFactory
from reporting.deviation_services import measure_add, measure_done
from reporting.models import DeviationMeasure
from reporting.quarterly import QuarterlyContext, quarterly_context
from reporting.reported_figures import ReportedFigure
from reporting.tests import scenario
from reporting.tests.scenario import D
from tests.factories import UserFactory

QUARTER_OF_INVOICE = Decimal("481659.25")  # 1 926 637 kr / 4


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def invoicing_scenario():
    """The engine's scenario with what invoicing needs: the seller's address and bankgiro, ekonomi and
    attestant users."""
    s = scenario.build()
    partner_org("846004-8716")
    s.ekonomi = UserFactory(organisation=s.partner, roles=[Role.EKONOMI])
    s.attestant = UserFactory(organisation=s.city, roles=[Role.ATTESTANT])
    return s


@pytest.fixture
def s(db):
    return invoicing_scenario()


def invoice(
    s, start: dt.date, *, submit: dt.date, approve: dt.date | None = None, paid: dt.date | None = None
):
    inv = drafts.invoice_create(partnership=s.p, period_start=start, by=s.ekonomi, now=at(submit, 8))
    inv = workflow.invoice_submit(invoice=inv, by=s.ekonomi, now=at(submit))
    if approve:
        inv = workflow.invoice_approve(invoice=inv, by=s.attestant, now=at(approve))
    if paid:
        inv = workflow.invoice_mark_paid(invoice=inv, by=s.attestant, paid_on=paid, now=at(paid))
    return inv


def figures(context: QuarterlyContext) -> dict:
    """Every figure and judgement the report prints (not the date it was made)."""
    out: dict = {"summary": vars(context.summary), "total": vars(context.economy_total)}
    for e in context.entries:
        out[e.partnership.case_number] = {
            "economy": vars(e.economy),
            "ended": e.ended,
            "deviations": [(d["code"], d["text"]) for d in e.deviations],
            "measures": [
                (m.pk, bool(m.done_on and m.done_on <= context.end))
                for d in e.deviations
                for m in d["measures"]
            ],
            "carried": [m.pk for m in e.carried],
            "tables": {
                f"{period}:{key}": table.display_rows()
                for period, pres in (("quarter", e.quarter), ("ytd", e.ytd))
                for key, table in pres.tables.items()
            },
        }
    return out


def test_regenerating_q2_after_later_invoices_talks_and_results_gives_the_same_figures(s):
    invoice(s, D(2025, 1, 1), submit=D(2025, 4, 3), approve=D(2025, 4, 10), paid=D(2025, 5, 2))
    reported = Goal.objects.create(
        partnership=s.p, title="Rådgivningssamtal", indicator="custom", target_value=40
    )
    ReportedFigure.objects.create(
        goal=reported,
        period_start=D(2025, 4, 1),
        period_end=D(2025, 6, 30),
        value=12,
        status=ReportedFigure.Status.APPROVED,
        created_by=s.ekonomi,
    )
    measure = measure_add(
        partnership=s.p,
        year=2025,
        quarter=2,
        deviation_code="steering_behind",
        deviation_text="Färre möten",
        text="Extra möte i augusti.",
        owner="IOP-samordnaren",
        due_on=D(2025, 8, 31),
        by=s.coordinator,
    )
    before = quarterly_context(year=2025, quarter=2)
    p_before = next(e for e in before.entries if e.partnership == s.p)
    # Stadsmission's "fakturerat" is what was invoiced by 2025-06-30: the first quarter's invoice only.
    assert p_before.economy.invoiced == QUARTER_OF_INVOICE
    assert p_before.economy.paid == QUARTER_OF_INVOICE

    # Later: the Q2 invoice submitted in July and paid in August, Q3 submitted in October 2025, Q4 in
    # January 2026; talks and a steering meeting in the autumn; later results; the measure done in September.
    invoice(s, D(2025, 4, 1), submit=D(2025, 7, 3), approve=D(2025, 7, 10), paid=D(2025, 8, 1))
    invoice(s, D(2025, 7, 1), submit=D(2025, 10, 2), approve=D(2025, 10, 9))
    invoice(s, D(2025, 10, 1), submit=D(2026, 1, 8))
    scenario.talk(s.pb, Talk.Kind.EXIT_MEETING, D(2025, 7, 5), case_officer=True)
    scenario.talk(s.pb, Talk.Kind.FOLLOWUP_MEETING, D(2025, 7, 5), case_officer=True)
    scenario.talk(s.pd, Talk.Kind.SUPERVISION_TALK, D(2025, 11, 20))
    Meeting.objects.create(partnership=s.p, kind=Meeting.Kind.STEERING, date=D(2025, 8, 20), held=True)
    PlacementFactory(partnership=s.p, start_date=D(2025, 9, 1))
    ReportedFigure.objects.create(
        goal=reported,
        period_start=D(2025, 7, 1),
        period_end=D(2025, 9, 30),
        value=30,
        status=ReportedFigure.Status.APPROVED,
        created_by=s.ekonomi,
    )
    measure_done(measure=measure, done_on=D(2025, 9, 1), by=s.coordinator)
    assert Invoice.objects.filter(partnership=s.p).count() == 4

    after = quarterly_context(year=2025, quarter=2)
    assert figures(after) == figures(before)
    # And the third quarter sees what was known by its end: Q1 and Q2 invoiced and paid, the measure done.
    q3 = next(e for e in quarterly_context(year=2025, quarter=3).entries if e.partnership == s.p)
    assert (q3.economy.invoiced, q3.economy.paid) == (2 * QUARTER_OF_INVOICE, 2 * QUARTER_OF_INVOICE)
    assert measure.pk not in [m.pk for m in q3.carried]
    assert DeviationMeasure.objects.get(pk=measure.pk).status == DeviationMeasure.Status.DONE


def test_an_invoice_paid_after_the_quarter_counts_as_invoiced_not_paid_and_overdue_then(s):
    inv = invoice(s, D(2025, 1, 1), submit=D(2025, 4, 3), approve=D(2025, 4, 10), paid=D(2025, 7, 20))
    assert inv.due_date is not None and inv.due_date < D(2025, 6, 30)
    p = next(e for e in quarterly_context(year=2025, quarter=2).entries if e.partnership == s.p)
    assert (p.economy.invoiced, p.economy.paid) == (QUARTER_OF_INVOICE, Decimal("0.00"))
    assert "invoice_overdue" in [d["code"] for d in p.deviations]
