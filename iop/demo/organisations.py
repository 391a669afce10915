"""Demo organisations: the city's board, Skåne Stadsmission and the other partnerships' non-profits
(organisation numbers fictional but Luhn-valid)."""

from stdnum import luhn

from iop.models import Organisation


def city() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        org_number="212000-1124",
        defaults={
            "name": "Arbetsmarknads- och socialnämnden, Malmö stad",
            "kind": Organisation.Kind.PUBLIC,
            "street_address": "August Palms plats 1",
            "postal_code": "205 80",
            "city": "Malmö",
        },
    )
    return org


def stadsmission() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        org_number="846004-8716",
        defaults={
            "name": "Stiftelsen Skåne Stadsmission",
            "kind": Organisation.Kind.NON_PROFIT,
            "street_address": "Exempelgatan 1",
            "postal_code": "211 00",
            "city": "Malmö",
            "bankgiro": "5050-1055",
        },
    )
    return org


def fictional_org_number(n: int) -> str:
    """A Luhn-valid organisation number in the 802479-xxxx range, used for demo non-profits."""
    base = f"802479{n:03d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


# key → organisation name. All organisation numbers are fictional.
ORGANISATIONS = {
    "yalla": "Yalla Trappan",
    "mff": "Malmö Fotbollförening",
    "rodakorset": "Svenska Röda Korset",
    "hassela": "Hassela Helpline",
    "fcr": "FC Rosengård",
    "ikf": "Internationella Kvinnoföreningen i Malmö",
    "fryshuset": "Stiftelsen Fryshuset",
    "supporterhuset": "Supporterhuset",
    "uppstart": "Stiftelsen Uppstart Malmö",
    "botildenborg": "Botildenborg",
    "raddabarnen": "Rädda Barnen",
    "pingst": "Malmö Pingstförsamling",
}


def organisation(key: str) -> Organisation:
    if key == "stadsmission":
        return stadsmission()
    n = list(ORGANISATIONS).index(key) + 1
    org, _ = Organisation.objects.get_or_create(
        org_number=fictional_org_number(n),
        defaults={
            "name": ORGANISATIONS[key],
            "kind": Organisation.Kind.NON_PROFIT,
            "city": "Malmö",
        },
    )
    return org
