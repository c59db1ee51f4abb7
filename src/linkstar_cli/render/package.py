"""``linkstar package``: rendered listing packages packed into deterministic zip files.

A zip contains the upload files of one platform (one folder per SKU) or of one SKU,
plus ``MANIFEST.json`` and ``SHA256SUMS``. Nothing is packed unless every SKU's
render is complete, untouched and up to date. Each file must still match the hash
in its ``manifest.json``. ``package_state``, which plans the SKU as render does,
must find the same inputs and outputs that the manifest records.

The same rendered files give the same zip bytes: entries are sorted, carry the
timestamp 1980-01-01 00:00:00 (the earliest a zip can store), mode 0644 and no
extra fields, and are compressed with deflate at a fixed level.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linkstar_cli import __version__
from linkstar_cli.errors import ErrorList, ExitCode, FindingsError, InputError, LinkstarError, RenderError
from linkstar_cli.i18n import _, ngettext
from linkstar_cli.render.extras import PLATFORM_WRITERS, Package
from linkstar_cli.render.freshness import package_state
from linkstar_cli.render.manifest import MANIFEST
from linkstar_cli.render.pipeline import BUILD_DIR, Renderer
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import sha256_bytes, sha256_file
from linkstar_cli.repo.shard import in_shard
from linkstar_cli.specs.model import PlatformSpec

PACKAGES_DIR = "packages"
INDEX_NAME = "MANIFEST.json"
CHECKSUMS_NAME = "SHA256SUMS"
FORMAT_VERSION = 1

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
DEFLATE_LEVEL = 6
_UNIX = 3  # "made by" system in the zip header; Python writes 0 on Windows otherwise
_FILE_MODE = 0o100644  # a regular file, rw-r--r--
_IMAGE_DETAILS = ("role", "width", "height")


@dataclass(frozen=True)
class ZipEntry:
    """One file inside a zip: its name there, its expected hash and size, and where its bytes come from."""

    name: str
    sha256: str
    size: int
    source: Path | None = None  # a rendered file, read again and checked while packing
    data: bytes | None = None  # bytes made while packing: bulk files, the index files
    sku: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class RenderedSku:
    """A SKU whose rendered package passed every check."""

    sku: str
    folder: Path
    manifest: dict[str, Any]
    package: Package


@dataclass(frozen=True)
class WrittenZip:
    path: Path
    skus: tuple[str, ...]
    files: int
    size: int
    sha256: str
    changed: bool  # False when an identical zip was already there and was left alone


@dataclass(frozen=True)
class PackageOptions:
    platform: str
    skus: tuple[str, ...] = ()
    per_sku: bool = False
    output_dir: Path | None = None
    shard: tuple[int, int] | None = None


def write_packages(repo: ContentRepo, options: PackageOptions) -> list[WrittenZip]:
    """Check the rendered packages of the chosen SKUs and write their zip files.

    Raises ``FindingsError`` naming every SKU that has no render, a render that is
    out of date, or a file changed after render. Nothing is written then.
    """
    spec = repo.spec(options.platform)
    skus = select_skus(repo, spec, list(options.skus), options.shard)
    if not skus:
        return []
    rendered = check_renders(repo, spec, skus)
    output_dir = options.output_dir or repo.root / BUILD_DIR / PACKAGES_DIR
    if options.per_sku:
        return [_write_zip(output_dir / f"{spec.id}-{item.sku}.zip", spec, [item], None, folders=False) for item in rendered]
    return [_write_zip(output_dir / zip_name(spec.id, options.shard), spec, rendered, options.shard, folders=True)]


def zip_name(platform: str, shard: tuple[int, int] | None) -> str:
    """Name the platform zip; each shard gets its own name so CI jobs do not overwrite each other."""
    if shard is None:
        return f"{platform}.zip"
    index, count = shard
    return f"{platform}.shard-{index}-of-{count}.zip"


# Which SKUs


def select_skus(repo: ContentRepo, spec: PlatformSpec, requested: list[str], shard: tuple[int, int] | None) -> list[str]:
    """Return the requested SKUs, or every SKU that targets the platform, limited to the shard."""
    if requested:
        for sku in requested:
            if spec.id not in repo.targets_of(repo.brief(sku)):
                raise InputError(
                    _("SKU \"{sku}\" does not target {platform}", sku=sku, platform=spec.id),
                    path=f"skus/{sku}/brief.yaml",
                    hint=_("Add {platform} to targets in the brief, or package another platform.", platform=spec.id),
                )
        chosen = list(dict.fromkeys(requested))
    else:
        chosen = [sku for sku in repo.sku_ids() if spec.id in repo.targets_of(repo.brief(sku))]
        if not chosen:
            raise InputError(
                _("no SKU targets {platform}", platform=spec.id),
                hint=_("Add {platform} to targets in linkstar.yaml or in a brief, or package another platform.", platform=spec.id),
            )
    return sorted(sku for sku in chosen if in_shard(sku, shard))


# Checking the renders


def check_renders(repo: ContentRepo, spec: PlatformSpec, skus: list[str]) -> list[RenderedSku]:
    """Check that each SKU's package is rendered, untouched and up to date; raise one error naming every problem."""
    renderer = Renderer(repo, jobs=1)
    rendered: list[RenderedSku] = []
    problems: dict[str, _Problems] = {}
    for sku in skus:
        result = _check_sku(renderer, spec, sku)
        if isinstance(result, RenderedSku):
            rendered.append(result)
        else:
            problems[sku] = result
    if problems:
        raise _refusal(spec.id, problems)
    return rendered


