"""Logging filter that keeps personal identity numbers (personnummer) out of application logs.

Installed on the root console handler (settings.LOGGING): every record that handler writes has
personnummer-like strings (YYMMDD-NNNN, YYYYMMDDNNNN, with or without - or +) masked, in the
message, its arguments and a formatted traceback. Organisation numbers have the same shape and
are masked too; that is the price of not missing a personnummer.
"""

import logging
import re

PERSONAL_NUMBER_RE = re.compile(r"\b(19|20)?\d{6}[-+]?\d{4}\b")
MASK = "[personnummer borttaget]"


def redact(text: str) -> str:
    return PERSONAL_NUMBER_RE.sub(MASK, text)


class RedactPersonalNumbersFilter(logging.Filter):
    """Mask personnummer-like strings in a record; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
