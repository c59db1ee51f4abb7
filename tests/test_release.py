"""``linkstar release``: refusals with every reason, tags with the manifest, races, detached HEAD, shallow clones, push.

The helpers at the top build a content repo from the demo repo's WOO-BEANIE and are
shared with the other release test modules.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linkstar_cli.cli.app import run
from linkstar_cli.release import release as release_module
from linkstar_cli.release.tags import read_manifest, tag_message
from linkstar_cli.repo import gitio
from tests.helpers import invoke

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-repo"
SKU = "WOO-BEANIE"
TAG_V1 = "WOO-BEANIE/amazon-de/v1"
COPY_DE = f"skus/{SKU}/copy/de-DE.yaml"

# Identities for Git, so no test reads the machine's own configuration.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Release Bot",
    "GIT_AUTHOR_EMAIL": "bot@example.com",
    "GIT_COMMITTER_NAME": "Release Bot",
    "GIT_COMMITTER_EMAIL": "bot@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

# The demo repo's roles: jonas approves German language, lena accuracy and platform, mei visual.
APPROVALS = [
    ("language", "jonas@example.com", []),
    ("accuracy", "lena@example.com", []),
    ("visual", "mei@example.com", ["--platform", "amazon-de"]),
    ("platform", "lena@example.com", ["--platform", "amazon-de"]),
]


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` with the test identity and return its standard output."""
    completed = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=False)
    assert completed.returncode == 0, f"git {' '.join(args)}: {completed.stderr}"
    return completed.stdout


def copy_demo(target: Path, *, with_sku: bool = True) -> Path:
    """Copy the demo repo with only WOO-BEANIE (or no SKU) and amazon-de as its one target."""
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("build", ".linkstar"))
    for folder in (target / "skus").iterdir():
        if folder.name != SKU or not with_sku:
            shutil.rmtree(folder)
    config = target / "linkstar.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("targets: [amazon-de, amazon-us, amazon-jp, amazon-sa, tiktok-uk, shopee-sg]", "targets: [amazon-de]"), encoding="utf-8")
    return target


def commit_all(folder: Path, message: str) -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "-m", message)
    return git(folder, "rev-parse", "HEAD").strip()


def linkstar(folder: Path, *args: str) -> int:
    """Run linkstar in ``folder`` without capturing; for fixtures that cannot use capsys."""
    return run(["-C", str(folder), *args])


def approve_all(folder: Path, layers: list[str] | None = None) -> None:
    for layer, by, extra in APPROVALS:
        if layers is None or layer in layers:
            code = linkstar(folder, "review", SKU, "approve", "--layer", layer, "--locale", "de-DE", "--by", by, *extra)
            assert code == 0, f"review {layer} failed"


