"""``linkstar render``: produce the listing package for each platform."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from linkstar_cli.cli.console import shown_path
from linkstar_cli.cli.scaffold import split_list
from linkstar_cli.cli.state import current
from linkstar_cli.errors import ErrorList, ExitCode
from linkstar_cli.i18n import _, ngettext
from linkstar_cli.repo.shard import parse_shard

if TYPE_CHECKING:
    from linkstar_cli.render.pipeline import RenderReport


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _summary_table(report: RenderReport, root: Path) -> Table:
    table = Table(_("platform"), _("SKU"), _("locale"), _("rendered"), _("unchanged"), _("output"), _("notes"))
    for result in report.results:
        status = str(len(result.rendered)) if result.error is None else _("failed")
        table.add_row(
            result.platform,
            result.sku,
            result.locale,
            status,
            str(len(result.reused)),
            _relative(result.out_dir, root),
            "; ".join(result.notes),
        )
    return table


def _as_json(report: RenderReport) -> str:
    rows = [
        {
            "platform": result.platform,
            "sku": result.sku,
            "locale": result.locale,
            "output": result.out_dir.as_posix(),
            "rendered": result.rendered,
            "unchanged": result.reused,
            "removed": result.removed,
            "notes": result.notes,
            "error": result.error.message if result.error else None,
        }
        for result in report.results
    ]
    return json.dumps({"images_rendered": report.images_rendered, "images_unchanged": report.images_reused, "results": rows}, ensure_ascii=False, indent=2)


def register(app: typer.Typer) -> None:
    @app.command("render", help=_("Render the listing package (images, listing text, manifest) for each platform into build/<platform>/<SKU>/."))
    def render_command(
        skus: Optional[list[str]] = typer.Argument(None, help=_("SKUs to render. Default: every SKU that targets the platform.")),
        platform: Optional[str] = typer.Option(None, "--platform", "-p", help=_("Comma-separated platform ids. Default: every target in linkstar.yaml.")),
        jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, max=64, help=_("Worker processes for images. Default: the number of CPU cores.")),
        shard: Optional[str] = typer.Option(None, "--shard", help=_("Render only shard K of N (K/N), a stable split of the SKUs for CI matrices.")),
        force: bool = typer.Option(False, "--force", help=_("Render every image again, even when its inputs did not change.")),
        output_format: str = typer.Option("human", "--format", help=_("Summary format: human or json.")),
    ) -> int:
        from linkstar_cli.render.pipeline import Renderer

        state = current()
        repo = state.repo()
        chosen_shard = parse_shard(shard) if shard else None
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=state.output.err, transient=True) as progress:
            task = progress.add_task(_("rendering images"), total=None)

            def advance(sku: str, done: int, total: int) -> None:
                progress.update(task, total=total, completed=done, description=_("rendering {sku}", sku=sku))

            renderer = Renderer(repo, jobs=jobs, force=force, progress=advance)
            report = renderer.run(split_list(platform), list(skus or []), chosen_shard)

        if output_format == "json":
            state.output.data(_as_json(report))
        else:
            state.output.out.print(_summary_table(report, repo.root))
        rendered = report.images_rendered
        text_updates = sum(1 for result in report.results if result.listing_written)
        if rendered == 0 and text_updates == 0 and not report.errors:
            state.output.info(_("Nothing changed: 0 images rendered, {count} unchanged.", count=report.images_reused))
        else:
            state.output.info(ngettext("{count} image rendered, {unchanged} unchanged.", "{count} images rendered, {unchanged} unchanged.", rendered, count=rendered, unchanged=report.images_reused))
            if text_updates:
                state.output.info(ngettext("Text files (listing, preview, subtitles) updated in {count} package.", "Text files (listing, preview, subtitles) updated in {count} packages.", text_updates, count=text_updates))
        for path in report.platform_files:
            state.output.info(_("Bulk file: {path}", path=shown_path(path)))
        for note in report.notes:
            state.output.warn(note)
        if report.build_dir is not None:
            state.output.info(_("Output: {path}", path=shown_path(report.build_dir)))
        if report.errors:
            if any(result.error is not None for result in report.results):
                state.output.info(_("The packages marked failed were not written; the others were. Fix the errors below, then run linkstar render again."))
            raise ErrorList(report.errors)
        return int(ExitCode.OK)
