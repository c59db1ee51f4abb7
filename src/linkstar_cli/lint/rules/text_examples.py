"""Documented examples of the text rules, each a change to the German copy of the example repo.

The example repo targets amazon-de, whose copy locale is de-DE, so every example
edits ``skus/EX-1/copy/de-DE.yaml`` and is checked against the Amazon rules.
"""

from __future__ import annotations

from linkstar_cli.i18n import N_
from linkstar_cli.lint.example_base import COPY_DE
from linkstar_cli.lint.rule import Example

COPY_FILE = "skus/EX-1/copy/de-DE.yaml"


def _line(prefix: str) -> str:
    for line in COPY_DE.splitlines(keepends=True):
        if line.startswith(prefix):
            return line
    raise ValueError(f"no line starting with {prefix!r} in the example copy")


def replace_line(prefix: str, new: str) -> dict[str, str | None]:
    """Return the example's German copy with the line that starts with ``prefix`` replaced by ``new``."""
    return {COPY_FILE: COPY_DE.replace(_line(prefix), new, 1)}


def add_line_after(prefix: str, new: str) -> dict[str, str | None]:
    line = _line(prefix)
    return {COPY_FILE: COPY_DE.replace(line, line + new, 1)}


UNCHANGED: dict[str, str | None] = {}

