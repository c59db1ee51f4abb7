"""The status matrix as one self-contained HTML page: inline CSS, no scripts, no external URLs."""

from __future__ import annotations

from html import escape

from linkstar_cli.i18n import _, get_language
from linkstar_cli.release.status import Cell, StatusReport

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 0.5rem 0.75rem; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
.stage { font-weight: 600; }
.brief, .copy { background: #ffebe9; }
.assets, .lint-clean, .changed { background: #fff8c5; }
.reviewed, .released { background: #dafbe1; }
.none { color: #8c959f; }
ul { margin: 0.25rem 0 0; padding-left: 1.1rem; }
li { color: #a40e26; }
li.ready { color: #116329; list-style: none; margin-left: -1.1rem; }
"""


def render_html(report: StatusReport) -> str:
    """Return the page. Every text from the repo is escaped, so a SKU or note cannot inject markup."""
    language = "zh-CN" if get_language() == "zh_CN" else "en"
    title = _("linkstar status")
    head = "".join(f"<th>{escape(target)}</th>" for target in report.targets)
    rows = []
    for sku in report.skus:
        cells = "".join(_cell(report.cells.get((sku, target))) for target in report.targets)
        rows.append(f"<tr><th>{escape(sku)}</th>{cells}</tr>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n'
        f"<h1>{escape(title)}</h1>\n"
        f"<table>\n<thead><tr><th>{escape(_('SKU'))}</th>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return '<td class="none">–</td>'
    items = [f"<li>{escape(blocker.message)}</li>" for blocker in cell.assessment.blockers]
    if cell.assessment.ready and cell.stage in ("reviewed", "changed"):
        items.append(f'<li class="ready">{escape(_("ready to release"))}</li>')
    listing = f"<ul>{''.join(items)}</ul>" if items else ""
    return f'<td class="{escape(cell.stage)}"><span class="stage">{escape(cell.stage_label())}</span>{listing}</td>'
