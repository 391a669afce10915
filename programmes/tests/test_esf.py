"""ESF participant data at entry and the SCB/ESF participant export (issues 17 and 18)."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from iop.roles import Role
from participants.models import AccessLog
from programmes.esf_export import ESF_EXPORT_HEADER
from programmes.models import EnrolmentExit, EsfEntry, EsfExportRecord, ProgrammeParty
from programmes.services import enrolment_end, esf_entry_save
from programmes.tests.factories import START, enrol, programme_world
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture
def w():
    world = programme_world()
    world.agency_party = ProgrammeParty.objects.get(partnership=world.programme)
    world.city_party = ProgrammeParty.objects.create(
        partnership=world.programme, organisation=OrganisationFactory(name="Malmö stad"), kind="city"
    )
    world.other_party = ProgrammeParty.objects.create(
        partnership=world.other_programme,
        organisation=OrganisationFactory(name="Region Skåne"),
        kind="region",
    )
    return world


def _entry_data(w, **overrides):
    data = {
        "categories": ["langtidsarbetslosa", "nyanlanda"],
        "support_kinds": ["forsorjningsstod", "aktivitetsstod"],
        "programme_status": "jobb_och_utvecklingsgarantin",
        "months_at_af": "14",
        "referring_party": str(w.city_party.pk),
    }
    return {**data, **overrides}


# --- ESF data at entry ---------------------------------------------------------------------------


def test_a_process_leader_saves_the_esf_data_with_history_and_a_log_row(client, w):
    client.force_login(w.leader)
    url = reverse("programmes:esf_entry", args=[w.enrolment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _entry_data(w)).status_code == 302
    entry = EsfEntry.objects.get(enrolment=w.enrolment)
    assert entry.categories == ["langtidsarbetslosa", "nyanlanda"]
    assert entry.support_kinds == ["forsorjningsstod", "aktivitetsstod"]
    assert (entry.programme_status, entry.months_at_af, entry.referring_party) == (
        "jobb_och_utvecklingsgarantin",
        14,
        w.city_party,
    )
    assert client.post(url, _entry_data(w, months_at_af="15")).status_code == 302
    assert [h.months_at_af for h in entry.history.order_by("history_date")] == [14, 15]
    assert (
        AccessLog.objects.filter(
            user=w.leader, action=AccessLog.Action.CHANGE, detail__contains="ESF-uppgifter"
        ).count()
        == 2
    )
    page = client.get(reverse("programmes:enrolment", args=[w.enrolment.pk]))
    assert "Nyanlända invandrare" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("months_at_af", "-1", "Antalet månader kan inte vara negativt."),
        ("months_at_af", "601", "Ange högst 600 månader."),
        ("months_at_af", "fjorton", "Ange ett helt antal månader."),
        ("categories", ["marsian"], "Välj bland ESF:s deltagarkategorier."),
        ("support_kinds", ["ingen"], "Välj bland försörjningsformerna."),
        ("programme_status", "okand", "Välj en av programstatusarna."),
        ("referring_party", "other", "Välj en av programmets parter."),
    ],
)
def test_bad_esf_data_is_refused_at_the_field_in_swedish_and_nothing_is_saved(
    client, w, field, value, message
):
    if value == "other":
        value = str(w.other_party.pk)
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:esf_entry", args=[w.enrolment.pk]), _entry_data(w, **{field: value})
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert not EsfEntry.objects.exists()


def test_the_service_refuses_a_party_of_another_programme(w):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        esf_entry_save(
            enrolment=w.enrolment,
            categories=[],
            support_kinds=[],
            programme_status="",
            months_at_af=None,
            referring_party=w.other_party,
            by=w.leader,
        )
    assert "referring_party" in exc.value.message_dict
    assert not EsfEntry.objects.exists()


def test_a_team_member_may_not_edit_and_another_team_does_not_find_the_enrolment(client, w):
    url = reverse("programmes:esf_entry", args=[w.enrolment.pk])
    client.force_login(w.member)
    assert client.post(url, _entry_data(w)).status_code == 403
    client.force_login(w.leader2)
    assert client.post(url, _entry_data(w)).status_code == 404
    assert not EsfEntry.objects.exists()


# --- the SCB/ESF participant export ----------------------------------------------------------------


def _exported_world(w):
    """Four enrolments in programme A: in the period entered (w.enrolment, with ESF data), entered and
    exited, entered before and exited in it; one entered after the period; and programme B's."""
    esf_entry_save(
        enrolment=w.enrolment,
        categories=["sjukskrivna", "funktionsnedsattning"],
        support_kinds=["sjukpenning"],
        programme_status="inskriven_af",
        months_at_af=7,
        referring_party=w.agency_party,
        by=w.leader,
    )
    exited = enrol(w.programme, w.team, w.leader, start=dt.date(2026, 2, 2))
    enrolment_end(enrolment=exited, on=dt.date(2026, 5, 4), outcome=EnrolmentExit.Outcome.WORK, by=w.leader)
    before = enrol(w.programme, w.team, w.leader, start=dt.date(2025, 9, 1))
    enrolment_end(
        enrolment=before, on=dt.date(2026, 3, 1), outcome=EnrolmentExit.Outcome.STUDIES, by=w.leader
    )
    after = enrol(w.programme, w.team, w.leader, start=dt.date(2026, 8, 3))
    return [w.enrolment, before, exited], after


