"""A report read in parts: one heading, then a table (or a Markdown section) per part.

For people, a long list of changes reads best split by section under one title; machines
get the whole report as one list of records, so JSON, CSV and plain are the usual ones.
"""

from __future__ import annotations

from raqqa_cli.render import Format, render
from raqqa_cli.report import Report
from raqqa_cli.terminal import Terminal


def render_grouped(
    whole: Report, parts: tuple[Report, ...], fmt: Format, terminal: Terminal
) -> str:
    """`whole` in `fmt` (never `auto`); as a table or Markdown, `whole`'s title, each part
    under its own title, then `whole`'s notes."""
    if not whole.rows and fmt in (Format.markdown, Format.table):
        return ""  # as for any report: nothing for people, `[]` or a header for machines
    if fmt is Format.markdown:
        from raqqa_cli.render.markdown import bullets, escape_markdown, render_markdown

        text = f"\n## {escape_markdown(whole.heading)}\n"
        text += "".join(render_markdown(part, level=3).rstrip("\n") + "\n" for part in parts)
        if whole.notes:
            text += "\n" + "\n".join(bullets(whole.notes)) + "\n"
        return text + "\n"
    if fmt is Format.table:
        from raqqa_cli.render.terminal.table import render_table, safe_lines

        body = "\n".join(render_table(part, terminal) for part in parts)
        notes = "".join(safe_lines(f"Note: {note}", terminal, "dim") + "\n" for note in whole.notes)
        return f"{safe_lines(whole.heading, terminal, 'bold')}\n\n{body}{notes}"
    return render(whole, fmt, terminal)
