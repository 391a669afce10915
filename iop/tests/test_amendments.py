"""Amendments: per-party approvals and an attached document checked by content, served only to users
who can see the partnership."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iop.models import Amendment
from iop.roles import Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def post(client, world, upload, **extra):
    data = {"date": "2025-05-01", "title": "Ny lokal", "text": "Verksamheten flyttar.", "upload": upload}
    data.update({f"approved_{p.pk}": "2025-05-03" for p in world.partnership.parties.all()})
    data.update(extra)
    return client.post(reverse("iop:amendment_create", args=[world.partnership.pk]), data)


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["samordnare"])
    return client


@pytest.mark.parametrize(
    "name,content",
    [
        ("a.pdf", PDF),
        ("b.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64),
        ("c.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        ("d.docx", None),
    ],
)
def test_an_amendment_with_a_document_and_approvals_is_recorded(coordinator, world, name, content):
    response = post(coordinator, world, SimpleUploadedFile(name, content or docx_bytes()))
    assert response.status_code == 302
    amendment = Amendment.objects.get(title="Ny lokal")
    assert amendment.document
    assert amendment.fully_approved


def test_a_file_that_is_not_a_document_is_refused_whatever_its_name(coordinator, world):
    response = post(coordinator, world, SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"))
    assert response.status_code == 400
    assert "Filtypen är inte tillåten" in response.content.decode()
    assert not Amendment.objects.filter(title="Ny lokal").exists()


def test_a_too_large_file_is_refused(coordinator, world, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = post(coordinator, world, SimpleUploadedFile("big.pdf", PDF + b"0" * 200))
    assert response.status_code == 400
    assert "Filen är för stor" in response.content.decode()
    assert not Amendment.objects.filter(title="Ny lokal").exists()


def test_an_approval_before_the_amendment_date_is_refused(coordinator, world):
    party = world.partnership.parties.first()
    response = post(
        coordinator, world, SimpleUploadedFile("a.pdf", PDF), **{f"approved_{party.pk}": "2025-04-01"}
    )
    assert response.status_code == 400
    assert not Amendment.objects.filter(title="Ny lokal").exists()


def test_the_document_is_downloaded_through_the_access_checked_view(client, world):
    amendment = world.parts["amendment"]
    client.force_login(world.users["styrgrupp"])
    response = client.get(reverse("iop:amendment_document", args=[world.partnership.pk, amendment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_users_of_an_organisation_that_is_not_a_party_cannot_download(client, world):
    outsider = UserFactory(organisation=OrganisationFactory(), roles=[Role.HANDLEDARE])
    client.force_login(outsider)
    amendment = world.parts["amendment"]
    response = client.get(reverse("iop:amendment_document", args=[world.partnership.pk, amendment.pk]))
    assert response.status_code == 404


def test_the_document_is_not_served_under_the_media_url(client, world, settings):
    client.force_login(world.users["samordnare"])
    name = world.parts["amendment"].document.name
    assert client.get(settings.MEDIA_URL + name).status_code == 404


def test_the_download_view_only_answers_get(client, world):
    client.force_login(world.users["samordnare"])
    url = reverse("iop:amendment_document", args=[world.partnership.pk, world.parts["amendment"].pk])
    assert client.post(url).status_code == 405
