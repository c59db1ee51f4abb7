"""Render one source the way a render worker does, then print this process's peak resident memory in MiB.

Usage: python benchmarks/memory_child.py MODE SOURCE

MODE is one of:

- ``linkstar``: the outputs of the built-in amazon-de spec, a trimmed main image
  and a padded gallery image, both 2000×2000;
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

    if mode == "linkstar":
        from linkstar_cli.specs.loader import SpecRegistry

        outputs = [output for output in SpecRegistry(None).get("amazon-de").render.images if output.layout is None]
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
