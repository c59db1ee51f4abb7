"""Reading text files the way content teams save them: UTF-8 (with or without BOM), UTF-16, or GBK/GB18030."""

from __future__ import annotations

import codecs
from pathlib import Path

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _


def decode_text(data: bytes, display: str) -> str:
    """Decode file bytes, trying UTF-8 first and GB18030 (a superset of GBK) second.

    A BOM decides the encoding when present and never stays in the text.
    """
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        _("{file} is not valid UTF-8 or GBK text", file=display),
        path=display,
        hint=_("Save the file as UTF-8 in your editor and run the command again."),
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
