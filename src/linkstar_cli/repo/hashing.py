"""Content hashes of files and values, cached for one run."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_json(value: Any) -> str:
    """Hash a JSON-compatible value in a canonical form (sorted keys, no spaces)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return sha256_bytes(text.encode("utf-8"))


# File hashes kept between runs, by path relative to the repo root.
HASH_CACHE = Path(".linkstar") / "cache" / "file-hashes.json"
HASH_CACHE_FORMAT = 1
# A file changed this shortly before it was hashed may change again without a new size
# or modification time, so its hash is not kept. A time in whole seconds may come from a
# file system that keeps seconds only (FAT keeps 2 s); other times are much finer.
RACY_NANOSECONDS_WHOLE_SECONDS = 2_000_000_000
RACY_NANOSECONDS_FINE = 100_000_000


class FileHashes:
    """SHA-256 of files, each read at most once per instance (a run keeps one instance).

    With a repo root, hashes are also kept in ``.linkstar/cache/file-hashes.json``
    with each file's size and modification time, so a later run reads again only
    the files whose size or modification time changed. Files outside the root are
    hashed but not kept. ``save`` writes the cache; a read-only repo just hashes
    again next time.
    """

    def __init__(self, root: Path | None = None) -> None:
        self._known: dict[Path, str] = {}
        self._root = root.resolve() if root is not None else None
        self._stored: dict[str, list[Any]] | None = None
        self._looked_up: set[str] = set()
        self._changed = False

    def of(self, path: Path) -> str:
        found = self._known.get(path)
        if found is None:
            resolved = path.resolve()
            found = self._known.get(resolved)
            if found is None:
                found = self._hash(resolved)
            self._known[resolved] = self._known[path] = found
        return found

    def record(self, path: Path, digest: str) -> None:
        """Keep ``digest`` as the hash of a file this run has just written, so the next run need not read it.

        Unlike ``of``, this keeps the hash of a file changed moments ago. Only render
        writes under build/, so a second change within the same timestamp is not expected there.
        """
        resolved = path.resolve()
        self._known[resolved] = self._known[path] = digest
        relative = self._relative(resolved)
        if relative is None:
            return
        status = resolved.stat()
        self._cache()[relative] = [status.st_size, status.st_mtime_ns, digest]
        self._looked_up.add(relative)
        self._changed = True

    def _hash(self, path: Path) -> str:
        relative = self._relative(path)
        if relative is None:
            return sha256_file(path)
        stored = self._cache()
        self._looked_up.add(relative)
        status = path.stat()
        entry = stored.get(relative)
        if isinstance(entry, list) and entry[:2] == [status.st_size, status.st_mtime_ns] and isinstance(entry[2], str):
            return entry[2]
        digest = sha256_file(path)
        whole_seconds = status.st_mtime_ns % 1_000_000_000 == 0
        window = RACY_NANOSECONDS_WHOLE_SECONDS if whole_seconds else RACY_NANOSECONDS_FINE
        if time.time_ns() - status.st_mtime_ns > window:
            stored[relative] = [status.st_size, status.st_mtime_ns, digest]
            self._changed = True
        elif relative in stored:
            del stored[relative]
            self._changed = True
        return digest

    def _relative(self, path: Path) -> str | None:
        if self._root is None:
            return None
        try:
            return path.relative_to(self._root).as_posix()
        except ValueError:
            return None

    def _cache(self) -> dict[str, list[Any]]:
        if self._stored is None:
            self._stored = {}
            assert self._root is not None
            try:
                data = json.loads((self._root / HASH_CACHE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("format") == HASH_CACHE_FORMAT and isinstance(data.get("files"), dict):
                self._stored = data["files"]
        return self._stored

    def save(self) -> None:
        """Write the kept hashes when this run added or changed any, dropping those of deleted files."""
        if self._root is None or self._stored is None or not self._changed:
            return
        from linkstar_cli.repo.atomic import write_text_atomic

        existing = {relative: entry for relative, entry in self._stored.items() if relative in self._looked_up or (self._root / relative).is_file()}
        text = json.dumps({"format": HASH_CACHE_FORMAT, "files": existing}, sort_keys=True, separators=(",", ":"))
        try:
            write_text_atomic(self._root / HASH_CACHE, text + "\n")
        except OSError:
            # The cache only saves time, so a read-only checkout hashes the files again next run.
            pass
        self._changed = False
