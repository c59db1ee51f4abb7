from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Base of every file model: unknown fields are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
