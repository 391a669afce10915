"""The quarterly report's deviation sources (budget, extension deadline, by hand, registered by other apps)
and its sections registered by other apps."""

from decimal import Decimal

import pytest

from iop.models import AgreementPeriod, BudgetLine
from reporting import deviations, quarterly
from reporting.deviations import Deviation, budget_deviations, extension_deviations, quarterly_state
from reporting.quarterly import QuarterlySection, make_quarterly_pdf, quarterly_context
from reporting.tests.scenario import D
from reporting.tests.test_quarterly_as_of import invoice, invoicing_scenario
from reporting.tests.test_reports import pdf_text


@pytest.fixture
def s(db):
    return invoicing_scenario()


def _with_prefetch(s, year=2025, quarter=2):
    return next(e.partnership for e in quarterly_state(year, quarter) if e.partnership == s.p)


def test_no_budget_deviation_while_the_invoices_follow_the_budget(s):
    invoice(s, D(2025, 1, 1), submit=D(2025, 4, 3))
    assert budget_deviations(_with_prefetch(s), 2025, 2, D(2025, 6, 30)) == []


def test_invoicing_more_than_the_margin_above_pro_rata_is_a_budget_deviation(s, settings):
    invoice(s, D(2025, 1, 1), submit=D(2025, 4, 3))  # 481 659,25 kr for Q1
    BudgetLine.objects.filter(partnership=s.p, year=2025).update(
        amount=Decimal("700000")
    )  # pro rata ≈ 345 000
    found = budget_deviations(_with_prefetch(s), 2025, 2, D(2025, 6, 30))
    assert [d.code for d in found] == ["budget_over"]
    assert "±15 %" in found[0].text
    settings.BUDGET_DEVIATION_MARGIN_PERCENT = 50  # configurable
    assert budget_deviations(_with_prefetch(s), 2025, 2, D(2025, 6, 30)) == []


def test_invoicing_more_than_the_margin_below_pro_rata_is_a_budget_deviation(s):
    invoice(s, D(2025, 1, 1), submit=D(2025, 4, 3))
    BudgetLine.objects.filter(partnership=s.p, year=2025).update(amount=Decimal("1500000"))
    found = budget_deviations(_with_prefetch(s), 2025, 2, D(2025, 6, 30))
    assert [d.code for d in found] == ["budget_under"]
    # Before the invoice was submitted nothing was invoiced: nothing to judge yet.
    assert budget_deviations(_with_prefetch(s), 2025, 1, D(2025, 3, 31)) == []


def test_the_extension_deadline_within_60_days_without_a_decision_is_a_deviation(s):
    s.p.extension_months, s.p.extension_notice_months = 12, 3
    s.p.save()  # agreement 2024-01-01 – 2026-12-31: decide by 2026-09-30
    p = _with_prefetch(s, 2026, 3)
    assert extension_deviations(p, 2026, 2, D(2026, 6, 30)) == []  # 92 days before
    assert [d.code for d in extension_deviations(p, 2026, 3, D(2026, 8, 15))] == ["extension_deadline"]
    AgreementPeriod.objects.create(
        partnership=s.p,
        kind="extension",
        start=D(2027, 1, 1),
        end=D(2027, 12, 31),
        approved_on=D(2026, 8, 20),
    )
    p = _with_prefetch(s, 2026, 3)
    assert extension_deviations(p, 2026, 3, D(2026, 8, 25)) == []
    # As of a day before the extension was approved the deviation stands (regenerating gives the same).
    assert [d.code for d in extension_deviations(p, 2026, 3, D(2026, 8, 15))] == ["extension_deadline"]


def test_another_app_adds_a_deviation_source_and_a_report_section(s, monkeypatch):
    def documents_missing(partnership, year, quarter, as_of):
        return [Deviation("documents_missing", f"Årsredovisning saknas ({as_of:%Y-%m-%d}).")]

    monkeypatch.setitem(deviations.DEVIATION_SOURCES, "documents", documents_missing)
    section = QuarterlySection(
        id="andringar",
        title="Ekonomiska förändringar",
        template="reporting/pdf/quarterly_test_section.html",
        build=lambda partnership, year, quarter, as_of: {"text": f"Inga anmälda {partnership.case_number}"},
    )
    monkeypatch.setitem(quarterly.PARTNERSHIP_SECTIONS, section.id, section)
    context = quarterly_context(year=2025, quarter=2)
    entry = next(e for e in context.entries if e.partnership == s.p)
    assert ("documents_missing", "Årsredovisning saknas (2025-06-30).") in [
        (d["code"], d["text"]) for d in entry.deviations
    ]
    assert [x.id for x in entry.sections][-1] == "andringar"  # after the sections registered by the product
    text = pdf_text(make_quarterly_pdf(context))
    assert "Ekonomiska förändringar" in text and "Inga anmälda ASN-2024-0777" in text


@pytest.fixture(autouse=True)
def _test_section_template(settings, tmp_path):
    folder = tmp_path / "templates" / "reporting" / "pdf"
    folder.mkdir(parents=True)
    (folder / "quarterly_test_section.html").write_text("<p>{{ data.text }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_a_partnership_whose_agreement_ended_in_the_quarter_counts_as_ended(s):
    AgreementPeriod.objects.filter(partnership=s.p).update(end=D(2025, 5, 31))
    context = quarterly_context(year=2025, quarter=2)
    assert next(e for e in context.entries if e.partnership == s.p).ended
    assert context.summary.ended == 1
