"""No personal identity numbers in application logs or in URLs."""

import io
import logging

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, SlugConverter

from iop.logging import RedactPersonalNumbersFilter, redact


def _root_console_handler() -> logging.Handler:
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactPersonalNumbersFilter) for f in handler.filters):
            return handler
    raise AssertionError("no root handler carries RedactPersonalNumbersFilter")


def test_the_root_handler_masks_personal_numbers_in_messages_and_arguments():
    handler = _root_console_handler()
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        log = logging.getLogger("iop.tests.redaction")
        log.warning("Deltagare 19850312-1234 saknar samtycke")
        log.warning("Sökte på %s och %s", "8503121234", "850312+1234")
    finally:
        handler.setStream(old)
    output = stream.getvalue()
    assert "1234" not in output
    assert output.count("[personnummer borttaget]") == 3
    assert "saknar samtycke" in output


def test_the_filter_masks_personal_numbers_in_tracebacks():
    handler = _root_console_handler()
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        try:
            raise ValueError("ogiltigt personnummer 200001019876")
        except ValueError:
            logging.getLogger("iop.tests.redaction").exception("Importen misslyckades")
    finally:
        handler.setStream(old)
    assert "9876" not in stream.getvalue()
    assert "Importen misslyckades" in stream.getvalue()


def test_ordinary_numbers_are_left_alone():
    assert redact("Faktura 2025-0042 på 1 926 637 kr, 24 platser") == (
        "Faktura 2025-0042 på 1 926 637 kr, 24 platser"
    )


def _patterns(resolver: URLResolver | None = None, namespaces: tuple[str, ...] = ()):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, (*namespaces, pattern.namespace or ""))
        elif isinstance(pattern, URLPattern):
            yield namespaces, pattern


def test_no_url_of_the_product_takes_anything_but_an_id_or_a_slug():
    offending = []
    for namespaces, pattern in _patterns():
        if "admin" in namespaces:
            continue  # Django's admin; staff only, uses its own object ids
        converters = getattr(pattern.pattern, "converters", {})
        for name, converter in converters.items():
            if not isinstance(converter, IntConverter | SlugConverter):
                offending.append(f"{pattern.pattern} <{name}>")
        if not converters and "(?P<" in str(pattern.pattern):
            offending.append(str(pattern.pattern))
    assert not offending, f"URLs that could carry personal data: {offending}"