@dataclass(frozen=True)
class _Problems:
    """The reasons one SKU cannot be packed, and whether one of them is an input file that failed to load."""

    reasons: list[str]
    invalid_input: bool = False


def _check_sku(renderer: Renderer, spec: PlatformSpec, sku: str) -> RenderedSku | _Problems:
    """Return the checked render of one SKU, or the reasons it cannot be packed."""
    folder = renderer.repo.root / BUILD_DIR / spec.id / sku
    manifest, reasons = _read_manifest(folder, spec.id, sku)
    if manifest is None:
        return _Problems(reasons)
    changed = _changed_files(folder, manifest)
    reasons = list(changed.values())
    try:
        state = package_state(renderer.repo, spec, sku, renderer)
        current = state.package
    except LinkstarError as error:
        return _Problems(reasons + [_error_text(single) for single in _each(error)], invalid_input=True)
    if not state.rendered:
        # package_state reads a manifest without outputs as no render at all.
        reasons.append(_not_rendered(spec.id, sku))
    reasons += _outdated_reasons([name for name in state.outdated if name not in changed], manifest, current)
    if reasons:
        return _Problems(reasons)
    return RenderedSku(sku, folder, manifest, current)


def _read_manifest(folder: Path, platform: str, sku: str) -> tuple[dict[str, Any] | None, list[str]]:
    path = folder / MANIFEST
    display_path = f"{BUILD_DIR}/{platform}/{sku}/{MANIFEST}"
    if not path.is_file():
        return None, [_not_rendered(platform, sku)]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    valid = (
        isinstance(data, dict)
        and data.get("sku") == sku
        and data.get("platform") == platform
        and isinstance(data.get("inputs"), dict)
        and isinstance(data.get("outputs"), dict)
        and all(isinstance(entry, dict) for entry in data["outputs"].values())
        and isinstance(data.get("git", {}), dict)
        and isinstance(data.get("spec", {}), dict)
    )
    if not valid:
        return None, [_("{file} is not a render manifest of this SKU and platform", file=display_path)]
    return data, []


def _not_rendered(platform: str, sku: str) -> str:
    display_path = f"{BUILD_DIR}/{platform}/{sku}/{MANIFEST}"
    return _("not rendered for {platform} ({file} not found)", platform=platform, file=display_path)


def _changed_files(folder: Path, manifest: dict[str, Any]) -> dict[str, str]:
    """Map each output that is missing, unsafe to pack, or no longer matches its recorded hash to the reason."""
    reasons = {}
    display_folder = f"{BUILD_DIR}/{manifest['platform']}/{manifest['sku']}"
    display_manifest = f"{display_folder}/{MANIFEST}"
    for name, entry in sorted(manifest["outputs"].items()):
        display_path = f"{display_folder}/{name}"
        if not _is_plain_name(name):
            reasons[name] = _("{file} lists \"{name}\", which is not a plain file name", file=display_manifest, name=name)
            continue
        path = folder / name
        if not path.is_file():
            reasons[name] = _("{file} is missing", file=display_path)
            continue
        if path.stat().st_size != entry.get("bytes") or sha256_file(path) != entry.get("sha256"):
            reasons[name] = _("{file} was changed after render (its SHA-256 differs from {manifest})", file=display_path, manifest=MANIFEST)
    return reasons


