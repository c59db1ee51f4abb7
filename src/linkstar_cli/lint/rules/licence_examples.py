"""Documented examples of the licence rules, as changes to the example repo's assets.yaml.

The example SKU targets amazon-de (market DE); the examples run on 2026-12-01.
Brand fonts and logos follow the same rules; the tests cover them.
"""

from __future__ import annotations

from linkstar_cli.i18n import N_
from linkstar_cli.lint.example_base import LICENCE
from linkstar_cli.lint.rule import Example, GeneratedImage

ASSETS_FILE = "skus/EX-1/assets/assets.yaml"
UNCHANGED: dict[str, str | GeneratedImage | None] = {}

_GALLERY = f"""\
  - file: gallery-1.jpg
    role: gallery
    alt: T-shirt folded
{LICENCE}"""


def main_licence(lines: str = "", *, licence: str | None = LICENCE, entry: str = "") -> dict[str, str | GeneratedImage | None]:
    """Return assets.yaml whose main image has ``licence`` plus ``lines`` (indented under licence:) and ``entry`` lines."""
    block = "" if licence is None else licence + "".join(f"      {line}\n" for line in lines.splitlines())
    main = f"  - file: main.jpg\n    role: main\n    alt: T-shirt on white\n{entry}{block}"
    return {ASSETS_FILE: f"assets:\n{main}{_GALLERY}"}


EXAMPLES: dict[str, tuple[Example, ...]] = {
    "licence-missing": (
        Example(True, N_("both images have a licence"), UNCHANGED),
        Example(False, N_("the main image has no licence block"), main_licence(licence=None)),
    ),
    "licence-expired": (
        Example(True, N_("a licence valid until mid-2027"), main_licence("expires: 2027-06-30")),
        Example(False, N_("a licence that expired on 2026-06-30"), main_licence("expires: 2026-06-30")),
    ),
    "licence-expiring": (
        Example(True, N_("a licence valid until mid-2027"), main_licence("expires: 2027-06-30")),
        Example(False, N_("a licence that expires on 2026-12-20, in 19 days"), main_licence("expires: 2026-12-20")),
        Example(False, N_("60 days of warning: a licence that expires on 2027-01-15"), main_licence("expires: 2027-01-15"), {"days": 60}),
    ),
    "licence-market": (
        Example(True, N_("a licence for Germany and Austria"), main_licence("markets: [DE, AT]")),
        Example(False, N_("a licence for the US only, on an amazon-de listing"), main_licence("markets: [US]")),
        Example(True, N_("an image kept to the US market, with a US licence"), main_licence("markets: [US]", entry="    markets: [US]\n")),
    ),
    "licence-editorial": (
        Example(True, N_("a commercial licence"), UNCHANGED),
        Example(False, N_("an editorial-only stock photo as the main image"), main_licence(licence="    licence:\n      kind: editorial\n      owner: Example Press\n")),
        Example(False, N_("a licence that forbids commercial use"), main_licence("commercial_use: false")),
    ),
    "licence-attribution": (
        Example(True, N_("a CC BY photo with its credit line"), main_licence(licence="    licence:\n      kind: cc-by\n      owner: Jane Doe\n      attribution_required: true\n      attribution: Photo by Jane Doe, CC BY 4.0\n")),
        Example(False, N_("a CC BY photo without a credit line"), main_licence(licence="    licence:\n      kind: cc-by\n      owner: Jane Doe\n      attribution_required: true\n")),
        Example(False, N_("a CC BY photo that does not say attribution_required, which CC BY always implies"), main_licence(licence="    licence:\n      kind: cc-by\n      owner: Jane Doe\n")),
    ),
    "asset-uncatalogued": (
        Example(True, N_("every image in assets.yaml, and a notes file"), {"skus/EX-1/assets/notes.txt": "Shot on 2026-03-02.\n"}),
        Example(False, N_("an image that assets.yaml does not list"), {"skus/EX-1/assets/gallery-2.jpg": GeneratedImage(2000, 2000)}),
    ),
}
