"""``linkstar release``: check that a SKU is ready for a platform, then record it as an annotated Git tag.

The tag ``<SKU>/<platform>/v<N>`` points at HEAD and its message carries the release
manifest: content fingerprints and reviewers per layer, the spec, the output hashes,
the linkstar version and the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkstar_cli import __version__
from linkstar_cli.errors import FindingsError, InputError, LinkstarError, UsageError
from linkstar_cli.i18n import _, ngettext
from linkstar_cli.lint.engine import Linter, LintOptions
from linkstar_cli.release.readiness import Assessment, assess
from linkstar_cli.release.tags import MANIFEST_FORMAT, releases, tag_message, tag_name
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.repo import gitio
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.specs.model import PlatformSpec

_MAX_FILES_LISTED = 5


@dataclass(frozen=True)
class ReleaseResult:
    tag: str
    version: int
    commit: str
    manifest: dict[str, Any]
    pushed_to: str | None


def release(repo: ContentRepo, sku: str, platform: str, *, push: str | None = None) -> ReleaseResult:
    """Tag HEAD as the next release of ``sku`` on ``platform``, or raise FindingsError naming every reason not to."""
    repo.sku_dir(sku)
    spec = repo.spec(platform)
    targets = repo.targets_of(repo.brief(sku))
    if spec.id not in targets:
        raise UsageError(
            _("SKU \"{sku}\" does not target {platform}", sku=sku, platform=spec.id),
            hint=_("Targets of {sku}: {targets}.", sku=sku, targets=", ".join(targets) or "-"),
        )
    commit = head_of(repo)
    if push is not None and push not in gitio.remotes(repo.root):
        raise UsageError(
            _("unknown Git remote \"{remote}\"", remote=push),
            hint=_("Remotes of this repository: {remotes}. Add one with `git remote add NAME URL`.", remotes=", ".join(gitio.remotes(repo.root)) or "-"),
        )

    reasons = uncommitted_reasons(repo) + shallow_reasons(repo, sku, spec.id, push) + released_reasons(repo, sku, spec.id, commit)
    findings = Linter(repo, LintOptions(skus=[sku], stage="release")).run().findings
    assessment = assess(repo, sku, spec, findings=findings, renderer=Renderer(repo, jobs=1))
    reasons += [blocker.message for blocker in assessment.blockers]
    if reasons:
        raise FindingsError(
            _("release of {sku} for {platform} refused:\n{reasons}", sku=sku, platform=spec.id, reasons="\n".join(f"  - {reason}" for reason in reasons)),
            hint=_("Fix each reason, commit, and run linkstar release again; `linkstar status {sku}` shows the same list.", sku=sku),
        )

    version = next_version(repo, sku, spec.id)
    manifest = release_manifest(assessment, spec, version, commit)
    tag = create_release_tag(repo, manifest)
    if push is not None:
        push_release_tag(repo, push, tag)
    return ReleaseResult(tag, version, commit, manifest, push)


def head_of(repo: ContentRepo) -> str:
    """Return the commit at HEAD (a detached HEAD works too), or raise InputError outside Git or before the first commit."""
    if gitio.find_git_root(repo.root) is None:
        raise InputError(
            _("{folder} is not in a Git repository; releases are recorded as Git tags", folder=repo.root),
            hint=_("Run `git init`, commit the content repo, and release again."),
        )
    commit = gitio.resolve_commit(repo.root)
    if commit is None:
        raise InputError(_("the Git repository has no commit yet"), hint=_("Commit the content repo, then release."))
    return commit


def uncommitted_reasons(repo: ContentRepo) -> list[str]:
    files = gitio.changed_files(repo.root)
    if not files:
        return []
    shown = ", ".join(files[:_MAX_FILES_LISTED]) + (", …" if len(files) > _MAX_FILES_LISTED else "")
    return [
        ngettext(
            "the working tree has {count} uncommitted or untracked file ({files}); commit or remove it, so the tag records what was reviewed",
            "the working tree has {count} uncommitted or untracked files ({files}); commit or remove them, so the tag records what was reviewed",
            len(files),
            count=len(files),
            files=shown,
        )
    ]


def released_reasons(repo: ContentRepo, sku: str, platform: str, commit: str) -> list[str]:
    """Refuse a second tag for a commit that already has a release of this SKU and platform."""
    same = [found for found in releases(repo.root, sku, platform) if found.commit == commit]
    if not same:
        return []
    latest = max(same, key=lambda found: found.version)
    return [_("this commit is already released as {tag}; change the content and commit it before releasing again", tag=latest.tag)]


def shallow_reasons(repo: ContentRepo, sku: str, platform: str, remote: str | None) -> list[str]:
    """In a shallow clone, compare the release tags with the remote's, so a version number is never taken twice."""
    if not gitio.is_shallow(repo.root):
        return []
    remote = remote or default_remote(repo)
    if remote is None:
        return [_("this is a shallow clone without a remote, so tags of earlier releases may be missing; run `git fetch --unshallow --tags` from the full repository")]
    prefix = f"{sku}/{platform}/"
    try:
        on_remote = gitio.remote_tag_names(repo.root, remote, prefix)
    except LinkstarError as error:
        return [_("this is a shallow clone and the release tags on {remote} could not be listed ({reason}); run `git fetch --tags {remote}` and release again", remote=remote, reason=error.message)]
    local = {record.name for record in gitio.list_tags(repo.root, prefix)}
    missing = sorted(set(on_remote) - local)
    if not missing:
        return []
    return [_("this shallow clone lacks release tags that {remote} has ({tags}); run `git fetch --tags {remote}` and release again", remote=remote, tags=", ".join(missing))]


