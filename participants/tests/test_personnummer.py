import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from stdnum import luhn

from participants.personnummer import format_pnr, make_fictional, mask_pnr, normalise, parse

TODAY = dt.date(2026, 11, 23)


def with_check(ten_without_check: str) -> str:
    """Append the Luhn check digit to YYMMDDNNN."""
    return ten_without_check + luhn.calc_check_digit(ten_without_check)


@pytest.mark.parametrize(
    "value",
    ["811228-9874", "8112289874", "19811228-9874", "198112289874", " 811228 - 9874 ", "19811228 9874"],
)
def test_valid_number_in_every_accepted_form_normalises_to_twelve_digits(value):
    parsed = parse(value, today=TODAY)
    assert parsed.normalised == "198112289874"
    assert parsed.birth_date == dt.date(1981, 12, 28)
    assert not parsed.is_coordination_number


def test_plus_sign_means_a_hundred_years_or_older():
    assert parse("121212+1212", today=TODAY).normalised == "191212121212"
    assert parse("121212-1212", today=TODAY).normalised == "201212121212"


def test_ten_digits_take_the_latest_century_that_is_not_in_the_future():
    number = with_check("301224123")
    assert parse(number, today=TODAY).birth_date == dt.date(1930, 12, 24)
    number = with_check("050101123")
    assert parse(number, today=TODAY).birth_date == dt.date(2005, 1, 1)


def test_plus_sign_is_refused_with_a_twelve_digit_number():
    with pytest.raises(ValidationError) as exc:
        parse("19121212+1212", today=TODAY)
    assert exc.value.code == "format"


@pytest.mark.parametrize("value", ["811228-9875", "198112289873", "8112289870"])
def test_wrong_check_digit_is_refused_with_a_swedish_message(value):
    with pytest.raises(ValidationError) as exc:
        parse(value, today=TODAY)
    assert exc.value.code == "checksum"
    assert "kontrollsiffra" in exc.value.messages[0]


@pytest.mark.parametrize("body", ["811328123", "810230123", "810431123", "810100123", "810229123"])
def test_impossible_dates_are_refused_even_with_a_correct_check_digit(body):
    with pytest.raises(ValidationError) as exc:
        parse(with_check(body), today=TODAY)
    assert exc.value.code == "date"


def test_leap_day_is_accepted_in_a_leap_year():
    assert parse(with_check("800229123"), today=TODAY).birth_date == dt.date(1980, 2, 29)


def test_coordination_number_has_sixty_added_to_the_day():
    parsed = parse("811288-9871", today=TODAY)
    assert parsed.is_coordination_number
    assert parsed.birth_date == dt.date(1981, 12, 28)
    assert parsed.normalised == "198112889871"
    assert parse("19811288-9871", today=TODAY).normalised == "198112889871"


def test_coordination_number_with_impossible_day_is_refused():
    with pytest.raises(ValidationError):
        parse(with_check("810292123"), today=TODAY)  # 92 - 60 = 32 February


def test_coordination_number_with_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as exc:
        parse("811288-9872", today=TODAY)
    assert exc.value.code == "checksum"


def test_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as exc:
        parse("20" + with_check("301224123"), today=TODAY)
    assert exc.value.code == "future"


@pytest.mark.parametrize("value", ["", "abc", "81122-9874", "81122898741", "811228--9874", "1981122898741"])
def test_malformed_input_is_refused_as_a_format_error(value):
    with pytest.raises(ValidationError) as exc:
        parse(value, today=TODAY)
    assert exc.value.code == "format"


def test_masked_and_formatted_forms():
    assert mask_pnr("198112289874") == "19811228-XXXX"
    assert format_pnr("198112289874") == "19811228-9874"
    assert normalise("811228-9874", today=TODAY) == "198112289874"


def test_fictional_numbers_are_valid_deterministic_and_distinct():
    numbers = [make_fictional(n) for n in range(2000)]
    assert len(set(numbers)) == 2000
    assert make_fictional(7) == make_fictional(7)
    for number in numbers[:200]:
        assert parse(number).normalised == number
    assert parse(make_fictional(3, coordination=True)).is_coordination_number
