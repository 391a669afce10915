"""Demo data of the overview of all partnerships for 2019, as the administration's 2019 overview report:
the year's introduction and the administration's assessments, quoted from the report (idempotent)."""

from iop.models import Partnership
from reporting.models import OverviewIntroduction, ReportNarrative
from reporting.narratives import sanitise
from reporting.overview_introduction import DEFAULT_INTRODUCTION

YEAR = 2019
# (case number, year of the text): the running partnerships' assessments belong to 2019, those of the
# partnerships that ended in 2018 to 2018 (the overview of 2019 prints each with its results year).
ASSESSMENTS = {
    ("ASN-2017-5149", 2019): (
        "Samverkan och kommunikation för och kring målgruppen i partnerskapet har fungerat väl och parterna "
        "kommer under sommaren 2019 att föra dialog om ett eventuellt nytt partnerskap inför vintern 2019–2020."
    ),
    ("ASN-2018-4383", 2019): (
        "Utifrån den kunskap som finns avseende verksamheternas målgrupp bedömer förvaltningen resultaten i sin "
        "helhet som goda. Förvaltningen bedömer att samverkan med Hassela Helpline trots en del utmaningar har "
        "fungerat mycket bra, med tät och rak kommunikation och en vilja till gemensam utveckling och lärande."
    ),
    ("ASN-2018-4475", 2019): (
        "Förvaltningen har en mycket välfungerande samverkan med Röda Korset och behandlingscentret. "
        "Arbetsmarknadsavdelningens deltagare har fått tillgång till behandling enligt överenskommelsen."
    ),
    ("ASN-2018-5351", 2019): (
        "Förvaltningen bedömer att Y-allas väg till arbete fyller en viktig funktion för deltagarna och att det "
        "är en bra ”lågtröskelinsats”, det vill säga ett bra första steg för att deltagarna ska komma vidare "
        "till andra insatser som för dem närmare arbetsmarknaden."
    ),
    ("GYVF-2017-296", 2018): (
        "Samverkan med Next by FCR har fungerat väl. Förvaltningen har också sett att det har funnits ett "
        "stort värde med uppföljningen."
    ),
    ("ASN-2017-8595", 2018): (
        "Förvaltningen bedömer att samverkan med Hassela Helpline har fungerat mycket bra, med tät och rak "
        "kommunikation och en vilja till gemensam utveckling och lärande."
    ),
}


def seed_overview() -> None:
    OverviewIntroduction.objects.get_or_create(year=YEAR, defaults={"text": DEFAULT_INTRODUCTION})
    partnerships = {
        p.case_number: p
        for p in Partnership.objects.filter(case_number__in={case for case, _year in ASSESSMENTS})
    }
    for (case, year), text in ASSESSMENTS.items():
        if case in partnerships:
            ReportNarrative.objects.get_or_create(
                partnership=partnerships[case],
                year=year,
                section=ReportNarrative.Section.ASSESSMENT,
                defaults={"text": sanitise(f"<p>{text}</p>")},
            )
