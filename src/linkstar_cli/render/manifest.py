"""``manifest.json`` of a rendered package: input and output hashes, spec, version and commit.

The manifest contains no timestamps, so the same inputs at the same commit give the
same bytes, and shards rendered on different machines merge cleanly.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from linkstar_cli import __version__
from linkstar_cli.render.plan import ImageJob, SkuPlan
from linkstar_cli.repo.atomic import write_text_atomic
from linkstar_cli.repo.hashing import FileHashes, sha256_bytes, sha256_file

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def read(out_dir: Path) -> dict[str, Any]:
    """Return the previous manifest of a package, or an empty one when there is none or it is unreadable."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"outputs": {}}
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return {"outputs": {}}
    return data


def is_current(out_dir: Path, old: dict[str, Any], name: str, key: str, hashes: FileHashes | None = None) -> bool:
    """Tell whether output ``name`` exists, is unmodified and was made from the same inputs.

    ``hashes`` lets a run skip reading an output whose size and modification time did not change.
    """
    entry = old.get("outputs", {}).get(name)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    path = out_dir / name
    if not path.is_file():
        return False
    digest = hashes.of(path) if hashes is not None else sha256_file(path)
    return digest == entry.get("sha256")


def image_entry(job: ImageJob, data: bytes) -> dict[str, Any]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    entry: dict[str, Any] = {
        "sha256": sha256_bytes(data),
        "bytes": len(data),
        "width": width,
        "height": height,
        "role": job.role,
        "source": job.source_display,
        "key": job.key,
    }
    if job.overlay is not None:
        # Reviewers see which texts an infographic carries without opening it.
        entry["layout"] = job.overlay.layout_id
        entry["locale"] = job.overlay.locale
        entry["texts"] = dict(job.overlay.texts)
    return entry


def build(plan: SkuPlan, outputs: dict[str, dict[str, Any]], git: tuple[str | None, bool]) -> dict[str, Any]:
    commit, dirty = git
    return {
        "format": FORMAT_VERSION,
        "linkstar_version": __version__,
        "sku": plan.sku,
        "platform": plan.spec.id,
        "locale": plan.locale,
        "spec": {"id": plan.spec.id, "checked": plan.spec.checked.isoformat(), "sha256": plan.inputs.get(f"spec:{plan.spec.id}")},
        "git": {"commit": commit, "dirty": dirty},
        "inputs": dict(sorted(plan.inputs.items())),
        "outputs": dict(sorted(outputs.items())),
    }


def write(out_dir: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    path = out_dir / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_text_atomic(path, text)
