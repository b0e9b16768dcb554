"""XLIFF 2.0 and XLIFF 1.2: writing exports and reading translated files.

One ``<file>`` per export, one group per page or snippet, one unit per text (see ``units``).
The unit id is the unit key; the hash of the English source travels with the unit (XLIFF 2.0:
metadata module ``<mda:meta type="source-hash">``; XLIFF 1.2: attribute ``iurc:source-hash``).
Rich text markup is written as inline codes: ``<pc>``/``<ph>`` with ``<originalData>`` in 2.0,
``<g>``/``<x>`` with a ``ctype`` in 1.2. Block codes (paragraphs, list items) are marked
``canDelete="no"`` in 2.0 so that CAT tools warn before one is lost.

Every existing translation goes out as the target, with its state (see ``STATES``): a CAT
tool's translation memory can reuse it, and the translator sees what is left to do. An
outdated translation carries the English text it was made from, as a note of category
``previous-source`` (``<note category="previous-source">`` in 2.0, ``<note
from="previous-source">`` in 1.2), the equivalent of PO's ``#| msgid``.

Files are parsed with defusedxml: a DOCTYPE, entity declarations and external references are
refused before anything is expanded.
"""

import xml.etree.ElementTree as ET  # noqa: S405 - only to build trees; parsing is defusedxml's
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from iurc.translations import status
from iurc.translations.exchange.formats import (
    XLIFF2,
    XLIFF12,
    ExchangeFile,
    ExchangeFileError,
    FileUnit,
    language_tag,
)
from iurc.translations.exchange.richtext import Code
from iurc.translations.exchange.units import object_key, object_label, source_language

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
IURC_NS = "urn:iurc:exchange:1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SPACE = f"{{{XML_NS}}}space"
LANG = f"{{{XML_NS}}}lang"
HASH_12 = f"{{{IURC_NS}}}source-hash"
KIND_12 = f"{{{IURC_NS}}}kind"

PREFIXES = {MDA_NS: "mda", IURC_NS: "iurc", XML_NS: "xml"}

FORMATTING = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u"}
CTYPES_12 = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underlined"}


def _q(namespace, name):
    return f"{{{namespace}}}{name}"


def _add_text(parent, text):
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# --- Writing -----------------------------------------------------------------------------------


def _codes_2(parent, content, data):
    for node in content:
        if isinstance(node, str):
            _add_text(parent, node)
            continue
        attrs = {"id": node.id}
        kind = FORMATTING.get(node.tag)
        if node.paired:
            attrs |= {"dataRefStart": f"d{node.id}", "dataRefEnd": f"d{node.id}e", "canCopy": "no"}
            if kind:
                attrs |= {"type": "fmt", "subType": f"xlf:{kind}"}
            elif node.tag == "a":
                attrs["type"] = "link"
            if node.is_block:
                attrs["canDelete"] = "no"
            element = ET.SubElement(parent, _q(XLIFF2_NS, "pc"), attrs)
            data.append((f"d{node.id}", node.start))
            data.append((f"d{node.id}e", node.end))
            _codes_2(element, node.children, data)
        else:
            attrs |= {"dataRef": f"d{node.id}", "canCopy": "no"}
            if node.tag == "br":
                attrs |= {"type": "fmt", "subType": "xlf:lb"}
            ET.SubElement(parent, _q(XLIFF2_NS, "ph"), attrs)
            data.append((f"d{node.id}", node.start))


def _codes_12(parent, content):
    for node in content:
        if isinstance(node, str):
            _add_text(parent, node)
            continue
        if node.paired:
            ctype = CTYPES_12.get(node.tag) or ("link" if node.tag == "a" else f"x-html-{node.tag}")
            element = ET.SubElement(parent, _q(XLIFF12_NS, "g"), {"id": node.id, "ctype": ctype})
            _codes_12(element, node.children)
        else:
            ctype = {"br": "lb", "img": "image", "embed": "image"}.get(node.tag)
            ctype = ctype or f"x-html-{node.tag or 'comment'}"
            ET.SubElement(parent, _q(XLIFF12_NS, "x"), {"id": node.id, "ctype": ctype})


