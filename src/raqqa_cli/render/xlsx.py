"""A workbook (`-o FILE.xlsx`): the CSV's columns and keys, with numbers as numbers and full
dates as dates, so that a spreadsheet sums, sorts and filters them without an import dialog.

openpyxl is an optional extra (`raqqa-cli[xlsx]`), imported only here, only when a workbook
is asked for: no other command pays for it (docs/decisions/0054-spreadsheets.md).
"""

from __future__ import annotations

import datetime
import io
import math
import os
import re
import zipfile
from typing import TYPE_CHECKING

from raqqa_cli.errors import QueryError
from raqqa_cli.record import Struct
from raqqa_cli.render.csvfmt import FORMULA_STARTS
from raqqa_cli.render.text import neutralise
from raqqa_cli.report import Report, Value

if TYPE_CHECKING:
    from collections.abc import Sequence

EXTENSION = ".xlsx"
INSTALL = "pip install 'raqqa-cli[xlsx]'"

# A column of dates some of which are partial ("2017", "2017-10") is written twice: under its
# own key, the full dates as date cells (a partial one left blank, never given a made-up
# day); under its key and this suffix, every value as written, as text.
AS_WRITTEN = "_as_written"
ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", re.ASCII)  # not "٢٠١٧"
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# Excel counts days from 1900 and believes in a 29 February 1900: an earlier date would show
# as ##### or a day off, so it is kept as written, as a partial date is.
FIRST_DATE = datetime.date(1900, 3, 1)

# What Excel holds: 32,767 characters a cell; 1,048,576 rows a sheet, one of them the header.
MAX_CELL = 32_767
MAX_ROWS = 1_048_575
CUT = " … (cut: a cell holds at most 32,767 characters; the CSV and JSON have it all)"
# The widest a column is drawn, in characters; longer text wraps within it.
MAX_WIDTH = 60

# XML 1.0 cannot hold these at all (neutralise has already escaped the C0 controls).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Excel reads `_x0041_` in a cell's text as the character it names ("A"): OOXML's own escape
# (ECMA-376 ST_Xstring). Writing the underscore as `_x005F_` keeps such text as written.
_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# Characters a sheet's name cannot hold.
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")


def _text(value: str) -> str:
    """Text as a cell stores it: neutralised as in every format, what XML cannot hold as
    U+FFFD, OOXML's escape escaped, and cut visibly where Excel would cut it silently."""
    text = _NOT_XML.sub("\ufffd", neutralise(value))
    stored = _OOXML_ESCAPE.sub("_x005F_", text)
    if len(stored) <= MAX_CELL:
        return stored
    cut = MAX_CELL - len(CUT)
    for escaped in _OOXML_ESCAPE.finditer(text):  # each one before the cut is 6 longer stored
        if escaped.start() >= cut:
            break
        cut -= len("x005F_")
    return _OOXML_ESCAPE.sub("_x005F_", text[:cut]) + CUT


def sheet_title(title: str) -> str:
    """The report's title as a sheet's name: at most 31 characters, none of `[]:*?/\\`, not
    beginning or ending with an apostrophe, not empty, and not Excel's reserved `History`."""
    name = _NOT_IN_TITLE.sub(" ", neutralise(title))
    name = " ".join(name.split()).strip("'")[:31].strip().strip("'")
    if not name:
        return "raqqa"
    return "History (raqqa)" if name.lower() == "history" else name


