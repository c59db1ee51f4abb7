"""XLIFF 2.0 files: writing an export and reading a translated one back.

The layout: one ``<file>`` per SKU (``id`` = SKU), one ``<unit>`` per field
(``id`` = ``fields.unit_id``, ``name`` = the field path), its notes, and one
``<segment>`` with ``<source>`` and, where a translation exists, ``<target>``.
A stale field goes out in state ``initial`` with ``subState="linkstar:stale"``
and the old translation as its target; XLIFF 2.0 has no ``needs-review`` state.

Reading uses the standard library's expat parser and rejects any document with
a DTD (``<!DOCTYPE``), because XLIFF 2.0 never needs one. Without a DTD there
are no entity declarations, so nothing can expand (the "billion laughs" attack)
or load an external file, whatever expat version Python links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.l10n.exchange import ExchangeEntry, ExchangeFile, ExportDocument, ExportUnit
from linkstar_cli.l10n.fields import FieldState

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_NS = "{" + NAMESPACE + "}"
_XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
STALE_SUBSTATE = "linkstar:stale"
# XML 1.0 forbids these characters even as references; XLIFF 2.0 writes them as <cp hex="..."/>.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PLACEHOLDERS = {_NS + name for name in ("ph", "sc", "ec", "sm", "em")}


# Writing


def write_xliff(document: ExportDocument) -> str:
    """Return the export as an XLIFF 2.0 document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NAMESPACE}" version="2.0" srcLang={_attribute(document.source_locale)} trgLang={_attribute(document.target_locale)}>',
    ]
    for sku, units in document.by_sku().items():
        lines.append(f"  <file id={_attribute(sku)} original={_attribute(units[0].source_file)}>")
        for unit in units:
            lines.extend(_unit_lines(unit))
        lines.append("  </file>")
    lines.append("</xliff>")
    return "\n".join(lines) + "\n"


def _unit_lines(unit: ExportUnit) -> list[str]:
    lines = [f'    <unit id={_attribute(unit.unit_id)} name={_attribute(unit.field_name)} xml:space="preserve">']
    if unit.notes:
        lines.append("      <notes>")
        for note in unit.notes:
            lines.append(f"        <note category={_attribute(note.category)}>{_text(note.text)}</note>")
        lines.append("      </notes>")
    if unit.state is FieldState.STALE:
        state = f'state="initial" subState="{STALE_SUBSTATE}"'
    elif unit.state is FieldState.CURRENT:
        state = 'state="translated"'
    else:
        state = 'state="initial"'
    lines.append(f"      <segment {state}>")
    lines.append(f"        <source>{_text(unit.source)}</source>")
    if unit.target:
        lines.append(f"        <target>{_text(unit.target)}</target>")
    lines.append("      </segment>")
    lines.append("    </unit>")
    return lines


def _text(value: str) -> str:
    escaped = escape(value).replace("\r", "&#13;")
    return _NOT_XML.sub(lambda match: f'<cp hex="{ord(match.group()):04X}"/>', escaped)


def _attribute(value: str) -> str:
    escaped = escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
    return '"' + _NOT_XML.sub("\ufffd", escaped) + '"'


# Reading


class _DoctypeFound(Exception):
    pass


