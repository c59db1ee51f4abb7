"""Shared base of the spec and checklist registries: built-in files, and local files that override or extend them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from linkstar_cli.errors import ConfigError, ErrorList, LinkstarError
from linkstar_cli.i18n import _
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.yamlio import YamlDocument, load_yaml

MAX_EXTENDS_DEPTH = 8
ModelT = TypeVar("ModelT", bound=BaseModel)


def scan_folder(folder: Path | None, display: str) -> dict[str, tuple[Path, str]]:
    """Map the id (file stem) of each ``*.yaml`` in ``folder`` to its path and its name in messages."""
    found: dict[str, tuple[Path, str]] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yaml")):
        found[path.stem] = (path, f"{display}/{path.name}")
    return found


class DataRegistry(Generic[ModelT]):
    """Built-in data files, then a content repo's local ones. A local file with a built-in's id replaces it,
    and ``extends:`` builds one file on another (a local file that extends its own id extends the built-in).

    Subclasses set ``model`` and word the messages that name their kind of file.
    """

    model: type[ModelT]

    def __init__(self, builtin: dict[str, tuple[Path, str]], local: dict[str, tuple[Path, str]]) -> None:
        self._builtin = builtin
        self._local = local
        self._resolved: dict[str, ModelT] = {}

    def ids(self) -> list[str]:
        """List the ids; files whose name starts with "_" are shared bases that only ``extends:`` names."""
        return sorted(item for item in set(self._builtin) | set(self._local) if not item.startswith("_"))

    def is_local(self, item_id: str) -> bool:
        return item_id in self._local

    def path_of(self, item_id: str) -> str:
        entry = self._local.get(item_id) or self._builtin.get(item_id)
        return entry[1] if entry else item_id

    def get(self, item_id: str) -> ModelT:
        """Load, merge and validate one file; raise ConfigError or ErrorList when it is unknown or invalid."""
        if item_id not in self._resolved:
            data, document = self._raw(item_id, local=True, chain=())
            document.data = data
            loaded = validate_document(document, self.model)
            found = getattr(loaded, "id", item_id)
            if found != item_id:
                raise ConfigError(
                    self.id_mismatch_message(document.display, found, item_id),
                    path=document.display,
                    line=document.line_of(("id",)),
                    hint=_("Make the id match the file name."),
                    code="config",
                )
            self._resolved[item_id] = loaded
        return self._resolved[item_id]

    def load_all(self) -> list[ModelT]:
        """Load every visible file, collecting all errors before raising."""
        loaded: list[ModelT] = []
        problems: list[LinkstarError] = []
        for item_id in self.ids():
            try:
                loaded.append(self.get(item_id))
            except ErrorList as error:
                problems.extend(error.errors)
            except LinkstarError as error:
                problems.append(error)
        if problems:
            raise ErrorList(problems)
        return loaded

    # Wording and merging, per kind of file

    def unknown(self, item_id: str) -> ConfigError:  # pragma: no cover - every registry words its own
        raise NotImplementedError

    def id_mismatch_message(self, file: str, found: str, expected: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def loop_message(self, file: str, chain: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def merge(self, base: dict[str, Any], data: dict[str, Any], document: YamlDocument) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def _raw(self, item_id: str, *, local: bool, chain: tuple[str, ...]) -> tuple[dict[str, Any], YamlDocument]:
        entry = (self._local.get(item_id) if local else None) or self._builtin.get(item_id)
        if entry is None:
            raise self.unknown(item_id)
        path, display = entry
        document = load_yaml(path, display)
        data = document.data if isinstance(document.data, dict) else {}
        parent = data.get("extends")
        if not parent:
            return data, document
        parent = str(parent)
        if parent in chain or len(chain) >= MAX_EXTENDS_DEPTH:
            raise ConfigError(
                self.loop_message(display, " -> ".join((*chain, item_id, parent))),
                path=display,
                line=document.line_of(("extends",)),
                hint=_("Remove the loop from the extends: chain."),
                code="config",
            )
        from_local = local and not (parent == item_id and item_id in self._local)
        try:
            base, _base_document = self._raw(parent, local=from_local, chain=(*chain, item_id))
        except ConfigError as error:
            if error.path is not None:
                raise
            # An unknown parent is reported at the extends: line that names it.
            raise ConfigError(error.message, path=display, line=document.line_of(("extends",)), hint=error.hint, code="config") from None
        return self.merge(base, data, document), document
