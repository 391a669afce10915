"""The one chart module: server-side SVG charts for dashboards and PDFs, drawn directly as SVG text.

Every function returns a :class:`Chart`: the SVG text (with ``<title>`` and ``<desc>`` for assistive
technology, ``role="img"``, text kept as ``<text>``, byte-for-byte deterministic) and a data table with the
same figures for screen readers and exports.

Pages show charts as ``<img src="data:image/svg+xml;base64,…" alt="…">`` (see ``Chart.data_uri`` and
``templates/iop/includes/chart.html``): an SVG image is a separate document, so the page's strict
Content-Security-Policy does not govern it. The SVG uses presentation attributes only (no ``style``), which
browsers and WeasyPrint's SVG renderer both draw; WeasyPrint renders the same data URI with its text as text.

Values may be plain numbers or :class:`iop.disclosure.Cell` objects: a suppressed cell draws
nothing and its label (``<3``) goes into the data table. Numbers are formatted the Swedish way
(``iop_format.format_number``), colours are the Malmö blue and the colour-blind-safe Okabe–Ito companions.

The geometry is computed here: text widths come from DejaVu Sans advance widths (the font the PDFs use;
browsers without it fall back to Verdana or another sans-serif of similar or narrower width), so labels
are wrapped, rotated or shortened with "…" before they could overlap. The full labels stay in the table.

The package: `style` (colours, font, sizes), `primitives` (`Chart`, labels, SVG text and widths), `frame` (scales and
the frame every chart shares), `bars` and `timelines` (the charts). Callers use the names exported here.
"""

from .bars import bar_with_target, diverging_bars, grouped_bars, stacked_bars
from .frame import nice_ticks
from .primitives import Chart, text_width
from .style import HEIGHT, LINE, PALETTE, TARGET_COLOUR
from .timelines import cumulative_vs_target, line_vs_limit

__all__ = [
    "HEIGHT",
    "LINE",
    "PALETTE",
    "TARGET_COLOUR",
    "Chart",
    "bar_with_target",
    "cumulative_vs_target",
    "diverging_bars",
    "grouped_bars",
    "line_vs_limit",
    "nice_ticks",
    "stacked_bars",
    "text_width",
]
