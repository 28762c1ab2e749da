"""CSV: RFC 4180 (CRLF, quoted where needed), one header row of column keys."""

from __future__ import annotations

import csv
import io
import re

from raqqa_cli.render.text import neutralise
from raqqa_cli.report import Report, Value

# A cell starting with one of these is run as a formula by spreadsheets; a leading
# apostrophe makes them show it as text (OWASP's advice for CSV injection).
# (A leading carriage return, also on OWASP's list, is already shown as \x0d by neutralise.)
FORMULA_STARTS = ("=", "+", "-", "@", "\t")
# ... but a signed number (`-5%`, `+1,200.5`) is a value, not a formula: every spreadsheet
# reads it as the number it is, and scripts get it as written.
SIGNED_NUMBER = re.compile(r"[+-]\d[\d,]*(?:\.\d+)?%?")


def csv_cell(value: Value) -> str | int | float:
    """A value as one CSV field: text neutralised and defused, lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, bool):  # as JSON and plain write it, not Python's `True`
        return "true" if value else "false"
    if isinstance(value, tuple):
        value = "; ".join(value)
    if isinstance(value, str):
        text = neutralise(value)
        if text.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(text):
            return "'" + text
        return text
    return value


# Excel reads a CSV file as the system's code page unless it begins with a byte-order mark.
BYTE_ORDER_MARK = "\ufeff"


def render_csv(report: Report, *, excel: bool = False, hxl: bool = False) -> str:
    """The report's rows as CSV with a header row, even when there are no rows.

    `excel` begins it with a byte-order mark, so that Excel reads UTF-8 (`£`, `é`) as
    UTF-8; `hxl` adds HXL's hashtag row after the header, blank for untagged columns."""
    keep = report.for_machines()
    out = io.StringIO()
    if excel:
        out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(report.columns[i].key for i in keep)
    if hxl:
        writer.writerow(report.columns[i].hxl for i in keep)
    for row in report.rows:
        writer.writerow(csv_cell(row[i]) for i in keep)
    return out.getvalue()
