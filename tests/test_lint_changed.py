"""``lint --changed`` with one staged SKU opens that SKU's files and the repo-level files, nothing else."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.select import selection_for_paths, staged_files
from linkstar_cli.repo.content import ContentRepo
from tests.conftest import FIXTURES
from tests.helpers import invoke

SOURCE = FIXTURES / "lint-repo"
SKU_COUNT = 50
STAGED = "SKU-017"
# Files and folders outside skus/ that any lint run may read.
REPO_LEVEL = {"linkstar.yaml", "brand", "glossary", "specs", "checklists", "lint-baseline.json", ".linkstar"}


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Git repo of 50 copies of the clean SKU, none committed, with one SKU staged."""
    root = tmp_path_factory.mktemp("changed") / "repo"
    shutil.copytree(SOURCE, root, ignore=shutil.ignore_patterns("skus", "expected", "README.md"))
    for number in range(1, SKU_COUNT + 1):
        sku = f"SKU-{number:03d}"
        folder = root / "skus" / sku
        shutil.copytree(SOURCE / "skus" / "CLEAN-1", folder, copy_function=os.link)
        brief = folder / "brief.yaml"
        text = brief.read_text(encoding="utf-8").replace("id: CLEAN-1", f"id: {sku}", 1)
        brief.unlink()  # a hard link: write a new file instead of changing the fixture
        brief.write_text(text, encoding="utf-8")
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=environment)
    subprocess.run(["git", "add", f"skus/{STAGED}"], cwd=root, check=True, env=environment)
    return root


def record_opened_files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every path opened through open() or io.open() (Path.open, Pillow and the YAML loader use them)."""
    opened: list[Path] = []

    def recording(original: Callable[..., Any]) -> Callable[..., Any]:
        def open_and_record(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, os.PathLike)):
                opened.append(Path(os.fspath(file)).resolve())
            return original(file, *args, **kwargs)

        return open_and_record

    monkeypatch.setattr(builtins, "open", recording(builtins.open))
    monkeypatch.setattr(io, "open", recording(io.open))
    return opened


def outside_selection(root: Path, paths: list[Path]) -> list[str]:
    """Return the paths under ``root`` that belong neither to the staged SKU (its folder, its build output) nor to the repo level."""
    unexpected = []
    for path in paths:
        try:
            parts = path.relative_to(root.resolve()).parts
        except ValueError:
            continue
        own_build = len(parts) > 2 and parts[0] == "build" and parts[2] == STAGED
        if parts[:2] == ("skus", STAGED) or own_build or (parts and parts[0] in REPO_LEVEL):
            continue
        unexpected.append("/".join(parts))
    return sorted(set(unexpected))


def test_changed_opens_only_staged_sku(big_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    opened = record_opened_files(monkeypatch)

    result = invoke(capsys, "-C", big_repo, "lint", "--changed", "--format", "json")

    monkeypatch.undo()
    assert result.code == 0, result.out + result.err
    assert json.loads(result.out)["skus"] == 1
    # --changed lints the staged version, written to a temporary copy of the selection.
    staged = [path for path in opened if any(part.startswith("linkstar-staged-") for part in path.parts)]
    staged_roots = {Path(*path.parts[: next(i for i, part in enumerate(path.parts) if part.startswith("linkstar-staged-")) + 1]) for path in staged}
    assert len(staged_roots) == 1
    staged_root = staged_roots.pop()
    assert outside_selection(big_repo, opened) == []
    assert outside_selection(staged_root, staged) == []
    sku_files = {path.relative_to(staged_root).as_posix() for path in staged if STAGED in path.parts}
    assert {f"skus/{STAGED}/brief.yaml", f"skus/{STAGED}/copy/en-US.yaml", f"skus/{STAGED}/assets/assets.yaml"} <= sku_files


def test_changed_loads_only_staged_documents(big_repo: Path) -> None:
    repo = ContentRepo(big_repo)
    skus, include_repo = selection_for_paths(repo, staged_files(repo))

    result = Linter(repo, LintOptions(skus=skus, include_repo=include_repo, use_baseline=False)).run()

    assert skus == [STAGED]
    assert include_repo is False
    assert result.skus == [STAGED]
    loaded = sorted(repo.display(path) for path in repo.loaded_documents())
    assert [name for name in loaded if name.startswith("skus/") and not name.startswith(f"skus/{STAGED}/")] == []
    assert f"skus/{STAGED}/brief.yaml" in loaded


def test_full_lint_reads_every_sku(big_repo: Path) -> None:
    repo = ContentRepo(big_repo)

    result = Linter(repo, LintOptions(use_baseline=False)).run()

    assert len(result.skus) == SKU_COUNT
    assert len({repo.display(path) for path in repo.loaded_documents() if repo.display(path).endswith("/brief.yaml")}) == SKU_COUNT
