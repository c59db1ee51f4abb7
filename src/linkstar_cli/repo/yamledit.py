"""Helpers for writing YAML files back with ruamel.yaml, keeping comments and key order."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap


def put_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``; a new key goes after the last existing key that comes before it in ``order``, else first."""
    if key in mapping or key not in order:
        mapping[key] = value
        return
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    mapping.insert(position, key, value)
