"""Money arithmetic of invoices: Decimal kronor with öre, never float.

Rounding is half-up to the öre (Swedish practice, and what Peppol validators expect: VAT is
rounded once per VAT rate group, never per line).
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def to_ore(value: Decimal) -> Decimal:
    """Round to whole öre, half-up (symmetrically: −0,005 → −0,01, so credit notes mirror invoices)."""
    return Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """Split an amount into `parts` shares that sum exactly to it.

    Works in whole öre: every share gets the integer quotient, and the remainder öre go one each
    to the first shares. 1 926 637,00 ÷ 4 = 481 659,25 × 4; 100 000,01 ÷ 4 = 25 000,01 + 3 × 25 000,00.
    """
    if parts < 1:
        raise ValueError("parts must be at least 1")
    total = to_ore(total)
    ore = int(total * 100)
    sign = -1 if ore < 0 else 1
    base, remainder = divmod(abs(ore), parts)
    shares = [base + (1 if i < remainder else 0) for i in range(parts)]
    return [(Decimal(sign * s) / 100).quantize(ORE) for s in shares]


def vat_amount(net: Decimal, rate: Decimal) -> Decimal:
    return to_ore(net * rate / Decimal(100))


def vat_breakdown(lines: Iterable[tuple[Decimal, Decimal]]) -> dict[Decimal, tuple[Decimal, Decimal]]:
    """Group (net amount, VAT rate) pairs by rate: rate → (taxable amount, VAT amount)."""
    groups: dict[Decimal, Decimal] = {}
    for net, rate in lines:
        key = Decimal(rate).quantize(ORE)
        groups[key] = groups.get(key, ZERO) + to_ore(net)
    return {rate: (net, vat_amount(net, rate)) for rate, net in sorted(groups.items())}
