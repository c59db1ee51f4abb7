"""``preview.html``: one SKU's listing as a shopper sees it, for phone and desktop widths.

The page comes from the template ``preview/listing.html.j2``, looked up like the
listing templates (the content repo's ``templates/`` first, then the built-in
folder) and rendered in the same sandbox, but with HTML autoescaping on, so copy
text such as ``<script>`` is shown as text. The page refers to the package's
images by their upload names, because they sit beside it in
``build/<platform>/<SKU>/``. It holds no timestamps, so the same package gives
the same bytes.

Template context: the listing template variables that ``render/text.py``
documents except ``brand`` (the brief's ``brand`` field has the brand name),
plus:

- ``listing``: listing.json as parsed, with the platform's field names;
- ``images``: one dict per image of the package with ``name`` (upload file name)
  and ``role``, in upload order;
- ``main_image``: the first image with the role ``main``, else the first image,
  else None;
- ``direction``: ``rtl`` for right-to-left languages (Arabic, Hebrew, Persian,
  Urdu), else ``ltr``;
- ``description_lines``: the description split at ``<br>`` tags where the
  spec's description rule allows HTML or the ``br`` tag, else the description
  as one item; an empty list when the copy has no description.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from linkstar_cli.render.extras import Package
    from linkstar_cli.render.sandbox import ListingEnvironment

PREVIEW_FILE = "preview.html"
PREVIEW_TEMPLATE = "preview/listing.html.j2"
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def write_preview(package: Package) -> dict[str, bytes]:
    """Render ``preview.html`` for one SKU's package."""
    from linkstar_cli.render.sandbox import render_template

    environment = html_environment(package.template_dirs)
    page = render_template(environment, PREVIEW_TEMPLATE, preview_context(package), package.root)
    text = page.text if page.text.endswith("\n") else page.text + "\n"
    return {PREVIEW_FILE: text.encode("utf-8")}


@functools.lru_cache(maxsize=8)
def html_environment(search_dirs: tuple[Path, ...]) -> ListingEnvironment:
    """Create the listing sandbox with HTML autoescaping on.

    The listing sandbox leaves autoescaping off, because it writes JSON and
    Markdown. The overlay shares its loader, size caps and None check.
    """
    from linkstar_cli.render.text import make_environment

    return cast("ListingEnvironment", make_environment(list(search_dirs)).overlay(autoescape=True))


def preview_context(package: Package) -> dict[str, Any]:
    """Build the variables of the preview template, which the module docstring lists."""
    from linkstar_cli.render.overlay import is_rtl
    from linkstar_cli.render.text import helpers, select_price, variant_context

    plan = package.plan
    spec = plan.spec
    price = select_price(package.brief.prices, spec)
    images = [{"name": job.name, "role": job.role} for job in package.images]
    main_image = next((image for image in images if image["role"] == "main"), images[0] if images else None)
    return {
        "sku": package.brief.id,
        "locale": plan.locale,
        "spec": {
            "id": spec.id,
            "name": spec.name,
            "platform": spec.platform,
            "market": spec.market,
            "currency": spec.currency,
            "units": spec.units,
            "locale": spec.locale,
        },
        "brief": package.brief.model_dump(mode="json"),
        "copy": package.copy.model_dump(mode="json"),
        "price": price,
        "variants": [variant_context(variant, package.copy, spec, price) for variant in package.brief.variants],
        "listing": package.listing.fields,
        "images": images,
        "main_image": main_image,
        "direction": "rtl" if is_rtl(plan.locale) else "ltr",
        "description_lines": description_lines(package),
        **helpers(spec, plan.locale),
    }


def description_lines(package: Package) -> list[str]:
    """Split the description where the platform shows a line break."""
    description = package.copy.description
    if description is None:
        return []
    rule = package.plan.spec.text.get("description")
    if rule is None or not (rule.html or "br" in rule.allowed_tags):
        return [description]
    return [line.strip() for line in LINE_BREAK_TAG.split(description)]
