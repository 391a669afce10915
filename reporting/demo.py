"""Demo data of the reporting app: the annual report's texts for Skåne Stadsmission 2025; the quarterly board
report's progress texts, deviations by hand and measures for the first two quarters of 2025 (idempotent;
invented content is marked as such)."""

import datetime as dt

from iop.demo import STADSMISSION_CASE
from iop.models import Partnership, User
from reporting.demo_overview import seed_overview
from reporting.demo_results import seed_reported_figures
from reporting.models import DeviationMeasure, ManualDeviation, ReportNarrative
from reporting.narratives import sanitise

YEAR = 2025
NARRATIVES = {
    ReportNarrative.Section.ACTIVITY: (
        "<p>Arbetsträningen har bedrivits i tre verksamheter: <strong>Insamling och produktion</strong>, "
        "<strong>REMAKE</strong> och <strong>Matmissionen</strong>. Deltagarna har haft en individuell plan "
        "från uppstartsmötet och handledningssamtal en till två gånger i månaden.</p>"
        "<ul><li>Månatliga deltagarträffar</li><li>Studiebesök och CV-stöd</li><li>Språkcafé</li></ul>"
    ),
    ReportNarrative.Section.ANALYSIS: (
        "<p>Platserna har varit väl använda under hösten. Under våren tog det tid att fylla platserna, "
        "vilket syns i antalet påbörjade deltagare.</p>"
        "<p>Uppföljningssamtalen med både handledare och arbetsmarknadssekreterare behöver planeras "
        "tidigare i placeringen.</p>"
    ),
    ReportNarrative.Section.ASSESSMENT: (
        "<p>Förvaltningen bedömer att partnerskapet i huvudsak uppfyller sitt syfte. "
        "Uppföljningen av indikator 2 och 3 ska förbättras under nästa år.</p>"
    ),
}
# The quarterly board report, first and second quarter of 2025 (seed 001: "varje kvartal skriftligen
# rapporterar lägesutvecklingen"). Stadsmission's texts quote seeds 000 and 002 where they can; everything
# else is marked as invented demo text.
EXAMPLE_CASE = "ASN-2019-0417"  # the fictional actual-cost example of invoicing.demo
INVENTED = "<p><em>(Påhittad demotext.)</em></p>"
PROGRESS = {
    (STADSMISSION_CASE, 1): (
        "<p>Arbetsträningen har startat i Insamling och produktion, REMAKE och Matmissionen. På REMAKE "
        "erbjuds deltagarna ”arbetsträning inom sy- och sömnad under arbetsledning av professionella "
        "sömmerskor”; på Matmissionen ”hantering av gods, varuexponering, försäljning och kassaarbete” "
        "(seed 002).</p>"
        "<p>Under kvartalet har platserna fyllts successivt och de första uppstartsmötena hållits "
        "tillsammans med arbetsmarknadssekreterarna.</p>" + INVENTED
    ),
    (STADSMISSION_CASE, 2): (
        "<p>Deltagarna har haft handledningssamtal en till två gånger i månaden och uppföljningsmöten "
        "med arbetsmarknadssekreterarna, där arbetstiden har ökats stegvis (seed 002). Styrgruppen har "
        "följt upp partnerskapet enligt överenskommelsen (”minst fyra gånger per år”, seed 000).</p>"
        "<p>Matmissionen höll stängt tre veckor i maj; deltagarna arbetstränade under tiden i Insamling "
        "och produktion.</p>" + INVENTED
    ),
    (EXAMPLE_CASE, 1): (
        "<p>Cykelverkstaden har tagit emot de första deltagarna. Det har tagit längre tid än planerat "
        "att få anvisningar.</p>" + INVENTED
    ),
    (EXAMPLE_CASE, 2): (
        "<p>Verkstaden har nu fyra deltagare. Föreningen köpte verktyg och material för hela året redan i "
        "mars, vilket gör att budgeten för material är nästan förbrukad.</p>" + INVENTED
    ),
}
# (case, quarter) → deviations recorded by hand (invented demo text).
MANUAL_DEVIATIONS = {
    (STADSMISSION_CASE, 1): "Styrgruppens första möte flyttades från mars till april. (Påhittad demotext.)",
    (STADSMISSION_CASE, 2): (
        "Matmissionen höll stängt tre veckor i maj för ombyggnad; färre arbetstimmar än planerat. "
        "(Påhittad demotext.)"
    ),
}
# (case, quarter, deviation code or "manual") → (measure, owner, due, done on). Invented demo text.
MEASURES = {
    (STADSMISSION_CASE, 1, "manual"): (
        "En mötesplan för resten av året fastställs så att fyra styrgruppsmöten hinns med.",
        "IOP-samordnaren (påhittad)",
        dt.date(2025, 9, 30),
        None,
    ),
    (STADSMISSION_CASE, 2, "manual"): (
        "Deltagarnas planer ses över vid nästa uppföljningsmöte; förlorade timmar tas igen i augusti.",
        "Verksamhetschef Matmissionen (påhittad)",
        dt.date(2025, 8, 31),
        None,
    ),
    (EXAMPLE_CASE, 1, "started_behind"): (
        "Fler anvisningar har begärts från arbetsmarknadssekreterarna; kön följs upp varje vecka.",
        "Enhetschef, arbetsmarknadsavdelningen (påhittad)",
        dt.date(2025, 9, 30),
        None,
    ),
    (EXAMPLE_CASE, 2, "budget_over"): (
        "Inga fler materialinköp före oktober; materialbudgeten stäms av på nästa styrgruppsmöte.",
        "Föreningens ekonomiansvarige (påhittad)",
        dt.date(2025, 10, 15),
        None,
    ),
}


