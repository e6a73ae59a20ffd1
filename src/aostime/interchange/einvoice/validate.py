"""Offline validation of an e-invoice: the schema (XSD) of its syntax, then the Schematron rules of
every standard it claims, run as the published XSLT with Saxon (the rules are XSLT 2.0, which
lxml cannot run). All files come from rules/ (see its README); nothing is fetched.

The result is one line per failed rule, "[BR-CO-14] text": the errors, and apart from them the
rules flagged warning or information, which do not make a document invalid. A Factur-X PDF is
checked whole: its PDF/A-3 and Factur-X parts (pdfa.py), then the XML it carries."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

RULES = Path(__file__).parent / "rules"
CII_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
NS = {
    "rsm": CII_NS,
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "svrl": SVRL_NS,
}
XSDS = {
    "cii": "cii/xsd/CrossIndustryInvoice_100pD16B.xsd",
    "ubl-invoice": "ubl/xsd/maindoc/UBL-Invoice-2.1.xsd",
    "ubl-creditnote": "ubl/xsd/maindoc/UBL-CreditNote-2.1.xsd",
}
EN16931_RULES = {"cii": "cii/EN16931-CII-validation.xslt", "ubl": "ubl/EN16931-UBL-validation.xslt"}
XRECHNUNG_RULES = {"cii": "xrechnung/XRechnung-CII-validation.xsl", "ubl": "xrechnung/XRechnung-UBL-validation.xsl"}
PEPPOL_RULES = {"ubl": "peppol/PEPPOL-EN16931-UBL.xsl"}
NOT_ERRORS = {"warning", "information"}


@dataclass(frozen=True)
class Kind:
    syntax: str  # "cii", "ubl-invoice" or "ubl-creditnote"
    customization: str  # BT-24, e.g. urn:cen.eu:en16931:2017#compliant#...

    @property
    def family(self) -> str:
        return "cii" if self.syntax == "cii" else "ubl"


@dataclass(frozen=True)
class Findings:
    errors: list[str]  # any one makes the document invalid
    warnings: list[str] = field(default_factory=list)  # the rules' warnings and information

    @property
    def valid(self) -> bool:
        return not self.errors


class NoInvoiceXml(ValueError):
    """A PDF that carries no Factur-X/ZUGFeRD XML: not an e-invoice at all."""


def check(data: bytes) -> Findings:
    """An e-invoice file, XML or Factur-X PDF, checked whole."""
    if not data.startswith(b"%PDF"):
        return findings(data)
    from aostime.interchange.einvoice.pdfa import XML_NAMES, read_hybrid

    hybrid = read_hybrid(data)
    if hybrid.xml is None:
        raise NoInvoiceXml(f"a PDF without an embedded Factur-X/ZUGFeRD XML ({', '.join(XML_NAMES)})")
    inside = findings(hybrid.xml)
    return Findings(hybrid.errors + inside.errors, inside.warnings)


def validate(xml: bytes) -> list[str]:
    """The errors of an XML e-invoice; empty means valid."""
    return findings(xml).errors


def findings(xml: bytes) -> Findings:
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return Findings([f"[XML] {error}"])
    kind = detect(root)
    if kind is None:
        return Findings([f"[SYNTAX] {root.tag} is neither a CII invoice nor a UBL Invoice or CreditNote"])
    errors = _schema_errors(root, kind)
    if errors:  # the rules assume a well-formed document; their findings would only add noise
        return Findings(errors)
    # Saxon reads text: the parsed tree, re-serialised, spares it the document's own encoding
    text = etree.tostring(root, encoding="unicode")
    warnings: list[str] = []
    for stylesheet in rule_sets(kind):
        found = _schematron(text, stylesheet)
        errors += found.errors
        warnings += found.warnings
    return Findings(errors, warnings)


def detect(root) -> Kind | None:
    namespace = etree.QName(root).namespace
    if namespace == CII_NS:
        found = root.xpath(
            "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", namespaces=NS
        )
        return Kind("cii", (found[0].text or "").strip() if found else "")
    syntax = {UBL_INVOICE_NS: "ubl-invoice", UBL_CREDIT_NOTE_NS: "ubl-creditnote"}.get(namespace)
    if syntax is None:
        return None
    found = root.xpath("cbc:CustomizationID", namespaces=NS)
    return Kind(syntax, (found[0].text or "").strip() if found else "")


def rule_sets(kind: Kind) -> list[str]:
    """EN 16931 always; a CIUS's own rules only when the document claims it (BT-24)."""
    sets = [EN16931_RULES[kind.family]]
    if "urn:xeinkauf.de:kosit:xrechnung" in kind.customization:
        sets.append(XRECHNUNG_RULES[kind.family])
    if "urn:fdc:peppol.eu:2017:poacc:billing" in kind.customization and kind.family in PEPPOL_RULES:
        sets.append(PEPPOL_RULES[kind.family])
    return sets


@cache
def _schema(syntax: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(RULES / XSDS[syntax])))


def _schema_errors(root, kind: Kind) -> list[str]:
    schema = _schema(kind.syntax)
    if schema.validate(root):
        return []
    return [f"[XSD] line {e.line}: {e.message}" for e in schema.error_log]


# Saxon wants one processor per process, and its executables are not safe to share across threads
# while compiling; compiling the EN 16931 rules takes seconds, so each is compiled once and kept.
_LOCK = threading.Lock()
_SAXON: dict[str, object] = {}


def _executable(stylesheet: str):
    with _LOCK:
        if "processor" not in _SAXON:
            from saxonche import PySaxonProcessor  # imported late: it is an optional extra

            _SAXON["processor"] = PySaxonProcessor(license=False)
            _SAXON["xslt"] = _SAXON["processor"].new_xslt30_processor()
        if stylesheet not in _SAXON:
            _SAXON[stylesheet] = _SAXON["xslt"].compile_stylesheet(stylesheet_file=str(RULES / stylesheet))
        return _SAXON["processor"], _SAXON[stylesheet]


def _schematron(text: str, stylesheet: str) -> Findings:
    processor, executable = _executable(stylesheet)
    with _LOCK:
        document = processor.parse_xml(xml_text=text)
        report = executable.transform_to_string(xdm_node=document)
    return failed_rules(report.encode("utf-8"))


def failed_rules(svrl: bytes) -> Findings:
    """The failed assertions (and fired reports) of an SVRL report: errors (flag fatal or
    error, or none) apart from warnings (flag warning or information)."""
    root = etree.fromstring(svrl)
    found = Findings([], [])
    for node in root.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
        rule = node.get("id") or "?"
        text = " ".join((node.findtext(f"{{{SVRL_NS}}}text") or "").split())
        # the EN 16931 texts repeat their id ("[BR-CO-14]-The invoice ..."): say it once
        text = text.removeprefix(f"[{rule}]-").removeprefix(f"[{rule}] ")
        kept = found.warnings if (node.get("flag") or "fatal") in NOT_ERRORS else found.errors
        kept.append(f"[{rule}] {text}")
    return found
