"""Loading built-in and local platform specs, resolving ``extends:`` chains."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from linkstar_cli.errors import ConfigError
from linkstar_cli.i18n import _
from linkstar_cli.repo.yamlio import YamlDocument
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.model import PlatformSpec
from linkstar_cli.specs.registry import DataRegistry, scan_folder


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into a copy of ``base``: mappings merge key by key, everything else is replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class SpecRegistry(DataRegistry[PlatformSpec]):
    """All platform specs visible from a content repo: built-in ones, then local ``specs/*.yaml``."""

    model = PlatformSpec

    def __init__(self, local_dir: Path | None = None, local_display: str = "specs") -> None:
        super().__init__(scan_folder(data_dir("platform_specs"), "platform_specs"), scan_folder(local_dir, local_display) if local_dir else {})

    def unknown(self, spec_id: str) -> ConfigError:
        return ConfigError(
            _("unknown platform \"{platform}\"", platform=spec_id),
            hint=_("Known platforms: {known}. Run `linkstar specs list` to see them.", known=", ".join(self.ids())),
        )

    def id_mismatch_message(self, file: str, found: str, expected: str) -> str:
        return _("spec file {file} declares id \"{found}\"; the file name says \"{expected}\"", file=file, found=found, expected=expected)

    def loop_message(self, file: str, chain: str) -> str:
        return _("spec {file} extends itself through {chain}", file=file, chain=chain)

    def merge(self, base: dict[str, Any], data: dict[str, Any], document: YamlDocument) -> dict[str, Any]:
        merged = deep_merge(base, data)
        parent = str(data["extends"])
        # A shared base (_amazon) is not a platform, so a spec built on it extends nothing a user can name.
        if parent.startswith("_"):
            merged.pop("extends", None)
        else:
            merged["extends"] = parent
        return merged
