"""Extra files that render writes beside the images and listing text.

A SKU writer makes files for one SKU's package, such as the HTML preview. A
platform writer makes files for all SKUs of a platform rendered in one run, such
as the bulk upload file. Writers return file names and bytes. The pipeline writes
them atomically, skips unchanged ones and records them in the manifest. A writer
is listed in ``SKU_WRITERS`` or ``PLATFORM_WRITERS`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from linkstar_cli.model.assets import AssetCatalog
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.render.bulk import write_bulk_file
from linkstar_cli.render.plan import ImageJob, SkuPlan
from linkstar_cli.render.preview import write_preview
from linkstar_cli.render.text import RenderedListing
from linkstar_cli.render.video import write_video_files
from linkstar_cli.specs.model import PlatformSpec


@dataclass(frozen=True)
class Package:
    """One SKU's planned package for one platform: its inputs, and every file render writes for it."""

    plan: SkuPlan
    brief: Brief
    copy: Copy
    listing: RenderedListing
    brand: Brand
    assets: AssetCatalog
    root: Path  # the content repo
    template_dirs: tuple[Path, ...]  # the repo's templates/ (when present), then the built-in ones
    files: dict[str, bytes] = field(default_factory=dict)  # listing text and writer output, filled while planning

    @property
    def images(self) -> list[ImageJob]:
        return self.plan.images


SkuWriter = Callable[[Package], dict[str, bytes]]
PlatformWriter = Callable[[PlatformSpec, list[Package], "tuple[int, int] | None"], dict[str, bytes]]

SKU_WRITERS: list[SkuWriter] = [write_preview, write_video_files]
PLATFORM_WRITERS: list[PlatformWriter] = [write_bulk_file]
