"""The S3-compatible object store as the `default` storage (settings.STORAGES), from OBJECT_STORE_* variables.

Used by config/settings.py when OBJECT_STORE_BUCKET is set; docs/deployment.md lists the variables.
The bucket stays private: objects get no ACL of their own and the app never hands out a storage URL.
"""

from typing import Any

import environ


def object_store(env: environ.Env, *, bucket: str) -> dict[str, Any]:
    """django-storages' S3Storage on `bucket`, configured from the environment."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty: AWS itself; else the store's address, e.g. http://objectstore:9000 (MinIO).
            "endpoint_url": env.str("OBJECT_STORE_ENDPOINT_URL", default="") or None,
            # Empty: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": env.str("OBJECT_STORE_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("OBJECT_STORE_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("OBJECT_STORE_REGION", default="") or None,
            # A key prefix inside the bucket (e.g. one per environment).
            "location": env.str("OBJECT_STORE_PREFIX", default=""),
            # Path-style addressing (http://host/bucket/key) works with MinIO and every S3-compatible store.
            "addressing_style": env.str("OBJECT_STORE_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            # Never used by the app (downloads stream through views); short-lived should anything ask.
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
