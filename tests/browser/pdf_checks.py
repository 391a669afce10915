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


def pdf_tag_tree_problems(content: bytes, *, running_headers: bool = True) -> list[str]:
    """What the tag tree lacks (checked with pikepdf; veraPDF installs from none of our registries):
    header cells without `/Scope`, marked content outside the structure tree, and (when the document
    has a running header or footer) pages whose page-margin text is not an artifact."""
    import pikepdf

    from iop.pdf_tags import _struct_elements

    problems: list[str] = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return ["no structure tree"]
        elements = _struct_elements(root)
        reachable = {e.objgen for e in elements}
        headers = [e for e in elements if e.get("/S") == pikepdf.Name.TH]
        if not headers:
            problems.append("no header cells (TH) in the tag tree")
        unscoped = [
            e
            for e in headers
            if "/A" not in e or e.A.get("/Scope") not in (pikepdf.Name.Row, pikepdf.Name.Column)
        ]
        if unscoped:
            problems.append(f"{len(unscoped)} of {len(headers)} header cells have no /Scope")
        parent_tree = {}
        nums = root.ParentTree.get("/Nums", pikepdf.Array())
        for i in range(0, len(nums), 2):
            parent_tree[int(nums[i])] = nums[i + 1]
        for number, page in enumerate(pdf.pages, start=1):
            mapped = parent_tree.get(int(page.obj.get("/StructParents", -1)))
            artifacts = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) != "BDC":
                    continue
                if operands[0] == pikepdf.Name.Artifact:
                    properties = operands[1] if isinstance(operands[1], pikepdf.Dictionary) else {}
                    artifacts += properties.get("/Type") == pikepdf.Name.Pagination
                    continue
                mcid = operands[1].get("/MCID") if isinstance(operands[1], pikepdf.Dictionary) else None
                if mcid is None:
                    continue
                element = mapped[int(mcid)] if mapped is not None and int(mcid) < len(mapped) else None
                if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reachable:
                    problems.append(f"page {number}: marked content {int(mcid)} is outside the tag tree")
            if running_headers and not artifacts:
                problems.append(f"page {number}: the running header/footer is not an artifact")
    return problems
