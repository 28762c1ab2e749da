"""Plain text: one record per line, fields separated by tabs, no header, no decoration; and
TSV, the same with a header row of keys, as sqlite-utils, csvkit and pandas read it."""

from __future__ import annotations

from raqqa_cli.render.text import one_line
from raqqa_cli.report import Report, Value


def plain_cell(value: Value) -> str:
    """A field for `cut` and `awk`: numbers as written, tabs and new lines escaped."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        value = "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return one_line(value)


def render_plain(report: Report) -> str:
    """Each row as one tab-separated line."""
    keep = report.for_machines()
    return "".join("\t".join(plain_cell(row[i]) for i in keep) + "\n" for row in report.rows)


def render_tsv(report: Report) -> str:
    """A header row of the columns' keys, then each row as `render_plain` writes it; the
    header even when there are no rows, as CSV's."""
    keep = report.for_machines()
    return "\t".join(report.columns[i].key for i in keep) + "\n" + render_plain(report)
