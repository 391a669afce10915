"""Gunicorn's logger for production (`logger_class` in gunicorn.conf.py): no personal data in its logs.

Gunicorn writes its access log (`--access-logfile -`) and error log with its own handlers, outside
Django's `LOGGING`, so the personnummer filter on Django's root handler never sees them: a search
`GET /deltagare/?q=19850312-2384` was written in clear. This logger

- leaves query strings out of the access log: the request line (`%(r)s`), the referer (`%(f)s`) and the
  query-string atoms lose everything from `?` on (a search for a name is personal data too, and no
  pattern finds every name);
- puts `RedactPersonalNumbersFilter` (iop/logging.py) on both of gunicorn's loggers, so whatever is
  left (a path, a header in a custom format, a traceback in the error log) is masked as well.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from iop.logging import RedactPersonalNumbersFilter

QUERY_REMOVED = "?…"


def without_query(value: Any) -> Any:
    """`/deltagare/?q=…` -> `/deltagare/?…`; anything without a query string is returned as it is."""
    if not isinstance(value, str) or "?" not in value:
        return value
    return value.split("?", 1)[0] + QUERY_REMOVED


class PrivacyLogger(Logger):
    """Gunicorn's logger without query strings and with personnummer masked (see the module docstring)."""

    # Atoms that carry a URL or a query string: request line, referer, and their header/environ forms.
    _URL_ATOMS = ("f", "{referer}i", "{raw_uri}e", "{http_referer}e", "{request_uri}e")
    _QUERY_ATOMS = ("q", "{query_string}e")

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactPersonalNumbersFilter) for f in log.filters):
                log.addFilter(RedactPersonalNumbersFilter())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = " ".join(
            (
                environ.get("REQUEST_METHOD", "-"),
                without_query(environ.get("RAW_URI", "-")),
                environ.get("SERVER_PROTOCOL", "-"),
            )
        )
        for key in self._URL_ATOMS:
            if key in atoms:
                atoms[key] = without_query(atoms[key])
        for key in self._QUERY_ATOMS:
            if atoms.get(key):
                atoms[key] = QUERY_REMOVED
        return atoms
