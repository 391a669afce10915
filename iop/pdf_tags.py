"""Finish WeasyPrint's tagged PDFs (PDF/UA-1) where its tag tree falls short of what a screen reader needs.

WeasyPrint 70 tags every page well but leaves two gaps, both fixed here after rendering:

- **Header cells carry no `/Scope`.** The HTML says `scope="col"`/`scope="row"` and WeasyPrint uses it to
  fill each data cell's `/Headers`, but the `TH` element itself gets only `/O /Table`. A header cell is a
  row header exactly when a data cell of its own row names it in `/Headers` (that is how WeasyPrint maps
  `scope="row"`); every other header cell heads its column. That scope is written into the `TH`'s
  attributes, so the tag tree says what the HTML said.
- **Running headers and footers are content.** The page-margin boxes ("Årsrapport 2025", "Sida 2 av 14")
  are marked as `/Span` with an MCID whose structure element hangs outside the tree (WeasyPrint: artifacts
  in the tree are allowed only in PDF 2.0). Their marked content is turned into `/Artifact` of type
  `/Pagination`, so assistive technology skips it at every page break, and the parent-tree entries go.

`tests/browser/test_pdf_tags.py` checks both on every report kind and on the invoice documentation.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _struct_elements(root: pikepdf.Object) -> list[pikepdf.Object]:
    """Every structure element reachable from the structure tree root."""
    found: list[pikepdf.Object] = []
    stack, seen = list(_kids(root)), set()
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or element.objgen in seen:
            continue
        if element.objgen != (0, 0):
            seen.add(element.objgen)
        if "/S" in element:
            found.append(element)
        stack.extend(_kids(element))
    return found


def _add_scopes(elements: list[pikepdf.Object]) -> None:
    for row in (e for e in elements if e.get("/S") == Name.TR):
        cells = [c for c in _kids(row) if isinstance(c, Dictionary) and c.get("/S") in (Name.TH, Name.TD)]
        named_in_row: set[str] = set()
        for cell in cells:
            if cell.get("/S") == Name.TD and "/A" in cell and "/Headers" in cell.A:
                named_in_row.update(str(h) for h in cell.A.Headers)
        for cell in cells:
            if cell.get("/S") != Name.TH:
                continue
            if "/A" not in cell:
                cell.A = Dictionary(O=Name.Table)
            is_row_header = str(cell.get("/ID", "")) in named_in_row
            cell.A.Scope = Name.Row if is_row_header else Name.Column


def _margin_mcids(pdf: pikepdf.Pdf, reachable: set[tuple[int, int]]) -> dict[int, set[int]]:
    """Per page index, the MCIDs whose structure element is not in the tree (the page-margin boxes)."""
    result: dict[int, set[int]] = {}
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    page_numbers = {page.obj.get("/StructParents", -1): index for index, page in enumerate(pdf.pages)}
    for i in range(0, len(nums), 2):
        key, value = int(nums[i]), nums[i + 1]
        if key not in page_numbers or not isinstance(value, Array):
            continue
        for mcid, element in enumerate(value):
            if isinstance(element, Dictionary) and element.objgen not in reachable:
                result.setdefault(page_numbers[key], set()).add(mcid)
                value[mcid] = pikepdf.Object.parse(b"null")
    return result


def _artifact_margins(pdf: pikepdf.Pdf, margins: dict[int, set[int]]) -> None:
    for index, mcids in margins.items():
        page = pdf.pages[index]
        instructions = pikepdf.parse_content_stream(page)
        changed = False
        for i, instruction in enumerate(instructions):
            operands, operator = instruction.operands, instruction.operator
            if str(operator) != "BDC" or len(operands) != 2 or not isinstance(operands[1], Dictionary):
                continue
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in mcids:
                artifact = Dictionary(Type=Name.Pagination)
                instructions[i] = pikepdf.ContentStreamInstruction([Name.Artifact, artifact], operator)
                changed = True
        if changed:
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def finish_tagged_pdf(content: bytes) -> bytes:
    """The PDF with `/Scope` on its header cells and its running headers/footers as artifacts."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return content
        elements = _struct_elements(pdf.Root.StructTreeRoot)
        _add_scopes(elements)
        reachable = {e.objgen for e in elements}
        _artifact_margins(pdf, _margin_mcids(pdf, reachable))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
