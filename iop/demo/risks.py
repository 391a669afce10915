"""Demo risk register of MALMÖKRAFTEN 2.0 (seed 003, section "Riskanalys"). The risks and measures are quoted
from the seed's risk analysis (obvious typos corrected: "deltagaree", "göra stas", "processledarena"). The
seed gives no likelihood, consequence, owner or status: those values below are INVENTED for the demo.
Called by programmes.demo, which creates the partnership. Idempotent (looked up by the risk's text)."""

from iop.models import Partnership, Risk
from iop.services.risks import risk_save

# (risk, measure, likelihood (invented), consequence (invented), status (invented))
MALMOKRAFTEN_RISKS = (
    (
        "Att projektet inte anvisas deltagare i tillräcklig grad",
        "Arbetsförmedlingen, Malmö stad och Försäkringskassan är stora aktörer med många malmöbor inskrivna. "
        "Projektledningen är förankrad in i dessa organisationer och kan säkerställa att rätt flöde av "
        "deltagare kommer till projektet.",
        3,
        5,
        Risk.Status.OPEN,
    ),
    (
        "Att projektet inte får in tidrapport från alla deltagare varje månad. Att projektdeltagarna redovisar "
        "mindre än 2 timmar/vecka.",
        "En struktur för hur detta ska göras tas fram i analys- och planeringsfasen. Uppgifter får läggas till "
        "team respektive processledarna i teamen att se till att tidrapporter lämnas för varje deltagare",
        4,
        4,
        Risk.Status.OPEN,
    ),
    (
        "Att det uppstår vakanser när medarbetare slutar och att dessa tar tid att ersätta. Bemanningen hotas. "
        "Det saknas tillräckliga personalresurser",
        "Projektledningen är förankrad in i alla organisationer och kan säkerställa ersättningsrekrytering sker",
        2,
        3,
        Risk.Status.MANAGED,
    ),
)


def seed_malmokraften_risks(partnership: Partnership) -> None:
    for description, measure, likelihood, consequence, status in MALMOKRAFTEN_RISKS:
        if Risk.objects.filter(partnership=partnership, description=description).exists():
            continue
        risk_save(
            risk=Risk(
                partnership=partnership,
                description=description,
                measure=measure,
                likelihood=likelihood,
                consequence=consequence,
                status=status,
            )
        )
