"""gettext PO files: writing an export and reading a translated one back, through Babel.

Each field is one entry: ``msgctxt`` "<SKU>|<field path>", ``msgid`` the source
text, ``msgstr`` the translation, the notes as extracted comments (``#.``) and
the source field's place as a reference (``#:``). A stale field is ``fuzzy`` and
carries its old translation.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

from linkstar_cli import __version__
from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.l10n.exchange import CONTEXT_SEPARATOR, ExchangeEntry, ExchangeFile, ExportDocument
from linkstar_cli.l10n.fields import FieldState

_QUOTED = r'"(?:[^"\\]|\\.)*"'
# Each line of a PO file is blank, a comment, a keyword with a quoted string, or a quoted string that continues one.
_VALID_LINE = re.compile(rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}\s*|{_QUOTED}\s*|)$")


def write_po_file(document: ExportDocument, created: datetime) -> str:
    """Return the export as a PO file for the target locale."""
    catalog = Catalog(
        locale=_babel_locale(document.target_locale),
        project="linkstar",
        version=__version__,
        creation_date=created,
        header_comment=f"# linkstar l10n export: {document.source_locale} -> {document.target_locale}\n#",
        charset="utf-8",
        fuzzy=False,
    )
    for unit in document.units:
        catalog.add(
            unit.source,
            unit.target or "",
            context=unit.context,
            auto_comments=[note.text for note in unit.notes],
            locations=[(unit.source_file, unit.source_line)] if unit.source_file else [],
            flags=["fuzzy"] if unit.state is FieldState.STALE else [],
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_output=False)
    text = buffer.getvalue().decode("utf-8")
    if catalog.locale is None:
        # Babel writes no Language header without a CLDR locale; translation tools need one.
        text = text.replace('"MIME-Version: 1.0\\n"', f'"Language: {document.target_locale.replace("-", "_")}\\n"\n"MIME-Version: 1.0\\n"', 1)
    return text


def _babel_locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def read_po_file(data: bytes, display: str) -> ExchangeFile:
    """Read a translated PO file into entries; raise InputError with the line on a syntax error."""
    _check_lines(data, display)
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        lineno = getattr(error, "lineno", None)
        raise InputError(
            _("{file} is not a valid PO file: {reason}", file=display, reason=str(error)),
            path=display,
            line=lineno + 1 if isinstance(lineno, int) else None,  # Babel counts lines from 0
            hint=_("Fix the entry at that line in a PO editor such as Poedit, or export the file again."),
        ) from None
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(
            _("{file} cannot be decoded: {reason}", file=display, reason=str(error)),
            path=display,
            hint=_("Save the PO file as UTF-8 with \"charset=UTF-8\" in its Content-Type header."),
        ) from None
    target_locale = _target_locale(catalog)
    if not target_locale:
        raise InputError(
            _("{file} has no Language header, so its target locale is unknown", file=display),
            path=display,
            hint=_("Set the language in the PO editor (for Poedit: Translation > Properties), or export the file again."),
        )
    entries = [_entry(message) for message in catalog if message.id]
    return ExchangeFile(format="po", source_locale=None, target_locale=target_locale, entries=entries)


def _check_lines(data: bytes, display: str) -> None:
    """Reject a line that Babel would read leniently, such as a string without its closing quote, which Babel reads as empty."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    for number, line in enumerate(text.splitlines(), start=1):
        if not _VALID_LINE.match(line):
            raise InputError(
                _("{file} is not a valid PO file: line {line} is not a comment, a keyword with a quoted string, or a quoted string", file=display, line=number),
                path=display,
                line=number,
                hint=_("Fix the entry at that line in a PO editor such as Poedit, or export the file again."),
            )


def _target_locale(catalog: Catalog) -> str | None:
    if catalog.locale is not None:
        locale = catalog.locale
        return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)
    language = dict(catalog.mime_headers).get("Language", "").strip()
    return language.replace("_", "-") or None


def _entry(message: Message) -> ExchangeEntry:
    sku, _separator, field = (message.context or "").partition(CONTEXT_SEPARATOR)
    source, target = message.id, message.string
    if not isinstance(source, str) or not isinstance(target, str):
        # A plural entry: linkstar never writes one, so it names no field.
        source, target, sku, field = "", "", "", ""
    return ExchangeEntry(
        sku=sku,
        field=field,
        source=source,
        target=target,
        needs_review=message.fuzzy,
        where=_("line {line}", line=message.lineno if message.lineno is not None else "?"),
    )
