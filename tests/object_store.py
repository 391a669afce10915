"""The object store in tests: the `default` storage switched to django-storages' S3 backend against moto's
in-process S3 (no server, no network), with a private bucket. The two-host test runs moto as a server."""

import pytest

BUCKET = "iop-test-files"


def s3_storages(bucket: str = BUCKET, endpoint_url: str | None = None) -> dict:
    """settings.STORAGES with the default storage in the object store, as config/object_store.py builds it."""
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint_url,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        },
    }


@pytest.fixture(name="s3_bucket")
def s3_bucket_fixture(settings, monkeypatch):
    """Every private file of the test goes to a moto bucket; yields a boto3 client to look into it."""
    import boto3
    from moto import mock_aws

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = s3_storages()
        yield client
