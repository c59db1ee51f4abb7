"""``linkstar lint``: check the repo against platform rules, in CI and as a pre-commit hook."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

import typer

from linkstar_cli.cli.state import current
from linkstar_cli.errors import ExitCode, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.lint.report import FORMATS


def register(app: typer.Typer) -> None:
    @app.command("lint", help=_("Check briefs, copy, images, licences and compliance against each target's rules."))
    def lint_command(
        paths: Optional[list[Path]] = typer.Argument(None, help=_("Files or folders to lint (their SKUs). Default: the whole repo.")),
        changed: bool = typer.Option(False, "--changed", help=_("Lint only the SKUs touched by files staged for commit.")),
        output_format: Optional[str] = typer.Option(None, "--format", "-f", help=_("Output format: human, json, sarif or github. Default: github inside GitHub Actions, else human.")),
        stage: Optional[str] = typer.Option(None, "--stage", help=_("Stage whose levels apply, for example draft or release. Default: lint.stage in linkstar.yaml.")),
        shard: Optional[str] = typer.Option(None, "--shard", help=_("Lint only shard K of N (K/N), a stable split of the SKUs.")),
        rule: Optional[list[str]] = typer.Option(None, "--rule", help=_("Run only this rule; repeat for several.")),
        write_baseline: bool = typer.Option(False, "--write-baseline", help=_("Record today's findings in the baseline file, so later runs report only new ones.")),
        no_baseline: bool = typer.Option(False, "--no-baseline", help=_("Report every finding, including those in the baseline.")),
        list_rules: bool = typer.Option(False, "--list-rules", help=_("List the rules with their default levels and exit.")),
    ) -> int:
        from linkstar_cli.lint.engine import LintOptions, Linter
        from linkstar_cli.lint.registry import all_rules, get_rule
        from linkstar_cli.lint.select import checked_paths, selection_for_paths, staged_copy, staged_files
        from linkstar_cli.repo.content import ContentRepo
        from linkstar_cli.repo.shard import parse_shard

        from linkstar_cli.lint.report.github import format_for_environment

        state = current()
        output_format = output_format or format_for_environment(os.environ)
        if list_rules:
            for item in all_rules().values():
                state.output.data(f"{item.id}\t{item.level.value}\t{_(item.summary)}")
            return int(ExitCode.OK)
        if output_format not in FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(FORMATS)))
        if changed and paths:
            raise UsageError(_("--changed cannot be combined with paths"), hint=_("Pass either --changed or the paths to lint."))
        repo = state.repo()
        only = set(rule) if rule else None
        for rule_id in only or ():
            get_rule(rule_id)

        skus: list[str] | None = None
        include_repo = True
        if changed or paths:
            selected = staged_files(repo) if changed else checked_paths(repo, [path if path.is_absolute() else state.start / path for path in paths or []])
            skus, include_repo = selection_for_paths(repo, selected)
            if skus == [] and not include_repo:
                if changed:
                    state.output.info(_("No staged files in this content repo: nothing to lint."))
                else:
                    state.output.info(_("The paths hold no SKU or repo file: nothing to lint."))
                return int(ExitCode.OK)

        options = LintOptions(
            skus=skus,
            include_repo=include_repo,
            stage=stage,
            shard=parse_shard(shard) if shard else None,
            only_rules=only,
            use_baseline=not (no_baseline or write_baseline),
        )
        if changed and not write_baseline:
            # Judge what the commit will hold: the staged version of the selected files.
            with tempfile.TemporaryDirectory(prefix="linkstar-staged-") as folder:
                staged_root = staged_copy(repo, skus, Path(folder))
                linter = Linter(ContentRepo(staged_root), options)
                result = linter.run()
                _print(state, result, output_format, repo.root)
            return int(ExitCode.FINDINGS) if result.errors else int(ExitCode.OK)
        linter = Linter(repo, options)
        result = linter.run()

        if write_baseline:
            from linkstar_cli.lint.baseline import read_baseline, write_baseline as write

            path = repo.resolve(linter.config.baseline)
            previous = read_baseline(path, linter.config.baseline)
            count = write(path, result.findings, previous, set(result.skus) if skus is not None or options.shard else None, include_repo)
            state.output.info(_("Baseline written to {file}: {count} findings recorded.", file=linter.config.baseline, count=count))
            return int(ExitCode.OK)

        _print(state, result, output_format, repo.root)
        return int(ExitCode.FINDINGS) if result.errors else int(ExitCode.OK)


def _print(state, result, output_format: str, root: Path) -> None:  # type: ignore[no-untyped-def]
    from linkstar_cli.lint.report.human import render_human, summary_line

    if output_format == "json":
        from linkstar_cli.lint.report.json_report import render_json

        state.output.data(render_json(result))
    elif output_format == "sarif":
        from linkstar_cli.lint.report.sarif import render_sarif

        state.output.data(render_sarif(result, root))
    elif output_format == "github":
        from linkstar_cli.lint.report.github import render_github

        text = render_github(result, root)
        if text:
            state.output.data(text)
    else:
        state.output.out.print(render_human(result))
    state.output.info(summary_line(result))
