"""Markdown (GitHub-flavoured): a heading, a table and the notes, ready to paste or append.

Every output begins and ends with a blank line, so `raqqa aid >> notes.md; raqqa
reactions >> notes.md` keeps each heading a heading and each table's rows its own, and a
line a person types afterwards never joins a table or a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from raqqa_cli.render.text import human, neutralise
from raqqa_cli.report import Column, Report, Value

# Characters that would otherwise start emphasis, code, links, HTML, entities (`&#8238;`),
# strikethrough or GitHub's `$math$`, or end a table cell, escaped; tabs and line breaks
# made harmless in a table row.
_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]<>|~&$"} | {ord("\t"): " ", ord("\n"): "<br>"}
# What starts a heading, a block quote, a list or a rule when it begins a line.
_BLOCK_START = re.compile(r"[#>+=-]|[0-9]{1,9}(?=[.)](?:\s|$))")
_WEB_ADDRESS = re.compile(r"https?://[!#-;=?-~]+")
# How wide the separator row says a column is: pandoc lays wide tables out in proportion.
_MAX_DASHES = 60
CellWriter = Callable[[Column, Value], str]


def escape_markdown(text: str) -> str:
    """Text that renders as itself wherever it is put: in a cell, a list or a paragraph.

    Active characters are escaped and line breaks become `<br>`; so is a leading `#`, `>`,
    `-`, `+`, `=` or `1.`, since the text may begin a line. Leading spaces are dropped (a
    paragraph drops them anyway): indented, `    code` or `  # x` would be a code block or
    a heading, and in a list item they would start one.
    """
    text = neutralise(text.replace("\r\n", "\n")).translate(_ESCAPES).lstrip(" ")
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if not text[0].isdigit():
        return "\\" + text
    return f"{text[: start.end()]}\\{text[start.end() :]}"  # `1\. ` for `1. `


def link_or_text(address: str) -> str:
    """A plain web address as an autolink; anything else as escaped text."""
    return f"<{address}>" if _WEB_ADDRESS.fullmatch(address) else escape_markdown(address)


def markdown_cell(column: Column, value: Value) -> str:
    """One cell: escaped text, or a link where the column holds addresses."""
    if column.link and isinstance(value, str):
        return link_or_text(value)
    if column.hint and isinstance(value, str):  # a command: code, so `--totals` stays two dashes
        # One line (file names in commands are shell words: `$'a\nb'`), and a `|` escaped,
        # as GitHub's tables need even inside code.
        code = neutralise(value).replace("`", "").replace("\n", " ").replace("|", "\\|")
        return f"`{code}`"
    return escape_markdown(human(value))


def markdown_table(
    report: Report, columns: list[int] | None = None, write: CellWriter = markdown_cell
) -> list[str]:
    """The GFM table lines of a report (people's columns; numbers right-aligned), with a
    separator row as wide as each column's content so converters keep the proportions."""
    keep = report.for_people() if columns is None else columns
    heads = [report.columns[i] for i in keep]
    body = [[write(report.columns[i], row[i]) for i in keep] for row in report.rows]
    widths = [
        min(max(3, len(head.title), *(len(cells[n]) for cells in body)), _MAX_DASHES)
        for n, head in enumerate(heads)
    ]
    rule = (
        "-" * (w - 1) + ":" if head.numeric else "-" * w
        for head, w in zip(heads, widths, strict=True)
    )
    lines = [
        "| " + " | ".join(escape_markdown(c.title) for c in heads) + " |",
        "| " + " | ".join(rule) + " |",
    ]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return lines


def bullets(items: tuple[str, ...]) -> list[str]:
    """Notes as a list, each escaped."""
    return [f"- {escape_markdown(item)}" for item in items]


def _inline(text: str) -> str:
    """Text between code spans: escaped, the spaces around it kept."""
    core = text.strip(" ")
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return f"{lead}{escape_markdown(core)}{trail}"


def tips(items: tuple[str, ...]) -> list[str]:
    """Suggested commands as a list: `raqqa ...` spans kept as code, the rest escaped."""
    out = []
    for item in items:
        parts = item.split("`")
        text = "".join(
            _inline(part) if n % 2 == 0 else f"`{neutralise(part).replace(chr(10), ' ')}`"
            for n, part in enumerate(parts)
        )
        out.append(f"- {text}")
    return out


def record_markdown(report: Report, level: int) -> list[str]:
    """One entry's record (`raqqa show`): its fields as a table of two columns, the id said
    once, in the heading, and the source once where the fields share it; then the source
    chain and what refers to it, each a table of its own under a heading."""
    from raqqa_cli.render.text import record_lines

    lines: list[str] = []
    for heading, rows in record_lines(report):
        if heading:
            lines += ["", "#" * (level + 1) + " " + escape_markdown(heading)]
        lines += ["", "| Field | Value |", "| ----- | ----- |"]
        for label, value, citation in rows:
            said = escape_markdown(value) + (f" ({escape_markdown(citation)})" if citation else "")
            lines.append(f"| {escape_markdown(label)} | {said} |")
    return lines


def render_markdown(report: Report, level: int = 2) -> str:
    """A heading, the table (or an entry's record) and the notes between blank lines;
    nothing when there are no rows."""
    if not report.rows:
        return ""
    body = record_markdown(report, level)[1:] if report.layout == "record" else None
    table = markdown_table(report) if body is None else body
    lines = ["", "#" * level + " " + escape_markdown(report.heading), "", *table]
    notes = report.notes_for_people()
    if notes or report.tips:
        lines += ["", *bullets(notes), *tips(report.tips)]
    return "\n".join(lines) + "\n\n"