def seed(*, demo_users: bool) -> None:
    seed_overview()
    if demo_users:  # the figures are entered by a (non-login) demo user: none without demo users
        seed_reported_figures()
    partnership = Partnership.objects.filter(case_number=STADSMISSION_CASE).first()
    if partnership is None:
        return
    for section, text in NARRATIVES.items():
        ReportNarrative.objects.get_or_create(
            partnership=partnership,
            year=YEAR,
            section=section,
            quarter=None,
            defaults={"text": sanitise(text)},
        )
    seed_quarterly()


def seed_quarterly() -> None:
    """Progress texts, deviations by hand and measures of the first two quarters of 2025 (idempotent)."""
    from reporting.deviations import quarterly_state

    by_case = {
        p.case_number: p
        for p in Partnership.objects.filter(case_number__in=[STADSMISSION_CASE, EXAMPLE_CASE])
    }
    coordinator = User.objects.filter(username="samordnare").first()
    for (case, quarter), text in PROGRESS.items():
        if case in by_case:
            ReportNarrative.objects.get_or_create(
                partnership=by_case[case],
                year=YEAR,
                quarter=quarter,
                section=ReportNarrative.Section.PROGRESS,
                defaults={"text": sanitise(text), "updated_by": coordinator},
            )
    for (case, quarter), text in MANUAL_DEVIATIONS.items():
        if case in by_case:
            ManualDeviation.objects.get_or_create(
                partnership=by_case[case],
                year=YEAR,
                quarter=quarter,
                text=text,
                defaults={"updated_by": coordinator},
            )
    for quarter in (1, 2):
        texts = {
            (s.partnership.case_number, d["deviation"].code if not d["deviation"].manual else "manual"): d[
                "deviation"
            ]
            for s in quarterly_state(YEAR, quarter)
            for d in s.deviations
        }
        for (case, q, code), (text, owner, due, done) in MEASURES.items():
            deviation = texts.get((case, code))
            if q != quarter or deviation is None:
                continue  # the deviation is not flagged (e.g. other demo data): no measure for it
            DeviationMeasure.objects.get_or_create(
                partnership=by_case[case],
                year=YEAR,
                quarter=quarter,
                deviation_code=deviation.code,
                defaults={
                    "deviation_text": deviation.text,
                    "text": text,
                    "owner": owner,
                    "due_on": due,
                    "status": DeviationMeasure.Status.DONE if done else DeviationMeasure.Status.OPEN,
                    "done_on": done,
                    "updated_by": coordinator,
                },
            )
