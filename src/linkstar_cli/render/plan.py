"""Planning a render: which images to make from which sources, under which upload names.

Planning reads and validates every input of a SKU before anything is written, so
broken input stops the run with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from linkstar_cli import __version__
from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.model.assets import Asset
from linkstar_cli.model.brand import BrandColours
from linkstar_cli.repo.hashing import sha256_json
from linkstar_cli.specs.model import ImageOutput, PlatformSpec

BUILD_DIR = "build"  # render output, under the content repo root

# Bump when a change to the image code alters output pixels, so old outputs are re-rendered.
RENDERER_VERSION = 2


@dataclass(frozen=True)
class OverlayJob:
    layout_id: str
    layout_dirs: tuple[Path, ...]
    texts: tuple[tuple[str, str], ...]
    fonts: tuple[tuple[str, Path], ...]
    colours: BrandColours
    sku: str
    locale: str


@dataclass(frozen=True)
class ImageJob:
    """One output image: its upload name, how to make it and the key of everything it depends on."""

    name: str
    output: ImageOutput
    role: str  # the asset role the image shows; "infographic" for layouts
    source: Path | None
    source_display: str | None
    overlay: OverlayJob | None
    key: str


@dataclass
class SkuPlan:
    sku: str
    spec: PlatformSpec
    locale: str
    out_dir: Path
    images: list[ImageJob] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def asset_usable(asset: Asset, spec: PlatformSpec, locale: str) -> bool:
    """Tell whether an asset may be used for this market and copy locale."""
    if asset.markets and spec.market not in asset.markets:
        return False
    return asset.locale is None or asset.locale == locale


def sources_for(roles: list[str], assets: list[Asset], spec: PlatformSpec, locale: str) -> list[Asset]:
    """Return the usable assets of ``roles``, role by role in the order given, then catalog order."""
    chosen = []
    for role in roles:
        chosen.extend(asset for asset in assets if asset.role == role and asset_usable(asset, spec, locale))
    return chosen


def upload_name(pattern: str, sku: str, counters: dict[str, int], *, spec_file: str) -> str:
    """Fill ``{sku}`` and ``{seq}`` into an output name pattern; ``{seq}`` counts per pattern."""
    sequence = counters.get(pattern, 0) + 1
    try:
        name = pattern.format(sku=sku, seq=sequence)
    except (KeyError, IndexError, ValueError) as error:
        raise InputError(
            _("invalid output name pattern \"{pattern}\": {reason}", pattern=pattern, reason=error),
            path=spec_file,
            hint=_("Use only {sku} and {seq} in output names, for example {example}.", sku="{sku}", seq="{seq}", example="{sku}.PT{seq:02d}.jpg"),
        ) from None
    if "{seq" in pattern:
        counters[pattern] = sequence
    if "/" in name or "\\" in name or name.startswith("."):
        raise InputError(
            _("output name \"{name}\" is not a plain file name", name=name),
            path=spec_file,
            hint=_("Output names may not contain folders or start with a dot."),
        )
    return name


def image_key(output: ImageOutput, source_hash: str | None, extra: object = None) -> str:
    return sha256_json(
        {
            "linkstar": __version__,
            "renderer": RENDERER_VERSION,
            "output": output.model_dump(mode="json", exclude={"name"}),
            "source": source_hash,
            "extra": extra,
        }
    )