EXAMPLES: dict[str, tuple[Example, ...]] = {
    "text-required": (
        Example(True, N_("title present"), UNCHANGED),
        Example(False, N_("title left out"), replace_line("title:", "")),
        Example(False, N_("empty title"), replace_line("title:", 'title: ""\n')),
    ),
    "text-length": (
        Example(True, N_("124 umlauts in the search terms take 248 of the 249 bytes"), replace_line("search_terms:", f"search_terms: {'ä' * 124}\n")),
        Example(False, N_("125 umlauts in the search terms take 250 bytes"), replace_line("search_terms:", f"search_terms: {'ä' * 125}\n")),
        Example(False, N_("a bullet of 251 characters"), replace_line("  - Marineblau", f"  - Marineblau{'u' * 241}\n")),
    ),
    "text-length-advice": (
        Example(True, N_("a title of 73 characters"), UNCHANGED),
        Example(
            False,
            N_("a title of 158 characters, over the 150 that Amazon advises"),
            replace_line(
                "title:",
                "title: Example T-Shirt, weiche Baumwolle, Rundhals, normale Passform, Marineblau, "
                "maschinenwaschbar bei 30 Grad, leicht und atmungsaktiv, ideal für Alltag und Reisen\n",
            ),
        ),
    ),
    "item-count": (
        Example(True, N_("five bullets"), UNCHANGED),
        Example(False, N_("six bullets, one more than Amazon accepts from sellers"), add_line_after("  - Wiegt", "  - Gefertigt in Portugal\n")),
    ),
    "forbidden-chars": (
        Example(True, N_("title without banned characters"), UNCHANGED),
        Example(False, N_("exclamation mark in the title"), replace_line("title:", "title: Example T-Shirt, weiche Baumwolle, Rundhals, Marineblau!\n")),
    ),
    "restricted-chars": (
        Example(True, N_("\"#\" in a model number"), replace_line("title:", "title: 'Example T-Shirt Modell #4301, weiche Baumwolle, Marineblau'\n")),
        Example(False, N_("\"<<\" and \">>\" around the size"), replace_line("title:", "title: 'Example T-Shirt, weiche Baumwolle << Größe XS >>'\n")),
    ),
    "forbidden-words": (
        Example(True, N_("title without promotional phrases"), UNCHANGED),
        Example(False, N_("\"Free Shipping\" in the title"), replace_line("title:", "title: Example T-Shirt, weiche Baumwolle, Marineblau, Free Shipping\n")),
        Example(False, N_("\"Rabatt\" (discount) in a German title"), replace_line("title:", "title: Example T-Shirt, weiche Baumwolle, Marineblau, 20 % Rabatt\n")),
        Example(False, N_("the brand name in the search terms"), replace_line("search_terms:", "search_terms: example baumwolle tshirt rundhals\n")),
    ),
    "forbidden-pattern": (
        Example(True, N_("description without contact details"), UNCHANGED),
        Example(False, N_("a web address in the description"), replace_line("description:", "description: Ein schlichtes Baumwoll-T-Shirt, mehr auf www.example.com\n")),
        Example(False, N_("an ASIN in the search terms"), replace_line("search_terms:", "search_terms: baumwolle tshirt b07xj8c8f5\n")),
        Example(False, N_("an ASIN in a bullet"), replace_line("  - Marineblau", "  - Marineblau, passt zu B07XJ8C8F5\n")),
        Example(False, N_("a German web address without www in the title"), replace_line("title:", "title: Example T-Shirt, weiche Baumwolle, Marineblau, example.de\n")),
    ),
    "word-repeat": (
        Example(True, N_("\"für\" three times, which the repeat limit skips"), replace_line("title:", "title: Example T-Shirt aus Baumwolle für Damen, für Herren und für Kinder\n")),
        Example(False, N_("a search term twice"), replace_line("search_terms:", "search_terms: baumwolle tshirt rundhals baumwolle\n")),
    ),
    "html": (
        Example(True, N_("line break in the description, which Amazon allows"), replace_line("description:", "description: Ein schlichtes Baumwoll-T-Shirt.<br>Für jeden Tag.\n")),
        Example(False, N_("bold text in the description"), replace_line("description:", "description: Ein <b>schlichtes</b> Baumwoll-T-Shirt für jeden Tag.\n")),
        Example(False, N_("an HTML entity in the description"), replace_line("description:", "description: Ein schlichtes T-Shirt aus Baumwolle &amp; Elasthan.\n")),
    ),
    "placeholder-text": (
        Example(True, N_("real description"), UNCHANGED),
        Example(False, N_("TBD as the description"), replace_line("description:", "description: TBD\n")),
        Example(False, N_("TODO at the end of a bullet"), replace_line("  - Marineblau", "  - Marineblau, passt zu allem TODO\n")),
        Example(False, N_("TBD in an overlay drawn on the infographic"), replace_line("  headline:", "  headline: TBD\n")),
    ),
    "all-caps": (
        Example(True, N_("the brand name in capitals"), replace_line("title:", "title: EXAMPLE T-Shirt, weiche Baumwolle, Rundhals, Marineblau\n")),
        Example(True, N_("a clothing size in capitals"), replace_line("title:", "title: Example T-Shirt, weiche Baumwolle, Größe XXXL, Marineblau\n")),
        Example(False, N_("a word in capitals"), replace_line("title:", "title: Example T-Shirt, weiche BAUMWOLLE, Rundhals, Marineblau\n")),
    ),
    "emoji": (
        Example(True, N_("title without emoji"), UNCHANGED),
        Example(False, N_("a star emoji in the title"), replace_line("title:", "title: Example T-Shirt ⭐ weiche Baumwolle, Marineblau\n")),
        Example(False, N_("an emoji in an overlay drawn on the infographic"), replace_line("  feature_1:", "  feature_1: Weicher Jersey 👍\n")),
    ),
    "invisible-chars": (
        Example(True, N_("line breaks in the description"), replace_line("description:", "description: |\n  Ein schlichtes Baumwoll-T-Shirt.\n  Für jeden Tag.\n")),
        Example(False, N_("a zero-width space inside the title"), replace_line("title:", 'title: "Example T-Shirt, weiche\\u200bBaumwolle, Marineblau"\n')),
        Example(False, N_("a line break in the title"), replace_line("title:", "title: |\n  Example T-Shirt, weiche Baumwolle,\n  Marineblau\n")),
    ),
}
