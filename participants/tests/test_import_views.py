"""Import of participants from spreadsheets: all or nothing, idempotent, the command and the upload page."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from iop.roles import Role
from participants.imports import COLUMN_NAMES, import_participants
from participants.models import AccessLog, Consent, Participant, Placement, Referral
from participants.personnummer import make_fictional
from participants.tests.factories import end_reason
from tests.factories import UserFactory

HEADER = [
    "personnummer",
    "fornamn",
    "efternamn",
    "kon",
    "handlaggare",
    "partnerskap",
    "samtycke_datum",
    "anvisning_datum",
    "anvisning_status",
    "placering_start",
    "placering_slut",
    "avslutsorsak",
]


def pnr(n: int) -> str:
    p = make_fictional(n, year=1985)
    return f"{p[2:8]}-{p[8:]}"  # YYMMDD-NNNN, as case officers write it


def good_rows(setup):
    cn = setup.partnership.case_number
    ams = setup.ams.username
    return [
        [
            pnr(1),
            "Anna",
            "Berg",
            "kvinna",
            ams,
            cn,
            "2025-01-02",
            "2025-01-03",
            "placerad",
            "2025-01-13",
            "2025-03-01",
            "work",
        ],
        [pnr(2), "Bo", "Ek", "man", ams, cn, "2025-01-02", "2025-01-05", "antagen", "", "", ""],
        [pnr(3), "Cia", "Al", "", ams, cn, "2025-02-01", "", "", "2025-02-10", "", ""],
        # A second placement of the first participant, later the same year.
        [pnr(1), "Anna", "Berg", "kvinna", ams, cn, "", "", "", "2025-05-01", "", ""],
    ]


def as_csv(rows, header=HEADER, sep=";", bom=True) -> bytes:
    text = "\n".join(sep.join(str(v) for v in r) for r in [header, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def as_xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Deltagare"
    ws.append(header)
    for r in rows:
        ws.append(
            [
                dt.date.fromisoformat(v) if isinstance(v, str) and v[:2] == "20" and len(v) == 10 else v
                for v in r
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def counts():
    return (
        Participant.objects.count(),
        Consent.objects.count(),
        Referral.objects.count(),
        Placement.objects.count(),
    )


@pytest.fixture(autouse=True)
def _reasons(db):
    end_reason("work")


def test_a_good_file_imports_participants_consents_referrals_and_placements(setup):
    result = import_participants(content=as_csv(good_rows(setup)), name="lista.csv", by=setup.coordinator)
    assert result.ok and result.imported, result.problems
    assert counts() == (3, 3, 2, 3)
    anna = Participant.objects.get(first_name="Anna")
    assert anna.personal_identity_number == make_fictional(1, year=1985)
    referral = Referral.objects.get(participant=anna)
    assert referral.status == Referral.Status.PLACED
    first = anna.placements.get(start_date=dt.date(2025, 1, 13))
    assert first.referral == referral and first.end_date == dt.date(2025, 3, 1)
    assert Referral.objects.get(participant__first_name="Bo").status == Referral.Status.ACCEPTED
    log = AccessLog.objects.filter(detail="import från kalkylblad")
    assert sorted(log.values_list("action", flat=True)) == ["create"] * 3
    assert {r.participant_ref for r in log} == set(Participant.objects.values_list("pk", flat=True))


def test_importing_the_same_file_twice_changes_nothing(setup):
    content = as_csv(good_rows(setup))
    import_participants(content=content, name="lista.csv", by=setup.coordinator)
    before = counts()
    log_rows = AccessLog.objects.count()
    second = import_participants(content=content, name="lista.csv", by=setup.coordinator)
    assert second.ok and second.created == {"participants": 0, "consents": 0, "referrals": 0, "placements": 0}
    assert counts() == before
    assert AccessLog.objects.count() == log_rows


def test_a_new_row_for_a_known_participant_is_logged_as_a_change(setup):
    import_participants(content=as_csv(good_rows(setup)[:1]), name="a.csv", by=setup.coordinator)
    rows = good_rows(setup)[3:]
    import_participants(content=as_csv(rows), name="b.csv", by=setup.coordinator)
    assert list(AccessLog.objects.order_by("pk").values_list("action", flat=True)) == ["create", "change"]


def test_one_bad_row_imports_nothing_and_reports_sheet_row_and_message(setup):
    rows = good_rows(setup)
    rows[2][0] = "850101-1235"  # wrong check digit
    rows[1][6] = "2025-02-30"  # impossible date
    result = import_participants(content=as_csv(rows), name="lista.csv", by=setup.coordinator)
    assert not result.ok and not result.imported
    assert counts() == (0, 0, 0, 0)
    assert AccessLog.objects.count() == 0
    assert [(p.sheet, p.row) for p in result.problems] == [("lista.csv", 3), ("lista.csv", 4)]
    assert "samtycke_datum" in result.problems[0].message
    assert result.problems[1].message.startswith("personnummer:")


def test_the_capacity_rule_applies_to_imported_placements(setup):
    setup.partnership.places_at_once = 1
    setup.partnership.save()
    rows = good_rows(setup)
    rows[2][6] = "2025-01-02"
    rows[2][9] = "2025-01-20"  # overlaps Anna's first placement
    result = import_participants(content=as_csv(rows), name="lista.csv", by=setup.coordinator)
    assert [p.row for p in result.problems] == [4]
    assert "fullt" in result.problems[0].message
    assert counts() == (0, 0, 0, 0)


def test_dry_run_validates_without_importing(setup):
    result = import_participants(
        content=as_csv(good_rows(setup)), name="l.csv", by=setup.coordinator, dry_run=True
    )
    assert result.ok and not result.imported and result.created["placements"] == 3
    assert counts() == (0, 0, 0, 0)


def test_xlsx_and_comma_separated_csv_without_bom_are_read(setup):
    assert import_participants(content=as_xlsx(good_rows(setup)), name="l.xlsx", by=setup.coordinator).ok
    assert counts() == (3, 3, 2, 3)
    Placement.objects.all().delete()
    Referral.objects.all().delete()
    Consent.objects.all().delete()
    Participant.objects.all().delete()
    result = import_participants(
        content=as_csv(good_rows(setup), sep=",", bom=False), name="l.csv", by=setup.coordinator
    )
    assert result.ok, result.problems
    assert counts() == (3, 3, 2, 3)


def test_unknown_columns_and_missing_partnership_are_reported(setup):
    from participants.imports import ImportFileError

    with pytest.raises(ImportFileError):
        import_participants(content=as_csv([], header=["personnummer", "skostorlek"]), name="x.csv", by=None)
    rows = [[pnr(5), "Dan", "Ny", setup.ams.username, "2025-01-02"]]
    result = import_participants(
        content=as_csv(
            rows, header=["personnummer", "fornamn", "efternamn", "handlaggare", "samtycke_datum"]
        ),
        name="x.csv",
        by=setup.coordinator,
    )
    assert "partnerskap" in result.problems[0].message
    ok = import_participants(
        content=as_csv(
            rows, header=["personnummer", "fornamn", "efternamn", "handlaggare", "samtycke_datum"]
        ),
        name="x.csv",
        by=setup.coordinator,
        partnership=setup.partnership,
    )
    assert ok.ok and counts()[:2] == (1, 1)


# --- The command ----------------------------------------------------------------------------


def test_command_imports_with_default_partnership_and_user(setup, tmp_path):
    path = tmp_path / "lista.csv"
    rows = [r[:5] + r[6:] for r in good_rows(setup)]
    header = [h for h in HEADER if h != "partnerskap"]
    path.write_bytes(as_csv(rows, header=header))
    out = io.StringIO()
    call_command(
        "import_participants",
        str(path),
        "--dry-run",
        "--partnership",
        setup.partnership.case_number,
        "--user",
        setup.coordinator.username,
        stdout=out,
    )
    assert counts() == (0, 0, 0, 0) and "Kontrollerad" in out.getvalue()
    call_command(
        "import_participants",
        str(path),
        "--partnership",
        setup.partnership.case_number,
        "--user",
        setup.coordinator.username,
        stdout=out,
    )
    assert counts() == (3, 3, 2, 3)
    assert AccessLog.objects.filter(username=setup.coordinator.username).count() == 3


def test_command_fails_and_imports_nothing_on_a_bad_row(setup, tmp_path):
    rows = good_rows(setup)
    rows[0][0] = "nonsense"
    path = tmp_path / "lista.csv"
    path.write_bytes(as_csv(rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_participants", str(path), stderr=err)
    assert "lista.csv rad 2" in err.getvalue()
    assert counts() == (0, 0, 0, 0)


# --- The upload page ------------------------------------------------------------------------


def upload(content, name="lista.csv", **extra):
    return {"file": SimpleUploadedFile(name, content), **extra}


@pytest.mark.parametrize("who", ["coordinator", "ams"])
def test_upload_page_is_shown_to_coordinators_and_case_officers(client, setup, who):
    client.force_login(getattr(setup, who))
    assert client.get(reverse("participants:import")).status_code == 200


def test_upload_imports_a_good_file(client, setup):
    client.force_login(setup.coordinator)
    response = client.post(reverse("participants:import"), upload(as_csv(good_rows(setup))))
    assert response.status_code == 200
    assert response.context["result"].imported
    assert counts() == (3, 3, 2, 3)
    assert AccessLog.objects.filter(action="create").count() == 3


def test_upload_with_a_bad_row_answers_400_with_the_report_and_imports_nothing(client, setup):
    rows = good_rows(setup)
    rows[3][9] = "2025-13-01"
    client.force_login(setup.coordinator)
    response = client.post(reverse("participants:import"), upload(as_csv(rows)))
    assert response.status_code == 400
    assert [p.row for p in response.context["result"].problems] == [5]
    assert counts() == (0, 0, 0, 0)


def test_upload_dry_run_imports_nothing(client, setup):
    client.force_login(setup.coordinator)
    response = client.post(reverse("participants:import"), upload(as_csv(good_rows(setup)), dry_run="on"))
    assert response.status_code == 200 and response.context["result"].dry_run
    assert counts() == (0, 0, 0, 0)


def test_upload_refuses_a_file_that_is_not_a_spreadsheet(client, setup):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    client.force_login(setup.coordinator)
    response = client.post(reverse("participants:import"), upload(png, name="lista.csv"))
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_upload_refuses_a_file_over_the_size_limit(client, setup, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(setup.coordinator)
    response = client.post(reverse("participants:import"), upload(as_csv(good_rows(setup))))
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_upload_without_a_file_is_400(client, setup):
    client.force_login(setup.coordinator)
    assert client.post(reverse("participants:import"), {}).status_code == 400


def test_upload_page_refuses_other_roles_and_methods(client, setup):
    assert client.get(reverse("participants:import")).status_code == 302
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:import")).status_code == 403
    client.force_login(UserFactory(roles=[Role.STYRGRUPP]))
    assert client.get(reverse("participants:import")).status_code == 403
    client.force_login(setup.coordinator)
    assert client.put(reverse("participants:import")).status_code == 405


def test_template_lists_every_column(client, setup):
    client.force_login(setup.ams)
    response = client.get(reverse("participants:import_template"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["Deltagare"][1]] == COLUMN_NAMES
    assert wb["Kolumner"].max_row == len(COLUMN_NAMES) + 1
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:import_template")).status_code == 403
    client.force_login(setup.ams)
    assert client.post(reverse("participants:import_template")).status_code == 405


def test_a_case_officer_imports_only_own_participants(setup):
    import_participants(content=as_csv(good_rows(setup)[:1]), name="a.csv", by=setup.coordinator)
    rows = good_rows(setup)
    rows[0][4] = ""  # Anna exists and belongs to setup.ams
    rows[1][4] = setup.ams.username  # someone else as case officer
    rows = [rows[0][:4] + [""] + rows[0][5:], rows[1]]
    result = import_participants(content=as_csv(rows), name="b.csv", by=setup.other_ams)
    assert [p.row for p in result.problems] == [2, 3]
    assert counts() == (1, 1, 1, 1)
    own = good_rows(setup)[1]
    own[4] = ""
    assert import_participants(content=as_csv([own]), name="c.csv", by=setup.other_ams).ok
    assert Participant.objects.get(first_name="Bo").case_officer == setup.other_ams
