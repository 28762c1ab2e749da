"""Tables for people, drawn by rich; every cell is a `Text`, never parsed as markup."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from raqqa_cli.render.text import human, neutralise
from raqqa_cli.report import Report, Value
from raqqa_cli.terminal import Terminal


def make_console(terminal: Terminal, file: io.StringIO) -> Console:
    """A console that writes to `file` with the terminal's width and colour, no markup."""
    return Console(
        file=file,
        width=terminal.width,
        force_terminal=terminal.color,
        color_system="standard" if terminal.color else None,
        no_color=not terminal.color,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def safe(text: str, style: str = "") -> Text:
    """Knowledge-file text as a rich `Text`: control characters shown, not obeyed."""
    return Text(neutralise(text), style=style)


def cell(value: Value) -> Text:
    """A cell's text; a list shows one item per line."""
    if isinstance(value, tuple):
        return safe("\n".join(value))
    return safe(human(value))


# A column of running text narrower than this is a column of fragments.
READABLE_TEXT_WIDTH = 16


def readable_width(report: Report) -> int:
    """The narrowest width at which every column stays readable: no word is cut and
    running text gets at least READABLE_TEXT_WIDTH characters."""
    keep = report.for_people()
    total = 0
    for i in keep:
        texts = [cell(row[i]).plain for row in report.rows]
        longest_word = max(
            (len(word) for text in [*texts, report.columns[i].title] for word in text.split()),
            default=1,
        )
        longest_line = max((len(line) for t in texts for line in t.splitlines()), default=1)
        total += max(longest_word, min(longest_line, READABLE_TEXT_WIDTH)) + 3
    return total - 3


def _grid(report: Report) -> Table:
    keep = report.for_people()
    table = Table(
        title=safe(report.title, "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        expand=False,
    )
    for i in keep:
        column = report.columns[i]
        table.add_column(
            safe(column.title),
            justify="right" if column.numeric else "left",
            overflow="fold",
        )
    for row in report.rows:
        table.add_row(*(cell(row[i]) for i in keep))
    return table


def _cards(report: Report) -> RenderableType:
    keep = report.for_people()
    parts: list[RenderableType] = [safe(report.title, "bold")]
    for row in report.rows:
        card = Table.grid(padding=(0, 1))
        card.add_column(style="bold", no_wrap=True)
        card.add_column(overflow="fold")
        for i in keep:
            if row[i] not in (None, "", ()):
                card.add_row(safe(report.columns[i].title), cell(row[i]))
        parts.extend([Text(""), card])
    return Group(*parts)


def render_table(report: Report, terminal: Terminal) -> str:
    """The report as a rich table, with its notes below.

    When the table cannot fit without breaking words, each record is shown as a small
    card instead: a table whose words are cut in half is worse than no table.
    """
    if not report.rows:
        return ""
    out = io.StringIO()
    console = make_console(terminal, out)
    fits = readable_width(report) <= terminal.width
    console.print(_grid(report) if fits else _cards(report))
    for note in report.notes:
        console.print(safe(f"Note: {note}", "dim"))
    return out.getvalue()
