"""Demo data: reported figures of the partnerships that report figures rather than participants.

Every figure is either taken from a sentence of a seed document (quoted) or marked as invented in its
comment ("Påhittad demosiffra"); no target is invented (the goals come from iop.demo.partnerships).
The figures are entered by an inactive "Demodata" user and approved, as the coordinator would.
Idempotent.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from iop.models import Goal, User
from reporting.reported_figures import ReportedFigure, period_of

D = dt.date
INVENTED = "Påhittad demosiffra."

# case number → goal title → [(period start, value or (numerator, denominator), (women, men) or None,
# comment)]
FIGURES: dict[str, dict[str, list[tuple]]] = {
    # The board's list of labour-market partnerships: MFF Karriärakademin "har konkreta numerära mål som
    # hittills överträffats"; the 2019 overview report gives no figures (the activity report was due in
    # July 2019): every quarter is invented, ahead of the pro-rata targets (300 and 40 a year) in each
    # quarter and year, as the board's list says.
    "ASN-2017-8596": {
        "Deltagare i matchningsverksamheten (rekryteringsträffar)": [
            (D(2019, 1, 1), 78, None, INVENTED),
            (D(2019, 4, 1), 76, None, INVENTED),
            (D(2019, 7, 1), 74, None, INVENTED),
            (D(2019, 10, 1), 79, None, INVENTED),
            (D(2020, 1, 1), 80, None, INVENTED),
            (D(2020, 4, 1), 75, None, INVENTED),
        ],
        "Anställningar": [
            (D(2019, 1, 1), 11, None, INVENTED),
            (D(2019, 4, 1), 10, None, INVENTED),
            (D(2019, 7, 1), 10, None, INVENTED),
            (D(2019, 10, 1), 11, None, INVENTED),
            (D(2020, 1, 1), 10, None, INVENTED),
            (D(2020, 4, 1), 11, None, INVENTED),
        ],
    },
    # The 2019 overview report: "Stadsmissionen redovisade nära 1000 rådgivningstillfällen under 2018" (the monthly
    # split is invented, summing to 990); Vinternatt has 40 beds 1 January – 31 March 2019 and
    # Pingstförsamlingen keeps the statistics: the bed-nights per month are invented (below the
    # 1 240 / 1 120 / 1 240 available).
    "ASN-2017-5149": {
        "Rådgivningstillfällen på Crossroads": [
            (D(2018, month, 1), value, None, INVENTED + " Översiktsrapporten 2019: nära 1000 under 2018.")
            for month, value in enumerate([78, 74, 85, 80, 86, 79, 70, 75, 88, 90, 92, 93], start=1)
        ],
        "Bäddnätter på Vinternatt": [
            (D(2019, 1, 1), 1178, None, INVENTED),
            (D(2019, 2, 1), 1064, None, INVENTED),
            (D(2019, 3, 1), 1151, None, INVENTED),
        ],
    },
    # The 2019 overview report: "Under 2018 har över 100 barn deltagit … 2018 var det 49% flickor och 51% pojkar":
    # 104 children, 51 girls (49 %) and 53 boys; the split per quarter is invented. "Grupperna är
    # alltid fullbokade och några barn står i kö": the queue lengths are invented.
    "ASN-2018-572": {
        "Barn som deltar i grupperna": [
            (
                D(2018, 1, 1),
                26,
                (13, 13),
                INVENTED + " Översiktsrapporten 2019: över 100 barn 2018, 49 % flickor.",
            ),
            (D(2018, 4, 1), 26, (12, 14), INVENTED),
            (D(2018, 7, 1), 24, (12, 12), INVENTED),
            (D(2018, 10, 1), 28, (14, 14), INVENTED),
            # 2019–2020, the agreement's last years: invented.
            (D(2019, 1, 1), 25, (12, 13), INVENTED),
            (D(2019, 4, 1), 27, (14, 13), INVENTED),
            (D(2019, 7, 1), 22, (11, 11), INVENTED),
            (D(2019, 10, 1), 26, (13, 13), INVENTED),
            (D(2020, 1, 1), 24, (12, 12), INVENTED),
            (D(2020, 4, 1), 18, (9, 9), INVENTED),
            (D(2020, 7, 1), 20, (10, 10), INVENTED),
            (D(2020, 10, 1), 23, (11, 12), INVENTED),
        ],
        "Barn i kö till grupperna": [
            (
                D(2018, 1, 1),
                5,
                None,
                INVENTED + " Översiktsrapporten 2019: några barn står i kö varje termin.",
            ),
            (D(2018, 4, 1), 7, None, INVENTED),
            (D(2018, 7, 1), 4, None, INVENTED),
            (D(2018, 10, 1), 6, None, INVENTED),
            (D(2019, 10, 1), 5, None, INVENTED),
            (D(2020, 10, 1), 7, None, INVENTED),
        ],
    },
    # Seed 004: Y-allas väg till arbete 2.0 "kommer att omfatta 48 arbetsträningsplatser per år" and
    # "Majoriteten av deltagarna som varje sexmånadsperiod deltagit … har gått vidare till SFI-studier
    # eller andra arbetsmarknadsinsatser": the quarterly figures are invented (the demo registers no
    # participants of Yalla Trappan person by person).
    "ASN-2018-5351": {
        "Arbetsträningsplatser (28 storkök, 20 lokalvård)": [
            (D(2019, 1, 1), 12, None, INVENTED),
            (D(2019, 4, 1), 11, None, INVENTED),
            (D(2019, 7, 1), 10, None, INVENTED),
            (D(2019, 10, 1), 13, None, INVENTED),
            (D(2020, 1, 1), 12, None, INVENTED),
            (D(2020, 4, 1), 9, None, INVENTED),
            (D(2020, 7, 1), 11, None, INVENTED),
            (D(2020, 10, 1), 12, None, INVENTED),
        ],
        "Stegförflyttning och identitet som yrkesarbetande": [
            (
                D(2019, 1, 1),
                6,
                None,
                INVENTED + " Seed 004: majoriteten går vidare till SFI eller annan insats.",
            ),
            (D(2019, 4, 1), 7, None, INVENTED),
            (D(2019, 7, 1), 6, None, INVENTED),
            (D(2019, 10, 1), 8, None, INVENTED),
            (D(2020, 1, 1), 7, None, INVENTED),
            (D(2020, 4, 1), 5, None, INVENTED),
            (D(2020, 7, 1), 6, None, INVENTED),
            (D(2020, 10, 1), 7, None, INVENTED),
        ],
    },
    # Seed 004: Avanti "har enligt överenskommelsen tillgång till 40 helårsplatser vid
    # Behandlingscentret"; the places in use and the ended treatments are invented.
    "ASN-2018-4475": {
        "Helårsplatser vid behandlingscentret för verksamheten Avanti": [
            (D(2019, 1, 1), 38, None, INVENTED),
            (D(2019, 4, 1), 40, None, INVENTED),
            (D(2019, 7, 1), 37, None, INVENTED),
            (D(2019, 10, 1), 39, None, INVENTED),
        ],
        "Förbättrad hälsa och förutsättningar till arbete och självförsörjning": [
            (D(2019, 1, 1), 9, None, INVENTED),
            (D(2019, 4, 1), 11, None, INVENTED),
            (D(2019, 7, 1), 7, None, INVENTED),
            (D(2019, 10, 1), 10, None, INVENTED),
        ],
    },
    # Seed 004: Hassela Movement, at least 60 in the agreement period; "det är färre personer som
    # deltagit under perioden jämfört med tidigare verksamhetsrapporter": the figures are invented
    # and sum to 46, behind the target.
    "ASN-2018-4383": {
        "Individer ur målgruppen som deltar under avtalsperioden (minst)": [
            (D(2018, 7, 1), 14, None, INVENTED),
            (D(2018, 10, 1), 12, None, INVENTED),
            (D(2019, 1, 1), 11, None, INVENTED),
            (D(2019, 4, 1), 9, None, INVENTED),
        ],
    },
    # Seed 004: Hassela Empowerment, "av de som fullföljt har 82 procent gått till sysselsättning,
    # varav 36 procent kvinnor och 64 procent män" (1 July – 31 December 2018): the numerators and
    # denominators are invented so that they give 82 % (23 of 28).
    "ASN-2017-8595": {
        "Andel som fullföljt och är i sysselsättning efteråt": [
            (D(2018, 7, 1), (9, 11), None, INVENTED + " Seed 004: 82 procent, 36 % kvinnor och 64 % män."),
            (D(2018, 10, 1), (14, 17), None, INVENTED),
        ],
    },
    # Seed 004: Next by FCR "intervjuat 51 % (824 av totalt 1608 deltagare utskrivna från Boost by FC
    # Rosengård) med uppföljningssamtal vid 3 månader. Totalt har 1427 deltagit i uppföljningssamtal
    # varav 102 (7 procent) Malmöbor har kommit i självförsörjning": reported for the agreement's last
    # quarter (the document gives the whole period only).
    "GYVF-2017-296": {
        "Andel av tidigare deltagare i Boost by FC Rosengård som följs upp (minst)": [
            (D(2018, 7, 1), (824, 1608), None, "Seed 004: 824 av 1608 utskrivna (hela avtalsperioden)."),
        ],
        "Andel av de uppföljda som genom ytterligare insats blir självförsörjande": [
            (D(2018, 7, 1), (102, 1427), None, "Seed 004: 102 av 1427 uppföljda (hela avtalsperioden)."),
        ],
    },
    # Seed 004 gives Carpe Sophia's activities but no figures: invented, for the agreement's last year.
    "GYVF-2017-295": {
        "Minskad arbetslöshet bland kvinnor i målgruppen": [
            (D(2018, 1, 1), 5, None, INVENTED),
            (D(2018, 4, 1), 4, None, INVENTED),
            (D(2018, 7, 1), 3, None, INVENTED),
        ],
    },
    # Seed 004 gives UVAS no figures: invented.
    "ASN-2017-349": {
        "Minska antalet UVAS i Malmö, och antalet UVAS i okänd aktivitet i synnerhet": [
            (D(2018, 1, 1), 41, None, INVENTED),
            (D(2018, 4, 1), 37, None, INVENTED),
            (D(2018, 7, 1), 29, None, INVENTED),
            (D(2018, 10, 1), 33, None, INVENTED),
        ],
    },
    # Seed 001 gives Botildenborg and Rädda Barnen goals without figures (and the demo's 2023
    # agreement year is itself fictional): invented.
    "ASN-2023-9001": {
        "Ta fram underlag kring deltagarens förmåga för att kunna planera nästa steg i vägen mot självförsörjning": [
            (D(2023, 1, 1), 7, None, INVENTED),
            (D(2023, 4, 1), 8, None, INVENTED),
            (D(2023, 7, 1), 5, None, INVENTED),
            (D(2023, 10, 1), 9, None, INVENTED),
        ],
    },
    "ASN-2023-9002": {
        "Förebygga arbetslöshet, utanförskap och eventuell papperslöshet med negativa konsekvenser för individ och samhälle": [
            (D(2023, 1, 1), 18, None, INVENTED),
            (D(2023, 4, 1), 21, None, INVENTED),
            (D(2023, 7, 1), 15, None, INVENTED),
            (D(2023, 10, 1), 20, None, INVENTED),
        ],
    },
}


def demodata_user() -> User:
    user, created = User.objects.get_or_create(
        username="demodata", defaults={"first_name": "Demodata", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def seed_reported_figures() -> int:
    """Approved figures of the seeds' reporting partnerships (returns how many were created)."""
    by = demodata_user()
    reviewer = User.objects.filter(username="samordnare").first() or by
    created = 0
    goals = {
        (g.partnership.case_number, g.title): g
        for g in Goal.objects.filter(partnership__case_number__in=FIGURES).select_related("partnership")
    }
    now = timezone.now()
    for case, by_goal in FIGURES.items():
        for title, rows in by_goal.items():
            goal = goals.get((case, title))
            if goal is None:
                continue
            for start, value, gender, comment in rows:
                period_start, period_end = period_of(goal.partnership.reporting_frequency, start)
                women, men = gender if gender else (None, None)
                # A percent is entered as (numerator, denominator), never as a percent.
                numerator, denominator = value if isinstance(value, tuple) else (None, None)
                _, made = ReportedFigure.objects.get_or_create(
                    goal=goal,
                    period_start=period_start,
                    version=1,
                    defaults={
                        "period_end": period_end,
                        "value": None if numerator is not None else Decimal(value),
                        "numerator": numerator,
                        "denominator": denominator,
                        "women": women,
                        "men": men,
                        "other": 0 if gender else None,
                        "unknown": 0 if gender else None,
                        "comment": comment,
                        "status": ReportedFigure.Status.APPROVED,
                        "created_by": by,
                        "submitted_by": by,
                        "submitted_at": now,
                        "reviewed_by": reviewer,
                        "reviewed_at": now,
                    },
                )
                created += made
    return created
