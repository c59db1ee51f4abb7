"""One SKU from scaffold to two releases on amazon-de, then a third from a shallow CI checkout.

A single test walks the whole review and release workflow in a temporary content repo
with a local bare remote, checking what each command prints and what lands in Git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import test_release as shared
from tests.helpers import invoke
from tests.test_release import (
    DEMO,
    SKU,
    commit_all,
    copy_demo,
    git,
    manifest_of,
    tags_of,
)

OLD_TITLE = "Northwind Basics Beanie, Rippstrick-Wintermütze, weiches Acryl, mit Umschlag, Einheitsgröße, Rot"
NEW_TITLE = "Northwind Basics Beanie, warme Rippstrick-Wintermütze, weiches Acryl, mit Umschlag, Einheitsgröße, Rot"
V1, V2, V3 = (f"{SKU}/amazon-de/v{version}" for version in (1, 2, 3))

git_identity = shared.git_identity  # the fixture, shared with the release tests


def approve(capsys: pytest.CaptureFixture[str], root: Path, layer: str, by: str) -> None:
    extra = ["--platform", "amazon-de"] if layer in ("visual", "platform") else []
    result = invoke(capsys, "-C", root, "review", SKU, "approve", "--layer", layer, "--locale", "de-DE", "--by", by, *extra)
    assert result.code == 0, result.err


def status_cell(capsys: pytest.CaptureFixture[str], root: Path) -> dict:
    result = invoke(capsys, "-C", root, "status", SKU, "--format", "json")
    assert result.code == 0, result.err
    [cell] = json.loads(result.out)["cells"]
    return cell


def test_review_and_release_workflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A content repo with the demo's settings and brand kit, no SKU yet, and a bare remote.
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    root = copy_demo(tmp_path / "shop", with_sku=False)
    git(root, "init", "--quiet", "-b", "main")
    git(root, "remote", "add", "origin", str(remote))
    commit_all(root, "Start the shop")

    # new-sku scaffolds the files; with empty copy and no image the SKU is at the copy stage.
    created = invoke(capsys, "-C", root, "new-sku", SKU, "--category", "accessories.hat")
    assert created.code == 0, created.err
    scaffolded = status_cell(capsys, root)
    assert scaffolded["label"] == "copy"
    assert "no-main-image" in [blocker["kind"] for blocker in scaffolded["blockers"]]

    # The team fills in brief, copy and assets (here: the demo beanie's) and signs off the GPSR item.
    source = DEMO / "skus" / SKU
    for relative in ("brief.yaml", "copy/de-DE.yaml", "copy/en-US.yaml"):
        shutil.copyfile(source / relative, root / "skus" / SKU / relative)
    shutil.copytree(source / "assets", root / "skus" / SKU / "assets", dirs_exist_ok=True)
    signed = invoke(capsys, "-C", root, "signoff", SKU, "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE", "--by", "lena@example.com")
    assert signed.code == 0, signed.err

    # Lint is clean at the release stage; render builds the amazon-de package.
    linted = invoke(capsys, "-C", root, "lint", f"skus/{SKU}", "--stage", "release")
    assert linted.code == 0, linted.out + linted.err
    assert invoke(capsys, "-C", root, "render", "--platform", "amazon-de", SKU, "--jobs", "1").code == 0
    commit_all(root, "Fill in WOO-BEANIE")
    assert status_cell(capsys, root)["label"] == "lint clean"

    # Four approvals, each by a reviewer that roles in linkstar.yaml allow, committed with the content.
    approve(capsys, root, "accuracy", "lena@example.com")
    approve(capsys, root, "language", "jonas@example.com")
    approve(capsys, root, "visual", "mei@example.com")
    approve(capsys, root, "platform", "lena@example.com")
    commit_all(root, "Approve WOO-BEANIE for amazon-de")
    assert status_cell(capsys, root)["label"] == "reviewed"

    # release creates v1 with the manifest and pushes that tag.
    first = invoke(capsys, "-C", root, "release", SKU, "--platform", "amazon-de", "--push", "origin")
    assert first.code == 0, first.err
    assert first.out == f"{V1}\n"
    manifest = manifest_of(root, V1)
    assert manifest["commit"] == git(root, "rev-parse", "HEAD").strip()
    assert {layer: entry["by"] for layer, entry in manifest["layers"].items()} == {
        "accuracy": "lena@example.com",
        "language": "jonas@example.com",
        "visual": "mei@example.com",
        "platform": "lena@example.com",
    }
    assert status_cell(capsys, root)["label"] == "released v1"

    # The German title is edited and committed.
    copy = root / "skus" / SKU / "copy" / "de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
    commit_all(root, "Warmer German title")

    # status: changed since v1, and the language and accuracy approvals are stale.
    changed = status_cell(capsys, root)
    assert changed["label"] == "changed since v1"
    assert {layer: entry["state"] for layer, entry in changed["layers"].items()} == {
        "accuracy": "stale",
        "language": "stale",
        "visual": "unknown",  # the package is out of date until the next render
        "platform": "unknown",
    }
    table = invoke(capsys, "-C", root, "status")
    assert "changed since v1" in table.out
    assert "stale: accuracy, language" in table.out

    # release is refused, naming both stale approvals (and the out-of-date render).
    refused = invoke(capsys, "-C", root, "release", SKU, "--platform", "amazon-de")
    assert refused.code == 1
    assert "  - the accuracy approval for de-DE by lena@example.com is stale: the content changed after it was approved on " in refused.err
    assert "  - the language approval for de-DE by jonas@example.com is stale: the content changed after it was approved on " in refused.err
    assert "  - render out of date (" in refused.err
    assert tags_of(root) == [V1]

    # Render again; the rendered listing carries the title, so platform is reviewed again too.
    assert invoke(capsys, "-C", root, "render", "--platform", "amazon-de", SKU, "--jobs", "1").code == 0
    rendered = status_cell(capsys, root)
    assert {layer: entry["state"] for layer, entry in rendered["layers"].items()} == {"accuracy": "stale", "language": "stale", "visual": "fresh", "platform": "stale"}
    approve(capsys, root, "language", "jonas@example.com")
    approve(capsys, root, "accuracy", "lena@example.com")
    approve(capsys, root, "platform", "lena@example.com")
    commit_all(root, "Approve the new title")

    # release creates v2 and pushes it.
    second = invoke(capsys, "-C", root, "release", SKU, "--platform", "amazon-de", "--push", "origin")
    assert second.code == 0, second.err
    assert second.out == f"{V2}\n"

    # history lists v1 and v2 with their reviewers.
    history = invoke(capsys, "-C", root, "history", SKU, "--format", "json")
    assert history.code == 0, history.err
    entries = json.loads(history.out)
    assert [(entry["tag"], entry["version"]) for entry in entries] == [(V1, 1), (V2, 2)]
    assert entries[1]["reviewers"] == {"accuracy": "lena@example.com", "language": "jonas@example.com", "visual": "mei@example.com", "platform": "lena@example.com"}
    assert entries[0]["commit"] == manifest["commit"]
    readable = invoke(capsys, "-C", root, "history", SKU)
    assert "│ v1 " in readable.out
    assert "│ v2 " in readable.out
    assert "language: jonas@example.com" in readable.out

    # diff v1 v2 shows the title change and nothing else.
    diff = invoke(capsys, "-C", root, "diff", SKU, "v1", "v2")
    assert diff.code == 0, diff.err
    assert diff.out.splitlines()[1:] == [
        "copy/de-DE.yaml: title",
        f'  - "{OLD_TITLE}"',
        f'  + "{NEW_TITLE}"',
        "No rendered image changed.",
    ]
    as_json = json.loads(invoke(capsys, "-C", root, "diff", SKU, "v1", "v2", "--format", "json").out)
    assert as_json["fields"] == [{"file": "copy/de-DE.yaml", "field": "title", "change": "changed", "before": OLD_TITLE, "after": NEW_TITLE}]
    assert as_json["images"] == []

    # --push put both tags, and only them, on the bare remote.
    assert git(remote, "tag", "--list").split() == [V1, V2]

    # CI: a shallow clone on a detached HEAD, one commit after v2, has no release tag.
    (root / "skus" / SKU / "notes.md").write_text("Photo shoot planned for January.\n", encoding="utf-8")
    commit_all(root, "Add notes")
    git(root, "push", "--quiet", "origin", "main")
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "--quiet", "--depth", "1", "--branch", "main", remote.as_uri(), str(ci))
    git(ci, "checkout", "--quiet", "--detach")
    assert tags_of(ci) == []
    assert invoke(capsys, "-C", ci, "render", "--platform", "amazon-de", SKU, "--jobs", "1").code == 0

    # release there is refused until the tags are fetched, then takes v3.
    shallow = invoke(capsys, "-C", ci, "release", SKU, "--platform", "amazon-de", "--push", "origin")
    assert shallow.code == 1
    assert f"this shallow clone lacks release tags that origin has ({V1}, {V2}); run `git fetch --tags origin` and release again" in shallow.err
    git(ci, "fetch", "--quiet", "--tags", "origin")
    third = invoke(capsys, "-C", ci, "release", SKU, "--platform", "amazon-de", "--push", "origin")
    assert third.code == 0, third.err
    assert third.out == f"{V3}\n"
    assert git(remote, "tag", "--list").split() == [V1, V2, V3]
