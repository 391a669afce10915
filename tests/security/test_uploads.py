"""The upload policy: type by content, size limit, private download."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile

from iop.uploads import serve_private_file, validate_upload

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _ooxml(main_member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("docProps/app.xml", "<Properties/>")
        archive.writestr("docProps/core.xml", "<coreProperties/>")
        archive.writestr(main_member, "<x/>")
    return buffer.getvalue()


def _xlsx_from_openpyxl() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (_ooxml("word/document.xml"), "docx"),
        (_ooxml("xl/workbook.xml"), "xlsx"),
        (_xlsx_from_openpyxl(), "xlsx"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(content, expected):
    upload = SimpleUploadedFile("bilaga.bin", content, content_type="application/octet-stream")
    assert validate_upload(upload) == expected
    assert upload.read(4) == content[:4]  # the file is rewound for the caller


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00" + b"\x00" * 100,  # a Windows program
        b"GIF89a" + b"\x00" * 64,  # an image type we do not take
        _ooxml("ppt/presentation.xml"),
    ],
)
def test_other_content_is_refused_whatever_its_name_says(content):
    upload = SimpleUploadedFile("verifikation.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_upload(upload)
    assert error.value.code == "file_type"
    assert "Filtypen är inte tillåten" in error.value.messages[0]


def test_a_zip_that_pretends_to_be_an_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")  # no [Content_Types].xml
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.docx", buffer.getvalue()))


def test_a_type_outside_the_callers_list_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("bild.png", PNG), allowed=("pdf",))
    assert "PDF" in error.value.messages[0]


def test_a_too_large_file_is_refused_with_the_limit_in_the_message(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * 2000)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload)
    assert error.value.code == "too_large"
    assert "för stor" in error.value.messages[0]
    assert "högst 1,0\xa0kB" in error.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("tom.pdf", b""))
    assert error.value.code == "empty"


def test_an_unknown_type_name_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(SimpleUploadedFile("a.pdf", PDF), allowed=("exe",))


@pytest.mark.django_db
def test_a_private_file_is_served_as_a_download_that_is_never_sniffed(rf):
    name = default_storage.save("bilagor/verifikation.pdf", ContentFile(PDF))

    class _Field:
        storage = default_storage

    fieldfile = FieldFile(instance=None, field=_Field(), name=name)
    response = serve_private_file(rf.get("/"), fieldfile, filename="Verifikation Q1.pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Verifikation Q1.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_the_media_url_is_not_routed(client):
    # Uploaded files are reachable only through views that check access.
    from django.conf import settings

    assert client.get(f"{settings.MEDIA_URL}bilagor/verifikation.pdf").status_code == 404