def _full_date(value: Value) -> datetime.date | None:
    """`value` as a date a spreadsheet can hold, if it is a whole, real one."""
    if not isinstance(value, str) or not FULL_DATE.fullmatch(value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day >= FIRST_DATE else None


def _is_date_column(values: Sequence[Value]) -> bool:
    """Whether a column holds ISO dates, told by its values, not its name (`since` may hold
    "2017"): every non-empty one a string of the form 2017, 2017-10 or 2017-10-22."""
    filled = [v for v in values if v not in (None, "", ())]
    return bool(filled) and all(isinstance(v, str) and ISO_DATE.fullmatch(v) for v in filled)


Cell = str | int | float | bool | datetime.date | None


class Sheeted(Struct):
    """One column of the sheet: its key, its cells, and how wide it is drawn (`wrap`: its
    longest text is wider, and wraps)."""

    key: str
    cells: list[Cell]
    width: int
    wrap: bool

    @classmethod
    def of(cls, key: str, cells: list[Cell]) -> Sheeted:
        longest = max((_width(c) for c in cells), default=0)
        return cls(key, cells, min(max(longest, len(key)) + 2, MAX_WIDTH), longest > MAX_WIDTH)


def _width(cell: Cell) -> int:
    """How many characters `cell` takes when shown: its longest line."""
    if cell is None:
        return 0
    if isinstance(cell, bool):
        return 5
    if isinstance(cell, datetime.date):
        return 10
    if isinstance(cell, int):
        return len(f"{cell:,}")
    if isinstance(cell, float):
        return len(repr(cell))
    return max(len(line) for line in cell.split("\n"))


def _cell(value: Value) -> Cell:
    """A value in a column that is not one of dates: numbers and booleans as they are, text
    and lists as the CSV writes them (a list joined with '; '), without its apostrophe: a
    cell here is stored as text, so it can never be read as a formula."""
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # Excel holds no NaN or infinity
    return _text("; ".join(value) if isinstance(value, tuple) else value) or None  # ("",)


def _columns(report: Report) -> list[Sheeted]:
    """The CSV's columns in its order, under its keys; a column of dates some partial split
    in two, the `AS_WRITTEN` one right after its own."""
    columns: list[Sheeted] = []
    for i in report.for_machines():
        key = report.columns[i].key
        values = [row[i] for row in report.rows]
        if not _is_date_column(values):
            columns.append(Sheeted.of(key, [_cell(v) for v in values]))
            continue
        days = [_full_date(v) for v in values]
        columns.append(Sheeted.of(key, list(days)))
        if any(day is None and v not in (None, "") for day, v in zip(days, values, strict=True)):
            written: list[Cell] = [_cell(v) for v in values]
            columns.append(Sheeted.of(key + AS_WRITTEN, written))
    return columns


# Zip's first day: what a workbook is stamped with, inside (created, modified) and on each
# zip member, when SOURCE_DATE_EPOCH does not say otherwise. openpyxl cannot leave the
# times out, and the time it was written would make every run's bytes differ.
EPOCH = datetime.datetime(1980, 1, 1)


def _fixed_time() -> datetime.datetime:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, if it is a time zip can hold
    (1980 to 2107); else `EPOCH`."""
    try:
        seconds = int(os.environ.get("SOURCE_DATE_EPOCH", ""))
        moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return EPOCH
    return moment if EPOCH <= moment < datetime.datetime(2108, 1, 1) else EPOCH


def _same_bytes(data: bytes, moment: datetime.datetime) -> bytes:
    """The workbook's zip with every member stamped `moment` instead of the time it was
    written: the one thing that differed between two runs."""
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(member))
    return out.getvalue()


def render_xlsx(report: Report) -> bytes:
    """The report as a workbook of one sheet: a bold, frozen header row of the CSV's keys
    with a filter over the table, then one row per record. Numbers are number cells (whole
    numbers shown with thousands separators), full dates date cells (yyyy-mm-dd), everything
    else text cells that no spreadsheet runs as a formula. The same report gives the same
    bytes."""
    # openpyxl ships no types; types-openpyxl would be a dependency for six names.
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.filters import AutoFilter
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:
        raise QueryError(f"writing .xlsx needs openpyxl: {INSTALL}") from None
    if len(report.rows) > MAX_ROWS:
        raise QueryError(
            f"{len(report.rows):,} rows do not fit in a sheet (at most {MAX_ROWS:,}):"
            " write -o FILE.csv instead"
        )
    columns = _columns(report)
    workbook = Workbook(write_only=True)  # rows streamed out, not held as cell objects
    moment = _fixed_time()
    workbook.properties.creator = "raqqa"
    workbook.properties.created = moment
    workbook.properties.modified = moment
    sheet = workbook.create_sheet(sheet_title(report.title))
    for at, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(at)].width = column.width
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter = AutoFilter(ref=f"A1:{last}{len(report.rows) + 1}")
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")

    def header(key: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=key)
        cell.data_type = "s"
        cell.font = bold
        return cell

    def body(value: Cell, column: Sheeted) -> WriteOnlyCell | None:
        if value is None:  # no cell at all (most of a sparse report; a third of the time)
            return None
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, bool):
            return cell  # TRUE or FALSE, not 1 or 0
        if isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, int | float) and float(value).is_integer():
            cell.number_format = "#,##0"  # a fraction keeps General: 0.125, 1e-05
        elif isinstance(value, str):
            cell.data_type = "s"  # not "f", which openpyxl infers from a leading "="
            if value.startswith(FORMULA_STARTS):  # text still if someone edits the cell
                cell.quotePrefix = True  # as a typed apostrophe is
            if column.wrap:
                cell.alignment = wrapped
        return cell

    sheet.append([header(c.key) for c in columns])
    for at in range(len(report.rows)):
        sheet.append([body(c.cells[at], c) for c in columns])
    written = io.BytesIO()
    # ExcelWriter, not workbook.save, which would stamp the workbook with the time now.
    ExcelWriter(workbook, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    return _same_bytes(written.getvalue(), moment)
