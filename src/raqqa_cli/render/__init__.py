"""Report -> text, one small renderer per format; the format is chosen here.

Importing this package is cheap: each renderer (and rich, for tables) is imported only
when its format is asked for.
"""

from __future__ import annotations

from enum import StrEnum

from raqqa_cli.report import Report
from raqqa_cli.terminal import Terminal


class Format(StrEnum):
    """Output formats; `auto` is a table on a terminal and Markdown when piped."""

    auto = "auto"
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    plain = "plain"


class NoteFor(StrEnum):
    """Who a Markdown note is for: analysts see ids and raqqa's hints, readers do not."""

    analysts = "analysts"
    readers = "readers"


def resolve_format(requested: Format, terminal: Terminal) -> Format:
    """The concrete format: `auto` becomes a table on a terminal, Markdown otherwise."""
    if requested is not Format.auto:
        return requested
    return Format.table if terminal.is_tty else Format.markdown


def render(report: Report, fmt: Format, terminal: Terminal) -> str:
    """The whole text of `report` in `fmt` (never `auto`), ending with a newline if any."""
    if fmt is Format.table:
        from raqqa_cli.render.table import render_table

        return render_table(report, terminal)
    if fmt is Format.markdown:
        from raqqa_cli.render.markdown import render_markdown

        return render_markdown(report)
    if fmt is Format.json:
        from raqqa_cli.render.jsonfmt import render_json

        return render_json(report)
    if fmt is Format.csv:
        from raqqa_cli.render.csvfmt import render_csv

        return render_csv(report)
    if fmt is Format.plain:
        from raqqa_cli.render.plain import render_plain

        return render_plain(report)
    raise ValueError(f"unresolved format {fmt}")
