"""``linkstar package``: zip the rendered packages of a platform for upload or a DAM drop folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.table import Table

from linkstar_cli.cli.console import shown_path
from linkstar_cli.cli.state import current
from linkstar_cli.errors import ExitCode, UsageError
from linkstar_cli.i18n import _, ngettext
from linkstar_cli.repo.shard import parse_shard

if TYPE_CHECKING:
    from linkstar_cli.render.package import WrittenZip

_FORMATS = ("human", "json")


def _summary_table(written: list[WrittenZip]) -> Table:
    table = Table(_("zip"), _("SKUs"), _("files"), _("bytes"), _("status"))
    for item in written:
        status = _("written") if item.changed else _("unchanged")
        table.add_row(shown_path(item.path), ", ".join(item.skus), str(item.files), str(item.size), status)
    return table


def _as_json(platform: str, written: list[WrittenZip]) -> str:
    rows = [
        {
            "path": item.path.as_posix(),
            "skus": list(item.skus),
            "files": item.files,
            "bytes": item.size,
            "sha256": item.sha256,
            "written": item.changed,
        }
        for item in written
    ]
    return json.dumps({"platform": platform, "packages": rows}, ensure_ascii=False, indent=2)


def register(app: typer.Typer) -> None:
    @app.command("package", help=_("Pack the rendered packages of a platform into a zip file (or one per SKU) with MANIFEST.json and SHA256SUMS."))
    def package_command(
        skus: Optional[list[str]] = typer.Argument(None, help=_("SKUs to pack. Default: every SKU that targets the platform.")),
        platform: str = typer.Option(..., "--platform", "-p", help=_("Platform id whose rendered packages to pack, for example amazon-de.")),
        per_sku: bool = typer.Option(False, "--per-sku", help=_("Write one zip per SKU (<platform>-<SKU>.zip) instead of one per platform.")),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help=_("Folder to write the zip files to. Default: build/packages/ in the content repo."), file_okay=False),
        shard: Optional[str] = typer.Option(None, "--shard", help=_("Pack only shard K of N (K/N), the same stable split of SKUs as render.")),
        output_format: str = typer.Option("human", "--format", help=_("Summary format: human or json.")),
    ) -> int:
        state = current()
        if output_format not in _FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(_FORMATS)))
        repo = state.repo()
        output_dir = output
        if output_dir is not None and not output_dir.is_absolute():
            output_dir = state.start / output_dir
        from linkstar_cli.render.package import PackageOptions, write_packages

        options = PackageOptions(
            platform=platform,
            skus=tuple(skus or ()),
            per_sku=per_sku,
            output_dir=output_dir,
            shard=parse_shard(shard) if shard else None,
        )
        written = write_packages(repo, options)

        if output_format == "json":
            state.output.data(_as_json(platform, written))
        elif written:
            state.output.out.print(_summary_table(written))
        if not written:
            state.output.info(_("Nothing to package: no SKU of {platform} is in this shard.", platform=platform))
            return int(ExitCode.OK)
        changed = sum(1 for item in written if item.changed)
        state.output.info(
            ngettext(
                "{count} zip written, {unchanged} unchanged.",
                "{count} zips written, {unchanged} unchanged.",
                changed,
                count=changed,
                unchanged=len(written) - changed,
            )
        )
        return int(ExitCode.OK)
