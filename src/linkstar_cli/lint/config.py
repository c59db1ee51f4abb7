"""The ``lint:`` section of linkstar.yaml: rule levels, options and stages."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from linkstar_cli.lint.findings import Level
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import RelPath

Setting = Literal["off", "error", "warning", "info"]


class StageConfig(StrictModel):
    """Levels for one stage of work, for example draft or release."""

    cap: Level | None = Field(default=None, description="Highest level a finding can have in this stage; draft: warning makes nothing block.")
    rules: dict[str, Any] = Field(default_factory=dict, description="Per-rule levels or options that apply in this stage only.")


def _default_stages() -> dict[str, StageConfig]:
    return {"draft": StageConfig(cap=Level.WARNING), "release": StageConfig()}


class LintConfig(StrictModel):
    """Lint settings. A rule entry is off, a level, or a mapping of level and options."""

    stage: str = Field(default="release", description="Stage used when lint runs without --stage.")
    rules: dict[str, Any] = Field(default_factory=dict)
    stages: dict[str, StageConfig] = Field(default_factory=_default_stages)
    baseline: RelPath = Field(default="lint-baseline.json", description="File that --write-baseline writes and later runs read.")
    spec_max_age_days: int = Field(default=365, ge=1, description="A spec checked longer ago than this is reported by spec-stale.")

    @model_validator(mode="after")
    def _keep_default_stages(self) -> LintConfig:
        # Stages written in linkstar.yaml add to draft and release rather than replace them,
        # so configuring one stage cannot make the default stage disappear.
        for name, stage in _default_stages().items():
            self.stages.setdefault(name, stage)
        return self
