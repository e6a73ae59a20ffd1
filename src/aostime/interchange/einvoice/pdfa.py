"""The PDF half of a Factur-X / ZUGFeRD invoice: what makes the file PDF/A-3 and a hybrid invoice
beyond the XML inside it. Read with pypdf (the library factur-x itself writes with); the XMP
packet is XML, read with lxml.

Checked, each finding one line:
- [PDF/A] the XMP metadata: pdfaid:part 3 and a pdfaid:conformance (A, B or U); the PDF/A
  extension schema that describes the fx: properties (PDF/A allows only described ones);
- [Factur-X] the fx: properties: DocumentType INVOICE, DocumentFileName naming the attached XML,
  Version, ConformanceLevel (the profile the XML claims);
- [Factur-X] the attachment's /AFRelationship: Data, Alternative or Source (Factur-X 1.0 and
  ZUGFeRD 2 name these three), and [PDF/A] its file specification listed in the catalog's /AF;
- [PDF/A] an OutputIntent /GTS_PDFA1 with its ICC profile (/DestOutputProfile);
- [PDF/A] every font embedded (its font program: /FontFile, /FontFile2 or /FontFile3).

It does not replace a full PDF/A validator (veraPDF checks hundreds of clauses); it checks what
a stripped or hand-made Factur-X typically lacks."""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree

# the names the embedded XML goes by: Factur-X, ZUGFeRD 2.x (and 1.0's), XRechnung in ZUGFeRD
XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml")
RELATIONSHIPS = ("/Data", "/Alternative", "/Source")
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
# the fx: namespaces of Factur-X 1.0 and of ZUGFeRD 2.x
FX_NAMESPACES = (
    "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
    "urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#",
)
FX_PROPERTIES = ("DocumentType", "DocumentFileName", "Version", "ConformanceLevel")
LEVELS = ("MINIMUM", "BASIC WL", "BASIC", "EN 16931", "EXTENDED", "XRECHNUNG")
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class Hybrid:
    """What a Factur-X PDF holds: its XML (None when there is none) and what its PDF lacks."""

    xml_name: str | None
    xml: bytes | None
    errors: list[str]


def read_hybrid(pdf: bytes) -> Hybrid:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        catalog = reader.trailer["/Root"].get_object()
    except (PdfReadError, KeyError, ValueError) as error:
        return Hybrid(None, None, [f"[PDF/A] the PDF cannot be read: {error}"])
    name, spec, xml = _attachment(catalog)
    errors = _xmp_errors(catalog, name, xml)
    errors += _attachment_errors(catalog, name, spec)
    errors += _output_intent_errors(catalog)
    errors += _font_errors(reader)
    return Hybrid(name, xml, errors)


def _attachment(catalog) -> tuple[str | None, object, bytes | None]:
    """(name, file specification, bytes) of the embedded invoice XML."""
    for key, spec in _name_tree(_get(_get(catalog, "/Names"), "/EmbeddedFiles"), 0):
        name = str(spec.get("/UF") or spec.get("/F") or key)
        if name in XML_NAMES:
            stream = _get(_get(spec, "/EF"), "/F")
            return name, spec, stream.get_object().get_data() if stream is not None else None
    return None, None, None


def _name_tree(node, depth: int):
    """(name, value) of a PDF name tree: its /Names pairs, and those of its /Kids (a large tree is
    split into kids; a broken one that loops is cut short)."""
    if node is None or depth > 32:
        return
    names = _get(node, "/Names") or []
    for i in range(0, len(names) - 1, 2):
        yield str(names[i]), names[i + 1].get_object()
    for kid in _get(node, "/Kids") or []:
        yield from _name_tree(kid.get_object(), depth + 1)


def _get(node, key):
    if node is None:
        return None
    node = node.get_object()
    value = node.get(key) if hasattr(node, "get") else None
    return value.get_object() if value is not None else None


def _xmp_errors(catalog, xml_name: str | None, xml: bytes | None) -> list[str]:
    stream = _get(catalog, "/Metadata")
    if stream is None:
        return ["[PDF/A] no XMP metadata (the catalog has no /Metadata): the file does not say it is PDF/A-3",
                ("[Factur-X] no XMP metadata: the fx: properties (DocumentType, DocumentFileName, Version, "
                "ConformanceLevel) are missing")]  # fmt: skip
    try:
        root = etree.fromstring(stream.get_data(), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"[PDF/A] the XMP metadata is not XML: {error}"]
    errors = []
    part, conformance = _property(root, PDFAID, "part"), _property(root, PDFAID, "conformance")
    if part != "3":
        errors.append(f"[PDF/A] XMP pdfaid:part is {part or 'missing'}, not 3 (a Factur-X is PDF/A-3)")
    if conformance not in ("A", "B", "U"):
        errors.append(f"[PDF/A] XMP pdfaid:conformance is {conformance or 'missing'}, not A, B or U")
    namespace = next((ns for ns in FX_NAMESPACES if _property(root, ns, "DocumentType") is not None), None)
    if namespace is None:
        return [*errors, ("[Factur-X] the XMP metadata has no fx:DocumentType (the Factur-X extension schema's "
                         "properties are missing)")]  # fmt: skip
    values = {name: _property(root, namespace, name) for name in FX_PROPERTIES}
    if values["DocumentType"] != "INVOICE":
        errors.append(f"[Factur-X] XMP fx:DocumentType is {values['DocumentType']!r}, not 'INVOICE'")
    if not values["DocumentFileName"]:
        errors.append("[Factur-X] XMP fx:DocumentFileName is missing")
    elif xml_name is not None and values["DocumentFileName"] != xml_name:
        errors.append(f"[Factur-X] XMP fx:DocumentFileName is {values['DocumentFileName']!r}, but the attached "
                      f"XML is {xml_name!r}")  # fmt: skip
    if not values["Version"]:
        errors.append("[Factur-X] XMP fx:Version is missing")
    if values["ConformanceLevel"] not in LEVELS:
        errors.append(f"[Factur-X] XMP fx:ConformanceLevel is {values['ConformanceLevel'] or 'missing'}, not one "
                      f"of: {', '.join(LEVELS)}")  # fmt: skip
    elif (claimed := _xml_level(xml)) and claimed != values["ConformanceLevel"]:
        errors.append(f"[Factur-X] XMP fx:ConformanceLevel is {values['ConformanceLevel']}, but the XML's profile "
                      f"is {claimed}")  # fmt: skip
    return errors + _extension_schema_errors(root, namespace)


