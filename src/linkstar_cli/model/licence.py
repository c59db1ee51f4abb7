from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Market, RelPath

LicenceKind = Literal[
    "owned",  # made by the brand or its staff
    "commissioned",  # work for hire, rights transferred by contract
    "stock",  # bought from a stock library
    "editorial",  # news or editorial use only
    "cc0",
    "cc-by",
    "cc-by-sa",
    "public-domain",
    "mit",
    "apache-2.0",
    "ofl",
    "unsplash",
    "other",
]


class Licence(StrictModel):
    """Licence record of one asset or font: who owns it, where it came from and how it may be used."""

    kind: LicenceKind
    owner: str | None = None
    source: str | None = Field(default=None, description="Where the file came from: a URL, a repository or a supplier.")
    licence_id: str | None = Field(default=None, description="Licence or invoice number, or an SPDX id.")
    licence_file: RelPath | None = Field(default=None, description="Licence text kept beside the file, relative to the record's file.")
    expires: date | None = None
    markets: list[Market] | None = Field(default=None, description="Markets where the licence allows use; empty means worldwide.")
    commercial_use: bool = True
    attribution_required: bool = False
    attribution: str | None = Field(default=None, description="Credit line to show where attribution is required.")
