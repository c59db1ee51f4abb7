"""The contexts that rules receive: the repo, one SKU, or one SKU on one platform, loaded once and shared.

Files that fail to load are recorded as problems (for the yaml-syntax, duplicate-key
and schema rules) and show up as None, so the other rules skip them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from linkstar_cli.errors import ErrorList, InputError, LinkstarError
from linkstar_cli.i18n import _
from linkstar_cli.lint.config import LintConfig
from linkstar_cli.lint.findings import Problem
from linkstar_cli.model.assets import AssetCatalog
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import FileHashes
from linkstar_cli.repo.yamlio import KeyPath, YamlDocument
from linkstar_cli.specs.model import PlatformSpec

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class LoadProblem:
    """A file that could not be read or validated, with the error's stable code."""

    code: str
    error: LinkstarError


class RepoContext:
    """Everything one lint run shares: the repo, its settings, specs and caches."""

    def __init__(self, repo: ContentRepo, config: LintConfig, *, today: date | None = None) -> None:
        self.repo = repo
        self.config = config
        self.today = today or date.today()
        self.load_problems: list[LoadProblem] = []
        self._specs: dict[str, PlatformSpec | None] = {}
        self.shared: dict[str, Any] = {}  # caches that rule families keep for the run
        self.hashes = FileHashes(repo.root)  # kept in .linkstar/cache between runs

    def record(self, error: LinkstarError) -> None:
        errors = error.errors if isinstance(error, ErrorList) else [error]
        for single in errors:
            self.load_problems.append(LoadProblem(single.code or "schema", single))

    def load(self, path: Path, model: type[ModelT], problems: list[LoadProblem] | None = None) -> ModelT | None:
        """Load ``path`` into ``model``; on failure record the problems and return None."""
        try:
            return self.repo.load_model(path, model)
        except LinkstarError as error:
            target = self.load_problems if problems is None else problems
            for single in error.errors if isinstance(error, ErrorList) else [error]:
                target.append(LoadProblem(single.code or "schema", single))
            return None

    def document(self, path: Path) -> YamlDocument | None:
        try:
            return self.repo.document(path)
        except LinkstarError:
            return None

    @cached_property
    def brand(self) -> Brand | None:
        path = self.repo.brand_dir / "brand.yaml"
        if not path.is_file():
            return None
        return self.load(path, Brand)

    def spec(self, platform: str) -> PlatformSpec | None:
        """Return a loaded spec, or None when it is unknown or invalid (reported once by spec rules)."""
        if platform not in self._specs:
            if platform not in self.repo.specs.ids():
                # Unknown ids are reported where they are written (SkuContext.unknown_target).
                self._specs[platform] = None
                return None
            try:
                self._specs[platform] = self.repo.spec(platform)
            except LinkstarError as error:
                self.record(error)
                self._specs[platform] = None
        return self._specs[platform]

    def display(self, path: Path) -> str:
        return self.repo.display(path)


@dataclass
class SkuContext:
    """One SKU: its brief, copy files and assets catalog, each None when it failed to load."""

    run: RepoContext
    sku: str
    folder: Path
    brief: Brief | None = None
    copies: dict[str, Copy] = field(default_factory=dict)
    assets: AssetCatalog | None = None
    load_problems: list[LoadProblem] = field(default_factory=list)

    @classmethod
    def load(cls, run: RepoContext, sku: str) -> SkuContext:
        repo = run.repo
        folder = repo.skus_dir / sku
        context = cls(run=run, sku=sku, folder=folder)
        context.brief = run.load(folder / "brief.yaml", Brief, context.load_problems)
        if context.brief is not None and context.brief.id != sku:
            document = run.document(folder / "brief.yaml")
            line = document.line_of(("id",)) if document else None
            context.load_problems.append(
                LoadProblem(
                    "schema",
                    InputError(
                        _("brief id \"{found}\" does not match its folder name \"{expected}\"", found=context.brief.id, expected=sku),
                        path=f"skus/{sku}/brief.yaml",
                        line=line,
                        field="id",
                        hint=_("Make the id equal to the folder name under skus/."),
                        code="schema",
                    ),
                )
            )
        copy_dir = folder / "copy"
        if copy_dir.is_dir():
            for path in sorted(copy_dir.glob("*.yaml")):
                loaded = run.load(path, Copy, context.load_problems)
                if loaded is not None:
                    context.copies[path.stem] = loaded
        assets_file = folder / "assets" / "assets.yaml"
        context.assets = run.load(assets_file, AssetCatalog, context.load_problems) if assets_file.is_file() else AssetCatalog()
        return context

    @property
    def repo(self) -> ContentRepo:
        return self.run.repo

    @property
    def brief_file(self) -> str:
        return f"skus/{self.sku}/brief.yaml"

    @property
    def assets_file(self) -> str:
        return f"skus/{self.sku}/assets/assets.yaml"

    def copy_file(self, locale: str) -> str:
        return f"skus/{self.sku}/copy/{locale}.yaml"

    def targets(self) -> list[str]:
        if self.brief is None:
            return []
        return self.repo.targets_of(self.brief)

    def unknown_target(self, platform: str) -> None:
        """Record an unknown platform id at the line that names it: the brief's targets, else linkstar.yaml's."""
        reported: set[str] = self.run.shared.setdefault("engine.unknown-targets", set())
        in_brief = self.brief is not None and platform in self.brief.targets
        if not in_brief and platform in reported:
            return
        reported.add(platform)
        if in_brief:
            assert self.brief is not None
            file, path = self.brief_file, ("targets", self.brief.targets.index(platform))
        else:
            file, path = "linkstar.yaml", ("targets", list(self.repo.config.targets).index(platform))
        line, column = self.locate(file, path)
        error = self.run.repo.specs.unknown(platform)
        error.path, error.line, error.column, error.code = Path(file), line, column, "schema"
        (self.load_problems if in_brief else self.run.load_problems).append(LoadProblem("schema", error))

    def locate(self, file: str, key_path: KeyPath) -> tuple[int | None, int | None]:
        """Return the line and column of ``key_path`` in ``file`` (repo-relative), when known."""
        document = self.run.document(self.repo.root / file)
        if document is None:
            return None, None
        found = document.location_of(key_path)
        return (found[0], found[1]) if found else (None, None)

    def problem(self, message: str, *, key: str, file: str | None = None, path: KeyPath = (), hint: str | None = None, target: str | None = None, locale: str | None = None, field: str | None = None) -> Problem:
        """Build a Problem for this SKU, locating ``path`` in ``file``."""
        line, column = self.locate(file, path) if file else (None, None)
        return Problem(
            message=message,
            key=key,
            hint=hint,
            file=file,
            line=line,
            column=column,
            field=field if field is not None else _field_path(path),
            sku=self.sku,
            target=target,
            locale=locale,
        )


@dataclass
class TargetContext:
    """One SKU on one platform, with the copy locale that platform uses (None when there is no copy)."""

    sku: SkuContext
    spec: PlatformSpec
    locale: str | None
    copy: Copy | None

    @property
    def copy_file(self) -> str | None:
        return self.sku.copy_file(self.locale) if self.locale else None

    def problem(self, message: str, *, key: str, file: str | None = None, path: KeyPath = (), hint: str | None = None, field: str | None = None, locale: str | None = None) -> Problem:
        return self.sku.problem(message, key=key, file=file, path=path, hint=hint, target=self.spec.id, locale=locale or self.locale, field=field)


def _field_path(path: KeyPath) -> str | None:
    from linkstar_cli.model.validate import format_field_path

    return format_field_path(path) or None
