"""Render one source the way a render worker does, then print this process's peak resident memory in MiB.

Usage: python benchmarks/memory_child.py MODE SOURCE

MODE is one of:

- ``linkstar-main`` and ``linkstar-gallery``: the outputs of the built-in
  amazon-de spec for a source of that role (a trimmed main image, or padded
  gallery images), both 2000×2000. A render task contains the outputs of one source
  file, and an asset has one role, so both kinds come from one decode only when
  assets.yaml lists the same file twice, as main and as gallery;
- ``linkstar-three``: padded outputs of 2000, 1000 and 800 px;
- ``naive``: Pillow without reduced decoding, one output;
- ``imports``: load the worker's modules and render nothing.

The peak counts Pillow's pixel buffers as well as Python objects. On Linux it is
VmHWM from /proc/self/status, because ``ru_maxrss`` survives exec(): in a child
started from the large benchmark process it would report the parent's size.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def main(mode: str, source: Path) -> int:
    from linkstar_cli.render import workers  # noqa: F401 - the modules a worker process loads
    from linkstar_cli.render.images import render_file

    if mode in ("linkstar-main", "linkstar-gallery"):
        from linkstar_cli.specs.loader import SpecRegistry

        role = mode.removeprefix("linkstar-")
        outputs = [output for output in SpecRegistry(None).get("amazon-de").render.images if output.layout is None and role in output.roles]
        render_file(source, source.name, outputs)
    elif mode == "linkstar-three":
        from pipeline_bench import padded_outputs

        render_file(source, source.name, padded_outputs(2000, 1000, 800))
    elif mode == "naive":
        from pipeline_bench import ImageJob, naive_pillow, padded_outputs

        naive_pillow(ImageJob(source.name, source, padded_outputs(2000)))
    elif mode != "imports":
        raise SystemExit(f"unknown mode {mode!r}")
    print(f"{peak_kib() / 1024:.1f}")
    return 0


def peak_kib() -> int:
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    # Linux and the BSDs report ru_maxrss in KiB. macOS reports bytes, so there the result is 1024 times too large.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
