"""The import file's columns (in the template's order), the words its cells may hold, the
Swedish labels of fields in messages, and the downloadable template."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iop.xlsx import CONTENT_TYPE, Sheet, make_xlsx
from participants.models import (
    Referral,
)

# (column, required, description) — the order of the template.
COLUMNS: list[tuple[str, bool, Any]] = [
    ("personnummer", True, gettext_lazy("ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN m.fl., även samordningsnummer")),
    ("fornamn", True, gettext_lazy("Förnamn (krävs för nya deltagare)")),
    ("efternamn", True, gettext_lazy("Efternamn (krävs för nya deltagare)")),
    ("kon", False, gettext_lazy("kvinna, man eller annat")),
    ("utbildning", False, gettext_lazy("forgymnasial, gymnasial, eftergymnasial eller okand")),
    (
        "forsorjning",
        False,
        gettext_lazy("forsorjningsstod, aktivitetsstod, sjukpenning, etableringsersattning, annan, ingen"),
    ),
    ("tolk", False, gettext_lazy("ja eller nej")),
    ("skyddad_identitet", False, gettext_lazy("ja eller nej")),
    (
        "handlaggare",
        False,
        gettext_lazy("Användarnamn för ansvarig arbetsmarknadssekreterare (standard: den som importerar)"),
    ),
    ("partnerskap", False, gettext_lazy("Diarienummer ASN-ÅÅÅÅ-NNNN (standard: valt partnerskap)")),
    ("samtycke_datum", False, gettext_lazy("Datum då samtycket lämnades, ÅÅÅÅ-MM-DD")),
    ("samtycke_organisation", False, gettext_lazy("Organisationsnummer (standard: den idéburna parten)")),
    ("samtycke_dokumentation", False, gettext_lazy("Hur samtycket dokumenterats")),
    ("samtycke_aterkallat", False, gettext_lazy("Datum då samtycket återkallades")),
    ("anvisning_datum", False, gettext_lazy("Anvisningsdatum, ÅÅÅÅ-MM-DD")),
    ("anvisning_skal", False, gettext_lazy("Skäl och mål (inga hälsouppgifter)")),
    ("anvisning_status", False, gettext_lazy("ny, studiebesok, antagen, placerad, avbojd, aterkallad")),
    ("studiebesok_datum", False, gettext_lazy("Datum för studiebesök")),
    ("anvisning_avslutsskal", False, gettext_lazy("Skäl när anvisningen avböjts eller återkallats")),
    ("placering_start", False, gettext_lazy("Startdatum för arbetsträningen")),
    ("placering_planerat_slut", False, gettext_lazy("Planerat slut (standard: start + längsta tid)")),
    ("placering_slut", False, gettext_lazy("Faktiskt slutdatum om avslutad")),
    (
        "avslutsorsak",
        False,
        gettext_lazy(
            "Kod: work, studies, other_measure, completed_plan, interrupted_health, interrupted_other, moved, other"
        ),
    ),
    ("verksamhet", False, gettext_lazy("Verksamhetens namn i partnerskapet")),
    ("handledare", False, gettext_lazy("Användarnamn för handledaren")),
]
COLUMN_NAMES = [c[0] for c in COLUMNS]
XLSX_MIME = CONTENT_TYPE

REFERRAL_STATUS = {
    "ny": Referral.Status.NEW,
    "studiebesok": Referral.Status.STUDY_VISIT_BOOKED,
    "studiebesok_bokat": Referral.Status.STUDY_VISIT_BOOKED,
    "antagen": Referral.Status.ACCEPTED,
    "placerad": Referral.Status.PLACED,
    "avbojd": Referral.Status.DECLINED,
    "aterkallad": Referral.Status.WITHDRAWN,
}
# Path through the state machine to reach each status from "new".
REFERRAL_STEPS = {
    Referral.Status.NEW: [],
    Referral.Status.STUDY_VISIT_BOOKED: [Referral.Status.STUDY_VISIT_BOOKED],
    Referral.Status.ACCEPTED: [Referral.Status.ACCEPTED],
    Referral.Status.PLACED: [Referral.Status.ACCEPTED],
    Referral.Status.DECLINED: [Referral.Status.DECLINED],
    Referral.Status.WITHDRAWN: [Referral.Status.WITHDRAWN],
}


FIELD_LABELS = {
    "personal_identity_number": "personnummer",
    "first_name": "fornamn",
    "last_name": "efternamn",
    "case_officer": "handlaggare",
    "given_on": "samtycke_datum",
    "documentation_note": "samtycke_dokumentation",
    "referred_on": "anvisning_datum",
    "status": "anvisning_status",
    "study_visit_on": "studiebesok_datum",
    "closed_reason": "anvisning_avslutsskal",
    "start_date": "placering_start",
    "planned_end_date": "placering_planerat_slut",
    "end_date": "placering_slut",
    "end_reason": "avslutsorsak",
    "supervisor": "handledare",
    "work_area": "verksamhet",
}


def _field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def template_xlsx() -> bytes:
    """The downloadable template: the import sheet with headers, and a sheet describing the columns."""
    columns = [
        [column, _("ja") if required else _("nej"), str(description)]
        for column, required, description in COLUMNS
    ]
    return make_xlsx(
        [
            Sheet("Deltagare", COLUMN_NAMES, [], freeze_header=True),
            Sheet(
                "Kolumner",
                [_("Kolumn"), _("Obligatorisk"), _("Beskrivning")],
                columns,
                widths={"A": 26, "C": 90},
            ),
        ]
    )
