"""Swedish number formatting: whole numbers take a fast path that must print exactly as the general one."""

from decimal import Decimal

import pytest

from iop.templatetags.iop_format import format_kr, format_number


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0"),
        (7, "7"),
        (1234, "1\xa0234"),
        (1926637, "1\xa0926\xa0637"),
        (-1500, "−1\xa0500"),
        (24.0, "24"),
        (-0.0, "0"),
        (1e16, "10\xa0000\xa0000\xa0000\xa0000\xa0000"),
    ],
)
def test_whole_numbers_are_grouped_by_thousands_with_a_true_minus(value, text):
    assert format_number(value) == text


def test_the_fast_path_prints_as_the_decimal_path():
    for n in [*range(-2000, 2000, 7), 999_999, 1_000_000, -(10**12)]:
        assert format_number(n) == format_number(Decimal(n)), n
        assert format_number(float(n)) == format_number(Decimal(n)), n


def test_fractions_and_other_values_keep_the_general_rules():
    assert format_number(2.5) == "3"  # half up, not to even
    assert format_number(1234.5, 1) == "1\xa0234,5"
    assert format_number(True) == ""
    assert format_number(None) == ""
    assert format_kr(Decimal("481659.25")) == "481\xa0659,25\xa0kr"
