"""Colour contrast computed from the stylesheets themselves (no browser): the focus indicator against every
background the app paints (WCAG 2.4.7 / 1.4.11, 3:1), and link colours on every tinted table row and alert
variant (1.4.3, 4.5:1).

Backgrounds come from two places: every colour in a `background`/`background-color` declaration of our
own stylesheets (static/css/), and the Bootstrap 5 surfaces the templates put content on (body, alerts,
tinted table rows with their striped/hover/active shades, `text-bg-*`), resolved through Bootstrap's
light-theme custom properties.
"""

import re
from pathlib import Path

import pytest
import xstatic.pkg.bootstrap as xstatic_bootstrap
from django.conf import settings

CSS_DIR = Path(settings.BASE_DIR) / "static" / "css"
BOOTSTRAP_CSS = Path(xstatic_bootstrap.BASE_DIR) / "css" / "bootstrap.min.css"
VARIANTS = ("primary", "secondary", "success", "danger", "warning", "info", "light")
# The print stylesheet of the PDFs has no focus and no links to click.
SCREEN_SHEETS = sorted(p for p in CSS_DIR.glob("*.css") if "print" not in p.name)


def _rgb(value: str) -> tuple[int, int, int]:
    value = value.strip().lower()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    numbers = re.findall(r"[\d.]+", value)
    r, g, b = (int(float(n)) for n in numbers[:3])
    return r, g, b


def luminance(colour: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Sheet:
    """Custom properties and rules of one stylesheet, enough to resolve the colours used here."""

    def __init__(self, text: str, root_selector: str = ":root") -> None:
        self.text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        self.props: dict[str, str] = {}
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", self.text):
            if selector.split(";")[-1].strip().startswith(root_selector):
                for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+)", body):
                    # Bootstrap repeats :root for the dark theme later on: the first (light) value wins.
                    self.props.setdefault(name, value.strip())

    def resolve(self, value: str, extra: dict[str, str] | None = None) -> str:
        props = {**self.props, **(extra or {})}
        for _ in range(10):
            match = re.search(r"var\((--[\w-]+)(?:,([^()]*(?:\([^()]*\))?))?\)", value)
            if not match:
                break
            replacement = props.get(match.group(1), match.group(2) or "")
            value = value[: match.start()] + replacement + value[match.end() :]
        return value.replace("!important", "").strip()

    def declarations(self, selector: str) -> dict[str, str]:
        match = re.search(r"(?:^|[}\s])" + re.escape(selector) + r"\s*\{([^}]*)\}", self.text, flags=re.M)
        assert match, f"{selector} not found"
        return dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", match.group(1)))


@pytest.fixture(scope="module")
def bootstrap() -> Sheet:
    return Sheet(BOOTSTRAP_CSS.read_text(), root_selector=":root,[data-bs-theme=light]")


@pytest.fixture(scope="module")
def ours() -> Sheet:
    return Sheet("\n".join(p.read_text() for p in SCREEN_SHEETS))


def _colours_in(value: str) -> list[str]:
    return re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\([^)]*\)", value, flags=re.I)


