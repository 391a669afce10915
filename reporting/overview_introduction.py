"""The default introduction of the overview of all partnerships, quoted from the administration's
2019 overview report (Arbetsmarknads- och socialförvaltningen, "Inledning" up to the partnerships).

It is the source text, not UI wording: the coordinator edits it per year (`OverviewIntroduction`);
a year without an edited introduction prints this one. `overview_introduction_save` is the service
that writes a year's introduction.
"""

from django.db import transaction

from iop.models import User
from reporting.models import OverviewIntroduction

DEFAULT_INTRODUCTION = """\
Idéburet offentligt partnerskap

Ett idéburet offentligt partnerskap är ett avtal om samverkan mellan offentliga aktörer och aktörer \
inom idéburen sektor. Paraplyorganisationen ”Forum – intresseorganisationen idéburna organisationer \
med social inriktning” tog fram IOP som en modell för samverkan år 2010. Modellen bygger på ett \
gemensamt lärande, dialog och samarbete mellan sektorerna.

Ett IOP är, enligt Forum, lämpligt och juridiskt möjligt när följande kriterier är uppfyllda:
• Verksamheten sker på initiativ av den idéburna organisationen
• Verksamheten är ett led i att förverkliga ett politiskt program eller plan, där idéburna \
organisationer särskilt nämns
• Verksamheten kan inte ses som en del av det normerade föreningsbidraget
• Det finns ingen marknad eller konkurrenssituation att värna
• Båda parterna är med och finansierar verksamheten (via pengar eller andra insatser)
• Verksamheten detaljregleras inte från kommunen
• Verksamheten avses att drivas under en längre tid

Rättsläge

Det finns ingen särskild lagstiftning som reglerar IOP och rättsläget är delvis oklart. Kriterierna \
för om ett IOP är möjligt är utformade mot bakgrund av kommunallagen (2017:725), lagen (2016:1145) \
om offentlig upphandling (LOU) samt EU:s statsstödsregler.

Uppföljning

Uppföljningsarbetet i IOP kan se olika ut beroende på deltagande parter och syfte. Utgångspunkten \
för uppföljning är tillit och gemensamt ansvarstagande. Uppföljning, återkoppling och dialog kan till \
exempel ske genom dialogmöten, styrgruppsmöten och/eller rapporter från verksamheten. I tecknandet av \
IOP specificeras alltid hur dialog och uppföljning av verksamheten ska organiseras. Om någon av \
parterna inte uppfyller sin del i partnerskapet finns möjlighet att bryta avtalet.

En förutsättning för IOP är att alla parter bidrar med resurser. Andra resurser förutom ekonomiska \
medel kan vara volontärtimmar, lokaler, kunskapsutbyte, metoder eller administration.
"""


def overview_introduction_save(*, year: int, text: str, by: User | None) -> OverviewIntroduction:
    """Write the introduction of the year's overview (one per year; saving again replaces it)."""
    with transaction.atomic():
        introduction = OverviewIntroduction.objects.select_for_update().filter(year=year).first()
        introduction = introduction or OverviewIntroduction(year=year)
        introduction.text = text.strip()
        introduction.updated_by = by
        introduction.full_clean()
        introduction.save()
        return introduction
