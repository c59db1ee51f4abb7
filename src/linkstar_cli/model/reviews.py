"""``skus/<SKU>/reviews.yaml``: compliance sign-offs and the four-layer content reviews."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.config import ReviewLayer
from linkstar_cli.model.types import Locale, Market, PlatformId

_KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# The layers that review a rendered package, so their entries name the platform.
PLATFORM_LAYERS: tuple[ReviewLayer, ...] = ("visual", "platform")
ReviewVerdict = Literal["approve", "request-changes"]


def _check_kebab(value: str) -> str:
    if not _KEBAB.match(value):
        raise PydanticCustomError(
            "kebab_id",
            _("\"{value}\" is not a checklist or item id"),
            {"value": value, "hint": _("Ids are lower-case words joined by hyphens, for example eu-gpsr or safety-information.")},
        )
    return value


ChecklistId = Annotated[str, AfterValidator(_check_kebab), Field(description="Checklist id in kebab case, for example eu-gpsr.")]
ItemId = Annotated[str, AfterValidator(_check_kebab), Field(description="Item id within its checklist, for example safety-information.")]


class Signoff(StrictModel):
    """A person's statement that one checklist item holds for one market, where the data cannot show it."""

    checklist: ChecklistId
    item: ItemId
    market: Market = Field(description="Market code the sign-off is for, for example DE.")
    by: str = Field(min_length=1, description="E-mail address of the person who signed off.")
    at: datetime = Field(description="When the sign-off was recorded, as an ISO 8601 date and time with its UTC offset.")
    note: str | None = Field(default=None, description="What was checked, for the next reader.")


def _check_sha256(value: str) -> str:
    if not _SHA256.match(value):
        raise PydanticCustomError(
            "fingerprint",
            _("\"{value}\" is not a SHA-256 fingerprint"),
            {"value": value, "hint": _("Fingerprints are written by `linkstar review`; record the review again instead of editing one.")},
        )
    return value


Fingerprint = Annotated[str, AfterValidator(_check_sha256), Field(description="SHA-256 of the content the layer covers, as 64 hex digits.")]


class Review(StrictModel):
    """One reviewer's verdict on one layer of a SKU, bound to the content it covered by a fingerprint."""

    layer: ReviewLayer
    locale: Locale = Field(description="Copy locale that was reviewed, for example de-DE.")
    platform: PlatformId | None = Field(default=None, description="Platform whose rendered package was reviewed; only for the visual and platform layers.")
    by: str = Field(min_length=1, description="E-mail address of the reviewer.")
    at: datetime = Field(description="When the verdict was recorded, as an ISO 8601 date and time with its UTC offset.")
    verdict: ReviewVerdict
    note: str | None = Field(default=None, description="What was checked or what must change.")
    fingerprint: Fingerprint

    @model_validator(mode="after")
    def _platform_fits_layer(self) -> Review:
        if self.layer in PLATFORM_LAYERS and self.platform is None:
            raise PydanticCustomError(
                "review_platform",
                _("a {layer} review must name its platform", layer=self.layer),
                {"hint": _("Add \"platform:\" with the platform id, for example amazon-de.")},
            )
        if self.layer not in PLATFORM_LAYERS and self.platform is not None:
            raise PydanticCustomError(
                "review_platform",
                _("a {layer} review covers the copy of a locale on every platform and names no platform", layer=self.layer),
                {"hint": _("Remove \"platform:\" from this entry.")},
            )
        return self


class Reviews(StrictModel):
    """Sign-offs for a SKU, appended by ``linkstar signoff``, and content reviews, appended by ``linkstar review``."""

    signoffs: list[Signoff] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list, description="Content reviews recorded by `linkstar review`; the latest entry per layer, locale and platform counts.")
