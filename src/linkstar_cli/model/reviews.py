"""``skus/<SKU>/reviews.yaml``: compliance sign-offs and, later, the four-layer content reviews."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Market

_KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


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


class Reviews(StrictModel):
    """Sign-offs for a SKU, appended by ``linkstar signoff``; content reviews go in ``reviews``."""

    signoffs: list[Signoff] = Field(default_factory=list)
    # NOTE: the four-layer review entries (accuracy, language, visual, platform) get their
    # model with the review command. Until then any mapping is accepted and kept as it is.
    reviews: list[dict[str, Any]] = Field(default_factory=list, description="Content reviews recorded by `linkstar review`.")
