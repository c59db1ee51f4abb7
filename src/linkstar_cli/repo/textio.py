"""Reading text files the way content teams save them: UTF-8 (with or without BOM), UTF-16, or GBK/GB18030."""

from __future__ import annotations

import codecs
from pathlib import Path

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _


GB2312_SHARE = 0.9


def plausible_chinese(text: str) -> bool:
    """Tell whether a GB18030 reading looks like real Chinese text rather than misread Western bytes.

    GB18030 decodes almost any byte string, so a reading counts only when nearly every
    non-ASCII character is one of the 7,445 characters of GB2312, which everyday
    Chinese text is made of. Text saved as Windows-1252 ("ANSI" on a Western PC) and
    read as GB18030 gives rare characters outside it, such as "鋘" for "än".
    """
    others = [char for char in text if ord(char) > 0x7F]
    if not others:
        return True
    in_gb2312 = 0
    for char in others:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        in_gb2312 += 1
    return in_gb2312 / len(others) >= GB2312_SHARE


def decode_text(data: bytes, display: str) -> str:
    """Decode file bytes: UTF-8 first, then GB18030 (a superset of GBK) when the result reads as Chinese.

    A BOM decides the encoding when present and never stays in the text. Anything
    else (Windows-1252, Shift JIS, ...) is an error rather than silently garbled text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode_or_fail(data, "utf-8-sig", display)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_fail(data, "utf-16", display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_invalid = error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and plausible_chinese(text):
        return text
    raise _not_text(display, data, first_invalid)


def _decode_or_fail(data: bytes, encoding: str, display: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _not_text(display, data, error.start) from None


def _not_text(display: str, data: bytes, offset: int) -> InputError:
    """Build the error for undecodable bytes, located at the first byte that is not valid UTF-8."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return InputError(
        _("{file} is not valid UTF-8 or GBK text", file=display),
        path=display,
        line=line,
        column=len(data[line_start:offset].decode("utf-8", errors="replace")) + 1,
        hint=_(
            "The first invalid byte is 0x{byte} at byte offset {offset}. linkstar reads UTF-8 (with or without a BOM), UTF-16 with a BOM, and GBK/GB18030. Save the file as UTF-8 in your editor (in Windows Notepad: Save As, Encoding: UTF-8).",
            byte=f"{data[offset]:02X}" if offset < len(data) else "--",
            offset=offset,
        ),
        code="encoding",
    )


def read_text(path: Path, display: str | None = None) -> str:
    """Read and decode a text file, raising InputError when it is missing or unreadable."""
    shown = display or path.as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("file not found: {file}", file=shown), path=shown) from None
    except IsADirectoryError:
        raise InputError(_("{file} is a folder, not a file", file=shown), path=shown) from None
    except OSError as error:
        raise InputError(
            _("cannot read {file}: {reason}", file=shown, reason=error.strerror or error),
            path=shown,
        ) from None
    return decode_text(data, shown)