# The state of a unit's translation in each format: XLIFF 2.0 segment state (and subState),
# XLIFF 1.2 target state.
STATES = {
    status.MISSING: ("initial", "", "needs-translation"),
    status.OUTDATED: ("initial", "iurc:outdated", "needs-review-translation"),
    status.SAME: ("translated", "iurc:same-as-source", "translated"),
    status.TRANSLATED: ("translated", "", "translated"),
}
PREVIOUS_SOURCE = "previous-source"


def _previous_source(unit):
    """The English an outdated translation was made from, as plain text."""
    previous = unit.state.previous_source
    if unit.state.name != status.OUTDATED or not previous:
        return ""
    return unit.readable(previous)


def _by_object(units):
    groups = {}
    for unit in units:
        groups.setdefault(object_key(unit.obj), []).append(unit)
    return groups


def _unit_2(group, unit):
    element = ET.SubElement(
        group, _q(XLIFF2_NS, "unit"), {"id": unit.key, "name": unit.location, SPACE: "preserve"}
    )
    metadata = ET.SubElement(element, _q(MDA_NS, "metadata"))
    meta_group = ET.SubElement(metadata, _q(MDA_NS, "metaGroup"), {"category": "iurc"})
    for kind, value in (("source-hash", unit.hash), ("kind", unit.kind)):
        ET.SubElement(meta_group, _q(MDA_NS, "meta"), {"type": kind}).text = value
    notes = ET.SubElement(element, _q(XLIFF2_NS, "notes"))
    ET.SubElement(
        notes, _q(XLIFF2_NS, "note"), {"category": "location"}
    ).text = f"{object_label(unit.obj)} › {unit.location}"
    previous = _previous_source(unit)
    if previous:
        ET.SubElement(notes, _q(XLIFF2_NS, "note"), {"category": PREVIOUS_SOURCE}).text = previous
    original_data = ET.Element(_q(XLIFF2_NS, "originalData"))
    state, sub_state, _state_12 = STATES[unit.state.name]
    attrs = {"state": state} | ({"subState": sub_state} if sub_state else {})
    segment = ET.Element(_q(XLIFF2_NS, "segment"), attrs)
    data = []
    _codes_2(ET.SubElement(segment, _q(XLIFF2_NS, "source")), unit.content, data)
    if unit.target_content:
        _codes_2(ET.SubElement(segment, _q(XLIFF2_NS, "target")), unit.target_content, [])
    if data:
        for data_id, value in data:
            ET.SubElement(original_data, _q(XLIFF2_NS, "data"), {"id": data_id}).text = value
        element.append(original_data)
    element.append(segment)


def _unit_12(group, unit):
    element = ET.SubElement(
        group,
        _q(XLIFF12_NS, "trans-unit"),
        {
            "id": unit.key,
            "resname": unit.key,
            SPACE: "preserve",
            HASH_12: unit.hash,
            KIND_12: unit.kind,
        },
    )
    _codes_12(ET.SubElement(element, _q(XLIFF12_NS, "source")), unit.content)
    if unit.target_content:
        target = ET.SubElement(
            element, _q(XLIFF12_NS, "target"), {"state": STATES[unit.state.name][2]}
        )
        _codes_12(target, unit.target_content)
    ET.SubElement(
        element, _q(XLIFF12_NS, "note"), {"from": "iurc"}
    ).text = f"{object_label(unit.obj)} › {unit.location}"
    previous = _previous_source(unit)
    if previous:
        ET.SubElement(element, _q(XLIFF12_NS, "note"), {"from": PREVIOUS_SOURCE}).text = previous


CONTAINERS = {
    _q(XLIFF2_NS, name) for name in ("xliff", "file", "group", "unit", "notes", "originalData")
} | {_q(XLIFF2_NS, "segment"), _q(MDA_NS, "metadata"), _q(MDA_NS, "metaGroup")}
CONTAINERS |= {_q(XLIFF12_NS, name) for name in ("xliff", "file", "body", "group", "trans-unit")}


