"""``linkstar diff``: what changed between two releases of a SKU on one platform.

Copy (every locale) and the brief are compared field by field as validated models,
so a reworded comment or requoted value is no change. Rendered images are compared
by the hashes in the two release manifests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.validate import format_field_path, validate_document
from linkstar_cli.release.fingerprints import canonical
from linkstar_cli.release.history import release_history
from linkstar_cli.release.tags import Release, parse_version
from linkstar_cli.repo import gitio
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.textio import decode_text
from linkstar_cli.repo.yamlio import parse_yaml


@dataclass(frozen=True)
class FieldChange:
    file: str  # brief.yaml or copy/<locale>.yaml, inside the SKU folder
    field: str  # bullets[2] or overlays.headline, empty for a whole file added or removed
    change: str  # added, removed or changed
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class ImageChange:
    name: str
    change: str  # added, removed or changed


@dataclass
class ReleaseDiff:
    before: Release
    after: Release
    fields: list[FieldChange] = field(default_factory=list)
    images: list[ImageChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sku": self.after.sku,
            "platform": self.after.platform,
            "from": {"version": self.before.version, "tag": self.before.tag, "commit": self.before.commit},
            "to": {"version": self.after.version, "tag": self.after.tag, "commit": self.after.commit},
            "fields": [vars(change) for change in self.fields],
            "images": [vars(change) for change in self.images],
        }


def diff_releases(repo: ContentRepo, sku: str, first: str, second: str, platform: str | None = None) -> ReleaseDiff:
    """Compare release ``first`` with release ``second`` (``v1``, ``2``, ...) of ``sku``."""
    found = release_history(repo, sku, platform)
    platform = _platform(sku, found, platform)
    before = _pick(sku, platform, found, first)
    after = _pick(sku, platform, found, second)
    prefix = gitio.path_prefix(repo.root)
    result = ReleaseDiff(before, after)
    result.fields = _document_changes(repo, prefix, sku, before, after)
    result.images = _image_changes(before, after)
    return result


def _platform(sku: str, found: list[Release], platform: str | None) -> str:
    if platform is not None:
        return platform
    platforms = sorted({release.platform for release in found})
    if not platforms:
        raise InputError(_("{sku} has no release yet", sku=sku), hint=_("Create one with `linkstar release {sku} --platform ID`.", sku=sku))
    if len(platforms) > 1:
        raise UsageError(
            _("{sku} has releases on several platforms ({platforms})", sku=sku, platforms=", ".join(platforms)),
            hint=_("Pass --platform with one of them."),
        )
    return platforms[0]


def _pick(sku: str, platform: str, found: list[Release], text: str) -> Release:
    version = parse_version(text)
    if version is None:
        raise UsageError(_("\"{value}\" is not a release version", value=text), hint=_("Write a version as v1, v2, ... as `linkstar history {sku}` lists them.", sku=sku))
    for release in found:
        if release.platform == platform and release.version == version:
            return release
    known = ", ".join(f"v{release.version}" for release in found if release.platform == platform) or "-"
    raise UsageError(
        _("{sku} has no release v{version} on {platform}", sku=sku, version=version, platform=platform),
        hint=_("Releases on {platform}: {versions}.", platform=platform, versions=known),
    )


def _document_changes(repo: ContentRepo, prefix: str, sku: str, before: Release, after: Release) -> list[FieldChange]:
    folder = f"{prefix}skus/{sku}/"
    names = ["brief.yaml"]
    copies = set()
    for release in (before, after):
        copies |= {path.removeprefix(folder) for path in gitio.files_at(repo.root, release.commit, folder + "copy") if path.endswith(".yaml")}
    names += sorted(copies)

    changes: list[FieldChange] = []
    for name in names:
        model: type[BaseModel] = Brief if name == "brief.yaml" else Copy
        old = _fields_at(repo, before, folder + name, model)
        new = _fields_at(repo, after, folder + name, model)
        if old is None and new is not None:
            changes.append(FieldChange(name, "", "added"))
        elif new is None and old is not None:
            changes.append(FieldChange(name, "", "removed"))
        elif old is not None and new is not None:
            changes.extend(_field_changes(name, old, new))
    return changes


def _fields_at(repo: ContentRepo, release: Release, path: str, model: type[BaseModel]) -> dict[str, Any] | None:
    data = gitio.file_at(repo.root, release.commit, path)
    if data is None:
        return None
    display = f"{release.tag}:{path}"
    loaded = validate_document(parse_yaml(decode_text(data, display), display), model)
    return flatten(canonical(loaded))


def flatten(value: Any, path: tuple[str | int, ...] = ()) -> dict[str, Any]:
    """Map each leaf of nested mappings and lists to its field path (``bullets[2]``). Empty containers have no leaves."""
    if isinstance(value, dict):
        leaves: dict[str, Any] = {}
        for key, item in value.items():
            leaves.update(flatten(item, (*path, key)))
        return leaves
    if isinstance(value, list):
        leaves = {}
        for index, item in enumerate(value):
            leaves.update(flatten(item, (*path, index)))
        return leaves
    return {format_field_path(path): value}


def _field_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    changes = []
    for key in [*new, *(key for key in old if key not in new)]:
        if key not in old:
            changes.append(FieldChange(name, key, "added", None, new[key]))
        elif key not in new:
            changes.append(FieldChange(name, key, "removed", old[key], None))
        elif old[key] != new[key]:
            changes.append(FieldChange(name, key, "changed", old[key], new[key]))
    return changes


def _image_changes(before: Release, after: Release) -> list[ImageChange]:
    old = _images(before)
    new = _images(after)
    changes = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            changes.append(ImageChange(name, "added"))
        elif name not in new:
            changes.append(ImageChange(name, "removed"))
        elif old[name] != new[name]:
            changes.append(ImageChange(name, "changed"))
    return changes


def _images(release: Release) -> dict[str, Any]:
    if release.manifest is None:
        raise InputError(
            _("tag {tag} carries no release manifest", tag=release.tag),
            hint=_("Only tags made by `linkstar release` can be compared; the tag message must contain the manifest."),
        )
    images = release.manifest.get("images")
    return dict(images) if isinstance(images, dict) else {}
