"""The file-hash cache: a file whose size and modification time did not change is not read again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from linkstar_cli.repo import hashing
from linkstar_cli.repo.hashing import HASH_CACHE, FileHashes, sha256_bytes

HOUR_AGO = time.time() - 3600


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file that FileHashes reads."""
    seen: list[Path] = []
    original = hashing.sha256_file

    def counting(path: Path) -> str:
        seen.append(path)
        return original(path)

    monkeypatch.setattr(hashing, "sha256_file", counting)
    return seen


def old_file(path: Path, data: bytes, when: float = HOUR_AGO) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when, when))
    return path


def test_unchanged_file_not_read_again(tmp_path: Path, reads: list[Path]) -> None:
    photo = old_file(tmp_path / "skus/A/main.jpg", b"photo bytes")
    first = FileHashes(tmp_path)
    assert first.of(photo) == sha256_bytes(b"photo bytes")
    first.save()

    second = FileHashes(tmp_path)

    assert second.of(photo) == sha256_bytes(b"photo bytes")
    assert reads == [photo.resolve()]
    stored = json.loads((tmp_path / HASH_CACHE).read_text(encoding="utf-8"))
    assert stored["files"]["skus/A/main.jpg"][2] == sha256_bytes(b"photo bytes")


def test_same_size_new_time_read_again(tmp_path: Path, reads: list[Path]) -> None:
    photo = old_file(tmp_path / "main.jpg", b"version 1")
    first = FileHashes(tmp_path)
    first.of(photo)
    first.save()
    old_file(photo, b"version 2", HOUR_AGO + 60)

    assert FileHashes(tmp_path).of(photo) == sha256_bytes(b"version 2")
    assert len(reads) == 2


@pytest.mark.parametrize("whole_seconds", [False, True], ids=["fine-time", "whole-second-time"])
def test_recent_file_not_kept(tmp_path: Path, reads: list[Path], whole_seconds: bool) -> None:
    # Changed just now, it could change again within the same timestamp. A time in whole
    # seconds may come from a file system that keeps 2 s steps, so there 1 to 2 s is recent too.
    photo = tmp_path / "main.jpg"
    photo.write_bytes(b"just written")
    when = float(int(time.time()) - 1) if whole_seconds else time.time() - 0.01
    os.utime(photo, (when, when))
    first = FileHashes(tmp_path)
    first.of(photo)
    first.save()

    FileHashes(tmp_path).of(photo)

    assert len(reads) == 2
    assert not (tmp_path / HASH_CACHE).exists()


def test_file_outside_root_not_kept(tmp_path: Path) -> None:
    outside = old_file(tmp_path / "elsewhere/main.jpg", b"outside")
    root = tmp_path / "repo"
    root.mkdir()
    hashes = FileHashes(root)

    assert hashes.of(outside) == sha256_bytes(b"outside")
    hashes.save()

    assert not (root / HASH_CACHE).exists()


def test_invalid_cache_file_ignored(tmp_path: Path, reads: list[Path]) -> None:
    photo = old_file(tmp_path / "main.jpg", b"photo")
    cache = tmp_path / HASH_CACHE
    cache.parent.mkdir(parents=True)
    cache.write_text('{"format": 1, "files": {"main.jpg": "not a list"}}', encoding="utf-8")

    assert FileHashes(tmp_path).of(photo) == sha256_bytes(b"photo")
    assert reads == [photo.resolve()]


def test_save_drops_deleted_files(tmp_path: Path) -> None:
    kept_file = old_file(tmp_path / "kept.jpg", b"kept")
    deleted_file = old_file(tmp_path / "gone.jpg", b"gone")
    first = FileHashes(tmp_path)
    first.of(kept_file)
    first.of(deleted_file)
    first.save()
    deleted_file.unlink()
    added = old_file(tmp_path / "added.jpg", b"added")

    second = FileHashes(tmp_path)
    second.of(added)
    second.save()

    stored = json.loads((tmp_path / HASH_CACHE).read_text(encoding="utf-8"))
    assert sorted(stored["files"]) == ["added.jpg", "kept.jpg"]


def test_save_on_read_only_repo_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = old_file(tmp_path / "main.jpg", b"photo")
    hashes = FileHashes(tmp_path)
    hashes.of(photo)

    def read_only(path: Path, text: str) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("linkstar_cli.repo.atomic.write_text_atomic", read_only)
    hashes.save()

    assert not (tmp_path / HASH_CACHE).exists()


def test_recorded_write_not_read_next_run(tmp_path: Path, reads: list[Path]) -> None:
    output = tmp_path / "build/amazon-de/A/A.MAIN.jpg"
    output.parent.mkdir(parents=True)
    output.write_bytes(b"rendered")
    first = FileHashes(tmp_path)
    first.record(output, sha256_bytes(b"rendered"))
    first.save()

    assert FileHashes(tmp_path).of(output) == sha256_bytes(b"rendered")
    assert reads == []
