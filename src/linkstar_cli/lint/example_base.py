"""The small, clean content repo that every rule example starts from.

Each example in a rule's documentation lists only the files it adds or changes on
top of these. The test suite builds the repo, runs that one rule and checks the
outcome. The base itself must produce no finding from any rule.
"""

from __future__ import annotations

from linkstar_cli.lint.rule import CopiedFile, GeneratedImage

LICENCE = """\
    licence:
      kind: owned
      owner: Example GmbH
      source: studio shoot 2026-03
"""

BRIEF = """\
id: EX-1
brand: Example
category: apparel.tshirt
gtin: "0614141000036"
targets: [amazon-de]
weight_kg: 0.5
dimensions_cm: {length: 30, width: 20, height: 2}
materials:
  - {name: cotton, percent: 100}
compliance:
  manufacturer: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany", email: safety@example.com}
  responsible_person: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany", email: safety@example.com}
prices: {amazon-de: "19.99"}
"""

COPY_EN = """\
title: Example T-Shirt, Soft Cotton Crew Neck, Regular Fit, Navy
bullets:
  - Soft cotton jersey that stays comfortable all day
  - Regular fit with a classic crew neck
  - Machine washable at 30 degrees
  - Navy colour that goes with everything
  - Weighs 0.5 kg, light enough for travel
description: A plain cotton T-shirt for every day.
search_terms: cotton tee crew neck shirt casual
overlays:
  headline: Soft cotton tee
  feature_1: Soft jersey
  feature_2: Regular fit
  feature_3: Machine washable
"""

COPY_DE = """\
title: Example T-Shirt, weiche Baumwolle, Rundhals, normale Passform, Marineblau
bullets:
  - Weicher Baumwolljersey, der den ganzen Tag bequem bleibt
  - Normale Passform mit klassischem Rundhalsausschnitt
  - Maschinenwaschbar bei 30 Grad
  - Marineblau, passt zu allem
  - Wiegt 0,5 kg und ist leicht genug für Reisen
description: Ein schlichtes Baumwoll-T-Shirt für jeden Tag.
search_terms: baumwolle tshirt rundhals shirt freizeit
overlays:
  headline: Weiches Baumwollshirt
  feature_1: Weicher Jersey
  feature_2: Normale Passform
  feature_3: Maschinenwaschbar
"""

ASSETS = f"""\
assets:
  - file: main.jpg
    role: main
    alt: T-shirt on white
{LICENCE}  - file: gallery-1.jpg
    role: gallery
    alt: T-shirt folded
{LICENCE}"""

REVIEWS = """\
signoffs:
  - checklist: eu-gpsr
    item: safety-information
    market: DE
    by: safety@example.com
    at: "2026-03-02T10:00:00+00:00"
    note: Care label carries the washing instructions; a cotton T-shirt needs no warnings.
reviews: []
"""

BRAND = """\
name: Example
fonts:
  - id: sans
    file: fonts/NotoSans-Regular-subset.ttf
    licence: {kind: ofl, owner: Google LLC / Noto project, source: Debian package fonts-noto-core}
"""

BASE_FILES: dict[str, str | GeneratedImage | CopiedFile] = {
    "linkstar.yaml": "version: 1\nbrand: Example\nsource_locale: en-US\ntargets: [amazon-de]\n",
    "brand/brand.yaml": BRAND,
    "brand/fonts/NotoSans-Regular-subset.ttf": CopiedFile("tests/fixtures/fonts/NotoSans-Regular-subset.ttf"),
    "skus/EX-1/brief.yaml": BRIEF,
    "skus/EX-1/copy/en-US.yaml": COPY_EN,
    "skus/EX-1/copy/de-DE.yaml": COPY_DE,
    "skus/EX-1/assets/assets.yaml": ASSETS,
    "skus/EX-1/reviews.yaml": REVIEWS,
    "skus/EX-1/assets/main.jpg": GeneratedImage(2000, 2000),
    "skus/EX-1/assets/gallery-1.jpg": GeneratedImage(2000, 2000, box=(0.2, 0.2, 0.8, 0.8)),
}
