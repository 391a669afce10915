"""`python manage.py prepare_storage`: make the file storage ready before the first web process starts.

With the object store (OBJECT_STORE_BUCKET) it creates the bucket when it does not exist yet; a new bucket
is private (no ACL, no bucket policy: nothing is readable without the keys). On the local disk it
creates MEDIA_ROOT. Run once per deployment, like `migrate` (docker-compose.yml's `release` service).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from iop.storage import private_storage


class Command(BaseCommand):
    help = "Förbereder fillagringen: skapar lagringsplatsen (bucket) i objektlagringen om den saknas."

    def handle(self, *args, **options):
        storage = private_storage()
        bucket_name = getattr(storage, "bucket_name", None)
        if bucket_name is None:
            Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
            self.stdout.write(f"Local disk: {settings.MEDIA_ROOT}")
            return
        from botocore.exceptions import ClientError

        client = storage.connection.meta.client  # type: ignore[attr-defined]
        try:
            client.head_bucket(Bucket=bucket_name)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket", "NotFound"}:
                raise
            region = client.meta.region_name
            extra = (
                {}
                if region in (None, "us-east-1")
                else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            )
            client.create_bucket(Bucket=bucket_name, **extra)
            self.stdout.write(f"Object store: bucket {bucket_name} created")
            return
        self.stdout.write(f"Object store: bucket {bucket_name} exists")
