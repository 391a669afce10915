"""Pagination whose queries do not depend on what is listed.

Django's `Paginator.page` cuts the slice at the counted total, so an empty list is never fetched: a
page then makes one query less when it lists nothing than when it lists something. The list pages'
query bounds are asserted to be the same at every data size and on every day of the year, so a page
fetches its slice whatever the count said (an empty slice costs one indexed query that returns nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

__all__ = [
    "FixedQueryPaginator",
    "KeysetPage",
    "capped_count",
    "decode_cursor",
    "encode_cursor",
    "keyset_page",
    "page_of",
]


class FixedQueryPaginator(Paginator):
    """A `Paginator` that always fetches the page's slice: one count query plus one fetch, always."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if number == self.num_pages:
            # The last page takes the orphans; slicing past the end is harmless and keeps the fetch.
            top += self.orphans
        # Paginator._get_page is Django's hook for the page class (since 2.0); django-stubs lack it.
        return self._get_page(self.object_list[bottom:top], number, self)  # type: ignore[attr-defined]


def page_of(object_list, number, per_page: int) -> Page:
    """The requested page (an invalid or out-of-range number gives the first or last page)."""
    return FixedQueryPaginator(object_list, per_page).get_page(number)


# --- Keyset pagination (by a timestamp and the id, newest first) -------------------------------
# An offset page (`OFFSET 50 000`) reads and throws away every row before it, and its "page n of m"
# needs a COUNT(*) over the whole selection: both grow with the table. A keyset page starts from the
# last row seen, `(at, id) < (cursor)`, which the index on the timestamp serves in the same time on
# the first page and the thousandth.

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
BAD_CURSOR = _("Ogiltig sidmarkör. Börja om från första sidan.")


def encode_cursor(at: dt.datetime, pk: int) -> str:
    """A row's position as text for a URL: microseconds since 1970 and the id."""
    return f"{(at - _EPOCH) // _MICROSECOND}_{pk}"


def decode_cursor(text: str) -> tuple[dt.datetime, int]:
    """The position `encode_cursor` wrote; ValidationError (Swedish) for anything else."""
    try:
        micros, pk = (int(part) for part in text.split("_"))
        at = _EPOCH + micros * _MICROSECOND
    except (ValueError, OverflowError):
        raise ValidationError(BAD_CURSOR, code="invalid") from None
    if pk < 1:
        raise ValidationError(BAD_CURSOR, code="invalid")
    return at, pk


@dataclass
class KeysetPage:
    """One page of rows, newest first, with the cursors of the pages before and after it."""

    rows: list[Any]
    newer: str | None  # cursor for `?fore=` (the page before), None on the first page
    older: str | None  # cursor for `?efter=` (the page after), None on the last page

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def keyset_page(
    qs: QuerySet,
    *,
    size: int,
    after: tuple[dt.datetime, int] | None = None,
    before: tuple[dt.datetime, int] | None = None,
    field: str = "at",
) -> KeysetPage:
    """A page of `qs` ordered by (`field`, id) descending: the `size` rows after `after` (older), or
    the `size` rows before `before` (newer), or the newest. One query, whatever the position."""
    if before is not None:
        at, pk = before
        # `at >= x AND (at > x OR id > y)`: the first condition is what the index on `at` can seek to
        # (the OR alone is only a filter, and the scan would start from the end of the table).
        newer_q = Q(**{f"{field}__gte": at}) & (Q(**{f"{field}__gt": at}) | Q(pk__gt=pk))
        fetched = list(qs.filter(newer_q).order_by(field, "pk")[: size + 1])
        more_newer = len(fetched) > size
        rows = fetched[:size][::-1]
        return KeysetPage(
            rows=rows,
            newer=_cursor_of(rows[0], field) if rows and more_newer else None,
            older=_cursor_of(rows[-1], field) if rows else None,
        )
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(**{f"{field}__lte": at}) & (Q(**{f"{field}__lt": at}) | Q(pk__lt=pk)))
    fetched = list(qs.order_by(f"-{field}", "-pk")[: size + 1])
    rows = fetched[:size]
    return KeysetPage(
        rows=rows,
        newer=_cursor_of(rows[0], field) if rows and after is not None else None,
        older=_cursor_of(rows[-1], field) if len(fetched) > size else None,
    )


def _cursor_of(row: Any, field: str) -> str:
    return encode_cursor(getattr(row, field), row.pk)


def capped_count(qs: QuerySet, cap: int) -> tuple[int, bool]:
    """How many rows `qs` has, counting no further than `cap`: (count, whether there are more).

    `COUNT(*)` over a whole log costs a scan of the log; counting a `LIMIT cap + 1` subquery stops
    there, so the page costs the same at a hundred thousand rows and at ten million."""
    n = qs.order_by()[: cap + 1].count()
    return min(n, cap), n > cap
