"""The charts' style: colours (Malmö blue, then colour-blind-safe companions), font and sizes."""

SVG_NS = "http://www.w3.org/2000/svg"
# Malmö blue, then colour-blind-safe companions (Okabe–Ito).
PALETTE = ["#0f4c81", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999"]
TARGET_COLOUR = "#b00020"
TEXT_COLOUR = "#212529"
MUTED_COLOUR = "#495057"
AXIS_COLOUR = "#6c757d"
GRID_COLOUR = "#e3e6ea"
FONT_FAMILY = "DejaVu Sans, Verdana, Geneva, sans-serif"
FONT_SIZE = 9.0
TITLE_SIZE = 11.0
# The drawing size in points (7 × 3.4 inches): 672 × 326 CSS pixels on screen, scaled to the text width in PDFs.
WIDTH = 504.0
HEIGHT = 244.8
PAD = 6.0
LINE = 12.0  # the height of one line of 9 pt text
