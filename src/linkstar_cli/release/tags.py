"""Release tags ``<SKU>/<platform>/v<N>``: their names, their messages and reading them back."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkstar_cli.repo import gitio

_VERSION = re.compile(r"^v([1-9][0-9]*)$")
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Release:
    """One release tag and the manifest its message carries (None for a tag made by hand)."""

    sku: str
    platform: str
    version: int
    tag: str
    commit: str
    date: str
    tagger: str
    manifest: dict[str, Any] | None

    def reviewers(self) -> dict[str, str]:
        """Return who approved each layer, by layer."""
        layers = (self.manifest or {}).get("layers")
        if not isinstance(layers, dict):
            return {}
        return {layer: str(entry.get("by", "")) for layer, entry in layers.items() if isinstance(entry, dict)}


def tag_name(sku: str, platform: str, version: int) -> str:
    return f"{sku}/{platform}/v{version}"


def parse_version(text: str) -> int | None:
    """Read ``v3`` or ``3`` as 3, and anything else as None."""
    match = _VERSION.match(text if text.startswith("v") else f"v{text}")
    return int(match.group(1)) if match else None


def tag_message(manifest: dict[str, Any]) -> str:
    """Write the tag message: a subject line for ``git tag -n``, a blank line, then the manifest as JSON.

    The subject stays in English in every message language, because the tag is a
    record the whole team shares.
    """
    subject = f"Release {manifest['sku']} for {manifest['platform']}, v{manifest['version']}"
    return subject + "\n\n" + json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def read_manifest(message: str) -> dict[str, Any] | None:
    """Return the JSON manifest after the subject line of a tag message, or None when it has none."""
    start = 0 if message.startswith("{") else message.find("\n{") + 1
    if start == 0 and not message.startswith("{"):
        return None
    try:
        # raw_decode stops at the end of the object, before any signature block git appended.
        value, _end = json.JSONDecoder().raw_decode(message[start:])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def releases(root: Path, sku: str | None = None, platform: str | None = None) -> list[Release]:
    """List the release tags of the Git repo at ``root``, sorted by SKU, platform and version.

    Tags under a SKU folder whose last part is not ``v<N>`` are not releases and are skipped.
    """
    prefix = f"{sku}/" if sku else ""
    if sku and platform:
        prefix += f"{platform}/"
    found = []
    for record in gitio.list_tags(root, prefix):
        parts = record.name.split("/")
        if len(parts) != 3:
            continue
        version = parse_version(parts[2]) if parts[2].startswith("v") else None
        if version is None or (platform and parts[1] != platform):
            continue
        found.append(Release(parts[0], parts[1], version, record.name, record.commit, record.date, record.tagger, read_manifest(record.message) if record.annotated else None))
    return sorted(found, key=lambda release: (release.sku, release.platform, release.version))


def latest_by_target(found: list[Release]) -> dict[tuple[str, str], Release]:
    """Return the highest version per SKU and platform."""
    latest: dict[tuple[str, str], Release] = {}
    for release in found:
        key = (release.sku, release.platform)
        if key not in latest or release.version > latest[key].version:
            latest[key] = release
    return latest
