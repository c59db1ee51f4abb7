"""``linkstar history``: the releases of a SKU, read back from their tags."""

from __future__ import annotations

from typing import Any

from linkstar_cli.errors import InputError
from linkstar_cli.model.types import sku_hint, sku_problem
from linkstar_cli.release.fingerprints import LAYERS
from linkstar_cli.release.release import head_of
from linkstar_cli.release.tags import Release, releases
from linkstar_cli.repo.content import ContentRepo


def release_history(repo: ContentRepo, sku: str, platform: str | None = None) -> list[Release]:
    """List the releases of ``sku`` (on ``platform`` only, when given), oldest first per platform.

    The SKU folder need not exist any more: the tags outlive it.
    """
    problem = sku_problem(sku)
    if problem:
        raise InputError(problem, hint=sku_hint())
    if platform is not None:
        repo.spec(platform)
    head_of(repo)
    return releases(repo.root, sku, platform)


def history_entry(release: Release) -> dict[str, Any]:
    manifest = release.manifest or {}
    return {
        "sku": release.sku,
        "platform": release.platform,
        "version": release.version,
        "tag": release.tag,
        "date": release.date,
        "commit": release.commit,
        "tagger": release.tagger,
        "locale": manifest.get("locale"),
        "reviewers": dict(sorted(release.reviewers().items(), key=lambda item: _layer_order(item[0]))),
        "manifest": release.manifest is not None,
    }


def _layer_order(layer: str) -> int:
    return LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
