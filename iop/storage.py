"""Where uploaded and generated files (filer) are kept: Django's storage API, in one place.

Every private file goes through the `default` storage of `settings.STORAGES`:
uploads (bilagor) in FileFields (consents, amendment documents, invoice verifications) and the generated
reports (`reporting.services`). That storage is the local disk under MEDIA_ROOT by default (`make run`, one
machine) or an S3-compatible object store (django-storages) when OBJECT_STORE_BUCKET is set, so that every
web process and worker on every host sees the same files (docs/deployment.md).

Nothing is ever served from a storage URL (no public bucket, no pre-signed links handed out): a download
is an access-checked view that streams the file from the storage (`iop.uploads.serve_private_file`).
Code that writes or removes a file by name uses the helpers here, never paths under MEDIA_ROOT, so it
works on any storage.
"""

from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage


def private_storage() -> Storage:
    """The storage of every private file (the `default` entry of settings.STORAGES)."""
    return default_storage


def save_private_file(name: str, content: bytes | IO[bytes]) -> str:
    """Store `content` (bytes, or an open binary file read from its current position) under `name`, a
    relative path such as `reports/annual/x.pdf`; return the name it was stored under (the storage adds a
    suffix when `name` is taken, it never overwrites). A file object is read in chunks, so a large
    file never has to be in memory."""
    wrapped = ContentFile(content) if isinstance(content, bytes) else File(content)
    return private_storage().save(name, wrapped)


def delete_private_file(name: str) -> None:
    """Remove a stored file; a name that is empty or already gone is no error."""
    if name:
        private_storage().delete(name)


def read_private_file(name: str) -> bytes:
    """The whole content of a stored file (for small files and tests; downloads stream instead)."""
    with private_storage().open(name, "rb") as handle:
        return handle.read()


def private_file_exists(name: str) -> bool:
    return bool(name) and private_storage().exists(name)
