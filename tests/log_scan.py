"""Copy of everything the application's log handler writes during a test run, and a scan of it for
personnummer-like strings (issue: no personal data in application logs, checked on a full run).

`conftest.py` tees the root console handler's stream into a file for the whole session and fails the
run in `pytest_sessionfinish` when the file holds anything that looks like a personnummer or
samordningsnummer (YYMMDD-NNNN, YYYYMMDDNNNN, with or without - or +)."""

from __future__ import annotations

import re
from pathlib import Path

PERSONAL_NUMBER_LIKE = re.compile(r"\b(?:19|20)?\d{6}[-+]?\d{4}\b")


class Tee:
    """A stream that writes to the handler's own stream and to the copy."""

    def __init__(self, stream, copy) -> None:
        self.stream = stream
        self.copy = copy

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.copy.flush()
        self.stream.flush()


def findings(path: Path) -> list[str]:
    """Lines of the copy holding a personnummer-like string, the number masked but for its shape."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, start=1):
            for match in PERSONAL_NUMBER_LIKE.finditer(line):
                shape = re.sub(r"\d", "N", match.group(0))
                before = PERSONAL_NUMBER_LIKE.sub("…", line[: match.start()])[-60:]
                out.append(f"line {number}: {shape} after {before!r}")
    return out
