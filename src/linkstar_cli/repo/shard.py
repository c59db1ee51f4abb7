"""A stable split of SKUs over N shards, so CI jobs can share a catalogue."""

from __future__ import annotations

import hashlib
import re

from linkstar_cli.errors import UsageError
from linkstar_cli.i18n import _

_SHARD = re.compile(r"^(?P<index>\d+)/(?P<count>\d+)$")


def parse_shard(text: str) -> tuple[int, int]:
    """Parse ``K/N`` (1 <= K <= N) into (K, N)."""
    match = _SHARD.match(text.strip())
    if match:
        index, count = int(match["index"]), int(match["count"])
        if 1 <= index <= count:
            return index, count
    raise UsageError(
        _("invalid shard \"{shard}\"", shard=text),
        hint=_("Write the shard as K/N with 1 <= K <= N, for example --shard 2/4."),
    )


def in_shard(sku: str, shard: tuple[int, int] | None) -> bool:
    """Tell whether ``sku`` belongs to shard K of N; the split depends only on the SKU id."""
    if shard is None:
        return True
    index, count = shard
    bucket = int.from_bytes(hashlib.sha256(sku.encode("utf-8")).digest()[:8], "big") % count
    return bucket == index - 1