class _NoDoctypeBuilder(ET.TreeBuilder):
    """A tree builder that stops at a DTD, before any entity in it can be declared or used."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeFound(name)


def parse_xml(data: bytes, display: str) -> ET.Element:
    """Parse untrusted XML bytes into an element tree, rejecting a DTD; raise InputError with the line when it is not well-formed."""
    parser = ET.XMLParser(target=_NoDoctypeBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except _DoctypeFound:
        raise InputError(
            _("{file} declares a DTD (<!DOCTYPE>), which an XLIFF file never needs, so it is not read", file=display),
            path=display,
            hint=_("Export the file again as XLIFF 2.0 from the translation tool; a file with entity declarations may be an attack."),
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        raise InputError(
            _("{file} is not well-formed XML: {reason}", file=display, reason=_parse_reason(error)),
            path=display,
            line=line,
            column=column + 1,
            hint=_("The file may be cut off or damaged: export it again from the translation tool."),
        ) from None


def _parse_reason(error: ET.ParseError) -> str:
    # ParseError's text ends with ": line X, column Y", which the message already shows.
    return re.sub(r":? ?line \d+, column \d+$", "", str(error))


def read_xliff(data: bytes, display: str) -> ExchangeFile:
    """Read a translated XLIFF 2.0 file into entries, one per unit."""
    root = parse_xml(data, display)
    if root.tag == f"{{{_XLIFF_12}}}xliff":
        raise InputError(
            _("{file} is XLIFF 1.2; linkstar reads XLIFF 2.0", file=display),
            path=display,
            hint=_("Save the translation as XLIFF 2.0 in the translation tool, or import the XLIFF 2.0 file that `linkstar l10n export` wrote."),
        )
    if root.tag != _NS + "xliff" or not root.get("version", "").startswith("2."):
        raise InputError(
            _("{file} is not an XLIFF 2.0 document (root element {element}, version {version})", file=display, element=_local(root.tag), version=root.get("version", "-")),
            path=display,
            line=1,
            hint=_("Import the XLIFF 2.0 file that `linkstar l10n export` wrote, translated."),
        )
    target_locale = root.get("trgLang")
    if not target_locale:
        raise InputError(
            _("{file} has no target language (trgLang)", file=display),
            path=display,
            line=1,
            hint=_("Set the target language in the translation tool and save the file again."),
        )
    entries = []
    for file_element in root.iter(_NS + "file"):
        sku = file_element.get("id")
        if not sku:
            raise InputError(_("{file} has a <file> element without id", file=display), path=display, hint=_("Each <file> needs the SKU id that linkstar wrote as its id."))
        for unit in file_element.iter(_NS + "unit"):
            entries.append(_entry(sku, unit, display))
    return ExchangeFile(format="xliff", source_locale=root.get("srcLang"), target_locale=target_locale, entries=entries)


def _entry(sku: str, unit: ET.Element, display: str) -> ExchangeEntry:
    unit_id = unit.get("id")
    if not unit_id:
        raise InputError(
            _("{file}: a unit of SKU {sku} has no id", file=display, sku=sku),
            path=display,
            hint=_("Each <unit> needs the id that linkstar wrote; export the SKU again."),
        )
    sources, targets = [], []
    needs_review = False
    complete = True
    for part in unit:
        if part.tag not in (_NS + "segment", _NS + "ignorable"):
            continue
        source = _content(part.find(_NS + "source"), display)
        target_element = part.find(_NS + "target")
        target = _content(target_element, display)
        if part.tag == _NS + "segment":
            needs_review = needs_review or part.get("state", "initial") == "initial"
            untranslated = bool(source.strip()) and not target.strip()
            complete = complete and not untranslated
        elif target_element is None:
            target = source  # whitespace between segments, kept as in the source
        sources.append(source)
        targets.append(target)
    return ExchangeEntry(
        sku=sku,
        field=unit_id,
        source="".join(sources),
        target="".join(targets) if complete else "",
        needs_review=needs_review,
        where=_("unit {unit}", unit=unit_id),
        alternative_field=unit.get("name"),
    )


def _content(element: ET.Element | None, display: str) -> str:
    """Return the text of a <source> or <target>, with <cp> characters restored and inline codes left out."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _NS + "cp":
            parts.append(_code_point(child.get("hex", ""), display))
        elif child.tag not in _PLACEHOLDERS:
            parts.append(_content(child, display))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_digits: str, display: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except (ValueError, OverflowError):
        raise InputError(
            _("{file}: <cp hex=\"{hex}\"/> is not a Unicode code point", file=display, hex=hex_digits),
            path=display,
            hint=_("Write the character as hexadecimal digits, for example <cp hex=\"0007\"/>."),
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
