"""Extra files that render writes beside the images and listing text.

A SKU writer makes files for one SKU's package (the HTML preview); a platform
writer makes files for all SKUs of a platform rendered in one run (the bulk upload
file). Writers return file names and bytes; the pipeline writes them atomically,
skips unchanged ones and records them in the manifest. A writer adds itself to
``SKU_WRITERS`` or ``PLATFORM_WRITERS`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.render.plan import ImageJob, SkuPlan
from linkstar_cli.render.text import RenderedListing
from linkstar_cli.specs.model import PlatformSpec


@dataclass(frozen=True)
class Package:
    """One SKU's rendered package for one platform."""

    plan: SkuPlan
    brief: Brief
    copy: Copy
    listing: RenderedListing

    @property
    def images(self) -> list[ImageJob]:
        return self.plan.images


SkuWriter = Callable[[Package], dict[str, bytes]]
PlatformWriter = Callable[[PlatformSpec, list[Package], "tuple[int, int] | None"], dict[str, bytes]]

SKU_WRITERS: list[SkuWriter] = []
PLATFORM_WRITERS: list[PlatformWriter] = []
