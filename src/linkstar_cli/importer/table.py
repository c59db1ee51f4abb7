"""Reading an export into a table of text cells: CSV with any common delimiter, or XLSX.

Rows are numbered as a spreadsheet numbers them: the header is row 1. For CSV
each row also keeps the file line it starts on, which differs from the row
number once a quoted cell spans several lines.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.importer.encoding import decode_export

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_RECORDS = 50


@dataclass
class Row:
    number: int
    line: int | None
    cells: list[str]


@dataclass
class Table:
    """The header and data rows of one export, with every cell as text."""

    source: str
    headers: list[str]
    rows: list[Row]
    encoding: str | None = None
    delimiter: str | None = None
    # Cells of number-typed XLSX columns, by (row number, column index), so that a
    # barcode error can explain that Excel stored the barcode as a number.
    numeric_cells: set[tuple[int, int]] = field(default_factory=set)

    def line_of(self, row: Row) -> int:
        return row.line if row.line is not None else row.number


def read_table(path: Path, display: str, *, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None) -> Table:
    """Read an export file; the suffix decides between XLSX and CSV."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("file not found: {file}", file=display), path=display) from None
    except IsADirectoryError:
        raise InputError(_("{file} is a folder, not a file", file=display), path=display) from None
    except OSError as error:
        raise InputError(_("cannot read {file}: {reason}", file=display, reason=error.strerror or error), path=display) from None
    if path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        from linkstar_cli.importer.xlsx import read_xlsx

        return read_xlsx(data, display, sheet=sheet)
    decoded = decode_export(data, display, encoding)
    return parse_csv(decoded.text, display, delimiter=delimiter, encoding=decoded.encoding)


def parse_csv(text: str, display: str, *, delimiter: str | None = None, encoding: str | None = None) -> Table:
    """Parse CSV text; the delimiter is detected among comma, semicolon, tab and pipe unless given."""
    if not text.strip():
        raise InputError(_("{file} is empty", file=display), path=display, hint=_("Export the products again; the file has no header row."))
    chosen = delimiter or sniff_delimiter(text, display)
    records = _records(text, chosen, display)
    first = next(index for index, (_line, cells) in enumerate(records) if any(cell.strip() for cell in cells))
    # A BOM that a forced --encoding left in the text must not stick to the first header.
    headers = [header.strip().lstrip("\ufeff") for header in records[first][1]]
    rows: list[Row] = []
    for number, (line, cells) in enumerate(records[first + 1 :], start=first + 2):
        if not any(cell.strip() for cell in cells):
            continue
        rows.append(Row(number=number, line=line, cells=_fit(cells, headers, display, number, line)))
    return Table(source=display, headers=headers, rows=rows, encoding=encoding, delimiter=chosen)


def _records(text: str, delimiter: str, display: str) -> list[tuple[int, list[str]]]:
    """Split CSV text into records, each with the line it starts on; CRLF inside cells becomes LF."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(
            _("{file} is not valid CSV near line {line}: {reason}", file=display, line=reader.line_num, reason=str(error)),
            path=display,
            line=reader.line_num,
            hint=_("A quote inside a quoted cell must be doubled (\"\"); check that line in a text editor."),
        ) from None
    return records


def _fit(cells: list[str], headers: list[str], display: str, row: int, line: int) -> list[str]:
    if len(cells) < len(headers):
        return cells + [""] * (len(headers) - len(cells))
    extra = cells[len(headers):]
    if any(cell.strip() for cell in extra):
        raise InputError(
            _("row {row} has {count} cells but the header has {columns} columns", row=row, count=len(cells), columns=len(headers)),
            path=display,
            line=line,
            hint=_("A cell probably contains the delimiter without quotes around it; export the file again or quote that cell."),
        )
    return cells[: len(headers)]


def sniff_delimiter(text: str, display: str) -> str:
    """Pick the delimiter that splits the first records into the most columns, the same number in each."""
    best: tuple[int, str] | None = None
    for candidate in DELIMITERS:
        widths = _widths(text, candidate)
        if not widths or widths[0] < 2:
            continue
        consistent = all(width == widths[0] for width in widths[1:])
        if consistent and (best is None or widths[0] > best[0]):
            best = (widths[0], candidate)
    if best is None:
        raise InputError(
            _("cannot find the delimiter of {file}: no comma, semicolon, tab or pipe splits its rows into the same number of columns", file=display),
            path=display,
            hint=_("Set read.delimiter in the mapping file, or check that the file is a CSV export."),
        )
    return best[1]


def _widths(text: str, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    widths: list[int] = []
    try:
        for cells in reader:
            if not cells or not any(cell.strip() for cell in cells):
                continue
            widths.append(len(cells))
            if len(widths) >= _SNIFF_RECORDS:
                break
    except csv.Error:
        return []
    return widths
