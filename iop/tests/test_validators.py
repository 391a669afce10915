import pytest
from django.core.exceptions import ValidationError

from iop.validators import validate_iban, validate_org_number


def test_an_iban_written_in_groups_of_four_is_accepted():
    validate_iban("SE45 5000 0000 0583 9825 7466")
    validate_iban("")  # the field is optional


def test_an_iban_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_iban("SE46 5000 0000 0583 9825 7466")
    assert exc.value.code == "iban"


def test_an_organisation_number_with_a_wrong_check_digit_is_refused():
    validate_org_number("212000-1124")
    with pytest.raises(ValidationError) as exc:
        validate_org_number("212000-1125")
    assert exc.value.code == "checksum"
