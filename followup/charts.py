"""Server-side SVG charts of the followup app (no JavaScript: the CSP forbids inline scripts).

`progression_svg` draws, per item, the participant's start value (light bar) and end value (dark bar)
on the instrument's scale; the same SVG works in HTML pages and in WeasyPrint PDFs.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from followup.selectors import Progression

ROW_HEIGHT = 44
LABEL_HEIGHT = 16
BAR_HEIGHT = 10
WIDTH = 320
START_COLOUR = "#9fb7d9"
END_COLOUR = "#0a3d7a"


def progression_svg(progression: Progression) -> SafeString:
    rows = progression.rows
    lo, hi = progression.scale_min, progression.scale_max
    span = max(hi - lo, 1)
    height = ROW_HEIGHT * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="fu-chart" role="img" '
        f'aria-labelledby="fu-chart-title">',
        f'<title id="fu-chart-title">{escape(_("Självskattning vid start och avslut per påstående"))}</title>',
    ]
    for i, row in enumerate(rows):
        y = i * ROW_HEIGHT
        label = row.wording if len(row.wording) <= 52 else row.wording[:50] + "…"
        parts.append(f'<text x="0" y="{y + 12}" font-size="11" fill="#212529">{escape(label)}</text>')
        for j, (value, colour, name) in enumerate(
            ((row.start, START_COLOUR, _("start")), (row.end, END_COLOUR, _("avslut")))
        ):
            by = y + LABEL_HEIGHT + j * (BAR_HEIGHT + 2)
            parts.append(f'<rect x="0" y="{by}" width="{WIDTH - 30}" height="{BAR_HEIGHT}" fill="#eef1f4"/>')
            if value is not None:
                w = round((value - lo + 1) / (span + 1) * (WIDTH - 30), 1)
                parts.append(
                    f'<rect x="0" y="{by}" width="{w}" height="{BAR_HEIGHT}" fill="{colour}">'
                    f"<title>{escape(name)}: {value}</title></rect>"
                )
                parts.append(
                    f'<text x="{WIDTH - 26}" y="{by + BAR_HEIGHT - 1}" font-size="10" fill="#212529">{value}</text>'
                )
    ly = len(rows) * ROW_HEIGHT + 12
    parts.append(f'<rect x="0" y="{ly}" width="10" height="10" fill="{START_COLOUR}"/>')
    parts.append(f'<text x="14" y="{ly + 9}" font-size="10" fill="#212529">{escape(_("Start"))}</text>')
    parts.append(f'<rect x="70" y="{ly}" width="10" height="10" fill="{END_COLOUR}"/>')
    parts.append(f'<text x="84" y="{ly + 9}" font-size="10" fill="#212529">{escape(_("Avslut"))}</text>')
    parts.append(
        f'<text x="{WIDTH - 120}" y="{ly + 9}" font-size="10" fill="#6c757d">'
        f"{escape(_('skala'))} {lo}–{hi}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every text is escaped above


IMPROVED, UNCHANGED, WORSENED = "#1b7f4b", "#adb5bd", "#b02a37"


def distribution_svg(distribution: dict) -> SafeString:
    """One stacked bar per item: how many improved / unchanged / worsened (stegförflyttning)."""
    items = list(distribution["items"].values())
    height = ROW_HEIGHT * len(items) + 30
    bar_width = WIDTH - 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="fu-chart" role="img" '
        f'aria-labelledby="fu-dist-title">',
        f'<title id="fu-dist-title">{escape(_("Förändring per påstående: förbättrad, oförändrad, försämrad"))}</title>',
    ]
    for i, item in enumerate(items):
        y = i * ROW_HEIGHT
        label = item["wording"] if len(item["wording"]) <= 52 else item["wording"][:50] + "…"
        parts.append(f'<text x="0" y="{y + 12}" font-size="11" fill="#212529">{escape(label)}</text>')
        x = 0.0
        n = item["n"] or 1
        for key, colour, name in (
            ("improved", IMPROVED, _("förbättrad")),
            ("unchanged", UNCHANGED, _("oförändrad")),
            ("worsened", WORSENED, _("försämrad")),
        ):
            w = round(item[key] / n * bar_width, 1)
            if w:
                parts.append(
                    f'<rect x="{x}" y="{y + LABEL_HEIGHT}" width="{w}" height="{BAR_HEIGHT * 2}" fill="{colour}">'
                    f"<title>{escape(name)}: {item[key]}</title></rect>"
                )
                if w > 14:
                    parts.append(
                        f'<text x="{x + 3}" y="{y + LABEL_HEIGHT + 14}" font-size="10" fill="#fff">{item[key]}</text>'
                    )
            x += w
    ly = len(items) * ROW_HEIGHT + 12
    for j, (colour, name) in enumerate(
        ((IMPROVED, _("Förbättrad")), (UNCHANGED, _("Oförändrad")), (WORSENED, _("Försämrad")))
    ):
        parts.append(f'<rect x="{j * 95}" y="{ly}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{j * 95 + 14}" y="{ly + 9}" font-size="10" fill="#212529">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every text is escaped above
