"""``linkstar status``: each SKU on each target, its stage and what blocks it, as a table, JSON and HTML."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests import test_release as shared
from tests.helpers import invoke
from tests.test_release import DEMO, SKU, commit_all, copy_demo

# Fixtures shared with the release tests.
git_identity = shared.git_identity
ready_template = shared.ready_template
ready_repo = shared.ready_repo


def cells_of(result_out: str) -> dict[tuple[str, str], dict]:
    report = json.loads(result_out)
    return {(cell["sku"], cell["target"]): cell for cell in report["cells"]}


def add_sku(root: Path, sku: str, *, copy_file: bool = True, assets: bool = True) -> None:
    """Add a copy of WOO-BEANIE under another id, without its copy file or its assets when asked."""
    folder = root / "skus" / sku
    shutil.copytree(DEMO / "skus" / SKU, folder)
    brief = folder / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace(f"id: {SKU}", f"id: {sku}"), encoding="utf-8")
    if not copy_file:
        (folder / "copy" / "de-DE.yaml").unlink()
    if not assets:
        (folder / "assets" / "assets.yaml").write_text("assets: []\n", encoding="utf-8")


def test_stages_from_brief_to_released(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_sku(ready_repo, "A-NO-COPY", copy_file=False)
    add_sku(ready_repo, "B-NO-ASSETS", assets=False)
    add_sku(ready_repo, "C-LINT")
    copy = ready_repo / "skus/C-LINT/copy/de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace('title: "Northwind', 'title: "<b>Northwind</b>'), encoding="utf-8")
    add_sku(ready_repo, "D-CLEAN")
    commit_all(ready_repo, "Add more SKUs")
    assert invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de").code == 0

    result = invoke(capsys, "-C", ready_repo, "status", "--format", "json")

    assert result.code == 0, result.err
    cells = cells_of(result.out)
    assert {key[0]: cell["label"] for key, cell in cells.items()} == {
        "A-NO-COPY": "brief",
        "B-NO-ASSETS": "copy",
        "C-LINT": "assets",
        "D-CLEAN": "lint clean",
        SKU: "released v1",
    }
    assert cells[("A-NO-COPY", "amazon-de")]["blockers"][0]["kind"] == "missing-copy"
    assert cells[("A-NO-COPY", "amazon-de")]["blockers"][0]["message"] == "no copy for de-DE: skus/A-NO-COPY/copy/de-DE.yaml does not exist"
    assert cells[("B-NO-ASSETS", "amazon-de")]["blockers"][0]["message"] == "no main image for amazon-de in skus/B-NO-ASSETS/assets/assets.yaml"
    assert cells[("C-LINT", "amazon-de")]["lint_errors"] == 1
    assert "1 lint error at stage release; run `linkstar lint skus/C-LINT`" in [blocker["message"] for blocker in cells[("C-LINT", "amazon-de")]["blockers"]]
    clean = cells[("D-CLEAN", "amazon-de")]
    assert clean["render"] == "missing"
    assert [blocker["kind"] for blocker in clean["blockers"]] == ["not-rendered", "approval-missing", "approval-missing", "approval-missing", "approval-missing"]
    assert {layer: entry["state"] for layer, entry in clean["layers"].items()} == {"accuracy": "missing", "language": "missing", "visual": "missing", "platform": "missing"}
    released = cells[(SKU, "amazon-de")]
    assert (released["stage"], released["released_version"], released["released_tag"], released["ready"], released["blockers"]) == ("released", 1, "WOO-BEANIE/amazon-de/v1", False, [])


def test_reviewed_is_ready(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", ready_repo, "status", SKU, "--format", "json")

    cell = cells_of(result.out)[(SKU, "amazon-de")]
    assert (cell["stage"], cell["ready"], cell["render"], cell["locale"]) == ("reviewed", True, "current", "de-DE")
    assert cell["layers"]["language"] == {"state": "fresh", "by": "jonas@example.com", "at": cell["layers"]["language"]["at"]}


def test_changed_since_release(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de").code == 0
    copy = ready_repo / f"skus/{SKU}/copy/de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("Rippstrick-Wintermütze", "Rippstrick-Mütze"), encoding="utf-8")

    result = invoke(capsys, "-C", ready_repo, "status", "--format", "json")

    cell = cells_of(result.out)[(SKU, "amazon-de")]
    assert (cell["stage"], cell["label"]) == ("changed", "changed since v1")
    assert [blocker["kind"] for blocker in cell["blockers"]] == ["render-outdated", "approval-stale", "approval-stale", "uncommitted"]
    assert cell["blockers"][-1]["message"] == f"uncommitted changes (skus/{SKU}/copy/de-DE.yaml); commit them before the release"


def test_comment_change_is_no_change(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de").code == 0
    copy = ready_repo / f"skus/{SKU}/copy/de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8") + "# Reviewed again in December.\n", encoding="utf-8")
    commit_all(ready_repo, "Add a comment")

    result = invoke(capsys, "-C", ready_repo, "status", "--format", "json")

    cell = cells_of(result.out)[(SKU, "amazon-de")]
    assert cell["label"] == "released v1"
    assert [blocker["kind"] for blocker in cell["blockers"]] == ["render-outdated"]  # manifest.json still has the old hash of de-DE.yaml


def test_human_table(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = ready_repo / f"skus/{SKU}/copy/de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("Rippstrick-Wintermütze", "Rippstrick-Mütze"), encoding="utf-8")
    commit_all(ready_repo, "Shorter title")

    result = invoke(capsys, "-C", ready_repo, "--color", "never", "status")

    assert result.code == 0, result.err
    lines = [re.sub(r"\s+", " ", line.strip("│┃ ")) for line in result.out.splitlines()]
    assert "SKU ┃ amazon-de" in lines
    assert f"{SKU} │ lint clean" in lines
    assert "render out of date" in lines
    assert "stale: accuracy, language" in lines


def test_target_column_per_sku(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_sku(ready_repo, "E-US")
    brief = ready_repo / "skus/E-US/brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("certifications: []", "targets: [amazon-us]\ncertifications: []"), encoding="utf-8")

    result = invoke(capsys, "-C", ready_repo, "status", "--format", "json")
    table = invoke(capsys, "-C", ready_repo, "status")

    report = json.loads(result.out)
    assert report["targets"] == ["amazon-de", "amazon-us"]
    assert [(cell["sku"], cell["target"]) for cell in report["cells"]] == [("E-US", "amazon-us"), (SKU, "amazon-de")]
    assert "E-US │ –" in re.sub(r" +", " ", table.out)


def test_html_page_is_self_contained(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = '<script>alert("x")</script> & <img src=http://example.com/x.png>'
    review = invoke(capsys, "-C", ready_repo, "review", SKU, "request-changes", "--layer", "language", "--locale", "de-DE", "--by", "jonas@example.com", "-m", note)
    assert review.code == 0, review.err
    output = ready_repo / "status.html"

    result = invoke(capsys, "-C", ready_repo, "status", "--format", "html", "--output", output)

    assert result.code == 0, result.err
    assert result.out == ""
    assert "Status written to" in result.err
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    assert "<style>" in page
    assert "<script" not in page
    assert "<img" not in page
    assert "<link" not in page
    assert "url(" not in page
    assert re.search(r"<[^>]*\b(?:src|href)\s*=", page) is None
    assert "jonas@example.com requested changes on the language layer for de-DE on " in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=" in page
    assert '<td class="lint-clean"><span class="stage">lint clean</span><ul>' in page


def test_unknown_format(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", ready_repo, "status", "--format", "csv")

    assert result.code == 2
    assert 'error: unknown format "csv"' in result.err
    assert "hint: Use one of: human, json, html." in result.err


def test_unknown_sku(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", ready_repo, "status", "NOPE")

    assert result.code == 2
    assert 'error: SKU "NOPE" not found: skus/NOPE/brief.yaml does not exist' in result.err


def test_status_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_demo(tmp_path / "repo")

    result = invoke(capsys, "-C", root, "status", "--format", "json")

    assert result.code == 0, result.err
    cell = cells_of(result.out)[(SKU, "amazon-de")]
    assert (cell["stage"], cell["released_version"]) == ("lint-clean", None)

