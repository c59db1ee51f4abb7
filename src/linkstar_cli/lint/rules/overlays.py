"""Rules about the texts that render draws on images, checked before anyone renders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkstar_cli.errors import ErrorList, LinkstarError
from linkstar_cli.i18n import N_, _
from linkstar_cli.lint.context import RepoContext, TargetContext
from linkstar_cli.lint.example_base import COPY_DE
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Example, Rule, Scope
from linkstar_cli.resources import data_dir

if TYPE_CHECKING:
    from linkstar_cli.render.layout import Layout

FAMILY = "overlays"
# Run-wide cache of loaded layouts, or of the error that loading raised, by layout id and search folders.
_LAYOUTS_KEY = "overlays.layouts"


def _layouts(target: TargetContext) -> Iterator[Layout]:
    """Yield each layout the target's render plan draws, loaded the way render loads it.

    A layout that cannot load is left out, and its error is recorded again for
    every target that draws it, so each SKU still reports it.
    """
    repo = target.sku.repo
    dirs = tuple(folder / "layouts" for folder in (repo.root / "templates", data_dir("templates")) if (folder / "layouts").is_dir())
    seen: set[str] = set()
    for output in target.spec.render.images:
        if not output.layout or output.layout in seen:
            continue
        seen.add(output.layout)
        loaded = _load_layout(target.sku.run, output.layout, dirs)
        if isinstance(loaded, LinkstarError):
            target.sku.run.record(loaded)
        else:
            yield loaded


def _load_layout(run: RepoContext, layout_id: str, dirs: tuple[Path, ...]) -> Layout | LinkstarError:
    """Load a layout once per lint run, returning the LinkstarError instead of raising it when loading fails."""
    from linkstar_cli.render.layout import load_layout

    cache: dict[tuple[str, tuple[Path, ...]], Layout | LinkstarError] = run.shared.setdefault(_LAYOUTS_KEY, {})
    key = (layout_id, dirs)
    if key not in cache:
        try:
            cache[key] = load_layout(layout_id, list(dirs), root=run.repo.root)
        except LinkstarError as error:
            cache[key] = error
    return cache[key]


def _field_path(field: str) -> tuple[str, ...]:
    return tuple(field.split("."))


class OverlayMissing(Rule):
    id = "overlay-missing"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a text that an infographic layout needs is missing from the copy")
    description = N_(
        "The target's render plan draws layouts such as `features` with texts from the copy (`overlays.headline`, "
        "`overlays.feature_1`, ...). A text the layout marks as required that the copy leaves out stops render, so "
        "lint reports it first."
    )
    examples = (
        Example(True, N_("every overlay text of the features layout"), {}),
        Example(False, N_("feature_3 left out"), {"skus/EX-1/copy/de-DE.yaml": COPY_DE.replace("  feature_3: Maschinenwaschbar\n", "")}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        from linkstar_cli.render.layout import check_texts, texts_from_copy

        target: TargetContext = context
        if target.copy is None or target.locale is None:
            return
        for layout in _layouts(target):
            try:
                check_texts(layout, texts_from_copy(layout, target.copy), sku=target.sku.sku, locale=target.locale)
            except LinkstarError as error:
                for single in error.errors if isinstance(error, ErrorList) else [error]:
                    field = single.field or ""
                    yield target.problem(
                        _("{field} is missing, and layout {layout} needs it", field=field, layout=layout.name),
                        key=f"{layout.name}:{field}",
                        file=target.copy_file,
                        path=_field_path(field)[:1],
                        hint=single.hint,
                        field=field,
                    )


class OverlayFont(Rule):
    id = "overlay-font"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("no brand font can draw an overlay text")
    description = N_(
        "Each text on an infographic is drawn with the first font in `brand/brand.yaml` that has a glyph for every "
        "character of it. When the brand has no fonts, a font file cannot be read, or no single font covers a text "
        "(German umlauts and Chinese characters in one line, say), render stops; lint reports it first."
    )
    examples = (
        Example(True, N_("a font that covers the German overlays"), {}),
        Example(False, N_("no fonts in the brand kit"), {"brand/brand.yaml": "name: Example\nfonts: []\n"}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        from linkstar_cli.render.fonts import choose_font
        from linkstar_cli.render.layout import texts_from_copy

        target: TargetContext = context
        brand = target.sku.run.brand
        if target.copy is None or target.locale is None or brand is None:
            return
        fonts = self._fonts(target, brand)
        if fonts is None:
            return
        for layout in _layouts(target):
            for field, text in sorted(texts_from_copy(layout, target.copy).items()):
                try:
                    choose_font(text, fonts, sku=target.sku.sku, locale=target.locale, field=field)
                except LinkstarError as error:
                    yield target.problem(
                        error.message,
                        key=f"{field}:{error.message if not fonts else 'coverage'}",
                        file=target.copy_file,
                        path=_field_path(field),
                        hint=error.hint,
                        field=field,
                    )

    @staticmethod
    def _fonts(target: TargetContext, brand: Any) -> list[tuple[str, Path]] | None:
        """Return the brand's fonts that exist and can be read; report the others once, at brand.yaml."""
        from linkstar_cli.render.fonts import font_cmap

        repo = target.sku.repo
        fonts = []
        for font in brand.fonts:
            try:
                path = repo.resolve(font.file, repo.brand_dir, display="brand/brand.yaml")
                font_cmap(path)
            except LinkstarError as error:
                reported: set[str] = target.sku.run.shared.setdefault("overlay-font.unreadable", set())
                if font.id not in reported:
                    reported.add(font.id)
                    error.path, error.code = Path("brand/brand.yaml"), "schema"
                    target.sku.run.record(error)
                return None
            fonts.append((font.id, path))
        return fonts


RULES = (OverlayMissing(), OverlayFont())
