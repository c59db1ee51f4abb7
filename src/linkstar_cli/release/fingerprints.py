"""Fingerprints of the content each review layer covers.

Sources are hashed from their validated models as canonical JSON, so a comment,
quoting or whitespace change in a YAML file leaves every fingerprint as it was,
while any changed value changes it. Rendered outputs are taken by their SHA-256
from ``manifest.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.model.config import ReviewLayer
from linkstar_cli.render.freshness import PackageState
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import sha256_file, sha256_json

LAYERS: tuple[ReviewLayer, ...] = ("accuracy", "language", "visual", "platform")


def canonical(value: Any) -> Any:
    """Turn a model dump into plain JSON values: ``20.0`` and ``20.00`` become the same number text."""
    if isinstance(value, BaseModel):
        return canonical(value.model_dump(mode="python"))
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class SourceHashes:
    """Hashes of one SKU's source content in one locale: brief, copy, and the assets with their files."""

    brief: str
    copy: str
    assets: str

    def as_dict(self) -> dict[str, str]:
        return {"brief": self.brief, "copy": self.copy, "assets": self.assets}


def source_hashes(repo: ContentRepo, sku: str, locale: str) -> SourceHashes:
    """Hash the brief, the copy of ``locale`` and the assets of ``sku``, raising InputError for a missing or invalid file."""
    copy_path = repo.copy_path(sku, locale)
    if not copy_path.is_file():
        raise InputError(
            _("no copy for {locale}: {file} does not exist", locale=locale, file=repo.display(copy_path)),
            path=repo.display(copy_path),
            hint=_("Create the copy file, or pass a locale that has one."),
        )
    return SourceHashes(
        brief=sha256_json(canonical(repo.brief(sku))),
        copy=sha256_json(canonical(repo.copy(sku, locale))),
        assets=_assets_hash(repo, sku),
    )


def _assets_hash(repo: ContentRepo, sku: str) -> str:
    catalog = repo.assets(sku)
    catalog_file = f"skus/{sku}/assets/assets.yaml"
    files: dict[str, str] = {}
    for asset in catalog.assets:
        path = repo.resolve(asset.file, repo.assets_dir(sku), display=catalog_file)
        if not path.is_file():
            raise InputError(
                _("asset file not found: {file}", file=repo.display(path)),
                path=catalog_file,
                hint=_("Add the file, or fix its name in assets.yaml."),
            )
        files[asset.file] = sha256_file(path)
    return sha256_json({"catalog": canonical(catalog), "files": files})


def layer_fingerprints(sources: SourceHashes, package: PackageState | None) -> dict[ReviewLayer, str | None]:
    """Return the fingerprint of each layer, with None for visual and platform until the package is rendered.

    - language: the copy of the locale;
    - accuracy: the brief and that copy;
    - visual: the assets (catalog and files) and the rendered images;
    - platform: the rendered listing (listing.json and listing.md).
    """
    rendered = package is not None and package.rendered
    return {
        "accuracy": sha256_json({"layer": "accuracy", "brief": sources.brief, "copy": sources.copy}),
        "language": sha256_json({"layer": "language", "copy": sources.copy}),
        "visual": sha256_json({"layer": "visual", "assets": sources.assets, "images": package.images()}) if rendered else None,  # type: ignore[union-attr]
        "platform": sha256_json({"layer": "platform", "listing": package.listing()}) if rendered else None,  # type: ignore[union-attr]
    }
