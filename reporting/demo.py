"""Demo data of the reporting app: the annual report's texts for Skåne Stadsmission 2025 and the measures
for two deviations of the second quarter of 2025 (idempotent; fictional content)."""

from iop.demo import STADSMISSION_CASE
from iop.models import Partnership
from reporting.demo_results import seed_reported_figures
from reporting.models import DeviationMeasure, ReportNarrative
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
MEASURES = {
    "started_behind": "Fler anvisningar har begärts från arbetsmarknadssekreterarna; kön följs upp varje vecka.",
    "steering_behind": "Ett extra styrgruppsmöte är inbokat i augusti.",
}


def seed(*, demo_users: bool) -> None:
    if demo_users:  # the figures are entered by a (non-login) demo user: none without demo users
        seed_reported_figures()
    partnership = Partnership.objects.filter(case_number=STADSMISSION_CASE).first()
    if partnership is None:
        return
    for section, text in NARRATIVES.items():
        ReportNarrative.objects.get_or_create(
            partnership=partnership, year=YEAR, section=section, defaults={"text": sanitise(text)}
        )
    for code, text in MEASURES.items():
        DeviationMeasure.objects.get_or_create(
            partnership=partnership, year=YEAR, quarter=2, deviation_code=code, defaults={"text": text}
        )