@pytest.fixture(scope="session")
def ready_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed repo whose WOO-BEANIE is rendered for amazon-de and approved on all four layers."""
    root = copy_demo(tmp_path_factory.mktemp("template") / "repo")
    git(root, "init", "--quiet", "-b", "main")
    commit_all(root, "Add WOO-BEANIE")
    assert linkstar(root, "render", "--platform", "amazon-de", "--jobs", "1") == 0
    approve_all(root)
    commit_all(root, "Approve WOO-BEANIE for amazon-de")
    return root


@pytest.fixture
def ready_repo(tmp_path: Path, ready_template: Path) -> Path:
    """A private copy of the ready template, Git history and build/ included."""
    return Path(shutil.copytree(ready_template, tmp_path / "repo", symlinks=True))


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def tags_of(folder: Path) -> list[str]:
    return git(folder, "tag", "--list").split()


def manifest_of(folder: Path, tag: str) -> dict:
    message = git(folder, "tag", "--list", "--format=%(contents)", tag)
    manifest = read_manifest(message)
    assert manifest is not None, message
    return manifest


# Tags and their manifest


def test_release_creates_annotated_tag(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = git(ready_repo, "rev-parse", "HEAD").strip()

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 0, result.err
    assert result.out == f"{TAG_V1}\n"
    assert f"Released WOO-BEANIE for amazon-de as {TAG_V1} on commit {head[:12]}." in result.err
    assert git(ready_repo, "cat-file", "-t", TAG_V1).strip() == "tag"
    assert git(ready_repo, "rev-parse", f"{TAG_V1}^{{commit}}").strip() == head
    manifest = manifest_of(ready_repo, TAG_V1)
    assert (manifest["sku"], manifest["platform"], manifest["version"], manifest["locale"], manifest["commit"]) == (SKU, "amazon-de", 1, "de-DE", head)
    assert manifest["spec"]["id"] == "amazon-de"
    assert manifest["spec"]["checked"] == "2026-11-01"
    assert manifest["linkstar_version"] == "0.1.0"
    assert {layer: entry["by"] for layer, entry in manifest["layers"].items()} == {
        "accuracy": "lena@example.com",
        "language": "jonas@example.com",
        "visual": "mei@example.com",
        "platform": "lena@example.com",
    }
    assert all(len(entry["fingerprint"]) == 64 for entry in manifest["layers"].values())
    rendered = json.loads((ready_repo / "build/amazon-de/WOO-BEANIE/manifest.json").read_text(encoding="utf-8"))
    assert manifest["images"] == {name: entry["sha256"] for name, entry in rendered["outputs"].items() if "width" in entry}
    assert sorted(manifest["images"]) == ["WOO-BEANIE.MAIN.jpg", "WOO-BEANIE.PT01.jpg", "WOO-BEANIE.PT02.jpg", "WOO-BEANIE.PT03.jpg"]
    assert manifest["files"]["listing.json"] == rendered["outputs"]["listing.json"]["sha256"]
    assert git(ready_repo, "tag", "--list", "--format=%(subject)", TAG_V1).strip() == "Release WOO-BEANIE for amazon-de, v1"


def test_release_numbers_after_highest_tag(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(ready_repo, "tag", "-a", "-m", "by hand", "WOO-BEANIE/amazon-de/v7")
    git(ready_repo, "tag", "WOO-BEANIE/amazon-de/latest")
    git(ready_repo, "commit", "--quiet", "--allow-empty", "-m", "after v7")

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 0, result.err
    assert result.out == "WOO-BEANIE/amazon-de/v8\n"


def test_release_twice_on_same_commit_refused(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")
    assert first.code == 0, first.err

    second = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert second.code == 1
    assert "this commit is already released as WOO-BEANIE/amazon-de/v1" in second.err


def test_release_from_detached_head(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = git(ready_repo, "rev-parse", "HEAD").strip()
    git(ready_repo, "checkout", "--quiet", "--detach", "HEAD")

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 0, result.err
    assert subprocess.run(["git", "symbolic-ref", "-q", "HEAD"], cwd=ready_repo, check=False).returncode == 1
    assert git(ready_repo, "rev-parse", f"{TAG_V1}^{{commit}}").strip() == head


# Refusals


def test_refusal_names_every_reason(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = ready_repo / COPY_DE
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace('title: "Northwind Basics Beanie', 'title: "<b>Northwind</b> Basics Beanie'), encoding="utf-8")
    (ready_repo / "notes.txt").write_text("draft\n", encoding="utf-8")

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 1
    assert result.out == ""
    assert "error: release of WOO-BEANIE for amazon-de refused:\n" in result.err
    lines = [line.strip() for line in result.err.splitlines() if line.startswith("  - ")]
    assert lines[0] == f"- the working tree has 2 uncommitted or untracked files ({COPY_DE}, notes.txt); commit or remove them, so the tag records what was reviewed"
    assert lines[1].startswith("- 1 lint error at stage release; run `linkstar lint skus/WOO-BEANIE`")
    assert lines[2].startswith("- render out of date (listing.json, listing.md, preview.html")
    assert lines[2].endswith("run `linkstar render --platform amazon-de WOO-BEANIE`")
    assert lines[3].startswith("- the accuracy approval for de-DE by lena@example.com is stale: the content changed after it was approved on ")
    assert lines[4].startswith("- the language approval for de-DE by jonas@example.com is stale")
    assert len(lines) == 5
    assert tags_of(ready_repo) == []


def test_refusal_for_missing_approvals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_demo(tmp_path / "repo")
    git(root, "init", "--quiet", "-b", "main")
    commit_all(root, "Add WOO-BEANIE")

    result = invoke(capsys, "-C", root, "release", SKU, "--platform", "amazon-de")

    assert result.code == 1
    lines = [line.strip() for line in result.err.splitlines() if line.startswith("  - ")]
    assert lines == [
        "- not rendered for amazon-de; run `linkstar render --platform amazon-de WOO-BEANIE`",
        "- no accuracy approval for de-DE",
        "- no language approval for de-DE",
        "- no visual approval for amazon-de",
        "- no platform approval for amazon-de",
    ]


def test_build_and_cache_are_not_changes(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ready_repo / "build" / "amazon-de" / "scratch.txt").write_text("x\n", encoding="utf-8")
    (ready_repo / ".linkstar").mkdir(exist_ok=True)
    (ready_repo / ".linkstar" / "cache.json").write_text("{}\n", encoding="utf-8")

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 0, result.err


def test_request_changes_blocks_release(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = invoke(capsys, "-C", ready_repo, "review", SKU, "request-changes", "--layer", "visual", "--locale", "de-DE", "--platform", "amazon-de", "--by", "mei@example.com", "-m", "Main image is cropped")
    assert review.code == 0, review.err
    commit_all(ready_repo, "Request changes")

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 1
    assert "  - mei@example.com requested changes on the visual layer for amazon-de on " in result.err
    assert result.err.count("  - ") == 1
    assert ": Main image is cropped\n" in result.err


def test_release_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_demo(tmp_path / "repo")

    result = invoke(capsys, "-C", root, "release", SKU, "--platform", "amazon-de")

    assert result.code == 2
    assert "is not in a Git repository; releases are recorded as Git tags" in result.err
    assert "hint: Run `git init`, commit the content repo, and release again." in result.err


def test_release_of_platform_not_targeted(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-us")

    assert result.code == 2
    assert 'error: SKU "WOO-BEANIE" does not target amazon-us' in result.err
    assert "hint: Targets of WOO-BEANIE: amazon-de." in result.err


# Races for the same version


def test_tag_taken_meanwhile_is_refused(ready_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    original = release_module.next_version

    def next_version_then_race(repo, sku, platform):  # type: ignore[no-untyped-def]
        version = original(repo, sku, platform)
        git(ready_repo, "tag", "-a", "-m", "the other release", f"{sku}/{platform}/v{version}", "HEAD~1")
        return version

    monkeypatch.setattr(release_module, "next_version", next_version_then_race)

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de")

    assert result.code == 1
    assert f"error: release refused: tag {TAG_V1} already exists, so another release took version 1 at the same time" in result.err
    assert "hint: Run linkstar release again to take the next version." in result.err
    assert git(ready_repo, "tag", "--list", "--format=%(contents:subject)", TAG_V1).strip() == "the other release"


def test_create_tag_keeps_existing_tag(ready_repo: Path) -> None:
    head = git(ready_repo, "rev-parse", "HEAD").strip()
    git(ready_repo, "tag", "-a", "-m", "first", "X/amazon-de/v1", "HEAD~1")

    created = gitio.create_tag(ready_repo, "X/amazon-de/v1", head, "second\n")

    assert created is False
    assert git(ready_repo, "tag", "--list", "--format=%(contents:subject)", "X/amazon-de/v1").strip() == "first"


def test_two_processes_never_share_version(ready_repo: Path) -> None:
    command = [sys.executable, "-m", "linkstar_cli", "-C", str(ready_repo), "release", SKU, "--platform", "amazon-de"]
    environment = {**os.environ, **GIT_ENV, "LINKSTAR_LANG": "en"}
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment) for _ in range(2)]
    outcomes = [(process.wait(), *process.communicate()) for process in processes]

    created = [out.strip() for code, out, _err in outcomes if code == 0]
    refused = [err for code, _out, err in outcomes if code != 0]
    assert len(created) == len(set(created)) >= 1
    assert sorted(tags_of(ready_repo)) == sorted(created)
    for err in refused:
        assert "already exists, so another release took version 1" in err, err


# Pushing


def test_push_sends_only_new_tag(ready_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(ready_repo, "remote", "add", "origin", str(remote))
    git(ready_repo, "tag", "-a", "-m", "unrelated", "campaign/2026")

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de", "--push", "origin")

    assert result.code == 0, result.err
    assert f"Pushed {TAG_V1} to origin." in result.err
    assert git(remote, "tag", "--list").split() == [TAG_V1]
    assert git(remote, "branch", "--list") == ""


def test_push_to_unknown_remote(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de", "--push", "upstream")

    assert result.code == 2
    assert 'error: unknown Git remote "upstream"' in result.err
    assert tags_of(ready_repo) == []


def test_push_rejected_keeps_local_tag(ready_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(ready_repo, "remote", "add", "origin", str(remote))
    git(ready_repo, "tag", "-a", "-m", "someone else's", TAG_V1, "HEAD~1")
    git(ready_repo, "push", "--quiet", "origin", f"refs/tags/{TAG_V1}")
    git(ready_repo, "tag", "-d", TAG_V1)

    result = invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de", "--push", "origin")

    assert result.code == 1
    assert f"error: tag {TAG_V1} was created, but pushing it to origin failed: " in result.err
    assert f"hint: Push it with `git push origin refs/tags/{TAG_V1}`, or delete it with `git tag -d {TAG_V1}` and release again." in result.err
    assert tags_of(ready_repo) == [TAG_V1]


# Shallow clones


def test_shallow_clone_without_tags_is_refused(ready_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(ready_repo, "remote", "add", "origin", str(remote))
    assert invoke(capsys, "-C", ready_repo, "release", SKU, "--platform", "amazon-de", "--push", "origin").code == 0
    (ready_repo / "skus" / SKU / "notes.md").write_text("Shot list for the next photo session.\n", encoding="utf-8")
    commit_all(ready_repo, "Add notes")  # v1 now points below the tip, out of reach of a depth-1 clone
    git(ready_repo, "push", "--quiet", "origin", "HEAD:refs/heads/main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", "--branch", "main", remote.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert tags_of(clone) == []
    shutil.copytree(ready_repo / "build", clone / "build")

    refused = invoke(capsys, "-C", clone, "release", SKU, "--platform", "amazon-de")

    assert refused.code == 1
    assert f"  - this shallow clone lacks release tags that origin has ({TAG_V1}); run `git fetch --tags origin` and release again" in refused.err
    assert tags_of(clone) == []

    git(clone, "fetch", "--quiet", "--tags", "origin")
    released = invoke(capsys, "-C", clone, "release", SKU, "--platform", "amazon-de")

    assert released.code == 0, released.err
    assert released.out == "WOO-BEANIE/amazon-de/v2\n"


def test_shallow_clone_without_remote_is_refused(ready_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", ready_repo.as_uri(), str(clone))
    git(clone, "remote", "remove", "origin")
    shutil.copytree(ready_repo / "build", clone / "build")

    result = invoke(capsys, "-C", clone, "release", SKU, "--platform", "amazon-de")

    assert result.code == 1
    assert "  - this is a shallow clone without a remote, so tags of earlier releases may be missing; run `git fetch --unshallow --tags` from the full repository" in result.err


# Tag messages


def test_manifest_read_despite_signature() -> None:
    manifest = {"sku": "A-1", "platform": "amazon-de", "version": 3, "layers": {}}
    signed = tag_message(manifest) + "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n"

    assert read_manifest(signed) == manifest
    assert read_manifest("made by hand\n") is None
    assert read_manifest("Release\n\n{broken\n") is None
