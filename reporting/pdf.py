"""PDF foundation: HTML templates rendered to tagged, accessible A4 PDFs with WeasyPrint.

`render_pdf(template_name, context)` renders a template extending ``reporting/pdf/base.html`` (cover,
contents with page numbers, "Sida X av Y" footer, Swedish formatting) to PDF/UA-1 bytes. Resources are
fetched only from the project's static files (and ``data:`` URIs for charts): never from the network.

Reports follow the homeschool pattern: a context dataclass and a pure ``make_*_pdf(context) -> bytes``,
used alike by the Celery task, the ``generate_report`` command and tests.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from iop.pdf_tags import finish_tagged_pdf

# WeasyPrint logs every layout step at INFO (some at import); keep worker logs readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

BASE_URL = "file:///"
PDF_VARIANT = "pdf/ua-1"


class StaticOnlyFetcher(URLFetcher):
    """Serves ``/static/…`` from the project's static files and ``data:`` URIs; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.scheme != "file" or not path.startswith(settings.STATIC_URL):
            raise ValueError(f"Only local static files may be used in a PDF: {url}")
        relative = path[len(settings.STATIC_URL) :]
        if ".." in Path(relative).parts:
            raise ValueError(f"Refused path: {url}")
        found = finders.find(relative)
        if not found:
            # Production: {% static %} gives hashed names that only the collected files have.
            collected = Path(settings.STATIC_ROOT) / relative
            found = str(collected) if collected.is_file() else None
        if not found:
            raise ValueError(f"No such static file: {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return finish_tagged_pdf(document.write_pdf(pdf_variant=PDF_VARIANT))


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a print template (Swedish) and return the PDF bytes."""
    with translation.override("sv"):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)