def default_remote(repo: ContentRepo) -> str | None:
    names = gitio.remotes(repo.root)
    if "origin" in names:
        return "origin"
    return names[0] if len(names) == 1 else None


def next_version(repo: ContentRepo, sku: str, platform: str) -> int:
    """Return one more than the highest release version of ``sku`` on ``platform``."""
    return max((found.version for found in releases(repo.root, sku, platform)), default=0) + 1


def release_manifest(assessment: Assessment, spec: PlatformSpec, version: int, commit: str) -> dict[str, Any]:
    """Build the manifest the tag message carries, from a ready assessment."""
    assert assessment.package is not None
    assert assessment.package.manifest is not None
    assert assessment.sources is not None
    rendered = assessment.package.manifest
    layers: dict[str, Any] = {}
    for layer, status in assessment.layers.items():
        review = status.review
        assert review is not None
        entry: dict[str, Any] = {"fingerprint": assessment.fingerprints[layer], "by": review.by, "at": review.at.isoformat(), "locale": review.locale}
        if review.platform:
            entry["platform"] = review.platform
        layers[layer] = entry
    return {
        "format": MANIFEST_FORMAT,
        "sku": assessment.sku,
        "platform": spec.id,
        "version": version,
        "locale": assessment.locale,
        "commit": commit,
        "linkstar_version": __version__,
        "spec": {"id": spec.id, "checked": spec.checked.isoformat(), "sha256": (rendered.get("spec") or {}).get("sha256")},
        "sources": assessment.sources.as_dict(),
        "layers": layers,
        "images": assessment.package.images(),
        "files": assessment.package.files(),
    }


def create_release_tag(repo: ContentRepo, manifest: dict[str, Any]) -> str:
    name = tag_name(manifest["sku"], manifest["platform"], manifest["version"])
    if not gitio.valid_tag_name(repo.root, name):
        raise InputError(
            _("\"{tag}\" is not a valid Git tag name", tag=name),
            hint=_("Rename the SKU so that it does not end in \".lock\"; Git reserves that ending."),
        )
    if not gitio.create_tag(repo.root, name, manifest["commit"], tag_message(manifest)):
        raise FindingsError(
            _("release refused: tag {tag} already exists, so another release took version {version} at the same time", tag=name, version=manifest["version"]),
            hint=_("Run linkstar release again to take the next version."),
        )
    return name


def push_release_tag(repo: ContentRepo, remote: str, tag: str) -> None:
    try:
        gitio.push_tag(repo.root, remote, tag)
    except LinkstarError as error:
        raise FindingsError(
            _("tag {tag} was created, but pushing it to {remote} failed: {reason}", tag=tag, remote=remote, reason=error.message),
            hint=_("Push it with `git push {remote} refs/tags/{tag}`, or delete it with `git tag -d {tag}` and release again.", remote=remote, tag=tag),
        ) from None
