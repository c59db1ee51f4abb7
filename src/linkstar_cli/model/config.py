from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Locale, PlatformId

ReviewLayer = Literal["accuracy", "language", "visual", "platform"]


class MarketRoles(StrictModel):
    """Owner of a market's listings and the approvers of each review layer there."""

    owner: str | None = None
    approvers: dict[ReviewLayer, list[str]] = Field(default_factory=dict)


class Roles(StrictModel):
    """Responsibilities by market code (``DE``) or locale (``de-DE``); ``default`` applies elsewhere."""

    default: MarketRoles = Field(default_factory=MarketRoles)
    markets: dict[str, MarketRoles] = Field(default_factory=dict)


class RenderSettings(StrictModel):
    jobs: int | None = Field(default=None, ge=1, le=64, description="Worker processes for image rendering; default: the number of cores.")


class BulkSettings(StrictModel):
    """Settings of a platform's bulk upload file."""

    image_base_url: str | None = Field(default=None, pattern=r"^https?://\S+$", description="URL under which the images are hosted; image columns hold <image_base_url>/<SKU>/<upload name>. Without it they stay empty.")


class RepoConfig(StrictModel):
    """``linkstar.yaml``: repo-wide settings."""

    version: int = Field(default=1, ge=1, le=1, description="Format version of this file.")
    brand: str = Field(description="Brand name, as in brand/brand.yaml.")
    source_locale: Locale = Field(description="Locale in which copy is written first and translated from.")
    targets: list[PlatformId] = Field(default_factory=list, description="Platform ids that SKUs are listed on by default.")
    target_locales: dict[PlatformId, Locale] = Field(default_factory=dict, description="Copy locale to use for a target instead of the spec's locale.")
    roles: Roles = Field(default_factory=Roles)
    render: RenderSettings = Field(default_factory=RenderSettings)
    bulk: dict[PlatformId, BulkSettings] = Field(default_factory=dict, description="Bulk upload file settings by platform id.")
    lint: dict[str, Any] = Field(default_factory=dict, description="Rule levels and options (see docs/rules.md).")
