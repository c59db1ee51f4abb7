"""Comparing two platform specs leaf by leaf, for ``linkstar specs diff``.

A spec is named by a reference:

- ``amazon-de`` is the spec that the content repo loads for that id: its local
  ``specs/amazon-de.yaml`` if it has one, else the built-in spec.
- ``builtin:amazon-de`` is the built-in spec, even where the repo overrides it.
- ``amazon-de@HEAD~3`` is the spec file as Git stored it at a revision: ``specs/<id>.yaml``
  of the content repo, else ``platform_specs/<id>.yaml`` (in a checkout of linkstar
  itself). Its ``extends:`` chain resolves against today's specs, not those of the revision.

Both specs are compared after their ``extends:`` chains are resolved and defaults filled in,
so a value that one spec inherits and the other states the same way is no difference.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from linkstar_cli.errors import ConfigError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.textio import decode_text
from linkstar_cli.repo.yamlio import KeyPath
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.specs.model import PlatformSpec

if TYPE_CHECKING:
    import git

BUILTIN_PREFIX = "builtin:"
# Spec file names at a revision: the content repo's own folder first, then linkstar's built-in one.
REVISION_FOLDERS = ("specs", "platform_specs")
# Platform ids only: shared bases such as _amazon are not whole specs.
_SPEC_ID = re.compile(r"^[a-z][a-z0-9-]*$")

ChangeKind = Literal["changed", "added", "removed"]


class _Absent:
    """The value of a key that one spec does not have."""

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT: Any = _Absent()


@dataclass(frozen=True)
class SpecReference:
    """One side of a diff, parsed from the command line."""

    spec_id: str
    builtin: bool = False
    revision: str | None = None

    @classmethod
    def parse(cls, text: str) -> SpecReference:
        """Parse ``amazon-de``, ``builtin:amazon-de`` or ``amazon-de@REVISION``, and raise UsageError for any other text."""
        builtin = text.startswith(BUILTIN_PREFIX)
        rest = text[len(BUILTIN_PREFIX):] if builtin else text
        spec_id, separator, revision = rest.partition("@")
        if builtin and separator:
            raise UsageError(
                _("\"{reference}\" names both the built-in spec and a Git revision", reference=text),
                hint=_("Use builtin:<id> or <id>@<revision>, not both."),
            )
        if not _SPEC_ID.match(spec_id) or (separator and not revision):
            raise UsageError(
                _("\"{reference}\" is not a spec reference", reference=text),
                hint=_("Write a platform id (amazon-de), builtin:<id> for the built-in spec, or <id>@<revision> for the spec file at a Git revision (amazon-de@HEAD~3)."),
            )
        return cls(spec_id=spec_id, builtin=builtin, revision=revision or None)


@dataclass(frozen=True)
class SpecChange:
    """One leaf that differs: its key path, and its value in the first and the second spec (None where the key is absent)."""

    key: str
    kind: ChangeKind
    from_value: Any = None
    to_value: Any = None


def load_reference(reference: SpecReference, registry: SpecRegistry, folder: Path) -> PlatformSpec:
    """Load the spec that ``reference`` names.

    ``folder`` is the content repo root, or the working folder outside a content repo. Raises
    ConfigError when the spec is unknown or invalid, and UsageError when a revision cannot be read.
    """
    if reference.revision is not None:
        return load_at_revision(reference.spec_id, reference.revision, folder)
    if reference.builtin:
        builtin = SpecRegistry()
        if reference.spec_id not in builtin.ids():
            raise builtin.unknown(reference.spec_id)
        return builtin.get(reference.spec_id)
    if reference.spec_id not in registry.ids():
        raise registry.unknown(reference.spec_id)
    return registry.get(reference.spec_id)


def load_at_revision(spec_id: str, revision: str, folder: Path) -> PlatformSpec:
    """Load ``<spec_id>.yaml`` as Git stored it at ``revision``, resolving its ``extends:`` against today's specs.

    The file is staged in a temporary folder that the loader reads as the local specs folder, so
    ``extends:`` works as for any local spec: another local spec, then a built-in one.
    """
    text, relative = read_at_revision(spec_id, revision, folder)
    display_folder = f"{revision}:{relative.parent.as_posix()}"
    local_dir = folder / "specs"
    with tempfile.TemporaryDirectory(prefix="linkstar-spec-") as temporary:
        staging = Path(temporary)
        if relative.parent.name == "specs" and local_dir.is_dir():
            # A local spec may extend the repo's other local specs, which resolve as they are today.
            for path in sorted(local_dir.glob("*.yaml")):
                (staging / path.name).write_bytes(path.read_bytes())
        (staging / f"{spec_id}.yaml").write_text(text, encoding="utf-8")
        return SpecRegistry(staging, display_folder).get(spec_id)


def read_at_revision(spec_id: str, revision: str, folder: Path) -> tuple[str, PurePosixPath]:
    """Return the text of the spec file at ``revision`` and its path relative to the Git work tree.

    The text is the blob that ``git show <revision>:<path>`` prints.
    """
    repository = _open_repository(folder, spec_id, revision)
    commit = _resolve_revision(repository, revision)
    base = folder.resolve().relative_to(Path(repository.working_tree_dir or folder).resolve())
    for name in REVISION_FOLDERS:
        relative = PurePosixPath(base.as_posix(), name, f"{spec_id}.yaml")
        try:
            blob = commit.tree / relative.as_posix()
        except KeyError:
            continue
        display = f"{revision}:{relative.as_posix()}"
        return decode_text(blob.data_stream.read(), display), relative
    raise ConfigError(
        _("no spec \"{id}\" at revision {revision}: neither specs/{id}.yaml nor platform_specs/{id}.yaml exists there", id=spec_id, revision=revision),
        hint=_("Check the spec id, and that the file was committed by then: `git log -- specs/{id}.yaml`.", id=spec_id),
    )


def _open_repository(folder: Path, spec_id: str, revision: str) -> git.Repo:
    # Imported here, as in repo/gitio.py, so that only a revision reference loads GitPython.
    import git

    try:
        return git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(
            _("cannot read {id}@{revision}: {folder} is not in a Git work tree", id=spec_id, revision=revision, folder=folder),
            hint=_("Run the command inside the Git repository that holds the spec, or pass -C PATH."),
        ) from None


def _resolve_revision(repository: git.Repo, revision: str) -> git.Commit:
    import git

    try:
        return repository.commit(revision)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        raise UsageError(
            _("unknown Git revision \"{revision}\"", revision=revision),
            hint=_("Use a commit, branch or tag that `git log` shows, for example HEAD~3."),
        ) from None


def diff_specs(first: PlatformSpec, second: PlatformSpec) -> list[SpecChange]:
    """List the leaves that differ from ``first`` to ``second``, in the order of the spec format's fields.

    A mapping is compared key by key and a list of mappings (sources, render outputs, checklists)
    item by item. Any other list, such as forbidden_words, is one value.
    """
    return list(_diff(_as_data(first), _as_data(second), ()))


def _as_data(spec: PlatformSpec) -> dict[str, Any]:
    # Unset fields stay in as None, so both dumps list the model's fields in the same order.
    return spec.model_dump(mode="json")


def _diff(before: Any, after: Any, path: KeyPath) -> Iterator[SpecChange]:
    # None marks an unset value (or a dropped pattern), which is the same as an absent key.
    before = _ABSENT if before is None else before
    after = _ABSENT if after is None else after
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(key for key in after if key not in before)]:
            yield from _diff(before.get(key, _ABSENT), after.get(key, _ABSENT), (*path, key))
        return
    if _is_record_list(before) and _is_record_list(after):
        yield from _diff_records(before, after, path)
        return
    if before is _ABSENT and _has_leaves(after):
        yield from _diff(_empty_like(after), after, path)
        return
    if after is _ABSENT and _has_leaves(before):
        yield from _diff(before, _empty_like(before), path)
        return
    if before == after:
        return
    key = format_field_path(path)
    if before is _ABSENT:
        yield SpecChange(key, "added", to_value=after)
    elif after is _ABSENT:
        yield SpecChange(key, "removed", from_value=before)
    else:
        yield SpecChange(key, "changed", from_value=before, to_value=after)


def _diff_records(before: list[Any], after: list[Any], path: KeyPath) -> Iterator[SpecChange]:
    """Compare two lists of mappings after aligning equal items, so one inserted source does not shift every later one.

    Items in a replaced run are compared pairwise, field by field. The key of a changed or added item
    carries its index in the second list, the key of a removed item its index in the first.
    """
    matcher = difflib.SequenceMatcher(a=[_fingerprint(item) for item in before], b=[_fingerprint(item) for item in after], autojunk=False)
    for tag, first_start, first_end, second_start, second_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(first_end - first_start, second_end - second_start) if tag == "replace" else 0
        for offset in range(pairs):
            yield from _diff(before[first_start + offset], after[second_start + offset], (*path, second_start + offset))
        for index in range(first_start + pairs, first_end):
            yield from _diff(before[index], _ABSENT, (*path, index))
        for index in range(second_start + pairs, second_end):
            yield from _diff(_ABSENT, after[index], (*path, index))


def _fingerprint(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _is_record_list(value: Any) -> bool:
    """Tell lists of mappings (sources, render outputs, checklists), which compare item by item, from lists of values."""
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _has_leaves(value: Any) -> bool:
    return (isinstance(value, dict) and bool(value)) or (isinstance(value, list) and bool(value) and _is_record_list(value))


def _empty_like(value: Any) -> Any:
    """Return an empty container whose items are all absent, so the other side's leaves are listed one by one."""
    if isinstance(value, dict):
        return {}
    return []
