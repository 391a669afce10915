"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

One parser for forms, imports and the model: accepts `YYMMDD-NNNN`, `YYMMDD+NNNN` (the `+` marks a
person aged 100 or more), `YYMMDDNNNN`, `YYYYMMDD-NNNN` and `YYYYMMDDNNNN`, and stores one normalised
form: 12 digits `YYYYMMDDNNNN`. The Luhn check digit is computed over the ten digits `YYMMDDNNNN`
(python-stdnum's `luhn`); a coordination number has 60 added to the day of birth. We do not use
`stdnum.se.personnummer.validate` because it rejects coordination numbers.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

_INPUT_RE = re.compile(r"^(?P<century>\d{2})?(?P<yymmdd>\d{6})(?P<sign>[-+])?(?P<serial>\d{4})$")
COORDINATION_DAY_OFFSET = 60


@dataclass(frozen=True)
class PersonalIdentityNumber:
    """A parsed, valid personnummer or samordningsnummer."""

    normalised: str  # 12 digits YYYYMMDDNNNN
    birth_date: dt.date
    is_coordination_number: bool

    @property
    def formatted(self) -> str:
        return format_pnr(self.normalised)

    @property
    def masked(self) -> str:
        return mask_pnr(self.normalised)


def parse(value: str, *, today: dt.date | None = None) -> PersonalIdentityNumber:
    """Parse and validate; raise ValidationError with a Swedish message when the number is invalid."""
    today = today or dt.date.today()
    text = re.sub(r"\s+", "", str(value or ""))
    match = _INPUT_RE.match(text)
    if not match:
        raise ValidationError(
            _("Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN, till exempel 19811228-9874."),
            code="format",
        )
    century, yymmdd, sign, serial = match.group("century", "yymmdd", "sign", "serial")
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if century and sign == "+":
        raise ValidationError(
            _("Plustecken används bara med tiosiffrigt personnummer (ÅÅMMDD+NNNN)."), code="format"
        )
    if not luhn.is_valid(yymmdd + serial):
        raise ValidationError(
            _("Personnumret har fel kontrollsiffra. Kontrollera att du skrivit rätt."), code="checksum"
        )
    is_coordination = day > COORDINATION_DAY_OFFSET
    birth_day = day - COORDINATION_DAY_OFFSET if is_coordination else day

    def _date(year: int) -> dt.date | None:
        try:
            return dt.date(year, month, birth_day)
        except ValueError:
            return None

    if century:
        birth_date = _date(int(century) * 100 + yy)
    else:
        # The latest year ending in yy whose date is not in the future; `+` means 100 years earlier.
        year = today.year - (today.year - yy) % 100
        birth_date = _date(year)
        if birth_date is None or birth_date > today:
            birth_date = _date(year - 100)
        if birth_date is not None and sign == "+":
            birth_date = _date(birth_date.year - 100)
    if birth_date is None:
        raise ValidationError(_("Personnumret innehåller ett datum som inte finns."), code="date")
    if birth_date > today:
        raise ValidationError(_("Födelsedatumet i personnumret ligger i framtiden."), code="future")
    if birth_date.year < 1870:
        raise ValidationError(_("Födelseåret i personnumret är inte rimligt."), code="date")
    normalised = f"{birth_date.year:04d}{yymmdd[2:]}{serial}"
    return PersonalIdentityNumber(
        normalised=normalised, birth_date=birth_date, is_coordination_number=is_coordination
    )


def normalise(value: str, *, today: dt.date | None = None) -> str:
    """Return the 12-digit normalised form or raise ValidationError."""
    return parse(value, today=today).normalised


def validate_normalised_pnr(value: str) -> None:
    """Model-field validator: the stored value must be a valid 12-digit number."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("Personnumret ska lagras som 12 siffror (ÅÅÅÅMMDDNNNN)."), code="format")
    parse(value)


def format_pnr(normalised: str) -> str:
    """`YYYYMMDD-NNNN` for the participant page (the only place showing the full number)."""
    return f"{normalised[:8]}-{normalised[8:]}" if len(normalised) == 12 else normalised


def mask_pnr(normalised: str) -> str:
    """`YYYYMMDD-XXXX` for lists."""
    return f"{normalised[:8]}-XXXX" if len(normalised) == 12 else "XXXXXXXX-XXXX"


def make_fictional(n: int, *, year: int = 1985, coordination: bool = False) -> str:
    """A deterministic number, valid in form (date and check digit), for tests and demo data.

    Generated from `n`, never looked up: any match with a real person is coincidental.
    """
    day_of_year = n % 365
    birth = dt.date(year, 1, 1) + dt.timedelta(days=day_of_year)
    day = birth.day + (COORDINATION_DAY_OFFSET if coordination else 0)
    serial3 = f"{(n // 365) % 1000:03d}"
    base = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}{serial3}"
    check = luhn.calc_check_digit(base)
    return f"{birth.year:04d}{base[2:]}{check}"
