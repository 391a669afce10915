"""Swedish formatting of money and numbers: `1 926 637 kr`, `481 659,25 kr`."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()
NBSP = "\xa0"


def format_number(value, decimals: int = 0) -> str:
    if not decimals and (type(value) is int or (type(value) is float and value.is_integer())):
        # Whole numbers (counts, the charts' daily series) without the Decimal round trip: a dashboard
        # formats tens of thousands of them.
        text = f"{abs(int(value)):,}".replace(",", NBSP)
        return "−" + text if value < 0 else text
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    quant = Decimal(1).scaleb(-decimals)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "−" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    text = NBSP.join(groups) or "0"
    if decimals:
        text += "," + fraction.ljust(decimals, "0")
    return sign + text


def format_kr(value) -> str:
    """Kronor, with öre only when there are any: 1 926 637 kr, 481 659,25 kr."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    decimals = 0 if number == number.to_integral_value() else 2
    return f"{format_number(number, decimals)}{NBSP}kr"


@register.filter
def kr(value) -> str:
    return format_kr(value)


@register.filter
def kr_ore(value) -> str:
    """Kronor always with two decimals (invoices): 481 659,25 kr."""
    if value is None or value == "":
        return "–"
    return f"{format_number(value, 2)}{NBSP}kr"


@register.filter
def num(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return "–"
    return format_number(value, int(decimals))
