"""Links for every row of a long table, without resolving the URL pattern once per row.

`{% url %}` in a loop resolves the URL pattern again for each row; a queue or a staff list of a few
hundred rows spends more time there than on anything else. `url_of` reverses each (name, number of ids)
once per process, with placeholder ids, and fills in each row's ids; `{% url_of %}` (iop_links) is the
template tag, `row_url` the same for a view's rows. Only for URLs whose arguments are integer ids.
"""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Distinct, of equal length, and no id in a URL pattern's fixed text.
_PLACEHOLDERS = tuple(str(2147483640 + i) for i in range(5))


@lru_cache(maxsize=1024)
def _pieces(name: str, count: int, urlconf: str, prefix: str) -> tuple[str, ...]:
    """The URL of `name` cut at its `count` id arguments (`prefix`: a reversed URL starts with it)."""
    rest = reverse(name, args=_PLACEHOLDERS[:count], urlconf=urlconf)
    pieces = []
    for placeholder in _PLACEHOLDERS[:count]:
        head, _sep, rest = rest.partition(placeholder)
        pieces.append(head)
    return (*pieces, rest)


def url_of(name: str, *ids: int) -> str:
    """`reverse(name, args=ids)` for integer ids."""
    pieces = _pieces(name, len(ids), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    out = [pieces[0]]
    for pk, piece in zip(ids, pieces[1:], strict=True):
        out += [str(int(pk)), piece]
    return "".join(out)


def row_url(name: str, *fixed: int) -> Callable[[int], str]:
    """`pk -> url_of(name, *fixed, pk)`."""
    return lambda pk: url_of(name, *fixed, pk)
