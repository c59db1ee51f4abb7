"""Running the rules: which SKUs, which rules at which level, suppressions and the baseline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from linkstar_cli.lint.baseline import filter_baseline, read_baseline
from linkstar_cli.lint.config import LintConfig
from linkstar_cli.lint.context import RepoContext, SkuContext, TargetContext
from linkstar_cli.lint.findings import Finding, Level, Problem
from linkstar_cli.lint.levels import ActiveRule, resolve_rules
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import Scope
from linkstar_cli.lint.suppress import Suppression, parse_suppressions
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.content import CONFIG_FILE, ContentRepo
from linkstar_cli.repo.shard import in_shard
from linkstar_cli.repo.yamlio import YamlDocument

SUPPRESSION_RULE = "suppression-reason"


@dataclass
class LintOptions:
    skus: list[str] | None = None  # None: every SKU
    include_repo: bool = True  # run repo-scope rules (brand kit, specs)
    stage: str | None = None
    shard: tuple[int, int] | None = None
    only_rules: set[str] | None = None
    use_baseline: bool = True
    today: date | None = None


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    all_findings: list[Finding] = field(default_factory=list)  # before the baseline
    suppressed: int = 0
    baselined: int = 0
    skus: list[str] = field(default_factory=list)
    stage: str = "release"

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.level is Level.ERROR)

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)


def lint_config(repo: ContentRepo) -> tuple[LintConfig, YamlDocument]:
    """Validate the ``lint:`` section of linkstar.yaml, locating errors in that file."""
    document = repo.document(repo.root / CONFIG_FILE)
    section = repo.config.lint
    view = YamlDocument(
        display=document.display,
        data=section,
        locations={key[1:]: value for key, value in document.locations.items() if key[:1] == ("lint",)} or {(): (1, 1)},
        text=document.text,
    )
    return validate_document(view, LintConfig), document


class Linter:
    def __init__(self, repo: ContentRepo, options: LintOptions) -> None:
        self.repo = repo
        self.options = options
        self.config, self.document = lint_config(repo)
        self.stage = options.stage or self.config.stage
        self.rules = all_rules()
        self.active = resolve_rules(self.rules, self.config, self.stage, self.document, options.only_rules)
        self.run_context = RepoContext(repo, self.config, today=options.today)

    def skus(self) -> list[str]:
        chosen = self.options.skus if self.options.skus is not None else self.repo.sku_ids()
        return [sku for sku in chosen if in_shard(sku, self.options.shard)]

    def run(self) -> LintResult:
        result = LintResult(stage=self.stage)
        findings: list[Finding] = []
        by_scope: dict[Scope, list[ActiveRule]] = {scope: [] for scope in Scope}
        for active in self.active:
            for scope in (active.rule.scope, *active.rule.also_scopes):
                by_scope[scope].append(active)

        # With --shard, repo-level rules run in shard 1 only, so merged shard reports hold them once.
        shard = self.options.shard
        if self.options.include_repo and (shard is None or shard[0] == 1):
            findings += self._apply(by_scope[Scope.REPO], self.run_context)
        for sku in self.skus():
            result.skus.append(sku)
            sku_context = SkuContext.load(self.run_context, sku)
            targets = []
            for target in sku_context.targets():
                spec = self.run_context.spec(target)
                if spec is not None:
                    targets.append(spec)
                elif target not in self.repo.specs.ids():
                    sku_context.unknown_target(target)
            findings += self._apply(by_scope[Scope.FILES], sku_context)
            findings += self._apply(by_scope[Scope.SKU], sku_context)
            for spec in targets:
                locale = self.repo.copy_locale_for(sku, spec) if sku_context.folder.is_dir() else None
                copy = sku_context.copies.get(locale) if locale else None
                findings += self._apply(by_scope[Scope.TARGET], TargetContext(sku_context, spec, locale, copy))
        # Repo-level load problems are complete only after every rule had a chance to load files.
        findings += self._apply(by_scope[Scope.FILES], self.run_context)
        self.run_context.hashes.save()

        findings, result.suppressed = self._suppress(findings)
        findings.sort(key=Finding.sort_key)
        result.all_findings = findings
        if self.options.use_baseline:
            path = self.repo.resolve(self.config.baseline)
            entries = read_baseline(path, self.config.baseline)
            findings, result.baselined = filter_baseline(findings, entries)
        result.findings = findings
        return result

    def _apply(self, actives: Iterable[ActiveRule], context: object) -> list[Finding]:
        findings = []
        for active in actives:
            rule = active.rule
            for problem in rule.check(context, active.options):
                findings.append(Finding.from_problem(rule.id, active.level, problem, rule.docs_link()))
        return findings

    def _suppress(self, findings: list[Finding]) -> tuple[list[Finding], int]:
        suppressions: list[Suppression] = []
        for path, document in list(self.repo.loaded_documents().items()):
            suppressions.extend(parse_suppressions(document.text, document.display))
        reason_rule = next((active for active in self.active if active.rule.id == SUPPRESSION_RULE), None)
        extra: list[Finding] = []
        for suppression in suppressions:
            problem = self._suppression_problem(suppression)
            if problem is not None and reason_rule is not None:
                extra.append(Finding.from_problem(SUPPRESSION_RULE, reason_rule.level, problem, reason_rule.rule.docs_link()))
        kept = []
        suppressed = 0
        for finding in findings:
            if any(suppression.covers(finding.rule, finding.file, finding.line) for suppression in suppressions):
                suppressed += 1
            else:
                kept.append(finding)
        return kept + extra, suppressed

    def _suppression_problem(self, suppression: Suppression) -> Problem | None:
        from linkstar_cli.i18n import _

        sku = _sku_of(suppression.file)
        unknown = sorted(rule for rule in suppression.rules if rule not in self.rules)
        if unknown:
            return Problem(
                message=_("suppression names unknown rule \"{rule}\"", rule=unknown[0]),
                key=f"unknown:{unknown[0]}",
                hint=_("Run `linkstar lint --list-rules` to see the rule ids."),
                file=suppression.file,
                line=suppression.comment_line,
                sku=sku,
            )
        if not suppression.reason:
            return Problem(
                message=_("suppression of {rules} gives no reason", rules=", ".join(sorted(suppression.rules))),
                key="no-reason:" + ",".join(sorted(suppression.rules)),
                hint=_("Write the reason after \"--\": # linkstar: disable={rules} -- why this is fine", rules=",".join(sorted(suppression.rules))),
                file=suppression.file,
                line=suppression.comment_line,
                sku=sku,
            )
        return None


def _sku_of(file: str) -> str | None:
    parts = file.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "skus" else None


def run_lint(repo: ContentRepo, options: LintOptions) -> LintResult:
    return Linter(repo, options).run()
