"""Creating a content repo (``linkstar init``) and a SKU (``linkstar new-sku``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.model.schema import schema_file_name, write_schemas
from linkstar_cli.model.types import sku_hint, sku_problem
from linkstar_cli.repo import gitio
from linkstar_cli.repo.atomic import write_text_atomic
from linkstar_cli.repo.content import CONFIG_FILE, ContentRepo
from linkstar_cli.specs.loader import SpecRegistry

GITIGNORE_LINES = ("build/", ".linkstar/", "l10n/")
SCHEMA_DIR = "schemas"


@dataclass
class ScaffoldResult:
    root: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    git_initialised: bool = False


def modeline(kind: str, depth: int) -> str:
    """Return the ``# yaml-language-server`` line of a file ``depth`` folders below the repo root."""
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{schema_file_name(kind)}\n"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _write_new(path: Path, text: str, result: ScaffoldResult) -> None:
    if path.exists():
        result.kept.append(path)
        return
    write_text_atomic(path, text)
    result.created.append(path)


def _merge_gitignore(path: Path, result: ScaffoldResult) -> None:
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {line.strip() for line in existing.splitlines()}
    missing = [line for line in GITIGNORE_LINES if line not in present]
    if not missing:
        result.kept.append(path)
        return
    prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
    write_text_atomic(path, prefix + "\n".join(missing) + "\n")
    result.created.append(path)


def _known_targets(targets: list[str], registry: SpecRegistry) -> None:
    known = registry.ids()
    for target in targets:
        if target not in known:
            raise UsageError(
                _("unknown platform \"{platform}\"", platform=target),
                hint=_("Known platforms: {known}. Run `linkstar specs list` to see them.", known=", ".join(known)),
            )


def init_repo(root: Path, *, brand: str, source_locale: str, targets: list[str]) -> ScaffoldResult:
    """Create the files of a new content repo in ``root``, keeping any file that already exists."""
    root = root.resolve()
    if (root / CONFIG_FILE).is_file():
        raise UsageError(
            _("{folder} is already a linkstar content repo", folder=root),
            hint=_("Add products with `linkstar new-sku SKU`."),
        )
    _known_targets(targets, SpecRegistry())
    result = ScaffoldResult(root=root)
    root.mkdir(parents=True, exist_ok=True)

    _write_new(
        root / CONFIG_FILE,
        modeline("linkstar", 0)
        + f"brand: {_quoted(brand)}\n"
        + f"source_locale: {source_locale}\n"
        + "# Platform ids; `linkstar specs list` shows them all.\n"
        + f"targets: {_flow_list(targets)}\n"
        + "roles:\n  default:\n    approvers: {}\n  markets: {}\n"
        + "lint: {}\n",
        result,
    )
    _write_new(
        root / "brand" / "brand.yaml",
        modeline("brand", 1)
        + f"name: {_quoted(brand)}\n"
        + "colours:\n"
        + '  primary: "#1A1A1A"\n  accent: "#E4572E"\n  text: "#1A1A1A"\n  background: "#FFFFFF"\n'
        + "# Each font needs a licence record; overlays use the first font that has every glyph of a text, for example:\n"
        + "#   - id: sans\n"
        + "#     file: fonts/NotoSans-Regular.ttf\n"
        + "#     licence: {kind: ofl, owner: Google LLC, licence_file: fonts/OFL.txt}\n"
        + "fonts: []\n"
        + "logos: []\n"
        + "tone:\n",
        result,
    )
    for folder in ("brand/fonts", "brand/logos", "glossary", "skus", "specs", "checklists", "templates"):
        _write_new(root / folder / ".gitkeep", "", result)
    _merge_gitignore(root / ".gitignore", result)
    _write_new(
        root / ".pre-commit-config.yaml",
        "# Runs linkstar lint on the SKUs touched by each commit.\n"
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: linkstar-lint\n"
        "        name: linkstar lint\n"
        "        entry: linkstar lint --changed\n"
        "        language: system\n"
        "        pass_filenames: false\n",
        result,
    )
    result.created.extend(write_schemas(root / SCHEMA_DIR))
    if gitio.find_git_root(root) is None:
        gitio.init_repository(root)
        result.git_initialised = True
    return result


def brief_template(sku: str, brand: str, category: str, targets: list[str] | None) -> str:
    """Return the text of a new brief.yaml; ``targets`` None leaves the list empty (the repo's targets)."""
    return (
        modeline("brief", 2)
        + f"id: {_quoted(sku)}\n"
        + f"brand: {_quoted(brand)}\n"
        + f"category: {_quoted(category)}\n"
        + "# Barcodes are text: keep the quotes so leading zeros survive.\n"
        + "gtin:\n"
        + (f"targets: {_flow_list(targets)}\n" if targets else "targets: []  # empty: the repo's targets\n")
        + "# Facts in SI units, for example weight_kg: 0.5 and dimensions_cm: {length: 30, width: 20, height: 2}.\n"
        + "weight_kg:\n"
        + "dimensions_cm:\n"
        + "# For example [{name: cotton, percent: 100}].\n"
        + "materials: []\n"
        + "certifications: []\n"
        + "compliance: {}\n"
        + "# Price by platform id (amazon-de) or market (DE), in that market's currency.\n"
        + "prices: {}\n"
        + "variants: []\n"
    )


def assets_template() -> str:
    return (
        modeline("assets", 3)
        + "# One entry per file in this folder, each with its role and licence, for example:\n"
        + "#   - file: main.jpg\n"
        + "#     role: main\n"
        + "#     alt: Hoodie on white\n"
        + "#     licence: {kind: owned, owner: Your Company}\n"
        + "assets: []\n"
    )


def copy_template() -> str:
    return (
        "title:\n"
        "bullets: []\n"
        "description:\n"
        "search_terms:\n"
        "# Texts drawn on images; the built-in features layout uses headline and feature_1 to feature_3.\n"
        "overlays: {}\n"
    )


def new_sku(repo: ContentRepo, sku: str, *, category: str, targets: list[str] | None) -> ScaffoldResult:
    """Create brief, copy files for every target locale and the assets catalog of a new SKU."""
    problem = sku_problem(sku)
    if problem:
        raise InputError(problem, hint=sku_hint())
    folder = repo.skus_dir / sku
    if folder.exists():
        raise UsageError(
            _("SKU \"{sku}\" already exists in {folder}", sku=sku, folder=repo.display(folder)),
            hint=_("Choose another id, or edit the existing files."),
        )
    config = repo.config
    chosen = list(targets) if targets else list(config.targets)
    _known_targets(chosen, repo.specs)
    locales = [config.source_locale]
    for target in chosen:
        locale = config.target_locales.get(target) or repo.spec(target).locale
        if locale not in locales:
            locales.append(locale)

    result = ScaffoldResult(root=repo.root)
    brief = brief_template(sku, config.brand, category, chosen if targets else None)
    _write_new(folder / "brief.yaml", brief, result)
    for locale in locales:
        _write_new(folder / "copy" / f"{locale}.yaml", modeline("copy", 3) + copy_template(), result)
    _write_new(folder / "assets" / "assets.yaml", assets_template(), result)
    return result
