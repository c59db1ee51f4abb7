"""Reading an .xlsx export with openpyxl in read-only mode, every cell turned into text.

Excel stores typed numbers as IEEE doubles, so a barcode typed into a number
cell has lost its leading zeros, and any digit after the 15th. Number cells are
turned into the digits that the cell shows: integral values without ".0", a
zero-padded number format ("0000000000000") giving its zeros back. Which cells
were numbers is kept, so that barcode checks can explain what went wrong.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from typing import Any

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.importer.table import Row, Table

# Doubles hold every integer up to 2**53 exactly; past 15 digits Excel itself rounds.
MAX_EXACT_DIGITS = 15
_ZERO_PADDED = re.compile(r"^0+$")


def read_xlsx(data: bytes, display: str, *, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(
            _("{file} is not a readable .xlsx workbook: {reason}", file=display, reason=str(error) or type(error).__name__),
            path=display,
            hint=_("Open it in Excel and save it again as .xlsx, or export the products as CSV."),
        ) from None
    try:
        worksheet = _choose_sheet(workbook, display, sheet)
        worksheet.reset_dimensions()
        return _read_sheet(worksheet, display)
    finally:
        workbook.close()


def _choose_sheet(workbook: Any, display: str, sheet: str | None) -> Any:
    names = list(workbook.sheetnames)
    if sheet is None:
        return workbook.worksheets[0]
    if sheet not in names:
        raise InputError(
            _("{file} has no worksheet \"{sheet}\"", file=display, sheet=sheet),
            path=display,
            hint=_("Worksheets in this file: {sheets}.", sheets=", ".join(names)),
        )
    return workbook[sheet]


def _read_sheet(worksheet: Any, display: str) -> Table:
    headers: list[str] | None = None
    rows: list[Row] = []
    numeric: set[tuple[int, int]] = set()
    for number, cells in enumerate(worksheet.iter_rows(min_row=1), start=1):
        texts = []
        for index, cell in enumerate(cells):
            text, is_number = cell_text(cell)
            texts.append(text)
            if is_number and headers is not None:
                numeric.add((number, index))
        if not any(text.strip() for text in texts):
            continue
        if headers is None:
            headers = [text.strip() for text in texts]
            while headers and not headers[-1]:
                headers.pop()
            continue
        texts = texts[: len(headers)] + [""] * (len(headers) - len(texts))
        rows.append(Row(number=number, line=None, cells=texts))
    if headers is None:
        raise InputError(_("{file} is empty", file=display), path=display, hint=_("Export the products again; the sheet has no header row."))
    return Table(source=display, headers=headers, rows=rows, numeric_cells=numeric)


def cell_text(cell: Any) -> tuple[str, bool]:
    """Return the text of one cell and whether Excel stored it as a number."""
    value = getattr(cell, "value", None)
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, (int, float)):
        return number_text(value, getattr(cell, "number_format", "General") or "General"), True
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")), False
    if isinstance(value, (date, time)):
        return value.isoformat(), False
    return str(value).replace("\r\n", "\n").replace("\r", "\n"), False


def number_text(value: int | float, number_format: str) -> str:
    """Write a number cell as the digits it shows, zero-padded when its format pads."""
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    whole = int(value)
    if abs(whole) >= 10**MAX_EXACT_DIGITS:
        # The double no longer contains every digit, so keep the float form for the barcode check to reject.
        return repr(float(value))
    text = str(whole)
    if _ZERO_PADDED.match(number_format) and whole >= 0:
        text = text.zfill(len(number_format))
    return text
