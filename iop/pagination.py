"""Pagination whose queries do not depend on what is listed.

Django's `Paginator.page` cuts the slice at the counted total, so an empty list is never fetched: a
page then makes one query less when it lists nothing than when it lists something. The list pages'
query bounds are asserted to be the same at every data size and on every day of the year, so a page
fetches its slice whatever the count said (an empty slice costs one indexed query that returns nothing).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator

__all__ = ["FixedQueryPaginator", "page_of"]


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
