"""The official Peppol BIS Billing 3.0 validation rules, run on our UBL documents.

The rule files (`peppol-bis-3.0.19-sch/`: the CEN EN 16931 UBL rules and the PEPPOL rules) and the
Schematron compiler SchXslt (`schxslt-1.9.5/`) are vendored unchanged; README.md says where from
and under which licence. Each `.sch` is compiled once to XSLT with SchXslt's `compile-for-svrl.xsl`
and then run on a document; every `svrl:failed-assert` is a finding (`flag="fatal"` an error).

Needs an XSLT 2.0 processor: `saxonche` (a development dependency: the tests validate every kind
of document the export makes). Update the vendored files on each Peppol release (twice a year).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
RULE_FILES = (
    HERE / "peppol-bis-3.0.19-sch" / "CEN-EN16931-UBL.sch",
    HERE / "peppol-bis-3.0.19-sch" / "PEPPOL-EN16931-UBL.sch",
)
COMPILER = HERE / "schxslt-1.9.5" / "xslt-2.0" / "compile-for-svrl.xsl"
SVRL = "http://purl.oclc.org/dsdl/svrl"


@dataclass(frozen=True)
class Finding:
    """One failed assert of the official rules."""

    rule: str
    flag: str  # "fatal" or "warning"
    location: str
    text: str

    def __str__(self) -> str:
        return f"[{self.flag}] {self.rule} at {self.location}: {self.text}"


class Validator:
    """Compiles the rule files once; `validate` may then be called for many documents."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self._processor = PySaxonProcessor(license=False)
        xslt = self._processor.new_xslt30_processor()
        compiler = xslt.compile_stylesheet(stylesheet_file=str(COMPILER))
        self._rules = []
        for path in RULE_FILES:
            schema = self._processor.parse_xml(xml_file_name=str(path))
            compiled = compiler.transform_to_string(xdm_node=schema)
            self._rules.append(xslt.compile_stylesheet(stylesheet_text=compiled))

    def validate(self, xml: bytes) -> list[Finding]:
        document = self._processor.parse_xml(xml_text=xml.decode("utf-8"))
        findings: list[Finding] = []
        for rules in self._rules:
            report = etree.fromstring(rules.transform_to_string(xdm_node=document).encode("utf-8"))
            for failed in report.iter(f"{{{SVRL}}}failed-assert"):
                text = "".join(failed.itertext()).strip()
                findings.append(
                    Finding(
                        rule=failed.get("id", ""),
                        flag=failed.get("flag", "fatal"),
                        location=failed.get("location", ""),
                        text=" ".join(text.split()),
                    )
                )
        return findings

    def errors(self, xml: bytes) -> list[Finding]:
        return [f for f in self.validate(xml) if f.flag == "fatal"]


@cache
def validator() -> Validator:
    """One compiled validator per process (compiling takes about a second)."""
    return Validator()