def app_backgrounds(bootstrap: Sheet, ours: Sheet) -> dict[str, tuple[int, int, int]]:
    """Every background colour of the screen stylesheets, named by where it comes from."""
    found: dict[str, tuple[int, int, int]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", ours.text):
        for value in re.findall(r"background(?:-color)?\s*:\s*([^;]+)", body):
            for colour in _colours_in(ours.resolve(value)):
                found[f"{selector.strip()} {colour}"] = _rgb(colour)
    found["body"] = _rgb(bootstrap.resolve("var(--bs-body-bg)"))
    for name in ("--bs-secondary-bg", "--bs-tertiary-bg"):
        found[name] = _rgb(bootstrap.resolve(f"var({name})"))
    for variant in VARIANTS:
        alert = bootstrap.declarations(f".alert-{variant}")
        found[f".alert-{variant}"] = _rgb(bootstrap.resolve(alert["--bs-alert-bg"]))
        table = bootstrap.declarations(f".table-{variant}")
        for shade in (
            "--bs-table-bg",
            "--bs-table-striped-bg",
            "--bs-table-hover-bg",
            "--bs-table-active-bg",
        ):
            found[f".table-{variant} {shade}"] = _rgb(bootstrap.resolve(table[shade]))
        text_bg = bootstrap.declarations(f".text-bg-{variant}")
        found[f".text-bg-{variant}"] = _rgb(bootstrap.resolve(text_bg["background-color"]))
    return found


def test_the_background_list_covers_our_stylesheets_and_bootstraps_surfaces(bootstrap, ours):
    backgrounds = app_backgrounds(bootstrap, ours)
    assert backgrounds["body"] == (255, 255, 255)
    assert backgrounds[".alert-warning"] == (255, 243, 205)  # #fff3cd
    assert backgrounds[".table-warning --bs-table-bg"] == (255, 243, 205)
    assert any(k.startswith(".kpi") for k in backgrounds)  # the key-figure boxes
    assert any(k.startswith(".bg-primary-subtle-dark") for k in backgrounds)  # the navbar's brand blue
    assert len(backgrounds) > 40


def test_the_contrast_formula_matches_wcag():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    # The measurement of the old yellow-only outline on white.
    assert round(contrast(_rgb("#ffbf47"), _rgb("#fff")), 2) == 1.64


def test_the_focus_indicator_has_3_to_1_against_every_background(bootstrap, ours):
    rule = ours.declarations(":focus-visible")
    assert "var(--iop-focus-outer)" in rule["outline"] and "!important" in rule["outline"]
    assert "var(--iop-focus-inner)" in rule["box-shadow"] and "!important" in rule["box-shadow"]
    inner = _rgb(ours.resolve("var(--iop-focus-inner)"))
    outer = _rgb(ours.resolve("var(--iop-focus-outer)"))
    # The two rings touch: the inner one must also stand out from the outer one.
    assert contrast(inner, outer) >= 3
    failing = []
    for where, background in app_backgrounds(bootstrap, ours).items():
        best = max(contrast(inner, background), contrast(outer, background))
        if best < 3:
            failing.append(f"{where}: {best:.2f}:1")
    assert not failing, failing


def test_links_in_tinted_table_rows_and_alerts_have_4_5_to_1(bootstrap, ours):
    link_on_tint = _rgb(ours.resolve("var(--iop-link-on-tint)"))
    rule = re.search(r"(:is\([^)]*\.table-warning[^)]*\)) a:not\(\.btn\)\s*\{([^}]*)\}", ours.text)
    assert rule and "var(--iop-link-on-tint)" in rule.group(2), "no link colour rule for tinted table rows"
    failing = []
    for variant in VARIANTS:
        assert f".table-{variant}" in rule.group(1), variant
        table = bootstrap.declarations(f".table-{variant}")
        for shade in (
            "--bs-table-bg",
            "--bs-table-striped-bg",
            "--bs-table-hover-bg",
            "--bs-table-active-bg",
        ):
            ratio = contrast(link_on_tint, _rgb(bootstrap.resolve(table[shade])))
            if ratio < 4.5:
                failing.append(f".table-{variant} {shade}: {ratio:.2f}:1")
        alert = bootstrap.declarations(f".alert-{variant}")
        ratio = contrast(
            _rgb(bootstrap.resolve(alert["--bs-alert-link-color"])),
            _rgb(bootstrap.resolve(alert["--bs-alert-bg"])),
        )
        if ratio < 4.5:
            failing.append(f".alert-{variant} links: {ratio:.2f}:1")
    assert ".alert a:not(.btn):not(.alert-link)" in ours.text  # alerts' plain links take the link colour
    assert not failing, failing


def test_bootstraps_default_link_blue_fails_on_the_warning_row_which_is_why_the_rule_exists(bootstrap):
    blue = _rgb(bootstrap.resolve("var(--bs-link-color)"))
    warning_row = _rgb(bootstrap.resolve(bootstrap.declarations(".table-warning")["--bs-table-bg"]))
    assert contrast(blue, warning_row) < 4.5