def _outdated_reasons(outdated: list[str], manifest: dict[str, Any], current: Package) -> list[str]:
    """Describe what ``package_state`` found out of date, inputs before outputs.

    Changed inputs are the cause, so the outputs made from them are listed only
    when no input changed (a new linkstar version, an edited brand kit or an
    output added to the spec).
    """
    input_names = set(manifest["inputs"]) | set(current.plan.inputs)
    inputs = sorted(name for name in outdated if name in input_names)
    if inputs:
        return [_("inputs changed since render: {files}", files=", ".join(inputs))]
    outputs = sorted(name for name in outdated if name not in input_names)
    if outputs:
        return [_("outputs out of date: {files}", files=", ".join(outputs))]
    return []


def _each(error: LinkstarError) -> list[LinkstarError]:
    return error.errors if isinstance(error, ErrorList) else [error]


def _error_text(error: LinkstarError) -> str:
    location = error.location()
    return f"{location}: {error.message}" if location else error.message


def _refusal(platform: str, problems: dict[str, _Problems]) -> FindingsError:
    lines = [f"  - {sku}: {reason}" for sku, problem in problems.items() for reason in problem.reasons]
    count = len(problems)
    heading = ngettext(
        "cannot package {platform}: {count} SKU is not ready",
        "cannot package {platform}: {count} SKUs are not ready",
        count,
        platform=platform,
        count=count,
    )
    command = f"linkstar render --platform {platform} {' '.join(problems)}"
    invalid_input = any(problem.invalid_input for problem in problems.values())
    if invalid_input:
        hint = _("Fix the input files named above, run `{command}`, then package again.", command=command)
    else:
        hint = _("Run `{command}`, then package again.", command=command)
    refusal = FindingsError("\n".join([heading, *lines]), hint=hint)
    if invalid_input:
        # An input that does not load is bad input (exit 2), as in every other command.
        refusal.exit_code = ExitCode.USAGE
    return refusal


def _is_plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".") and ":" not in name


# Building a zip


def _write_zip(path: Path, spec: PlatformSpec, items: list[RenderedSku], shard: tuple[int, int] | None, *, folders: bool) -> WrittenZip:
    entries = _content_entries(spec, items, shard, folders=folders)
    index = _index(spec, items, entries, shard)
    index_entry = _generated(INDEX_NAME, index)
    checksums = _generated(CHECKSUMS_NAME, _checksums([index_entry, *entries]))
    digest, size, changed = _write_atomically(path, [index_entry, checksums, *entries])
    return WrittenZip(path, tuple(item.sku for item in items), len(entries) + 2, size, digest, changed)


def _content_entries(spec: PlatformSpec, items: list[RenderedSku], shard: tuple[int, int] | None, *, folders: bool) -> list[ZipEntry]:
    """List the upload files of the SKUs, then the bulk files made for exactly these SKUs, sorted by name."""
    entries = []
    for item in items:
        prefix = f"{item.sku}/" if folders else ""
        for name, recorded in item.manifest["outputs"].items():
            details = {key: recorded[key] for key in _IMAGE_DETAILS if key in recorded}
            entries.append(ZipEntry(prefix + name, recorded["sha256"], recorded["bytes"], source=item.folder / name, sku=item.sku, details=details))
    for name, data in _bulk_files(spec, [item.package for item in items], shard).items():
        entries.append(_generated(name, data))
    entries.sort(key=lambda entry: entry.name)
    _check_unique(entries)
    return entries


def _bulk_files(spec: PlatformSpec, packages: list[Package], shard: tuple[int, int] | None) -> dict[str, bytes]:
    """Run render's platform writers over the packed SKUs, so a bulk file lists exactly the SKUs in its zip."""
    files: dict[str, bytes] = {}
    for writer in PLATFORM_WRITERS:
        files.update(writer(spec, packages, shard))
    for name in files:
        if not _is_plain_name(name):
            raise RenderError(
                _("bulk file name \"{name}\" is not a plain file name", name=name),
                hint=_("Bulk file names may not contain folders or start with a dot."),
            )
    return files