def _expected(enrolments):
    rows = []
    for e in sorted(enrolments, key=lambda e: (e.start_date, e.pk)):
        e.refresh_from_db()
        entry = EsfEntry.objects.filter(enrolment=e).first()
        exit_row = EnrolmentExit.objects.filter(enrolment=e).first()
        rows.append(
            [
                e.participant.personal_identity_number,
                e.start_date.isoformat(),
                e.end_date.isoformat() if e.end_date else "",
                e.participant.gender,
                ",".join(entry.categories) if entry else "",
                ",".join(entry.support_kinds) if entry else "",
                entry.programme_status if entry else "",
                str(entry.months_at_af) if entry else "",
                entry.referring_party.organisation.name if entry else "",
                exit_row.outcome if exit_row else "",
            ]
        )
    return rows


def _download(client, w, fmt):
    response = client.post(
        reverse("programmes:esf_export", args=[w.programme.pk]), {**PERIOD, "file_format": fmt}
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_csv_reads_back_to_the_same_rows_and_every_person_is_logged_and_the_export_recorded(client, w):
    exported, after = _exported_world(w)
    client.force_login(w.coordinator)
    content = _download(client, w, "csv")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ESF_EXPORT_HEADER
    assert lines[1:] == _expected(exported)
    assert lines[2][4] == "sjukskrivna,funktionsnedsattning"  # w.enrolment, the second to enter
    logged = AccessLog.objects.filter(user=w.coordinator, action=AccessLog.Action.EXPORT)
    assert sorted(logged.values_list("participant_id", flat=True)) == sorted(
        e.participant_id for e in exported
    )
    assert after.participant_id not in set(logged.values_list("participant_id", flat=True))
    record = EsfExportRecord.objects.get()
    assert (record.partnership, record.rows, record.file_format, record.created_by) == (
        w.programme,
        3,
        "csv",
        w.coordinator,
    )
    assert (record.period_start, record.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def test_the_xlsx_reads_back_to_the_same_rows(client, w):
    exported, _after = _exported_world(w)
    client.force_login(w.coordinator)
    sheet = load_workbook(io.BytesIO(_download(client, w, "xlsx")), read_only=True).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ESF_EXPORT_HEADER

    def text(v):
        if v is None:
            return ""
        return v.date().isoformat() if isinstance(v, dt.datetime) else str(v)

    assert [[text(v) for v in row] for row in values[1:]] == _expected(exported)
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 3


def test_an_empty_export_still_leaves_a_log_row_and_a_record(client, w):
    client.force_login(w.coordinator)
    response = client.post(
        reverse("programmes:esf_export", args=[w.programme.pk]),
        {"start": "2030-01-01", "end": "2030-01-31", "file_format": "csv"},
    )
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == [";".join(ESF_EXPORT_HEADER)]
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, participant__isnull=True).count() == 1
    assert EsfExportRecord.objects.get().rows == 0


@pytest.mark.parametrize(
    "role",
    [
        Role.PROCESSLEDARE,
        Role.TEAMMEDLEM,
        Role.AMS,
        Role.HANDLEDARE,
        Role.STYRGRUPP,
        Role.EKONOMI,
        Role.ATTESTANT,
    ],
)
def test_the_export_is_refused_for_roles_that_may_not_export_personal_data(client, w, role):
    _exported_world(w)
    client.force_login(UserFactory(roles=[role]))
    url = reverse("programmes:esf_export", args=[w.programme.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {**PERIOD, "file_format": "csv"}).status_code == 403
    assert not EsfExportRecord.objects.exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_process_leader_of_the_programme_is_refused_too(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:esf_export", args=[w.programme.pk]), {**PERIOD, "file_format": "csv"}
    )
    assert response.status_code == 403


def test_a_bad_period_is_refused_at_the_field_and_nothing_is_exported(client, w):
    _exported_world(w)
    client.force_login(w.coordinator)
    url = reverse("programmes:esf_export", args=[w.programme.pk])
    response = client.post(url, {"start": "2026-06-30", "end": "2026-01-01", "file_format": "pdf"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["end"] == ["Slutdatum kan inte ligga före startdatum."]
    assert "file_format" in errors
    assert client.post(url, {"start": "igår", "end": "", "file_format": "csv"}).status_code == 400
    assert not EsfExportRecord.objects.exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_programme_without_the_programme_shape_is_not_found(client, w):
    from tests.factories import PartnershipFactory

    client.force_login(w.coordinator)
    assert client.get(reverse("programmes:esf_export", args=[PartnershipFactory().pk])).status_code == 404


def test_the_header_is_the_documented_column_layout():
    text = (Path(settings.BASE_DIR) / "docs" / "programmes.md").read_text(encoding="utf-8")
    section = text.split("## SCB/ESF participant export", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)
    assert documented == ESF_EXPORT_HEADER


# --- query counts ---------------------------------------------------------------------------------


def _queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
        if method == "post":
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_export_queries_do_not_grow_with_the_number_of_participants(client, w):
    _exported_world(w)
    client.force_login(w.coordinator)
    url = reverse("programmes:esf_export", args=[w.programme.pk])
    data = {**PERIOD, "file_format": "xlsx"}
    _queries(client, "get", url)
    assert _queries(client, "get", url) <= 10
    few = _queries(client, "post", url, data)
    for i in range(10):
        e = enrol(w.programme, w.team, w.leader, start=START + dt.timedelta(days=i))
        esf_entry_save(
            enrolment=e,
            categories=["unga_15_24"],
            support_kinds=[],
            programme_status="",
            months_at_af=None,
            referring_party=w.city_party,
            by=w.leader,
        )
    assert _queries(client, "post", url, data) == few <= 20
    assert EsfExportRecord.objects.order_by("-pk").first().rows == 13


def test_the_esf_entry_page_stays_within_20_queries(client, w):
    client.force_login(w.leader)
    url = reverse("programmes:esf_entry", args=[w.enrolment.pk])
    _queries(client, "get", url)
    assert _queries(client, "get", url) <= 20
