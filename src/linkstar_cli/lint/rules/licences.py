"""Rules of the licences family: every asset, brand font and brand logo has a licence that allows its use.

A licence record is the ``licence:`` block of an entry in a SKU's assets.yaml or
of a font or logo in brand/brand.yaml. Assets are checked against the markets
of their SKU's targets (narrowed by the entry's own ``markets:``), brand fonts
and logos against the markets of the repo's targets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch

from pydantic import Field

from linkstar_cli.i18n import N_, _, ngettext
from linkstar_cli.lint.context import RepoContext, SkuContext
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Rule, RuleOptions, Scope
from linkstar_cli.lint.rules.licence_examples import EXAMPLES
from linkstar_cli.model.licence import Licence
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.yamlio import KeyPath

BRAND_FILE = "brand/brand.yaml"
ASSETS_FILE = "assets.yaml"
# Creative Commons licences whose every version requires credit to the author, whatever attribution_required is set to.
ATTRIBUTION_KINDS = ("cc-by", "cc-by-sa")


@dataclass(frozen=True)
class LicenceRecord:
    """One file that needs a licence: an asset of a SKU, or a font or logo of the brand kit."""

    name: str  # the file as its entry names it
    licence: Licence | None
    file: str  # the repo-relative YAML file that contains the entry
    path: KeyPath  # the entry's key path in that file
    run: RepoContext
    sku: SkuContext | None  # None for the brand kit
    markets: dict[str, list[str]] = field(default_factory=dict)  # market -> targets that use the file there
    listing: bool = True  # shown in listings, unlike a design source

    def problem(self, message: str, *, key: str, hint: str, under: KeyPath = ()) -> Problem:
        path = (*self.path, *under)
        if self.sku is not None:
            return self.sku.problem(message, key=key, file=self.file, path=path, hint=hint)
        document = self.run.document(self.run.repo.root / self.file)
        location = document.location_of(path) if document is not None else None
        return Problem(
            message=message,
            key=key,
            hint=hint,
            file=self.file,
            line=location[0] if location else None,
            column=location[1] if location else None,
            field=format_field_path(path) or None,
        )


def _target_markets(run: RepoContext, targets: list[str]) -> dict[str, list[str]]:
    markets: dict[str, list[str]] = {}
    for target in targets:
        spec = run.spec(target)
        if spec is not None:
            markets.setdefault(spec.market, []).append(target)
    return markets


def asset_records(context: SkuContext) -> Iterator[LicenceRecord]:
    if context.assets is None:
        return
    markets = _target_markets(context.run, context.targets())
    for index, asset in enumerate(context.assets.assets):
        used = {market: targets for market, targets in markets.items() if not asset.markets or market in asset.markets}
        yield LicenceRecord(
            asset.file,
            asset.licence,
            context.assets_file,
            ("assets", index),
            context.run,
            context,
            used,
            listing=asset.role != "design-source",
        )


def brand_records(run: RepoContext) -> Iterator[LicenceRecord]:
    brand = run.brand
    if brand is None:
        return
    markets = _target_markets(run, list(run.repo.config.targets))
    for index, font in enumerate(brand.fonts):
        yield LicenceRecord(font.file, font.licence, BRAND_FILE, ("fonts", index), run, None, markets)
    for index, logo in enumerate(brand.logos):
        yield LicenceRecord(logo.file, logo.licence, BRAND_FILE, ("logos", index), run, None, markets)


class LicenceRule(Rule):
    """A rule on licence records: each SKU's assets, and once per run the brand kit's fonts and logos."""

    scope = Scope.SKU
    also_scopes = (Scope.REPO,)
    family = "licences"

    def check(self, context: SkuContext | RepoContext, options: RuleOptions) -> Iterable[Problem]:
        records = brand_records(context) if isinstance(context, RepoContext) else asset_records(context)
        for record in records:
            yield from self.check_record(record, options)

    def check_record(self, record: LicenceRecord, options: RuleOptions) -> Iterable[Problem]:  # pragma: no cover - abstract
        raise NotImplementedError


class LicenceMissing(LicenceRule):
    id = "licence-missing"
    level = Level.ERROR
    summary = N_("an asset, brand font or brand logo has no licence record")
    description = N_(
        "Every entry of assets.yaml and every font and logo of brand/brand.yaml needs a `licence:` block (kind, owner, "
        "source, and where they apply licence id, expiry, markets and attribution), so that the right to use the file "
        "in a listing can be checked. The brand kit is checked once per run."
    )
    examples = EXAMPLES["licence-missing"]

    def check_record(self, record: LicenceRecord, options: RuleOptions) -> Iterable[Problem]:
        if record.licence is None:
            yield record.problem(
                _("\"{file}\" has no licence record", file=record.name),
                key=record.name,
                hint=_("Add a licence: block with kind, owner and source to this entry."),
            )


class LicenceExpiringOptions(RuleOptions):
    days: int = Field(default=30, ge=1, le=366, description=N_("Days before the expiry date from which a licence is reported."))


class LicenceExpired(LicenceRule):
    id = "licence-expired"
    level = Level.ERROR
    summary = N_("a licence has expired")
    description = N_("A licence whose `expires:` date lies before today no longer allows the file to be used.")
    examples = EXAMPLES["licence-expired"]

    def check_record(self, record: LicenceRecord, options: RuleOptions) -> Iterable[Problem]:
        licence = record.licence
        today = record.run.today
        if licence is not None and licence.expires is not None and licence.expires < today:
            days = (today - licence.expires).days
            yield record.problem(
                ngettext(
                    "licence of \"{file}\" expired on {date} ({days} day ago)",
                    "licence of \"{file}\" expired on {date} ({days} days ago)",
                    days,
                    file=record.name,
                    date=licence.expires.isoformat(),
                    days=days,
                ),
                key=record.name,
                hint=_("Renew the licence and update expires:, or replace the file."),
                under=("licence", "expires"),
            )


class LicenceExpiring(LicenceRule):
    id = "licence-expiring"
    level = Level.WARNING
    summary = N_("a licence expires soon")
    description = N_("A licence whose `expires:` date is today or within the next `days` days (30 by default).")
    Options = LicenceExpiringOptions
    examples = EXAMPLES["licence-expiring"]

    def check_record(self, record: LicenceRecord, options: LicenceExpiringOptions) -> Iterable[Problem]:
        licence = record.licence
        if licence is None or licence.expires is None:
            return
        days = (licence.expires - record.run.today).days
        if 0 <= days <= options.days:
            date = licence.expires.isoformat()
            if days == 0:
                message = _("licence of \"{file}\" expires today ({date})", file=record.name, date=date)
            else:
                message = ngettext(
                    "licence of \"{file}\" expires on {date} (in {days} day)",
                    "licence of \"{file}\" expires on {date} (in {days} days)",
                    days,
                    file=record.name,
                    date=date,
                    days=days,
                )
            yield record.problem(
                message,
                key=record.name,
                hint=_("Renew the licence before it expires, or plan a replacement for the file."),
                under=("licence", "expires"),
            )


class LicenceMarket(LicenceRule):
    id = "licence-market"
    level = Level.ERROR
    summary = N_("a licence does not cover a market where the file is used")
    description = N_(
        "A licence with `markets:` allows use in those markets only. Each market of the SKU's targets (for brand fonts "
        "and logos, of the repo's targets) that the licence leaves out is reported, unless the asset's own `markets:` "
        "keeps the file out of that market."
    )
    examples = EXAMPLES["licence-market"]

    def check_record(self, record: LicenceRecord, options: RuleOptions) -> Iterable[Problem]:
        licence = record.licence
        if licence is None or not licence.markets:
            return
        for market, targets in sorted(record.markets.items()):
            if market not in licence.markets:
                yield record.problem(
                    _("licence of \"{file}\" does not cover market {market} (used by {targets})", file=record.name, market=market, targets=", ".join(targets)),
                    key=f"{record.name}:{market}",
                    hint=_("Extend the licence to {market}, or list the allowed markets under the entry's markets: so the file is not used there.", market=market),
                    under=("licence", "markets"),
                )


class LicenceEditorial(LicenceRule):
    id = "licence-editorial"
    level = Level.ERROR
    summary = N_("a file shown in listings has an editorial-only or non-commercial licence")
    description = N_(
        "A listing is commercial use, so a file that listings show (any asset role but design-source, and every brand "
        "font and logo) must not have `kind: editorial` or `commercial_use: false`."
    )
    examples = EXAMPLES["licence-editorial"]

    def check_record(self, record: LicenceRecord, options: RuleOptions) -> Iterable[Problem]:
        licence = record.licence
        if licence is None or not record.listing:
            return
        if licence.kind == "editorial":
            yield record.problem(
                _("licence of \"{file}\" allows editorial use only", file=record.name),
                key=f"{record.name}:editorial",
                hint=_("Replace the file, or get a commercial licence for it."),
                under=("licence", "kind"),
            )
        elif not licence.commercial_use:
            yield record.problem(
                _("licence of \"{file}\" forbids commercial use", file=record.name),
                key=f"{record.name}:commercial",
                hint=_("Replace the file, or get a commercial licence for it."),
                under=("licence", "commercial_use"),
            )


class LicenceAttribution(LicenceRule):
    id = "licence-attribution"
    level = Level.ERROR
    summary = N_("a licence requires attribution but gives no credit line")
    description = N_(
        "A licence with `attribution_required: true`, and every `kind: cc-by` or `cc-by-sa` licence (Creative Commons "
        "BY licences always require credit, whatever `attribution_required` is set to), needs the credit line to show in "
        "`attribution:`."
    )
    examples = EXAMPLES["licence-attribution"]

    def check_record(self, record: LicenceRecord, options: RuleOptions) -> Iterable[Problem]:
        licence = record.licence
        if licence is None or (licence.attribution or "").strip():
            return
        if licence.attribution_required:
            yield record.problem(
                _("licence of \"{file}\" requires attribution but gives no attribution text", file=record.name),
                key=record.name,
                hint=_("Add attribution: with the credit line that the licence asks for."),
                under=("licence", "attribution_required"),
            )
        elif licence.kind in ATTRIBUTION_KINDS:
            yield record.problem(
                _("licence of \"{file}\" is {kind}, which requires attribution, but gives no attribution text", file=record.name, kind=licence.kind),
                key=record.name,
                hint=_("Add attribution: with the credit line that the licence asks for, such as \"Photo: Jane Doe, CC BY 4.0\"."),
                under=("licence", "kind"),
            )


class AssetUncataloguedOptions(RuleOptions):
    ignore: list[str] = Field(
        default_factory=lambda: ["*.md", "*.txt", "Thumbs.db", "desktop.ini"],
        description=N_("File name patterns (fnmatch) in the assets folder that need no catalogue entry. Hidden files and licence files that an entry names are never reported."),
    )


class AssetUncatalogued(Rule):
    id = "asset-uncatalogued"
    level = Level.WARNING
    scope = Scope.SKU
    family = "licences"
    summary = N_("a file in a SKU's assets folder is not in assets.yaml")
    description = N_(
        "Every file in skus/<SKU>/assets/ needs an entry in assets.yaml, with its role and licence, or it may be used "
        "without anyone checking its rights. Subfolders count; hidden files, the licence files that entries name in "
        "`licence_file:` and the `ignore` patterns do not."
    )
    Options = AssetUncataloguedOptions
    examples = EXAMPLES["asset-uncatalogued"]

    def check(self, context: SkuContext, options: AssetUncataloguedOptions) -> Iterable[Problem]:
        folder = context.folder / "assets"
        if context.assets is None or not folder.is_dir():
            return
        catalogued = {ASSETS_FILE}
        for asset in context.assets.assets:
            catalogued.add(asset.file)
            if asset.licence is not None and asset.licence.licence_file:
                catalogued.add(asset.licence.licence_file)
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if not path.is_file() or relative in catalogued or any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            if any(fnmatch(path.name, pattern) or fnmatch(relative, pattern) for pattern in options.ignore):
                continue
            # Built directly: context.problem would read the asset file as YAML to find a line.
            yield Problem(
                message=_("file \"{file}\" is not in assets.yaml", file=relative),
                key=relative,
                hint=_("Add an entry with its role and licence to assets.yaml, or remove the file."),
                file=f"skus/{context.sku}/assets/{relative}",
                sku=context.sku,
            )


RULES = (
    LicenceMissing(),
    LicenceExpired(),
    LicenceExpiring(),
    LicenceMarket(),
    LicenceEditorial(),
    LicenceAttribution(),
    AssetUncatalogued(),
)
