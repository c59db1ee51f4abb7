"""`linkstar package` on the rendered demo repo: zip contents, checksums, determinism and refusals."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkstar_cli import __version__
from linkstar_cli.render import package as package_module
from linkstar_cli.render.extras import PLATFORM_WRITERS, SKU_WRITERS, Package
from linkstar_cli.specs.model import PlatformSpec
from tests.helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"
SKUS = ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]
UPLOAD_FILES = ["{sku}.MAIN.jpg", "{sku}.PT01.jpg", "{sku}.PT02.jpg", "{sku}.PT03.jpg", "listing.json", "listing.md"]
# Fixed identity and dates, so two copies of the demo get the same commit id.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Demo",
    "GIT_AUTHOR_EMAIL": "demo@example.com",
    "GIT_COMMITTER_NAME": "Demo",
    "GIT_COMMITTER_EMAIL": "demo@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# The writers that render has, before the fixture below removes them for this module.
REGISTERED = list(SKU_WRITERS), list(PLATFORM_WRITERS)


@pytest.fixture(scope="module", autouse=True)
def no_extra_writers() -> Iterator[None]:
    """Render and package without the preview and bulk writers, so the expected entries stay the same whichever are registered.

    The tests that need writers install their own (fake or the real ones) for their duration.
    """
    saved = list(SKU_WRITERS), list(PLATFORM_WRITERS)
    SKU_WRITERS.clear()
    PLATFORM_WRITERS.clear()
    yield
    SKU_WRITERS[:], PLATFORM_WRITERS[:] = saved


def git(root: Path, *args: str) -> str:
    environment = {**os.environ, **GIT_ENV}
    result = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=environment)
    return result.stdout.strip()


def rendered_copy(destination: Path) -> Path:
    """Copy the demo repo, commit it to a new Git repository and render amazon-de."""
    shutil.copytree(DEMO, destination, ignore=shutil.ignore_patterns("build", ".linkstar"))
    git(destination, "init", "--quiet", "--initial-branch=main")
    git(destination, "add", "--all")
    git(destination, "commit", "--quiet", "--no-gpg-sign", "--message", "Demo content")
    assert linkstar(destination, "render", "--platform", "amazon-de", "--jobs", "1") == 0
    return destination


def linkstar(root: Path, *args: str) -> int:
    from linkstar_cli.cli.app import run

    return run(["-C", str(root), *args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rendered_copy(tmp_path_factory.mktemp("package") / "repo")


@pytest.fixture(scope="module")
def demo_zip(demo: Path) -> Path:
    assert linkstar(demo, "package", "--platform", "amazon-de") == 0
    return demo / "build" / "packages" / "amazon-de.zip"


@pytest.fixture
def scratch(demo: Path, tmp_path: Path) -> Path:
    """A copy of the rendered demo repo that a test may change."""
    copy = tmp_path / "repo"
    shutil.copytree(demo, copy, ignore=shutil.ignore_patterns("packages"))
    return copy


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def upload_files(sku: str, prefix: str = "") -> list[str]:
    return [prefix + name.format(sku=sku) for name in UPLOAD_FILES]


# What the zip contains


def test_platform_zip_entry_names(demo_zip: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        names = archive.namelist()

    expected = ["MANIFEST.json", "SHA256SUMS"]
    for sku in SKUS:
        expected += upload_files(sku, prefix=f"{sku}/")
    assert names == expected


def test_platform_zip_files_equal_rendered(demo: Path, demo_zip: Path) -> None:
    content = entries(demo_zip)

    for sku in SKUS:
        for name in upload_files(sku):
            assert content[f"{sku}/{name}"] == (demo / "build" / "amazon-de" / sku / name).read_bytes()


def test_checksums_match_zip_bytes(demo_zip: Path) -> None:
    content = entries(demo_zip)
    lines = content["SHA256SUMS"].decode("utf-8").splitlines()

    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert list(listed) == sorted(listed)
    assert set(listed) == set(content) - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(content[name]).hexdigest() == digest


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="GNU coreutils sha256sum is not installed")
def test_checksums_pass_sha256sum(demo_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        archive.extractall(tmp_path)

    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 1 + 6 * len(SKUS)


def test_manifest_lists_every_file(demo_zip: Path) -> None:
    content = entries(demo_zip)
    files = json.loads(content["MANIFEST.json"])["files"]

    assert set(files) == set(content) - {"MANIFEST.json", "SHA256SUMS"}
    for name, record in files.items():
        assert record["sha256"] == hashlib.sha256(content[name]).hexdigest()
        assert record["bytes"] == len(content[name])
    main = files["WOO-BEANIE/WOO-BEANIE.MAIN.jpg"]
    assert (main["sku"], main["role"], main["width"], main["height"]) == ("WOO-BEANIE", "main", 2000, 2000)
    assert files["WOO-BEANIE/listing.json"]["sku"] == "WOO-BEANIE"


def test_manifest_provenance(demo: Path, demo_zip: Path) -> None:
    index = json.loads(entries(demo_zip)["MANIFEST.json"])
    render = json.loads((demo / "build" / "amazon-de" / "WOO-BEANIE" / "manifest.json").read_text(encoding="utf-8"))
    commit = git(demo, "rev-parse", "HEAD")

    assert index["format"] == 1
    assert index["platform"] == "amazon-de"
    assert index["linkstar_version"] == __version__
    assert index["spec"] == {"id": "amazon-de", "checked": render["spec"]["checked"]}
    assert index["git"] == {"commit": commit, "dirty": False}
    assert index["shard"] is None
    assert list(index["skus"]) == SKUS
    assert index["skus"]["WOO-BEANIE"] == {
        "locale": "de-DE",
        "linkstar_version": __version__,
        "spec": {"id": "amazon-de", "checked": render["spec"]["checked"]},
        "git": {"commit": commit, "dirty": False},
    }


def test_zip_entry_headers_fixed(demo_zip: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        infos = archive.infolist()
        comment = archive.comment

    assert comment == b""
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.external_attr == 0o100644 << 16
        assert info.create_system == 3
        assert info.extra == b""
        assert info.comment == b""


def test_zip_entry_names_stay_inside(demo_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        names = archive.namelist()

    for name in names:
        assert not name.startswith(("/", "\\"))
        assert ":" not in name
        assert ".." not in name.split("/")
        assert "\\" not in name
        assert (tmp_path / name).resolve().is_relative_to(tmp_path.resolve())


# Determinism


def test_package_twice_same_bytes(demo: Path, demo_zip: Path) -> None:
    first = demo_zip.read_bytes()
    stamp = demo_zip.stat().st_mtime_ns

    assert linkstar(demo, "package", "--platform", "amazon-de") == 0

    assert demo_zip.read_bytes() == first
    assert demo_zip.stat().st_mtime_ns == stamp


def test_package_two_copies_same_bytes(demo_zip: Path, tmp_path: Path) -> None:
    other = rendered_copy(tmp_path / "other")

    assert linkstar(other, "package", "--platform", "amazon-de") == 0

    assert (other / "build" / "packages" / "amazon-de.zip").read_bytes() == demo_zip.read_bytes()


def test_package_leaves_no_temporary_file(demo: Path, demo_zip: Path) -> None:
    assert sorted(path.name for path in demo_zip.parent.iterdir()) == ["amazon-de.zip"]


def test_failed_write_keeps_old_zip(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = scratch / "build" / "packages" / "amazon-de.zip"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old zip")

    def fail(entry: package_module.ZipEntry) -> bytes:
        if entry.name.endswith("PT02.jpg"):
            raise OSError("disk full")
        return original(entry)

    original = package_module._entry_bytes
    monkeypatch.setattr(package_module, "_entry_bytes", fail)
    with pytest.raises(OSError, match="disk full"):
        package_module.write_packages(package_module.ContentRepo(scratch), package_module.PackageOptions(platform="amazon-de"))

    assert target.read_bytes() == b"old zip"
    assert sorted(path.name for path in target.parent.iterdir()) == ["amazon-de.zip"]


# Per SKU, shards, output folder, JSON


def test_per_sku_zips(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--per-sku")

    assert result.code == 0, result.err
    folder = scratch / "build" / "packages"
    assert sorted(path.name for path in folder.iterdir()) == [f"amazon-de-{sku}.zip" for sku in SKUS]
    for sku in SKUS:
        content = entries(folder / f"amazon-de-{sku}.zip")
        assert list(content) == ["MANIFEST.json", "SHA256SUMS", *upload_files(sku)]
        index = json.loads(content["MANIFEST.json"])
        assert list(index["skus"]) == [sku]
        assert content[f"{sku}.MAIN.jpg"] == (scratch / "build" / "amazon-de" / sku / f"{sku}.MAIN.jpg").read_bytes()


def test_package_named_skus_only(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-VNECK-TEE", "WOO-BEANIE")

    assert result.code == 0, result.err
    names = list(entries(scratch / "build" / "packages" / "amazon-de.zip"))
    assert names == ["MANIFEST.json", "SHA256SUMS", *upload_files("WOO-BEANIE", "WOO-BEANIE/"), *upload_files("WOO-VNECK-TEE", "WOO-VNECK-TEE/")]


def test_shards_split_skus(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packed: list[str] = []
    for index in (1, 2, 3):
        result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--shard", f"{index}/3")
        assert result.code == 0, result.err
        path = scratch / "build" / "packages" / f"amazon-de.shard-{index}-of-3.zip"
        index_data = json.loads(entries(path)["MANIFEST.json"])
        assert index_data["shard"] == f"{index}/3"
        packed += list(index_data["skus"])

    assert sorted(packed) == SKUS


def test_empty_shard_writes_nothing(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from linkstar_cli.repo.shard import in_shard

    empty = next(index for index in range(1, 9) if not any(in_shard(sku, (index, 8)) for sku in SKUS))

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--shard", f"{empty}/8")

    assert result.code == 0, result.err
    assert "Nothing to package: no SKU of amazon-de is in this shard." in result.err
    assert not (scratch / "build" / "packages").exists()


def test_output_folder_and_json(scratch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "drop"

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--output", output, "--format", "json")

    assert result.code == 0, result.err
    path = output / "amazon-de.zip"
    report = json.loads(result.out)
    assert report == {
        "platform": "amazon-de",
        "packages": [
            {
                "path": path.as_posix(),
                "skus": SKUS,
                "files": 2 + 6 * len(SKUS),
                "bytes": path.stat().st_size,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "written": True,
            }
        ],
    }
    assert not (scratch / "build" / "packages").exists()


# Refusals


def test_tampered_image_refused(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = scratch / "build" / "amazon-de" / "WOO-BEANIE" / "WOO-BEANIE.MAIN.jpg"
    image.write_bytes(image.read_bytes() + b"\0")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de")

    assert result.code == 1
    assert result.err == (
        "error: cannot package amazon-de: 1 SKU is not ready\n"
        "  - WOO-BEANIE: build/amazon-de/WOO-BEANIE/WOO-BEANIE.MAIN.jpg was changed after render (its SHA-256 differs from manifest.json)\n"
        "  hint: Run `linkstar render --platform amazon-de WOO-BEANIE`, then package again.\n"
    )
    assert not (scratch / "build" / "packages").exists()


def test_never_rendered_sku_refused(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(scratch / "build" / "amazon-de" / "WOO-VNECK-TEE")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de")

    assert result.code == 1
    assert result.err == (
        "error: cannot package amazon-de: 1 SKU is not ready\n"
        "  - WOO-VNECK-TEE: not rendered for amazon-de (build/amazon-de/WOO-VNECK-TEE/manifest.json not found)\n"
        "  hint: Run `linkstar render --platform amazon-de WOO-VNECK-TEE`, then package again.\n"
    )
    assert not (scratch / "build" / "packages").exists()


def test_every_reason_in_one_message(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build = scratch / "build" / "amazon-de"
    (build / "WOO-BEANIE" / "listing.md").unlink()
    shutil.rmtree(build / "WOO-HOODIE-WITH-LOGO")
    copy = scratch / "skus" / "WOO-VNECK-TEE" / "copy" / "de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("oder Rot", "oder Rot, neu", 1), encoding="utf-8")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--per-sku")

    assert result.code == 1
    assert result.err.splitlines() == [
        "error: cannot package amazon-de: 3 SKUs are not ready",
        "  - WOO-BEANIE: build/amazon-de/WOO-BEANIE/listing.md is missing",
        "  - WOO-HOODIE-WITH-LOGO: not rendered for amazon-de (build/amazon-de/WOO-HOODIE-WITH-LOGO/manifest.json not found)",
        "  - WOO-VNECK-TEE: inputs changed since render: skus/WOO-VNECK-TEE/copy/de-DE.yaml",
        "  hint: Run `linkstar render --platform amazon-de WOO-BEANIE WOO-HOODIE-WITH-LOGO WOO-VNECK-TEE`, then package again.",
    ]
    assert not (scratch / "build" / "packages").exists()


def test_stale_outputs_refused(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The brand colours are drawn into the infographics but are no input file of their own.
    brand = scratch / "brand" / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace('primary: "#1F3A5F"', 'primary: "#203A5F"'), encoding="utf-8")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-BEANIE")

    assert result.code == 1
    assert "  - WOO-BEANIE: outputs out of date: WOO-BEANIE.PT03.jpg\n" in result.err


def test_rendered_again_packs(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = scratch / "build" / "amazon-de" / "WOO-BEANIE" / "WOO-BEANIE.MAIN.jpg"
    original = image.read_bytes()
    image.write_bytes(original + b"\0")
    assert invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de").code == 1

    assert invoke(capsys, "-C", scratch, "render", "--platform", "amazon-de", "--jobs", "1").code == 0
    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de")

    assert result.code == 0, result.err
    assert entries(scratch / "build" / "packages" / "amazon-de.zip")["WOO-BEANIE/WOO-BEANIE.MAIN.jpg"] == original


def test_tampered_manifest_name_refused(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = scratch / "build" / "amazon-de" / "WOO-BEANIE" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["outputs"]["../../../escape.txt"] = manifest["outputs"].pop("listing.md")
    path.write_text(json.dumps(manifest), encoding="utf-8")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-BEANIE")

    assert result.code == 1
    assert '  - WOO-BEANIE: build/amazon-de/WOO-BEANIE/manifest.json lists "../../../escape.txt", which is not a plain file name\n' in result.err


def test_unreadable_manifest_refused(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (scratch / "build" / "amazon-de" / "WOO-BEANIE" / "manifest.json").write_text("{not json", encoding="utf-8")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-BEANIE")

    assert result.code == 1
    assert "  - WOO-BEANIE: build/amazon-de/WOO-BEANIE/manifest.json is not a render manifest of this SKU and platform\n" in result.err


def test_mixed_commits_listed_per_sku(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = scratch / "build" / "amazon-de" / "WOO-BEANIE" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["git"] = {"commit": "0" * 40, "dirty": True}
    path.write_text(json.dumps(manifest), encoding="utf-8")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de")

    assert result.code == 0, result.err
    index = json.loads(entries(scratch / "build" / "packages" / "amazon-de.zip")["MANIFEST.json"])
    assert index["git"] == {"commit": None, "dirty": None}
    assert index["skus"]["WOO-BEANIE"]["git"] == {"commit": "0" * 40, "dirty": True}
    assert index["skus"]["WOO-VNECK-TEE"]["git"] == {"commit": git(scratch, "rev-parse", "HEAD"), "dirty": False}


def test_invalid_input_exits_2(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = scratch / "skus" / "WOO-BEANIE" / "copy" / "de-DE.yaml"
    copy.write_text("title: [unclosed\n", encoding="utf-8")

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de")

    assert result.code == 2
    assert result.err.startswith("error: cannot package amazon-de: 1 SKU is not ready\n  - WOO-BEANIE: skus/WOO-BEANIE/copy/de-DE.yaml:")
    assert "  hint: Fix the input files named above, run `linkstar render --platform amazon-de WOO-BEANIE`, then package again.\n" in result.err


def test_unknown_sku_exits_2(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-NOT-THERE")

    assert result.code == 2
    assert result.err.startswith('error: SKU "WOO-NOT-THERE" not found: skus/WOO-NOT-THERE/brief.yaml does not exist\n')


def test_platform_not_targeted(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = scratch / "linkstar.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(" tiktok-uk,", ""), encoding="utf-8")

    named = invoke(capsys, "-C", scratch, "package", "--platform", "tiktok-uk", "WOO-BEANIE")
    every = invoke(capsys, "-C", scratch, "package", "--platform", "tiktok-uk")

    assert named.code == 2
    assert named.err.startswith('error: skus/WOO-BEANIE/brief.yaml: SKU "WOO-BEANIE" does not target tiktok-uk\n')
    assert every.code == 2
    assert every.err.startswith("error: no SKU targets tiktok-uk\n")


# Preview and bulk files from render's writers


def fake_preview(package: Package) -> dict[str, bytes]:
    return {"preview.html": f"<h1>{package.plan.sku}</h1>\n".encode()}


def fake_bulk(spec: PlatformSpec, packages: list[Package], shard: tuple[int, int] | None) -> dict[str, bytes]:
    name = f"{spec.id}.bulk.txt" if shard is None else f"{spec.id}.bulk.shard-{shard[0]}-of-{shard[1]}.txt"
    return {name: "".join(f"{package.plan.sku}\n" for package in packages).encode()}


@pytest.fixture
def fake_writers() -> Iterator[None]:
    SKU_WRITERS.append(fake_preview)
    PLATFORM_WRITERS.append(fake_bulk)
    yield
    SKU_WRITERS.remove(fake_preview)
    PLATFORM_WRITERS.remove(fake_bulk)


def test_preview_and_bulk_packed(scratch: Path, fake_writers: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(capsys, "-C", scratch, "render", "--platform", "amazon-de", "--jobs", "1").code == 0
    assert (scratch / "build" / "amazon-de" / "amazon-de.bulk.txt").read_text(encoding="utf-8") == "".join(f"{sku}\n" for sku in SKUS)

    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-BEANIE", "WOO-VNECK-TEE")

    assert result.code == 0, result.err
    content = entries(scratch / "build" / "packages" / "amazon-de.zip")
    assert list(content) == [
        "MANIFEST.json",
        "SHA256SUMS",
        *upload_files("WOO-BEANIE", "WOO-BEANIE/"),
        "WOO-BEANIE/preview.html",
        *upload_files("WOO-VNECK-TEE", "WOO-VNECK-TEE/"),
        "WOO-VNECK-TEE/preview.html",
        "amazon-de.bulk.txt",
    ]
    # The bulk file lists exactly the SKUs in the zip, not every SKU of the last render.
    assert content["amazon-de.bulk.txt"] == b"WOO-BEANIE\nWOO-VNECK-TEE\n"
    assert content["WOO-VNECK-TEE/preview.html"] == b"<h1>WOO-VNECK-TEE</h1>\n"
    files = json.loads(content["MANIFEST.json"])["files"]
    assert files["amazon-de.bulk.txt"] == {"sha256": hashlib.sha256(b"WOO-BEANIE\nWOO-VNECK-TEE\n").hexdigest(), "bytes": 25}


def test_bulk_file_per_sku_and_shard(scratch: Path, fake_writers: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(capsys, "-C", scratch, "render", "--platform", "amazon-de", "--jobs", "1").code == 0
    folder = scratch / "build" / "packages"

    assert invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--per-sku", "WOO-BEANIE").code == 0
    assert invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "--shard", "1/3").code == 0

    single = entries(folder / "amazon-de-WOO-BEANIE.zip")
    assert list(single) == [
        "MANIFEST.json",
        "SHA256SUMS",
        "WOO-BEANIE.MAIN.jpg",
        "WOO-BEANIE.PT01.jpg",
        "WOO-BEANIE.PT02.jpg",
        "WOO-BEANIE.PT03.jpg",
        "amazon-de.bulk.txt",
        "listing.json",
        "listing.md",
        "preview.html",
    ]
    assert single["amazon-de.bulk.txt"] == b"WOO-BEANIE\n"
    shard = entries(folder / "amazon-de.shard-1-of-3.zip")
    shard_skus = list(json.loads(shard["MANIFEST.json"])["skus"])
    assert shard["amazon-de.bulk.shard-1-of-3.txt"] == "".join(f"{sku}\n" for sku in shard_skus).encode()


def test_missing_preview_refused(scratch: Path, fake_writers: None, capsys: pytest.CaptureFixture[str]) -> None:
    # Rendered without a preview writer: with one registered, render would now write preview.html too.
    result = invoke(capsys, "-C", scratch, "package", "--platform", "amazon-de", "WOO-BEANIE")

    assert result.code == 1
    assert "  - WOO-BEANIE: outputs out of date: preview.html\n" in result.err


def test_registered_writers_packed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With the writers that render really has, the zip contains every rendered output and every bulk file."""
    saved = list(SKU_WRITERS), list(PLATFORM_WRITERS)
    SKU_WRITERS[:], PLATFORM_WRITERS[:] = REGISTERED
    try:
        repo = rendered_copy(tmp_path / "repo")
        result = invoke(capsys, "-C", repo, "package", "--platform", "amazon-de")
    finally:
        SKU_WRITERS[:], PLATFORM_WRITERS[:] = saved

    assert result.code == 0, result.err
    content = entries(repo / "build" / "packages" / "amazon-de.zip")
    for sku in SKUS:
        folder = repo / "build" / "amazon-de" / sku
        outputs = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]
        for name in outputs:
            assert content[f"{sku}/{name}"] == (folder / name).read_bytes()
    root_files = [name for name in content if "/" not in name and name not in ("MANIFEST.json", "SHA256SUMS")]
    for name in root_files:
        assert content[name] == (repo / "build" / "amazon-de" / name).read_bytes()
