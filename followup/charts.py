"""The followup app's charts, drawn by the one chart module (`iop.charts`) from its figures."""

from django.utils.translation import gettext as _

from followup.selectors import Progression
from iop import charts


def progression_chart(progression: Progression) -> charts.Chart:
    """One participant's self-assessment per item: the start value beside the end value."""
    rows = progression.rows
    return charts.grouped_bars(
        title=_("Självskattning vid start och avslut per påstående"),
        categories=[row.wording for row in rows],
        series={_("Start"): [row.start for row in rows], _("Avslut"): [row.end for row in rows]},
    )


def distribution_chart(distribution: dict) -> charts.Chart:
    """Per item how many improved, stayed or worsened between start and end (stegförflyttning)."""
    items = list(distribution["items"].values())
    return charts.diverging_bars(
        title=_("Förändring per påstående: förbättrad, oförändrad, försämrad"),
        items=[item["wording"] for item in items],
        improved=[item["improved"] for item in items],
        unchanged=[item["unchanged"] for item in items],
        worsened=[item["worsened"] for item in items],
    )
