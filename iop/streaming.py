"""Reading many rows with flat memory, for exports that run as jobs (reporting.exports)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

CHUNK_SIZE = 1000


class Chunked:
    """A queryset read anew, in chunks (`iterator`), each time it is iterated: an export can pass over
    it twice (e.g. invoices, then their lines) without ever holding every row. `len()` is not offered on
    purpose; `count()` asks the database."""

    def __init__(self, queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> None:
        self.queryset = queryset
        self.chunk_size = chunk_size

    def __iter__(self) -> Iterator[Any]:
        return self.queryset.iterator(chunk_size=self.chunk_size)

    def count(self) -> int:
        return self.queryset.count()