def _xml_level(xml: bytes | None) -> str | None:
    """The Factur-X profile the XML claims (its guideline id), read by the factur-x library;
    None when it names none the library knows."""
    if not xml:
        return None
    from facturx import facturx as library

    try:
        level = library.get_level(etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True)))
    except Exception:  # noqa: BLE001 - not a Factur-X profile: the XML's own checks say what is wrong
        return None
    return library.FACTURX_LEVEL2xmp.get(level)


def _property(root, namespace: str, name: str) -> str | None:
    """An XMP simple property, written as an element or as an attribute of rdf:Description."""
    for node in root.iter(f"{{{namespace}}}{name}"):
        return (node.text or "").strip()
    for description in root.iter(f"{{{RDF}}}Description"):
        value = description.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value.strip()
    return None


def _extension_schema_errors(root, namespace: str) -> list[str]:
    """PDF/A admits a property outside the predefined schemas only when the packet describes it."""
    for schema in root.iter(f"{{{EXTENSION}}}schemas"):
        for entry in schema.iter(f"{{{RDF}}}li"):
            if (entry.findtext(f"{{{SCHEMA}}}namespaceURI") or "").strip() != namespace:
                continue
            described = {(n.text or "").strip() for n in entry.iter(f"{{{PROPERTY}}}name")}
            missing = [name for name in FX_PROPERTIES if name not in described]
            if (entry.findtext(f"{{{SCHEMA}}}prefix") or "").strip() != "fx":
                return ["[PDF/A] the PDF/A extension schema of the fx: properties does not give the prefix fx"]
            if missing:
                return [f"[PDF/A] the PDF/A extension schema does not describe fx:{', fx:'.join(missing)}"]
            return []
    return [f"[PDF/A] no PDF/A extension schema (pdfaExtension:schemas) describes the fx: properties ({namespace})"]


def _attachment_errors(catalog, name: str | None, spec) -> list[str]:
    if spec is None:
        return []  # no XML at all: the caller refuses the file
    errors = []
    relationship = spec.get("/AFRelationship")
    if relationship is None:
        errors.append(f"[Factur-X] the attachment {name} has no /AFRelationship (Data or Alternative)")
    elif str(relationship) not in RELATIONSHIPS:
        errors.append(f"[Factur-X] the attachment {name} has /AFRelationship {relationship}, not Data, Alternative "
                      "or Source")  # fmt: skip
    listed = _get(catalog, "/AF") or []
    reference = spec.indirect_reference
    if not any(getattr(item, "idnum", None) == getattr(reference, "idnum", -1) for item in listed):
        errors.append(f"[PDF/A] the attachment {name} is not in the catalog's /AF (associated files)")
    if _get(_get(spec, "/EF"), "/F") is not None and not _get(_get(spec, "/EF"), "/F").get("/Subtype"):
        errors.append(f"[PDF/A] the attachment {name} has no MIME type (/Subtype)")
    return errors


def _output_intent_errors(catalog) -> list[str]:
    for intent in _get(catalog, "/OutputIntents") or []:
        intent = intent.get_object()
        if str(intent.get("/S")) == "/GTS_PDFA1":
            if intent.get("/DestOutputProfile") is None:
                return ["[PDF/A] the OutputIntent GTS_PDFA1 has no ICC profile (/DestOutputProfile)"]
            return []
    return ["[PDF/A] no OutputIntent GTS_PDFA1 (the colour space the PDF/A file is printed in)"]


def _font_errors(reader) -> list[str]:
    missing: dict[str, None] = {}  # in order, once each
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), set()):
            if not _embedded(font):
                missing[str(font.get("/BaseFont", "?")).lstrip("/")] = None
    return [f"[PDF/A] font {name} is not embedded" for name in missing]


def _fonts(resources, seen: set[int]):
    """The fonts of a page's resources, and of the forms (XObjects) it draws, each once."""
    resources = resources.get_object() if resources is not None else None
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (_get(resources, "/Font") or {}).values():
        yield font.get_object()
    for xobject in (_get(resources, "/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn by the PDF itself
    if font.get("/Subtype") == "/Type0":
        descendants = _get(font, "/DescendantFonts") or []
        return all(_embedded(d.get_object()) for d in descendants) and bool(descendants)
    descriptor = _get(font, "/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in FONT_FILES)
