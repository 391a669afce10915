"""Private files through the storage API (iop/storage.py): local disk by default, the object store when
configured; the settings that choose it; the deploy check for state kept per process."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory

from iop.models import Amendment
from iop.storage import (
    delete_private_file,
    private_file_exists,
    private_storage,
    read_private_file,
    save_private_file,
)
from iop.uploads import serve_private_file
from tests.object_store import BUCKET, s3_bucket_fixture, s3_storages  # noqa: F401 - the fixture s3_bucket

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_a_process(**env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({'storages': settings.STORAGES['default'], 'session': settings.SESSION_ENGINE}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OBJECT_STORE_", "DJANGO_"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", **env})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_files_stay_on_the_local_disk_and_sessions_in_the_database():
    values = _settings_in_a_process()
    assert values["storages"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert values["session"] == "django.contrib.sessions.backends.db"


def test_a_bucket_in_the_environment_puts_files_in_the_object_store_privately():
    values = _settings_in_a_process(
        OBJECT_STORE_BUCKET="iop-files",
        OBJECT_STORE_ENDPOINT_URL="http://objectstore:9000",
        OBJECT_STORE_ACCESS_KEY_ID="key",
        OBJECT_STORE_SECRET_ACCESS_KEY="secret",
        OBJECT_STORE_PREFIX="prod",
    )
    storage = values["storages"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "iop-files"
    assert options["endpoint_url"] == "http://objectstore:9000"
    assert (options["access_key"], options["secret_key"], options["location"]) == ("key", "secret", "prod")
    # No public ACL, never overwritten, no long-lived links.
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 60


def test_files_are_saved_read_and_deleted_on_the_local_disk(settings):
    name = save_private_file("reports/test/a.pdf", b"%PDF-1.7 one")
    assert name == "reports/test/a.pdf"
    assert Path(settings.MEDIA_ROOT, name).read_bytes() == b"%PDF-1.7 one"
    # A taken name is never overwritten.
    other = save_private_file("reports/test/a.pdf", b"%PDF-1.7 two")
    assert other != name and read_private_file(name) == b"%PDF-1.7 one"
    delete_private_file(name)
    delete_private_file(name)  # gone already: no error
    delete_private_file("")
    assert not private_file_exists(name) and private_file_exists(other)


def test_files_are_saved_read_and_deleted_in_the_object_store(s3_bucket, settings, tmp_path):
    assert private_storage().__class__.__name__ == "S3Storage"
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 * 1024 * 1024))
    with big.open("rb") as handle:
        name = save_private_file("reports/test/big.bin", handle)
    small = save_private_file("reports/test/a.pdf", b"%PDF-1.7 one")
    keys = {o["Key"] for o in s3_bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {"reports/test/big.bin", "reports/test/a.pdf"}
    assert read_private_file(name) == big.read_bytes()
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the local disk
    # The objects carry no ACL of their own: only the owner may read them.
    grants = s3_bucket.get_object_acl(Bucket=BUCKET, Key=small)["Grants"]
    assert all("AllUsers" not in str(g.get("Grantee")) for g in grants)
    delete_private_file(small)
    assert not private_file_exists(small)


@pytest.mark.django_db
def test_an_upload_is_streamed_from_the_object_store_as_a_private_attachment(s3_bucket):
    item = Amendment()
    item.document.save("avtal.pdf", ContentFile(b"%PDF-1.7 avtal"), save=False)
    assert item.document.name.startswith("amendments/")
    assert s3_bucket.get_object(Bucket=BUCKET, Key=item.document.name)["Body"].read() == b"%PDF-1.7 avtal"
    response = serve_private_file(RequestFactory().get("/"), item.document, filename="avtal.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 avtal"
    assert response["Content-Disposition"] == 'attachment; filename="avtal.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert "amazonaws" not in str(response.items()) and "X-Amz" not in str(response.items())


@pytest.mark.django_db
def test_a_file_missing_from_the_object_store_is_not_found(s3_bucket):
    item = Amendment()
    item.document.name = "amendments/2026/gone.pdf"
    with pytest.raises(Http404):
        serve_private_file(RequestFactory().get("/"), item.document, filename="gone.pdf")


def test_the_deploy_check_warns_about_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "iop.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert "iop.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def test_prepare_storage_creates_a_missing_bucket_once(s3_bucket, settings):
    settings.STORAGES = s3_storages(bucket="iop-new-bucket")
    out = StringIO()
    call_command("prepare_storage", stdout=out)
    assert "iop-new-bucket created" in out.getvalue()
    assert "iop-new-bucket" in {b["Name"] for b in s3_bucket.list_buckets()["Buckets"]}
    call_command("prepare_storage", stdout=out)
    assert "iop-new-bucket exists" in out.getvalue()


def test_prepare_storage_on_the_local_disk_makes_the_folder(settings):
    call_command("prepare_storage", stdout=StringIO())
    assert Path(settings.MEDIA_ROOT).is_dir()
