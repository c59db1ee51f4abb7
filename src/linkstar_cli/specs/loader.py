"""Loading built-in and local platform specs, resolving ``extends:`` chains."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from linkstar_cli.errors import ConfigError, ErrorList
from linkstar_cli.i18n import _
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.yamlio import YamlDocument, load_yaml
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.model import PlatformSpec

MAX_EXTENDS_DEPTH = 8


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into a copy of ``base``: mappings merge key by key, everything else is replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class SpecRegistry:
    """All platform specs visible from a content repo: built-in ones, then local ``specs/*.yaml``."""

    def __init__(self, local_dir: Path | None = None, local_display: str = "specs") -> None:
        self._builtin = self._scan(data_dir("platform_specs"), "platform_specs")
        self._local = self._scan(local_dir, local_display) if local_dir else {}
        self._resolved: dict[str, PlatformSpec] = {}

    @staticmethod
    def _scan(folder: Path | None, display: str) -> dict[str, tuple[Path, str]]:
        found: dict[str, tuple[Path, str]] = {}
        if folder is None or not folder.is_dir():
            return found
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = (path, f"{display}/{path.name}")
        return found

    def ids(self) -> list[str]:
        """List the platform ids; files whose name starts with "_" are shared bases, not platforms."""
        return sorted(spec_id for spec_id in set(self._builtin) | set(self._local) if not spec_id.startswith("_"))

    def is_local(self, spec_id: str) -> bool:
        return spec_id in self._local

    def path_of(self, spec_id: str) -> str:
        entry = self._local.get(spec_id) or self._builtin.get(spec_id)
        return entry[1] if entry else spec_id

    def get(self, spec_id: str) -> PlatformSpec:
        """Load, merge and validate one spec; raise ConfigError when it is unknown or invalid."""
        if spec_id not in self._resolved:
            data, document = self._raw(spec_id, local=True, chain=())
            document.data = data
            spec = validate_document(document, PlatformSpec)
            if spec.id != spec_id:
                raise ConfigError(
                    _("spec file {file} declares id \"{found}\"; the file name says \"{expected}\"", file=document.display, found=spec.id, expected=spec_id),
                    path=document.display,
                    line=document.line_of(("id",)),
                    hint=_("Make the id match the file name."),
                )
            self._resolved[spec_id] = spec
        return self._resolved[spec_id]

    def load_all(self) -> list[PlatformSpec]:
        """Load every visible spec, collecting all errors before raising."""
        specs: list[PlatformSpec] = []
        problems: list[Any] = []
        for spec_id in self.ids():
            try:
                specs.append(self.get(spec_id))
            except ErrorList as error:
                problems.extend(error.errors)
            except ConfigError as error:
                problems.append(error)
        if problems:
            raise ErrorList(problems)
        return specs

    def unknown(self, spec_id: str) -> ConfigError:
        return ConfigError(
            _("unknown platform \"{platform}\"", platform=spec_id),
            hint=_("Known platforms: {known}. Run `linkstar specs list` to see them.", known=", ".join(self.ids())),
        )

    def _raw(self, spec_id: str, *, local: bool, chain: tuple[str, ...]) -> tuple[dict[str, Any], YamlDocument]:
        entry = (self._local.get(spec_id) if local else None) or self._builtin.get(spec_id)
        if entry is None:
            raise self.unknown(spec_id)
        path, display = entry
        document = load_yaml(path, display)
        data = document.data if isinstance(document.data, dict) else {}
        parent = data.get("extends")
        if not parent:
            return data, document
        if parent in chain or len(chain) >= MAX_EXTENDS_DEPTH:
            raise ConfigError(
                _("spec {file} extends itself through {chain}", file=display, chain=" -> ".join((*chain, spec_id, parent))),
                path=display,
                line=document.line_of(("extends",)),
                hint=_("Remove the loop from the extends: chain."),
            )
        # A local spec that extends its own id builds on the built-in spec of that id.
        from_local = local and not (parent == spec_id and spec_id in self._local)
        base, _base_document = self._raw(parent, local=from_local, chain=(*chain, spec_id))
        merged = deep_merge(base, data)
        merged["extends"] = parent
        if parent.startswith("_"):
            merged.pop("extends")
        return merged, document
