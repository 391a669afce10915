"""The demo's quarterly board report for Q2 2025, read as the board reads it: the PDF's text (acceptance 2
of the board-report issue). Pages were also rendered with `pdftoppm -r 60 -png` and looked at."""

import pytest
from django.core.management import call_command

from reporting.builders import REPORT_BUILDERS
from reporting.models import DeviationMeasure
from reporting.quarterly import quarterly_context
from reporting.tests.test_reports import pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_q2_2025_report_has_summary_progress_results_deviations_and_measures():
    call_command("seed_demo", "--demo-users", verbosity=0)
    call_command("seed_demo", "--demo-users", verbosity=0)  # idempotent: nothing doubles
    context = quarterly_context(year=2025, quarter=2)
    assert {e.partnership.case_number for e in context.entries} == {"ASN-2024-1234", "ASN-2019-0417"}
    assert all(e.progress and e.progress.text for e in context.entries)
    codes = {d["code"] for e in context.entries for d in e.deviations}
    assert "budget_over" in codes and any(d["manual"] for e in context.entries for d in e.deviations)
    carried = [m for e in context.entries for m in e.carried]
    assert carried and all(m.quarter == 1 and m.status == DeviationMeasure.Status.OPEN for m in carried)

    pdf, filename = REPORT_BUILDERS["quarterly"]({"year": 2025, "quarter": 2})
    text = pdf_text(pdf)
    assert filename == "kvartalsrapport-2025-K2.pdf"
    summary = text[text.index("Sammanfattning", text.index("Innehåll") + 20) :]
    assert "Partnerskap under kvartalet 2" in summary and "Med avvikelser 2" in summary
    for progress in ("Matmissionen höll stängt tre veckor i maj", "Verkstaden har nu fyra deltagare"):
        assert progress in text
    assert text.count("Mål och resultat under kvartalet") == 2
    assert text.count("Mål och resultat hittills i år") == 2
    assert "manuellt registrerad" in text
    assert "Budgeten förbrukas fortare än planerat" in text
    assert "Inga fler materialinköp före oktober" in text and "Föreningens ekonomiansvarige" in text
    # Open measures of the first quarter reappear in the second.
    assert "Åtgärder från tidigare kvartal som ännu inte är klara" in text
    assert "En mötesplan för resten av året fastställs" in text
    # Stadsmission's "fakturerat" as of 2025-06-30: the first quarter's invoice only (not the year's).
    assert "481 659,25 kr" in text and "1 926 637 kr" in text
