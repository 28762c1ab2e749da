"""Markdown (GitHub-flavoured): a heading, a table and the notes, ready to paste."""

from __future__ import annotations

import re

from raqqa_cli.render.text import human, neutralise
from raqqa_cli.report import Report

# Characters that would otherwise start emphasis, code, links, HTML, entities (`&#8238;`),
# strikethrough or GitHub's `$math$`, or end a table cell, escaped; tabs and line breaks
# made harmless in a table row.
_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]<>|~&$"} | {ord("\t"): " ", ord("\n"): "<br>"}
# What starts a heading, a block quote, a list or a rule when it begins a line.
_BLOCK_START = re.compile(r"[#>+=-]|[0-9]{1,9}(?=[.)](?:\s|$))")


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


def markdown_table(report: Report) -> list[str]:
    """The GFM table lines of a report (people's columns; numbers right-aligned)."""
    keep = report.for_people()
    columns = [report.columns[i] for i in keep]
    lines = [
        "| " + " | ".join(escape_markdown(c.title) for c in columns) + " |",
        "|" + "|".join("--:" if c.numeric else "---" for c in columns) + "|",
    ]
    for row in report.rows:
        cells = (escape_markdown(human(row[i])) for i in keep)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(report: Report, level: int = 2) -> str:
    """A heading, the table and the notes; nothing at all when there are no rows."""
    if not report.rows:
        return ""
    lines = ["#" * level + " " + escape_markdown(report.title), "", *markdown_table(report)]
    if report.notes:
        lines.append("")
        lines.extend(f"- {escape_markdown(note)}" for note in report.notes)
    return "\n".join(lines) + "\n"
