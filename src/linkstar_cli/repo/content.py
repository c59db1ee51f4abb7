"""The content repo: finding it and loading its files into models."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TypeVar, cast

from pydantic import BaseModel

from linkstar_cli.errors import InputError, UnsafePathError
from linkstar_cli.i18n import _
from linkstar_cli.model.assets import AssetCatalog
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.config import RepoConfig
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.types import sku_hint, sku_problem
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.paths import safe_join
from linkstar_cli.repo.yamlio import YamlDocument, load_yaml
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.specs.model import PlatformSpec

CONFIG_FILE = "linkstar.yaml"
ModelT = TypeVar("ModelT", bound=BaseModel)


def find_repo_root(start: Path) -> Path:
    """Walk up from ``start`` to the folder that contains linkstar.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise InputError(
        _("not inside a linkstar content repo: no {config} in {folder} or any parent folder", config=CONFIG_FILE, folder=start),
        hint=_("Run `linkstar init` to create one, or pass -C PATH to point at an existing repo."),
    )


class ContentRepo:
    """A content repo on disk. Files are loaded on first use and cached."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._documents: dict[Path, YamlDocument] = {}
        self._models: dict[tuple[Path, type[BaseModel]], BaseModel] = {}
        self._displays: dict[Path, str] = {}  # resolving a path costs a system call per folder

    @classmethod
    def discover(cls, start: Path) -> ContentRepo:
        return cls(find_repo_root(start))

    def display(self, path: Path) -> str:
        """Return ``path`` relative to the repo root, with forward slashes, for messages."""
        display = self._displays.get(path)
        if display is None:
            try:
                display = path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                display = path.as_posix()
            self._displays[path] = display
        return display

    def resolve(self, relative: str, base: Path | None = None, display: str | None = None) -> Path:
        return safe_join(self.root, base or self.root, relative, display=display)

    def document(self, path: Path) -> YamlDocument:
        if path not in self._documents:
            self._check_inside(path)
            self._documents[path] = load_yaml(path, self.display(path))
        return self._documents[path]

    def _check_inside(self, path: Path) -> None:
        """Reject a repo file that is, or lies in a folder that is, a symbolic link to a place outside the repo, before reading it."""
        display = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()
        resolved = path.resolve()
        if resolved != self.root and not resolved.is_relative_to(self.root):
            raise UnsafePathError(
                _("{file} points through a symbolic link to {target}, outside the content repo, so it was not read", file=display, target=resolved.as_posix()),
                path=display,
                hint=_("Replace the link with a copy of the file, because linkstar reads only files inside the content repo."),
                code="yaml-syntax",
            )

    def loaded_documents(self) -> dict[Path, YamlDocument]:
        """Return the YAML files read so far in this run, by path."""
        return dict(self._documents)

    def load_model(self, path: Path, model: type[ModelT]) -> ModelT:
        """Validate the file at ``path`` as ``model`` once per instance, and return the same object afterwards.

        Callers share the returned model, so they must not change it. A file that
        fails validation is not cached, so every call raises its error again.
        """
        key = (path, model)
        found = self._models.get(key)
        if found is None:
            found = self._models[key] = validate_document(self.document(path), model)
        return cast(ModelT, found)

    @cached_property
    def config(self) -> RepoConfig:
        return self.load_model(self.root / CONFIG_FILE, RepoConfig)

    @cached_property
    def specs(self) -> SpecRegistry:
        return SpecRegistry(self.root / "specs", "specs")

    def spec(self, platform: str) -> PlatformSpec:
        if platform not in self.specs.ids():
            raise self.specs.unknown(platform)
        return self.specs.get(platform)

    @cached_property
    def brand(self) -> Brand:
        return self.load_model(self.root / "brand" / "brand.yaml", Brand)

    @property
    def brand_dir(self) -> Path:
        return self.root / "brand"

    # SKUs

    @property
    def skus_dir(self) -> Path:
        return self.root / "skus"

    def sku_ids(self) -> list[str]:
        """List the SKU folders that contain a brief.yaml, sorted."""
        if not self.skus_dir.is_dir():
            return []
        return sorted(entry.name for entry in self.skus_dir.iterdir() if (entry / "brief.yaml").is_file())

    def folders_without_brief(self) -> list[Path]:
        """List the folders under skus/ that are not SKUs because they lack a brief.yaml (hidden folders aside)."""
        if not self.skus_dir.is_dir():
            return []
        return sorted(
            entry for entry in self.skus_dir.iterdir() if entry.is_dir() and not entry.name.startswith(".") and not (entry / "brief.yaml").is_file()
        )

    def sku_dir(self, sku: str) -> Path:
        problem = sku_problem(sku)
        if problem:
            raise InputError(problem, hint=sku_hint())
        folder = self.skus_dir / sku
        if not (folder / "brief.yaml").is_file():
            raise InputError(
                _("SKU \"{sku}\" not found: {file} does not exist", sku=sku, file=f"skus/{sku}/brief.yaml"),
                hint=_("Check the SKU id, or create it with `linkstar new-sku {sku}`.", sku=sku),
            )
        return folder

    def brief(self, sku: str) -> Brief:
        path = self.sku_dir(sku) / "brief.yaml"
        brief = self.load_model(path, Brief)
        if brief.id != sku:
            document = self.document(path)
            raise InputError(
                _("brief id \"{found}\" does not match its folder name \"{expected}\"", found=brief.id, expected=sku),
                path=document.display,
                line=document.line_of(("id",)),
                field="id",
                hint=_("Make the id equal to the folder name under skus/."),
            )
        return brief

    def copy_locales(self, sku: str) -> list[str]:
        folder = self.sku_dir(sku) / "copy"
        if not folder.is_dir():
            return []
        return sorted(path.stem for path in folder.glob("*.yaml"))

    def copy_path(self, sku: str, locale: str) -> Path:
        return self.sku_dir(sku) / "copy" / f"{locale}.yaml"

    def copy(self, sku: str, locale: str) -> Copy:
        return self.load_model(self.copy_path(sku, locale), Copy)

    def assets_dir(self, sku: str) -> Path:
        return self.sku_dir(sku) / "assets"

    def assets(self, sku: str) -> AssetCatalog:
        """Load a SKU's assets.yaml, rejecting at its line any file path that leaves the repo."""
        path = self.assets_dir(sku) / "assets.yaml"
        if not path.is_file():
            return AssetCatalog()
        catalog = self.load_model(path, AssetCatalog)
        document = self.document(path)
        for index, asset in enumerate(catalog.assets):
            line, column = document.location_of(("assets", index, "file")) or (None, None)
            safe_join(self.root, path.parent, asset.file, display=document.display, line=line, column=column)
        return catalog

    def targets_of(self, brief: Brief) -> list[str]:
        """Return the SKU's own targets, or the repo's when the brief names none."""
        return list(brief.targets or self.config.targets)

    def copy_locale_for(self, sku: str, spec: PlatformSpec) -> str | None:
        """Pick the copy file for a target: the configured or spec locale, else the same language.

        Among same-language files the source locale is preferred, so a UK listing
        falls back to en-US copy when the source locale is en-US and no en-GB file exists.
        """
        wanted = self.config.target_locales.get(spec.id, spec.locale)
        available = self.copy_locales(sku)
        if wanted in available:
            return wanted
        language = wanted.split("-")[0]
        same_language = [locale for locale in available if locale.split("-")[0] == language]
        if self.config.source_locale in same_language:
            return self.config.source_locale
        return same_language[0] if same_language else None