def _indent(element, level=0):
    # ElementTree.indent would also add whitespace inside <source> and <target>, where it is
    # part of the text: only the elements that hold other elements are indented.
    if element.tag not in CONTAINERS or not len(element):
        return
    padding = "\n" + "  " * (level + 1)
    element.text = padding
    for child in element:
        _indent(child, level + 1)
        child.tail = padding
    element[-1].tail = "\n" + "  " * level


def write(units, language, version=XLIFF2):
    """An XLIFF document (bytes, UTF-8) with ``units`` to translate into ``language``."""
    if version == XLIFF2:
        root = ET.Element(
            _q(XLIFF2_NS, "xliff"),
            {
                "version": "2.0",
                "srcLang": language_tag(source_language()),
                "trgLang": language_tag(language),
            },
        )
        file_element = ET.SubElement(root, _q(XLIFF2_NS, "file"), {"id": "iurc"})
        for key, object_units in _by_object(units).items():
            group = ET.SubElement(
                file_element,
                _q(XLIFF2_NS, "group"),
                {"id": key, "name": object_label(object_units[0].obj)},
            )
            for unit in object_units:
                _unit_2(group, unit)
        namespace = XLIFF2_NS
    else:
        root = ET.Element(_q(XLIFF12_NS, "xliff"), {"version": "1.2"})
        file_element = ET.SubElement(
            root,
            _q(XLIFF12_NS, "file"),
            {
                "original": "iurc",
                "datatype": "x-wagtail",
                "source-language": language_tag(source_language()),
                "target-language": language_tag(language),
            },
        )
        body = ET.SubElement(file_element, _q(XLIFF12_NS, "body"))
        for key, object_units in _by_object(units).items():
            group = ET.SubElement(
                body,
                _q(XLIFF12_NS, "group"),
                {"id": key, "resname": object_label(object_units[0].obj)},
            )
            for unit in object_units:
                _unit_12(group, unit)
        namespace = XLIFF12_NS
    _indent(root)
    return serialize(root, namespace)


_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _name(qualified, default_namespace, used):
    if not qualified.startswith("{"):
        return qualified
    namespace, local = qualified[1:].split("}", 1)
    if namespace == default_namespace:
        return local
    used.add(namespace)
    return f"{PREFIXES[namespace]}:{local}"


def _write(element, default_namespace, used, out):
    out.append(f"<{_name(element.tag, default_namespace, used)}")
    for key, value in element.attrib.items():
        name = _name(key, default_namespace, used)
        out.append(f' {name}="{escape(value, _ATTRIBUTE_ESCAPES)}"')
    if element.text is None and not len(element):
        out.append("/>")
    else:
        out.append(">")
        out.append(escape(element.text or ""))
        for child in element:
            _write(child, default_namespace, used, out)
            out.append(escape(child.tail or ""))
        out.append(f"</{_name(element.tag, default_namespace, used)}>")


def serialize(root, default_namespace):
    """UTF-8 XML with ``default_namespace`` unprefixed (which ElementTree cannot do for
    documents that also have unqualified attributes, as XLIFF has)."""
    used = set()
    out = []
    _write(root, default_namespace, used, out)
    declarations = f' xmlns="{default_namespace}"' + "".join(
        f' xmlns:{PREFIXES[namespace]}="{namespace}"'
        for namespace in sorted(used)
        if namespace != XML_NS
    )
    first = out[0] + declarations
    document = '<?xml version="1.0" encoding="UTF-8"?>\n' + first + "".join(out[1:]) + "\n"
    return document.encode("utf-8")


# --- Reading -----------------------------------------------------------------------------------


class _Unreadable(ValueError):
    pass


