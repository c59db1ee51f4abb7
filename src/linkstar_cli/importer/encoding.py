"""Decoding export files: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK.

Without a BOM, the bytes are read both as UTF-8 and as GB18030. A reading counts
as evidence only when it is unlikely to happen by chance:

- UTF-8 is self-checking. Random GBK text passes that check for about one
  character in eight, and turns into an accented Latin letter, a CJK ideograph,
  kana or hangul for about one in forty. So valid UTF-8 is taken as UTF-8 when
  it has at least ``UTF8_EVIDENCE`` non-ASCII characters, or at least
  ``UTF8_LETTER_EVIDENCE`` that are all such letters. Random GB2312 text passed
  either test less than once in a million tries when this was measured.
- GB18030 decodes almost any byte string, so its reading counts only when nearly
  every non-ASCII character is one of the 7,445 characters of GB2312, which
  everyday Chinese text is made of. Western text saved as cp1252 or UTF-8 and
  read as GB18030 gives characters outside GB2312 or isolated rare ones.

When both readings stand and give different text, or neither does, the file is
rejected with a request for ``--encoding``: a wrong guess would put garbled
product names into the repo without anyone noticing.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.repo.textio import decode_text, plausible_chinese

UTF8_EVIDENCE = 8
UTF8_LETTER_EVIDENCE = 5


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def check_encoding_name(name: str) -> str:
    """Return the codec name Python uses for ``name``, or raise UsageError for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UsageError(
            _("unknown encoding \"{encoding}\"", encoding=name),
            hint=_("Use an encoding name such as utf-8, gb18030, utf-16 or cp1252."),
        ) from None


def decode_export(data: bytes, display: str, encoding: str | None = None) -> DecodedText:
    """Decode the bytes of an export file; ``encoding`` forces one instead of detecting it."""
    if encoding:
        return _decode_as(data, display, check_encoding_name(encoding))
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A BOM decides the encoding; the shared decoder strips it.
        name = "utf-8" if data.startswith(codecs.BOM_UTF8) else "utf-16"
        return DecodedText(decode_text(data, display), name)
    if b"\x00" in data:
        raise InputError(
            _("{file} contains NUL bytes: it looks like UTF-16 text without a byte order mark", file=display),
            path=display,
            hint=_("Pass --encoding utf-16-le (or utf-16-be), or save the file again as UTF-8."),
            code="encoding",
        )
    return _detect(data, display)


def _decode_as(data: bytes, display: str, name: str) -> DecodedText:
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    try:
        return DecodedText(data.decode(name), name)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            _("{file} is not valid {encoding} text: byte {byte} on line {line} cannot be decoded", file=display, encoding=name, byte=f"0x{data[error.start]:02X}", line=line),
            path=display,
            line=line,
            hint=_("Check the encoding the file was saved in and pass it with --encoding."),
            code="encoding",
        ) from None


def _try(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _non_ascii(text: str) -> list[str]:
    return [char for char in text if ord(char) > 0x7F]


def _is_text_letter(char: str) -> bool:
    """Latin letters with diacritics, CJK ideographs, kana and hangul: what real UTF-8 text is made of."""
    code = ord(char)
    return (0xC0 <= code <= 0x24F and char.isalpha()) or 0x3040 <= code <= 0x30FF or 0x4E00 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF


def _decisive_utf8(text: str) -> bool:
    others = _non_ascii(text)
    if len(others) >= UTF8_EVIDENCE:
        return True
    return len(others) >= UTF8_LETTER_EVIDENCE and all(_is_text_letter(char) for char in others)


def _detect(data: bytes, display: str) -> DecodedText:
    as_utf8 = _try(data, "utf-8")
    as_gb = _try(data, "gb18030")
    if as_utf8 is not None and (as_gb is None or as_gb == as_utf8):
        return DecodedText(as_utf8, "utf-8")
    if as_utf8 is not None and _decisive_utf8(as_utf8):
        return DecodedText(as_utf8, "utf-8")
    gb_plausible = as_gb is not None and plausible_chinese(as_gb)
    if as_utf8 is None and gb_plausible:
        assert as_gb is not None
        return DecodedText(as_gb, "gb18030")
    if as_utf8 is not None and not gb_plausible:
        return DecodedText(as_utf8, "utf-8")
    if as_utf8 is not None and as_gb is not None:
        sample_utf8, sample_gb = _first_difference(as_utf8, as_gb)
        raise InputError(
            _("cannot tell the encoding of {file}: read as UTF-8 it says \"{utf8}\", read as GB18030 \"{gb}\"", file=display, utf8=sample_utf8, gb=sample_gb),
            path=display,
            hint=_("Pass --encoding utf-8 or --encoding gb18030, whichever shows the text right; saving the file as UTF-8 with BOM avoids the question."),
            code="encoding",
        )
    raise InputError(
        _("{file} is neither UTF-8 nor GBK/GB18030 text", file=display),
        path=display,
        hint=_("Pass the encoding it was saved in with --encoding, for example --encoding cp1252 for a file from a Western-European Excel."),
        code="encoding",
    )


def _first_difference(first: str, second: str, width: int = 24) -> tuple[str, str]:
    """Return the stretch of each text around where they first differ, for the error message."""
    start = next((index for index, (a, b) in enumerate(zip(first, second)) if a != b), 0)
    begin = max(0, start - 4)
    return first[begin : begin + width].replace("\n", " "), second[begin : begin + width].replace("\n", " ")
