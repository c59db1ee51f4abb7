"""Message catalogs (English source strings, Simplified Chinese translations) and language selection.

Every string a user reads goes through ``_``. Catalogs are gettext PO files under
``i18n/<lang>/``; all PO files of a language are merged, so each command group can
keep its own file. English needs no catalog: the msgid is the English text.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from importlib import resources

SUPPORTED = ("en", "zh_CN")
_language = "en"


def normalize_language(tag: str | None) -> str | None:
    """Map a language tag (``zh-CN``, ``zh_CN.UTF-8``, ``zh-Hans``, ``en_US``) to a supported catalog."""
    if not tag:
        return None
    base = tag.split(".")[0].split("@")[0].replace("-", "_").lower()
    if base in ("c", "posix"):
        return "en"
    if base.startswith("zh"):
        # Traditional Chinese users get English rather than the wrong script.
        if any(part in base for part in ("_tw", "_hk", "_mo", "hant")):
            return "en"
        return "zh_CN"
    if base.startswith("en"):
        return "en"
    return None


def detect_language(explicit: str | None = None) -> str:
    """Choose the language: ``--lang``, then ``LINKSTAR_LANG``, then the system locale, else English."""
    for candidate in (explicit, os.environ.get("LINKSTAR_LANG")):
        if candidate:
            return normalize_language(candidate) or "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalize_language(os.environ.get(name))
        if found:
            return found
    for part in os.environ.get("LANGUAGE", "").split(":"):
        found = normalize_language(part)
        if found:
            return found
    try:
        system = locale.getlocale()[0]
    except ValueError:
        system = None
    return normalize_language(system) or "en"


def set_language(language: str) -> None:
    """Set the process-wide message language (``en`` or ``zh_CN``)."""
    global _language
    _language = normalize_language(language) or "en"


def get_language() -> str:
    return _language


@cache
def _catalog(language: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    folder = resources.files(__package__).joinpath(language)
    if not folder.is_dir():
        return messages
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, (tuple, list)):
                # Chinese has a single plural form: the first translation serves every count.
                strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
                if strings and strings[0]:
                    messages[message.id[0]] = str(strings[0])
            elif message.string:
                messages[message.id] = str(message.string)
    return messages


def _(message: str, /, **params: object) -> str:
    """Translate ``message`` into the current language and fill in ``{named}`` placeholders."""
    if _language != "en":
        message = _catalog(_language).get(message, message)
    return message.format(**params) if params else message


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> str:
    """Translate a message that depends on ``count``; Chinese has one form for every count."""
    if _language != "en":
        translated = _catalog(_language).get(singular)
        if translated:
            return translated.format(**params) if params else translated
    message = singular if count == 1 else plural
    return message.format(**params) if params else message


def join_list(items: list[str], *, style: str = "standard") -> str:
    """Join items as the current language lists them ("a, b and c"; "a、b和c"); style "or" for alternatives."""
    from babel.lists import format_list

    return format_list(items, style=style, locale=_language)  # type: ignore[arg-type]


def N_(message: str, /) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message