def _check_unique(entries: list[ZipEntry]) -> None:
    counts = Counter([entry.name for entry in entries] + [INDEX_NAME, CHECKSUMS_NAME])
    folders = {name.split("/", 1)[0] for name in counts if "/" in name}
    clashes = sorted({name for name, count in counts.items() if count > 1} | (folders & set(counts)))
    if clashes:
        raise RenderError(
            _("two files would have the same name in the zip: {names}", names=", ".join(clashes)),
            hint=_("Rename the bulk file in the platform spec so that it differs from every SKU and upload file name."),
        )


def _generated(name: str, data: bytes) -> ZipEntry:
    return ZipEntry(name, sha256_bytes(data), len(data), data=data)


def _index(spec: PlatformSpec, items: list[RenderedSku], entries: list[ZipEntry], shard: tuple[int, int] | None) -> bytes:
    """Build ``MANIFEST.json``: what the zip contains and the provenance from the render manifests."""
    commits = {(_git_of(item).get("commit"), _git_of(item).get("dirty")) for item in items}
    commit, dirty = next(iter(commits)) if len(commits) == 1 else (None, None)
    files: dict[str, dict[str, Any]] = {}
    for entry in entries:
        record: dict[str, Any] = {"sha256": entry.sha256, "bytes": entry.size}
        if entry.sku is not None:
            record["sku"] = entry.sku
        record.update(entry.details)
        files[entry.name] = record
    index = {
        "format": FORMAT_VERSION,
        "linkstar_version": __version__,
        "platform": spec.id,
        "spec": {"id": spec.id, "checked": spec.checked.isoformat()},
        # The one commit all SKUs were rendered from; null when they differ (see each SKU).
        "git": {"commit": commit, "dirty": dirty},
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
        "skus": {item.sku: _sku_record(item) for item in items},
        "files": files,
    }
    return (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _sku_record(item: RenderedSku) -> dict[str, Any]:
    manifest = item.manifest
    return {
        "locale": manifest.get("locale"),
        "linkstar_version": manifest.get("linkstar_version"),
        "spec": {key: value for key, value in manifest.get("spec", {}).items() if key in ("id", "checked")},
        "git": {"commit": _git_of(item).get("commit"), "dirty": _git_of(item).get("dirty")},
    }


def _git_of(item: RenderedSku) -> dict[str, Any]:
    git = item.manifest.get("git")
    return git if isinstance(git, dict) else {}


def _checksums(entries: list[ZipEntry]) -> bytes:
    """Write the lines ``sha256sum -c`` reads: the hex digest, two spaces, the path."""
    lines = [f"{entry.sha256}  {entry.name}\n" for entry in sorted(entries, key=lambda entry: entry.name)]
    return "".join(lines).encode("utf-8")


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = _FILE_MODE << 16
    return info


def _entry_bytes(entry: ZipEntry) -> bytes:
    if entry.data is not None:
        return entry.data
    assert entry.source is not None
    data = entry.source.read_bytes()
    if sha256_bytes(data) != entry.sha256:
        raise RenderError(
            _("{file} changed while it was being packed", file=entry.source.as_posix()),
            hint=_("Wait until render has finished, then package again."),
        )
    return data


def _write_atomically(path: Path, entries: list[ZipEntry]) -> tuple[str, int, bool]:
    """Write the zip to a hidden temporary file beside ``path`` and rename it over ``path``.

    Returns the zip's SHA-256, its size and whether ``path`` changed. An identical
    existing zip is left untouched, so drop-folder watchers do not see a new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # os.open applies the umask to 0o666, so the zip gets the usual mode of a new file.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            with zipfile.ZipFile(stream, "w") as archive:
                for entry in entries:
                    archive.writestr(_zip_info(entry.name), _entry_bytes(entry), compresslevel=DEFLATE_LEVEL)
            stream.flush()
            os.fsync(stream.fileno())
        digest, size = _file_digest(temporary)
        if path.is_file() and _file_digest(path) == (digest, size):
            temporary.unlink()
            return digest, size, False
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return digest, size, True


def _file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size
