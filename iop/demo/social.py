"""The two social partnerships of the 2019 overview report, "Pågående partnerskap inom det sociala
området". No target is invented: the document gives capacity and results, not targets."""

import datetime as dt
from typing import Any

from iop.models import ForumCriterionAssessment, Goal, Partnership

D = dt.date
ACTIVE, ENDED = Partnership.Status.ACTIVE, Partnership.Status.ENDED


SOCIAL_PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "case_number": "ASN-2017-5149",
        "title": "Crossroads och Vinternatt",
        "partners": ["stadsmission", "pingst"],
        "status": ACTIVE,
        "area": Partnership.Area.SOCIAL,
        "reported_only": True,
        "reporting_frequency": Partnership.ReportingFrequency.MONTHLY,
        # "Avtalsperiod: Vintern 2018-2019"; Crossroads ran during 2018, Vinternatt 1 January – 31 March 2019.
        "periods": [("original", D(2018, 1, 1), D(2019, 3, 31))],
        "places_at_once": 40,  # "Det finns 40 platser för övernattning"
        "capacity_unit": Partnership.CapacityUnit.BEDS,
        "budget": [
            (2018, "Crossroads, hela 2018", "2560499"),
            (2019, "Crossroads januari – mars 2019", "631500"),
            (2019, "Vinternatt januari – mars 2019", "610400"),
        ],
        "target_group": "EU-medborgare i socialt och ekonomiskt utsatta situationer i Malmö.",
        "purpose": (
            "Crossroads: en öppen dagverksamhet där målgruppen kan tillgodose grundläggande behov och få "
            "rådgivning och information om rättigheter, skyldigheter, möjligheter och förutsättningar i "
            "Sverige. Vinternatt: ett härbärge under vintern, en akut och tillfällig humanitär insats "
            "(40 platser, avgift 15 kr per övernattning)."
        ),
        "goals": [
            (
                "Bäddnätter på Vinternatt",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "bäddnätter", "unit_label": "bäddnätter", "capacity_use": True},
            ),
            (
                "Rådgivningstillfällen på Crossroads",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "rådgivningstillfällen", "unit_label": "tillfällen"},
            ),
        ],
    },
    {
        "case_number": "ASN-2018-572",
        "title": "Barnverksamhet på Röda Korsets behandlingscentrum för tortyr- och krigsskadade",
        "partners": ["rodakorset"],
        "status": ACTIVE,
        "area": Partnership.Area.SOCIAL,
        "reported_only": True,
        "periods": [("original", D(2017, 1, 1), D(2020, 12, 31))],  # "Avtalsperiod: 2017-2020"
        "capacity_unit": Partnership.CapacityUnit.GROUPS,
        "budget": [(year, "Nämndens del (400 000 kr per år)", "400000") for year in (2017, 2018, 2019, 2020)],
        # "finansieras med lika delar från Svenska Röda Korset, Region Skåne och Malmö stad, varav
        # arbetsmarknads- och socialnämnden finansierar 400 000 kr och Region Skåne 400 000 kr per år".
        "other_funding": [
            (year, "Region Skåne", "Barnverksamheten (lika delar)", "400000")
            for year in (2017, 2018, 2019, 2020)
        ],
        "in_kind": [
            *(
                (year, "Svenska Röda Korsets egen finansiering (lika delar)", "400000", None)
                for year in (2017, 2018, 2019, 2020)
            ),
            # "Verksamheten drivs med hjälp av utbildade volontärer": the report gives no hours.
            (2019, "Utbildade volontärer i barngrupperna (Påhittad demosiffra: timmarna)", None, 900),
        ],
        "forum": [
            (
                ForumCriterionAssessment.Criterion.BOTH_FINANCE,
                ForumCriterionAssessment.Answer.YES,
                "Finansieras med lika delar från Svenska Röda Korset, Region Skåne och Malmö stad.",
            ),
            (
                ForumCriterionAssessment.Criterion.LONG_TERM,
                ForumCriterionAssessment.Answer.YES,
                "Avtalsperiod 2017–2020.",
            ),
            (
                ForumCriterionAssessment.Criterion.INITIATIVE,
                ForumCriterionAssessment.Answer.YES,
                "Alla tre parter såg behovet av en särskild verksamhet för barnen.",
            ),
        ],
        "target_group": "Barn till föräldrar som genomgår behandling på Röda Korsets behandlingscentrum.",
        "purpose": (
            "Ett fjorton veckor långt program för barn mellan sex och tolv år som ger barnen verktyg att "
            "identifiera och uttrycka tankar och känslor, minska risken för psykisk ohälsa samt förebygga "
            "eller hantera eventuella symtom av PTSD."
        ),
        "goals": [
            (
                "Barn som deltar i grupperna",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "barn", "unit_label": "barn", "by_gender": True},
            ),
            (
                "Barn i kö till grupperna",
                None,
                Goal.Unit.COUNT,
                True,
                {"quantity": "barn i kö", "unit_label": "barn", "aggregation": Goal.Aggregation.LAST},
            ),
        ],
    },
]