def _content(element, namespace):
    """The content tree of a <source> or <target>: text, paired and standalone codes."""
    paired, standalone = ("pc", "ph") if namespace == XLIFF2_NS else ("g", "x")
    content = []

    def add(text):
        if not text:
            return
        if content and isinstance(content[-1], str):
            content[-1] += text
        else:
            content.append(text)

    add(element.text)
    for child in element:
        name = child.tag.split("}", 1)[-1] if child.tag.startswith(f"{{{namespace}}}") else None
        if name == paired:
            content.append(
                Code(id=child.get("id", ""), paired=True, children=_content(child, namespace))
            )
        elif name == standalone:
            content.append(Code(id=child.get("id", ""), paired=False))
        elif name == "mrk":
            # Annotations (terms, segments in 1.2's seg-source) only wrap text: keep the text.
            for node in _content(child, namespace):
                if isinstance(node, str):
                    add(node)
                else:
                    content.append(node)
        elif name == "cp" and namespace == XLIFF2_NS:
            try:
                add(chr(int(child.get("hex", ""), 16)))
            except ValueError as error:
                raise _Unreadable(_("A <cp> element has no valid hex code.")) from error
        else:
            local = child.tag.split("}", 1)[-1]
            raise _Unreadable(
                _("The inline element <%(element)s> is not supported here.") % {"element": local}
            )
        add(child.tail)
    return content


def _read_2(root):
    file_units = []
    source_language = root.get("srcLang", "")
    target_language = root.get("trgLang", "")
    meta_type = _q(MDA_NS, "meta")
    for unit in root.iter(_q(XLIFF2_NS, "unit")):
        key = unit.get("id", "")
        source_hash = next(
            (meta.text or "" for meta in unit.iter(meta_type) if meta.get("type") == "source-hash"),
            "",
        )
        item = FileUnit(key=key, source=[], target=[], source_hash=source_hash.strip())
        try:
            for part in unit:
                if part.tag not in (_q(XLIFF2_NS, "segment"), _q(XLIFF2_NS, "ignorable")):
                    continue
                source = part.find(_q(XLIFF2_NS, "source"))
                target = part.find(_q(XLIFF2_NS, "target"))
                source_content = _content(source, XLIFF2_NS) if source is not None else []
                item.source.extend(source_content)
                if target is not None:
                    item.target.extend(_content(target, XLIFF2_NS))
                elif part.tag == _q(XLIFF2_NS, "ignorable"):
                    item.target.extend(source_content)
                else:
                    item.target = None
                    break
        except _Unreadable as error:
            item.error = str(error)
        file_units.append(item)
    return ExchangeFile(XLIFF2, source_language, target_language, file_units)


def _read_12(root):
    file_units = []
    source_language = target_language = ""
    for file_element in root.iter(_q(XLIFF12_NS, "file")):
        source_language = source_language or file_element.get("source-language", "")
        file_language = file_element.get("target-language", "")
        target_language = target_language or file_language
        for unit in file_element.iter(_q(XLIFF12_NS, "trans-unit")):
            item = FileUnit(
                key=unit.get("id", ""),
                source=[],
                target=None,
                source_hash=(unit.get(HASH_12) or "").strip(),
                language=file_language,
            )
            try:
                source = unit.find(_q(XLIFF12_NS, "source"))
                if source is not None:
                    item.source = _content(source, XLIFF12_NS)
                target = unit.find(_q(XLIFF12_NS, "target"))
                if target is not None:
                    item.language = target.get(LANG) or file_language
                    item.target = _content(target, XLIFF12_NS)
            except _Unreadable as error:
                item.error = str(error)
            file_units.append(item)
    return ExchangeFile(XLIFF12, source_language, target_language, file_units)


def read(data):
    """Parse an XLIFF 2.0 or 1.2 file; ExchangeFileError when it is not one or is hostile."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ExchangeFileError(
            _(
                "The file declares a DOCTYPE, entities or external references. "
                "They are refused for safety: export the file again from your CAT tool "
                "as plain XLIFF."
            )
        ) from error
    except ET.ParseError as error:
        raise ExchangeFileError(
            _("The file is not well-formed XML (%(error)s).") % {"error": error}
        ) from error
    if root.tag == _q(XLIFF2_NS, "xliff") and root.get("version", "").startswith("2."):
        return _read_2(root)
    if root.tag == _q(XLIFF12_NS, "xliff"):
        return _read_12(root)
    raise ExchangeFileError(_("The file is XML but not XLIFF 2.0 or XLIFF 1.2."))
