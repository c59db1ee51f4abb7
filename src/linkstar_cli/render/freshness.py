"""Whether a rendered package in build/ matches what ``linkstar render`` would write now.

The comparison plans the SKU the way render does (``Renderer.plan``), so the input
hashes and image keys are the ones render records in ``manifest.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkstar_cli.render import manifest as manifest_io
from linkstar_cli.render.extras import Package
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import sha256_bytes, sha256_file
from linkstar_cli.specs.model import PlatformSpec

LISTING_FILES = ("listing.json", "listing.md")


@dataclass(frozen=True)
class PackageState:
    """A SKU's package for one platform: its manifest, and what a render would change."""

    manifest: dict[str, Any] | None  # None when the package was never rendered
    outdated: tuple[str, ...]  # outputs and inputs that differ from the manifest, by name
    package: Package | None = None  # the fresh plan the comparison used

    @property
    def rendered(self) -> bool:
        return self.manifest is not None

    @property
    def up_to_date(self) -> bool:
        return self.manifest is not None and not self.outdated

    def images(self) -> dict[str, str]:
        """Return the SHA-256 of each rendered image by upload name. Image entries are those with a pixel size."""
        outputs = (self.manifest or {}).get("outputs", {})
        return {name: str(entry.get("sha256")) for name, entry in sorted(outputs.items()) if isinstance(entry, dict) and "width" in entry}

    def files(self) -> dict[str, str]:
        """Return the SHA-256 of every output that is not an image (listing text, preview, ...), by file name."""
        outputs = (self.manifest or {}).get("outputs", {})
        return {name: str(entry.get("sha256")) for name, entry in sorted(outputs.items()) if isinstance(entry, dict) and "width" not in entry}

    def listing(self) -> dict[str, str]:
        """Return the SHA-256 of listing.json and listing.md, by file name."""
        outputs = (self.manifest or {}).get("outputs", {})
        return {name: str(outputs[name].get("sha256")) for name in LISTING_FILES if isinstance(outputs.get(name), dict)}


def package_state(repo: ContentRepo, spec: PlatformSpec, sku: str, renderer: Renderer | None = None) -> PackageState:
    """Compare ``build/<platform>/<SKU>/`` with a fresh plan of the SKU, without rendering or writing anything.

    Pass a shared ``renderer`` to reuse its file hashes across SKUs. Raises the
    errors of ``Renderer.plan`` when the SKU's input cannot be rendered.
    """
    renderer = renderer or Renderer(repo, jobs=1)
    package = renderer.plan(spec, sku)
    plan = package.plan
    old = manifest_io.read(plan.out_dir)
    if not old.get("outputs"):
        return PackageState(manifest=None, outdated=(), package=package)

    outdated = [job.name for job in plan.images if not manifest_io.is_current(plan.out_dir, old, job.name, job.key, renderer.hashes)]
    files = package.files
    for name, data in files.items():
        digest = sha256_bytes(data)
        entry = old["outputs"].get(name)
        path = plan.out_dir / name
        if not isinstance(entry, dict) or entry.get("sha256") != digest or not path.is_file() or sha256_file(path) != digest:
            outdated.append(name)
    planned = {job.name for job in plan.images} | set(files)
    outdated.extend(sorted(set(old["outputs"]) - planned))  # render would remove these

    recorded = old.get("inputs") if isinstance(old.get("inputs"), dict) else {}
    outdated.extend(sorted(name for name in set(plan.inputs) | set(recorded) if plan.inputs.get(name) != recorded.get(name)))
    return PackageState(manifest=old, outdated=tuple(dict.fromkeys(outdated)), package=package)
