"""Measure linkstar's render and lint speed against baselines and print the tables of ratios.

Usage: python benchmarks/run.py [--sizes 100,1000,10000] [--runs 5] [--sections images,workers] [--keep]

Everything is generated into a temporary folder, which is deleted at the end
unless --keep is given. README.md beside this file describes what each row measures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import command_bench
import inputs
import pipeline_bench
from timing import format_table, log, machine_lines


SECTIONS = ("images", "memory", "workers", "startup", "scaling")


@dataclass(frozen=True)
class Sources:
    photo: Path  # 4000×3000 JPEG, quality 92
    product: Path  # 4000×3000 JPEG: a product on white, for trimmed main images
    cutout: Path  # 3000×3000 RGBA PNG
    large_photo: Path  # 6000×4000 JPEG (24 megapixels)
    large_product: Path  # 6000×4000 JPEG: a product on white
    small_product: Path  # 6000×4000 JPEG: a small product on white, whose trimmed crop needs a full-size decode


@dataclass(frozen=True)
class Target:
    name: str
    measured: float
    limit: float
    unit: str
    at_most: bool = True  # the measured value must be at most the limit, else at least

    @property
    def met(self) -> bool:
        return self.measured <= self.limit if self.at_most else self.measured >= self.limit

    def row(self) -> list[str]:
        sign = "≤" if self.at_most else "≥"
        return [self.name, f"{self.measured:.2f}{self.unit}", f"{sign} {self.limit:g}{self.unit}", "met" if self.met else "MISSED"]


def make_sources(folder: Path) -> Sources:
    log("generating source images")
    return Sources(
        photo=inputs.save_jpeg(inputs.photo((4000, 3000), 1), folder / "photo-4000x3000.jpg"),
        product=inputs.save_jpeg(inputs.product_shot((4000, 3000), 2), folder / "product-4000x3000.jpg"),
        cutout=inputs.save_png(inputs.cutout((3000, 3000), 3), folder / "cutout-3000x3000.png"),
        large_photo=inputs.save_jpeg(inputs.photo((6000, 4000), 4), folder / "photo-6000x4000.jpg"),
        large_product=inputs.save_jpeg(inputs.product_shot((6000, 4000), 5), folder / "product-6000x4000.jpg"),
        small_product=inputs.save_jpeg(inputs.product_shot((6000, 4000), 6, side=0.4), folder / "small-product-6000x4000.jpg"),
    )


def image_section(sources: Sources, runs: int) -> tuple[str, list[Target]]:
    single_output, three_outputs = pipeline_bench.padded_outputs(2000), pipeline_bench.padded_outputs(2000, 1000, 800)
    jobs = [
        pipeline_bench.ImageJob("JPEG 4000×3000 → one output (2000)", sources.photo, single_output),
        pipeline_bench.ImageJob("JPEG 4000×3000 → three outputs (2000, 1000, 800)", sources.photo, three_outputs),
        pipeline_bench.ImageJob("RGBA PNG 3000×3000 → one output (2000)", sources.cutout, single_output),
        pipeline_bench.ImageJob("RGBA PNG 3000×3000 → three outputs (2000, 1000, 800)", sources.cutout, three_outputs),
    ]
    results = []
    for job in jobs:
        log(f"image pipeline: {job.label}")
        results.append(pipeline_bench.measure(job, runs))
    single, triple = results[0], results[1]
    targets = [
        Target("one output ÷ codec lower bound", single.linkstar / single.lower_bound, 1.3, "×"),
        Target("three outputs ÷ codec lower bound", triple.linkstar / triple.lower_bound, 1.6, "×"),
    ]
    if single.pyvips is not None:
        targets.insert(1, Target("one output ÷ pyvips thumbnail", single.linkstar / single.pyvips, 1.0, "×"))
    return format_table(pipeline_bench.HEADER, pipeline_bench.rows(results)), targets


def scaling_section(folder: Path, sizes: list[int], runs: int) -> tuple[str, list[Target]]:
    results = []
    for size in sizes:
        largest = size == max(sizes)
        results.append(command_bench.measure_scaling(folder, size, runs if size < 10_000 else 1, with_changed=largest))
    one_sku = command_bench.one_sku_lint(folder, runs)
    header = ["SKUs", "lint cold s", "lint warm s", "ms per SKU (warm lint)", "render cold s", "render unchanged s", "unchanged ÷ cold"]
    rows = [
        [
            f"{result.skus:,}",
            f"{result.lint_cold:.2f}",
            f"{result.lint_warm:.2f}",
            f"{result.lint_warm / result.skus * 1000:.1f}",
            f"{result.render_cold:.2f}",
            f"{result.render_warm:.2f}",
            f"{result.render_warm / result.render_cold:.1%}",
        ]
        for result in results
    ]
    largest = results[-1]
    assert largest.changed is not None
    table = format_table(header, rows)
    table += "\n\n" + format_table(
        ["command", "s", "ratio"],
        [
            [f"lint --changed, one staged SKU of {largest.skus:,}", f"{largest.changed:.3f}", f"{largest.changed / one_sku:.2f}"],
            ["lint of a one-SKU repo", f"{one_sku:.3f}", "1.00"],
        ],
    )
    targets = [Target(f"lint --changed in {largest.skus:,} SKUs ÷ one-SKU lint", largest.changed / one_sku, 1.5, "×")]
    return table, targets


def workers_section(folder: Path, sources: Sources, skus: int, runs: int) -> tuple[str, list[Target]]:
    times = command_bench.measure_workers(folder, sources.photo, sources.product, skus, runs)
    table = format_table(
        ["Renderer.run in this process", "s"],
        [
            [f"{skus} SKUs, 2 workers, no build/ folder", f"{times.full:.2f}"],
            [f"{skus} SKUs, 2 workers, nothing changed", f"{times.unchanged:.2f}"],
            [f"{skus} SKUs, 1 worker, every image (force)", f"{times.one_worker:.2f}"],
            [f"{skus} SKUs, 2 workers, every image (force)", f"{times.two_workers:.2f}"],
        ],
    )
    targets = [
        Target("2 workers ÷ 1 worker (speed-up)", times.one_worker / times.two_workers, 1.8, "×", at_most=False),
        Target("unchanged render ÷ full render (own photos)", times.unchanged / times.full * 100, 2, " %"),
    ]
    return table, targets


def startup_section(runs: int) -> tuple[str, list[Target]]:
    log("start-up: linkstar --version and import typer")
    version, typer = command_bench.startup(max(runs, 10))
    table = format_table(["command", "ms"], [["linkstar --version", f"{version * 1000:.0f}"], ['python -c "import typer"', f"{typer * 1000:.0f}"]])
    return table, [Target("linkstar --version ÷ import typer", version / typer, 1.5, "×")]


def memory_section(sources: Sources) -> tuple[str, list[Target]]:
    log("peak memory per worker")
    cases = [
        ("worker imports only", "imports", sources.large_photo),
        ("amazon-de gallery outputs, 6000×4000 photo", "linkstar-gallery", sources.large_photo),
        ("amazon-de main outputs, 6000×4000 product on white (trimmed)", "linkstar-main", sources.large_product),
        ("amazon-de main outputs, 6000×4000, small product (full-size decode)", "linkstar-main", sources.small_product),
        ("2000, 1000, 800 outputs, 6000×4000 photo", "linkstar-three", sources.large_photo),
        ("naive Pillow, one output, 6000×4000 photo", "naive", sources.large_photo),
    ]
    peaks = [(label, command_bench.peak_memory(mode, source)) for label, mode, source in cases]
    table = format_table(["process", "peak MiB"], [[label, f"{peak:.0f}"] for label, peak in peaks])
    worst = max(peak for label, peak in peaks[1:5])
    # The target is 200 MB (decimal megabytes); the table shows MiB, as memory_child.py prints.
    return table, [Target("peak memory of a worker, 24-megapixel sources", worst * 1.048576, 200, " MB")]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated SKU counts of the generated repos")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement; the median is reported")
    parser.add_argument("--worker-skus", type=int, default=24, help="SKUs with their own photos in the workers benchmark")
    parser.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated sections to run; default: all of them")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and print where they are")
    options = parser.parse_args(argv)
    sizes = sorted(int(size) for size in options.sizes.split(","))

    chosen = set(options.sections.split(","))
    unknown = chosen - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section {', '.join(sorted(unknown))}; choose from {','.join(SECTIONS)}")

    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="linkstar-bench-"))
    sections: list[tuple[str, str, list[Target]]] = []
    try:
        print("\n".join(machine_lines()), flush=True)
        sources = make_sources(folder)
        if "images" in chosen:
            sections.append(("Image pipeline, median ms per source, one process", *image_section(sources, options.runs)))
        if "memory" in chosen:
            sections.append(("Peak memory of one process", *memory_section(sources)))
        if "workers" in chosen:
            sections.append(("Workers and unchanged renders", *workers_section(folder, sources, options.worker_skus, max(1, options.runs // 2))))
        if "startup" in chosen:
            sections.append(("Start-up", *startup_section(options.runs)))
        if "scaling" in chosen:
            sections.append(("Scaling with the catalogue: shared 2000×2000 sources, amazon-de", *scaling_section(folder, sizes, max(1, options.runs // 2))))
    finally:
        if options.keep:
            log(f"inputs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    targets: list[Target] = []
    for title, table, section_targets in sections:
        print(f"\n## {title}\n\n{table}")
        targets.extend(section_targets)
    print("\n## Targets\n\n" + format_table(["target", "measured", "limit", "result"], [target.row() for target in targets]))
    if hasattr(os, "getloadavg"):
        print("\nload average at the end (1, 5, 15 min): " + ", ".join(f"{value:.2f}" for value in os.getloadavg()))
    print(f"Total time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
