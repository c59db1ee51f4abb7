"""Extract the messages of linkstar and update the Simplified Chinese catalog.

Usage: python scripts/i18n_catalog.py [--check]

Every ``_()``/``ngettext()`` string in src/linkstar_cli is merged into
src/linkstar_cli/i18n/zh_CN/linkstar.po: new messages are added with an empty
translation, translations of messages that still exist are kept, and messages no
longer in the code are dropped. With --check nothing is written and the exit code
is 1 when a message lacks a translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "linkstar_cli"
CATALOG = PACKAGE / "i18n" / "zh_CN" / "linkstar.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="linkstar", charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(PACKAGE, method_map, keywords=KEYWORDS, strip_comment_tags=True):
        template.add(message, None, [(f"src/linkstar_cli/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def merged(template: Catalog) -> Catalog:
    if CATALOG.is_file():
        with CATALOG.open("rb") as handle:
            catalog = read_po(handle, locale="zh_CN")
    else:
        catalog = Catalog(locale="zh_CN", project="linkstar", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str]) -> int:
    catalog = merged(extract())
    missing = untranslated(catalog)
    if "--check" in argv:
        for message in missing:
            print(f"untranslated: {message}")
        return 1 if missing else 0
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=False, omit_header=False, include_lineno=False)
    print(f"{CATALOG.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
