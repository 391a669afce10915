"""What makes a generated PDF accessible enough to publish: tagged (a structure tree), document language
Swedish, and a title that viewers show instead of the file name (PDF/UA-1, as WeasyPrint writes it)."""

import io

from pypdf import PdfReader


def pdf_accessibility_problems(content: bytes) -> list[str]:
    """An empty list when the PDF is tagged, in Swedish and titled; else what is missing."""
    if not content.startswith(b"%PDF"):
        return ["not a PDF"]
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    problems = []
    if str(root.get("/Lang", "")).lower() not in ("sv", "sv-se"):
        problems.append(f"document language is {root.get('/Lang')!r}, not Swedish")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (untagged PDF)")
    mark_info = root.get("/MarkInfo")
    if not mark_info or not mark_info.get_object().get("/Marked"):
        problems.append("not marked as tagged (/MarkInfo /Marked)")
    title = (reader.metadata.title if reader.metadata else None) or ""
    if not title.strip():
        problems.append("no document title")
    prefs = root.get("/ViewerPreferences")
    if not prefs or not prefs.get_object().get("/DisplayDocTitle"):
        problems.append("viewers are not told to show the title (/DisplayDocTitle)")
    return problems
