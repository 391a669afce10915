"""The city's other labour-market partnerships as seeds 001 (2023) and 004 (2019) describe them.
Case numbers, periods, budgets, target groups, purposes and goals come from those documents (the 2019
overview report's lost å/ä/ö restored); the two case numbers the board's list of labour-market
partnerships does not give are fictional (marked below)."""

import datetime as dt
from typing import Any

from iop.models import Goal, Partnership

D = dt.date
ACTIVE, ENDED = Partnership.Status.ACTIVE, Partnership.Status.ENDED


# Each: case number, title, partners, status, periods (kind, start, end), extension option in months,
# capacity, budget lines (year, description, amount), target group, purpose, work areas,
# goals (title, target, unit, per year).
LABOUR_MARKET_PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "case_number": "ASN-2018-5351",
        "title": "Y-allas väg till arbete 2.0",
        "partners": ["yalla"],
        "status": ACTIVE,
        "periods": [("original", D(2019, 1, 1), D(2020, 12, 31))],
        "extension_months": 12,  # "möjlighet till förlängning 1+1 år"
        "places_per_year": 48,
        "budget": [
            (2019, "Nämndens ekonomiska insats (helår)", "2490604"),
            (2020, "Nämndens ekonomiska insats (helår)", "2490604"),
        ],
        "target_group": (
            "Kvinnor inskrivna hos arbetsmarknads- och socialförvaltningen som har kort eller ingen "
            "utbildning och liten eller ingen arbetslivserfarenhet. Deltagarna ingår inte i "
            "etableringsuppdraget eller Jobb- och utvecklingsgarantin."
        ),
        "purpose": (
            "Att ge arbetslösa kvinnor i Malmö arbetsmarknadsinsatser som leder till självförsörjning "
            "genom Yalla Trappans verksamhet Y-allas väg till arbete 2.0: yrkesinriktad arbetsträning "
            "inom storkök eller lokalvård."
        ),
        "work_areas": [
            ("Storkök", "28 arbetsträningsplatser per år"),
            ("Lokalvård", "20 arbetsträningsplatser per år"),
        ],
        "goals": [
            (
                "Arbetsträningsplatser (28 storkök, 20 lokalvård)",
                48,
                Goal.Unit.COUNT,
                True,
                {"quantity": "deltagare som påbörjat arbetsträning", "unit_label": "deltagare"},
            ),
            (
                "Stegförflyttning och identitet som yrkesarbetande",
                None,
                Goal.Unit.COUNT,
                True,
                {
                    "quantity": "deltagare som gått vidare till SFI-studier eller annan arbetsmarknadsinsats",
                    "unit_label": "deltagare",
                },
            ),
        ],
    },
    {
        "case_number": "ASN-2017-8596",
        "title": "Karriärakademin",
        "partners": ["mff"],
        "status": ACTIVE,
        "periods": [("original", D(2018, 7, 1), D(2020, 6, 30))],
        "extension_months": 12,
        "budget": [
            (2018, "Avtalsår 2018-07-01 – 2019-06-30", "1615000"),
            (2019, "Avtalsår 2019-07-01 – 2020-06-30", "1615000"),
        ],
        "target_group": "18–29-åringar inskrivna hos förvaltningen.",
        "purpose": (
            "Att genom matchningsverksamhet möjliggöra anställning för målgruppen med hjälp av MFF:s "
            "samarbetsföretag, och att rusta unga mellan 18 och 29 år med adekvata arbetsmarknads- och "
            "utbildningsinsatser i syfte att säkerställa hållbara lösningar för både individ och arbetsgivare."
        ),
        # The board's list of labour-market partnerships: "300 i matchningsverksamheten (Rekryteringsträffar), 40 anställningar per år" —
        # figures MFF reports; no participants are registered person by person.
        "reported_only": True,
        "goals": [
            (
                "Deltagare i matchningsverksamheten (rekryteringsträffar)",
                300,
                Goal.Unit.COUNT,
                True,
                {"quantity": "deltagare i matchning", "unit_label": "deltagare"},
            ),
            (
                "Anställningar",
                40,
                Goal.Unit.COUNT,
                True,
                {"quantity": "anställningar", "unit_label": "anställningar"},
            ),
        ],
    },
    {
        "case_number": "ASN-2018-4475",  # also ASN-2017-348 for the original agreement
        "title": "Behandlingscenter för krigsskadade och torterade i Malmö",
        "partners": ["rodakorset"],
        "status": ACTIVE,
        # "Behandlingscenter för krigsskadade och torterade i Malmö (ASN-2017-348 och ASN-2018-4475)":
        # the original agreement's decision and the decision on the 2019 extension.
        "periods": [
            ("original", D(2016, 1, 1), D(2017, 12, 31), "ASN-2017-348"),
            ("extension", D(2018, 1, 1), D(2018, 12, 31)),
            ("extension", D(2019, 1, 1), D(2019, 12, 31), "ASN-2018-4475"),
        ],
        "extension_months": 12,
        "places_at_once": 40,  # 40 helårsplatser for the board's unit Avanti
        "budget": [(2019, "Nämndens ekonomiska insats (helår)", "1260000")],
        "target_group": (
            "Malmöbor med flyktingbakgrund som lider av traumasymptom och/eller migrationsrelaterad stress "
            "och som har en insats inom arbetsmarknads- och socialförvaltningen."
        ),
        "purpose": (
            "Att erbjuda deltagande kvinnor och män vid arbetsmarknadsavdelningen tillgång till "
            "specialiserad vård inom ramen för deras handlingsplan."
        ),
        "goals": [
            (
                "Förbättrad hälsa och förutsättningar till arbete och självförsörjning",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "deltagare som avslutat behandlingen", "unit_label": "deltagare"},
            ),
            (
                "Helårsplatser vid behandlingscentret för verksamheten Avanti",
                40,
                Goal.Unit.COUNT,
                True,
                # A number of places in use is a stock: the latest quarter, not a sum.
                {"quantity": "platser i bruk", "unit_label": "platser", "aggregation": Goal.Aggregation.LAST},
            ),
        ],
    },
    {
        "case_number": "ASN-2018-4383",  # the extension of ASN-2017-8595
        "title": "Hassela Movement",
        "partners": ["hassela"],
        "status": ENDED,
        "periods": [("original", D(2018, 7, 1), D(2019, 6, 30))],
        "budget": [(2018, "Avtalsperioden 2018-07-01 – 2019-06-30", "318500")],
        "target_group": "Arbetslösa unga kvinnor och män i åldern 15–24 år, boende i Malmö.",
        "purpose": (
            "Ett sexmånadersprogram som utbildar deltagarna till barn- och ungdomscoacher inom skola, "
            "fritidsverksamhet, barnomsorg och föreningsliv, och en välfungerande samverkan mellan Hassela "
            "Helpline och förvaltningen."
        ),
        "goals": [
            (
                "Individer ur målgruppen som deltar under avtalsperioden (minst)",
                60,
                Goal.Unit.COUNT,
                False,
                {"quantity": "nya deltagare", "unit_label": "deltagare"},
            )
        ],
    },
    {
        "case_number": "ASN-2017-8595",
        "title": "Hassela Empowerment",
        "partners": ["hassela"],
        "status": ENDED,
        # The 2019 overview report: agreement 2015-09-01 – 2018-08-31; the activity ran until December 2018.
        "periods": [
            ("original", D(2015, 9, 1), D(2018, 8, 31)),
            ("extension", D(2018, 9, 1), D(2018, 12, 31)),
        ],
        "budget": [(2018, "1 juli – 31 december 2018", "721362")],
        "target_group": "Arbetslösa Malmöbor 15–24 år.",
        "purpose": "Att utbilda unga vuxna till att arbeta inom LSS, migration och vård och omsorg.",
        "goals": [
            (
                "Andel som fullföljt och är i sysselsättning efteråt",
                80,
                Goal.Unit.PERCENT,
                False,
                {"quantity": "i sysselsättning av dem som fullföljt", "unit_label": "procent"},
            )
        ],
    },
    {
        "case_number": "GYVF-2017-296",
        "title": "Next by FCR",
        "partners": ["fcr"],
        "status": ENDED,
        "periods": [("original", D(2015, 9, 1), D(2018, 8, 31))],
        "budget": [
            (2015, "Avtalsår 2015-09-01 – 2016-08-31", "1435000"),
            (2016, "Avtalsår 2016-09-01 – 2017-08-31", "1435000"),
            (2017, "Avtalsår 2017-09-01 – 2018-08-31", "1435000"),
        ],
        "target_group": "Personer som deltagit i ESF-projektet Boost II.",
        "purpose": (
            "Att följa upp deltagare som deltagit i Boost II by FCR och erbjuda dem som varken studerar "
            "eller arbetar insatser som ytterligare stärker deras möjlighet till självförsörjning."
        ),
        "goals": [
            (
                "Andel av tidigare deltagare i Boost by FC Rosengård som följs upp (minst)",
                50,
                Goal.Unit.PERCENT,
                False,
                {"quantity": "uppföljda av utskrivna från Boost", "unit_label": "procent"},
            ),
            (
                "Andel av de uppföljda som genom ytterligare insats blir självförsörjande",
                20,
                Goal.Unit.PERCENT,
                False,
                {"quantity": "självförsörjande av de uppföljda", "unit_label": "procent"},
            ),
        ],
    },
    {
        "case_number": "GYVF-2017-295",  # also GYVF-2015-3382 for the original agreement
        "title": "Carpe Sophia",
        "partners": ["ikf"],
        "status": ENDED,
        "periods": [("original", D(2015, 9, 1), D(2018, 8, 31), "GYVF-2015-3382")],
        "budget": [
            (2015, "Avtalsår 2015-09-01 – 2016-08-31", "563750"),
            (2016, "Avtalsår 2016-09-01 – 2017-08-31", "563750"),
            (2017, "Avtalsår 2017-09-01 – 2018-08-31", "563750"),
        ],
        "target_group": "Arbetslösa kvinnor med utländsk bakgrund boende i Malmö som står utanför arbetsmarknaden.",
        "purpose": (
            "Att med mentorskap som metod och praktik på mentorns arbetsplats som redskap minska "
            "arbetslösheten bland kvinnor med utländsk bakgrund med akademisk utbildning eller "
            "yrkesutbildning som står långt från arbetsmarknaden."
        ),
        "goals": [
            (
                "Minskad arbetslöshet bland kvinnor i målgruppen",
                None,
                Goal.Unit.COUNT,
                False,
                {"quantity": "adepter i arbete eller studier", "unit_label": "adepter"},
            )
        ],
    },
    {
        "case_number": "ASN-2017-349",
        "title": "IOP för att söka upp ungdomar som varken arbetar eller studerar (UVAS)",
        "partners": ["fcr", "fryshuset", "mff", "supporterhuset", "uppstart", "hassela"],
        "status": ENDED,
        "periods": [("original", D(2017, 7, 1), D(2018, 12, 31))],
        "budget": [
            (2017, "Avtalsår 2017-07-01 – 2018-06-30 (1 000 000 kr per helår)", "1000000"),
            (2018, "2018-07-01 – 2018-12-31 (halvår)", "500000"),
        ],
        "target_group": "Unga Malmöbor som varken arbetar, studerar eller är undersysselsatta.",
        "purpose": (
            "Att långsiktigt och varaktigt minska ungas arbetslöshet genom samverkan kring uppsökande verksamhet."
        ),
        "goals": [
            (
                "Minska antalet UVAS i Malmö, och antalet UVAS i okänd aktivitet i synnerhet",
                None,
                Goal.Unit.COUNT,
                False,
                {"quantity": "unga som nåtts av den uppsökande verksamheten", "unit_label": "unga"},
            )
        ],
    },
    {
        "case_number": "ASN-2023-9001",  # fictional: the board's list of labour-market partnerships gives no case number
        "title": "Arbetsträning med arbetslivsinriktad rehabilitering på Botildenborg",
        "partners": ["botildenborg"],
        "status": ACTIVE,
        # Fictional: seed 001 (2023) gives neither period nor budget; a calendar year so that the
        # demo can show a year of (invented) results.
        "periods": [("original", D(2023, 1, 1), D(2023, 12, 31))],
        "budget": [],
        "target_group": (
            "Malmöbor med svag förankring på arbetsmarknaden på grund av ohälsa. Bristande kunskaper i "
            "svenska. Låg motivation."
        ),
        "purpose": "Arbetsträning med arbetslivsinriktad rehabilitering.",
        "goals": [
            (
                "Ta fram underlag kring deltagarens förmåga för att kunna planera nästa steg i vägen mot självförsörjning",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "deltagare med framtaget underlag om förmågan", "unit_label": "deltagare"},
            )
        ],
    },
    {
        "case_number": "ASN-2023-9002",  # fictional: the board's list of labour-market partnerships gives no case number
        "title": "Samordnat stöd till unga med tillfälligt uppehållstillstånd (Rädda Barnen)",
        "partners": ["raddabarnen"],
        "status": ACTIVE,
        # Fictional: seed 001 (2023) gives neither period nor budget; a calendar year so that the
        # demo can show a year of (invented) results.
        "periods": [("original", D(2023, 1, 1), D(2023, 12, 31))],
        "budget": [],
        "target_group": "Unga i Malmö med tillfälligt uppehållstillstånd enligt gymnasielagen.",
        "purpose": "Samordnat och parallellt stöd till hållbar etablering.",
        "goals": [
            (
                "Förebygga arbetslöshet, utanförskap och eventuell papperslöshet med negativa konsekvenser för individ och samhälle",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "unga som fått samordnat stöd", "unit_label": "unga"},
            )
        ],
    },
]
