from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Email, FccId, Gtin, Money, PlatformId, PositiveNumber, Prop65Warning, SkuId, Url, WeeeRegistrationDE


class Dimensions(StrictModel):
    """Product dimensions in centimetres."""

    length: PositiveNumber
    width: PositiveNumber
    height: PositiveNumber


class Material(StrictModel):
    name: str
    percent: float | None = Field(default=None, gt=0, le=100)


class Party(StrictModel):
    """A manufacturer or an EU responsible person, as GPSR requires them to be shown."""

    name: str = Field(min_length=2)
    address: str = Field(min_length=10, description="Postal address with street, postcode, town and country.")
    email: Email | None = None
    url: Url | None = None


class Compliance(StrictModel):
    """Facts that compliance checklists read. Unknown is None, not False."""

    electrical: bool | None = None
    radio: bool | None = None
    battery: bool | None = None
    prop65: bool | None = Field(default=None, description="The product needs a California Prop 65 warning.")
    prop65_warning: Prop65Warning | None = Field(default=None, description="The warning text shown to buyers, starting with WARNING as California's safe-harbour wording does.")
    weee_registration: WeeeRegistrationDE | None = Field(default=None, description="German WEEE registration number, for example \"DE 12345678\".")
    fcc_id: FccId | None = None
    pse: Literal["diamond", "circle"] | None = Field(default=None, description="PSE mark type for Japan: diamond for specified products, circle for the others.")
    manufacturer: Party | None = None
    responsible_person: Party | None = None


class Variant(StrictModel):
    """One sellable variation of the product (a colour, a size)."""

    id: SkuId
    gtin: Gtin | None = None
    attributes: dict[str, str] = Field(default_factory=dict, description="Attribute name to value in the source locale, for example colour: Blue.")
    prices: dict[str, Money] = Field(default_factory=dict)
    weight_kg: PositiveNumber | None = None


class Brief(StrictModel):
    """``skus/<SKU>/brief.yaml``: locale-neutral product facts, in SI units."""

    id: SkuId
    brand: str
    category: str = Field(description="Dotted category path, for example apparel.hoodie or electronics.audio.")
    gtin: Gtin | None = None
    model_number: str | None = None
    targets: list[PlatformId] = Field(default_factory=list, description="Platform ids for this SKU; empty means the repo's targets.")
    materials: list[Material] = Field(default_factory=list)
    weight_kg: PositiveNumber | None = None
    dimensions_cm: Dimensions | None = None
    certifications: list[str] = Field(default_factory=list, description="Marks the product carries, for example CE, UKCA, WEEE, FCC, PSE.")
    compliance: Compliance = Field(default_factory=Compliance)
    prices: dict[str, Money] = Field(default_factory=dict, description="Price by platform id (amazon-de) or market code (DE), in the market's currency.")
    variants: list[Variant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _variant_ids_unique(self) -> Brief:
        seen: set[str] = set()
        for variant in self.variants:
            if variant.id in seen:
                raise PydanticCustomError(
                    "duplicate_variant",
                    _("variant id \"{sku}\" appears twice", sku=variant.id),
                    {"hint": _("Give every variant its own id.")},
                )
            seen.add(variant.id)
        return self
