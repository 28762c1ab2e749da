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
    tsv = "tsv"
    html = "html"
    # A workbook, written with -o only (`render.xlsx`; the `xlsx` extra).
    xlsx = "xlsx"
    # Citations, for reference managers and pandoc: `raqqa sources` only.
    csl_json = "csl-json"
    bibtex = "bibtex"


CITATION_FORMATS = (Format.csl_json, Format.bibtex)
# `-o FILE`: the format its extension names, unless --format says otherwise.
FORMAT_OF_EXTENSION = {
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".csv": Format.csv,
    ".tsv": Format.tsv,
    ".txt": Format.plain,
    ".html": Format.html,
    ".htm": Format.html,
    ".bib": Format.bibtex,
    ".xlsx": Format.xlsx,
}


class NoteFor(StrEnum):
    """Who a Markdown note is for: analysts see ids and raqqa's hints, readers do not."""

    analysts = "analysts"
    readers = "readers"


class CiteStyle(StrEnum):
    """How a brief cites: numbers linked to its source list, or pandoc's `[@id]`."""

    numbers = "numbers"
    pandoc = "pandoc"


def format_of_file(path: str) -> Format | None:
    """The format a file name's extension asks for (`notes.md`: Markdown), if any."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return FORMAT_OF_EXTENSION.get(name[dot:].lower()) if dot > 0 else None


def resolve_format(requested: Format, terminal: Terminal) -> Format:
    """The concrete format: `auto` becomes a table on a terminal, Markdown otherwise."""
    if requested is not Format.auto:
        return requested
    return Format.table if terminal.is_tty else Format.markdown


def render(
    report: Report, fmt: Format, terminal: Terminal, *, excel: bool = False, hxl: bool = False
) -> str:
    """The whole text of `report` in `fmt` (never `auto`), ending with a newline if any.

    `excel` and `hxl` shape CSV: a byte-order mark, and HXL's hashtag row."""
    if fmt is Format.table:
        from raqqa_cli.render.terminal.table import render_table

        return render_table(report, terminal)
    if fmt is Format.markdown:
        from raqqa_cli.render.markdown import render_markdown

        return render_markdown(report)
    if fmt is Format.json:
        from raqqa_cli.render.jsonfmt import render_json

        return render_json(report)
    if fmt is Format.csv:
        from raqqa_cli.render.csvfmt import render_csv

        return render_csv(report, excel=excel, hxl=hxl)
    if fmt is Format.plain:
        from raqqa_cli.render.plain import render_plain

        return render_plain(report)
    if fmt is Format.tsv:
        from raqqa_cli.render.plain import render_tsv

        return render_tsv(report)
    if fmt is Format.html:
        from raqqa_cli.render.html import render_html

        return render_html(report)
    if fmt is Format.xlsx:  # bytes, not text: `Output.show` writes it
        raise ValueError("a workbook is rendered by render.xlsx")
    if fmt in CITATION_FORMATS:
        from raqqa_cli.errors import QueryError

        raise QueryError(f"--format {fmt.value} is for `raqqa sources`, the citations")
    raise ValueError(f"unresolved format {fmt}")
