"""The drawings as rich's own layout engine makes them: the oracle for render/table.py.

raqqa lays its tables out line by line (rich's Console and Table cost the brief a tenth of
a second); these are the same drawings made with rich's Table, Group and Console, as raqqa
made them before, and the tests hold raqqa's output to theirs, character for character.
"""

from __future__ import annotations

import io
import re

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from raqqa_cli.render.terminal.table import BAR, Drawing, _value, chart_plan, safe
from raqqa_cli.render.text import human
from raqqa_cli.report import Report
from raqqa_cli.terminal import Terminal


def make_console(terminal: Terminal) -> Console:
    """A console with the terminal's width and colour, no markup, as raqqa's was."""
    return Console(
        file=io.StringIO(),
        width=terminal.width,
        force_terminal=terminal.color,
        color_system="standard" if terminal.color else None,
        no_color=not terminal.color,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def drawn(renderable: RenderableType, terminal: Terminal, soft_wrap: bool = False) -> str:
    """What rich prints, without the spaces it pads lines with (as raqqa leaves them out)."""
    console = make_console(terminal)
    console.print(renderable, soft_wrap=soft_wrap)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return re.sub(
        r"(?:\x1b\[[0-9;]*m| )+$",
        lambda end: "".join(re.findall(r"\x1b\[[0-9;]*m", end[0])),
        out,
        flags=re.MULTILINE,
    )


def rich_grid(report: Report, widths: list[int], drawing: Drawing) -> Table:
    """The records as rich's Table draws them with the grid's settings, each cell the
    lines raqqa wrapped it to (rich's word wrap; list items that go on are indented)."""
    keep = report.for_people()
    table = Table(
        title=safe(report.heading, "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        expand=False,
    )
    for i, width in zip(keep, widths, strict=True):
        column = report.columns[i]
        justify: JustifyMethod = "right" if column.numeric else "left"
        table.add_column(safe(column.title), justify=justify, overflow="fold", width=width)
    for r in range(len(report.rows)):
        cells = [Text("\n").join(drawing.lines(r, c, w)) for c, w in enumerate(widths)]
        table.add_row(*cells)
    return table


def rich_cards(report: Report, console: Console, drawing: Drawing) -> Text:
    """The cards as one Text: each label, and each value as raqqa wrapped it, beside the
    label or, where a word would be cut there, below it, indented."""
    keep = report.for_people()
    labels = [report.columns[i].title for i in keep]
    label_width = max(cell_len(label) for label in labels)
    value_width = max(console.width - label_width - 1, 1)
    out = Text("\n").join(safe(report.heading, "bold").wrap(console, console.width))
    for r, row in enumerate(report.rows):
        out.append("\n")
        for c, i in enumerate(keep):
            if row[i] in (None, "", ()):
                continue
            below, lines = drawing._field(r, c, value_width)
            if below:
                out.append("\n")
                out.append(labels[c], style="bold")
            for number, line in enumerate(lines):
                out.append("\n")
                if below:
                    out.append("  ")
                else:
                    label = labels[c] if number == 0 else ""
                    out.append(label, style="bold")
                    out.append(" " * (label_width - cell_len(label) + 1))
                out.append_text(line)
    return out


def rich_timeline(report: Report) -> RenderableType:
    """Events down a vertical line, a year heading each time the year changes."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right", style="bold")
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    year = None
    for row in report.rows:
        date = str(_value(report, row, "date"))
        if date[:4] != year:
            year = date[:4]
            grid.add_row(Text(year, style="bold underline"), Text("\u2502"), Text(""))
        detail = safe(human(_value(report, row, "what")))
        extra = [human(_value(report, row, k)) for k in ("place", "source")]
        if any(extra):
            detail.append_text(safe("  (" + "; ".join(e for e in extra if e) + ")", "dim"))
        grid.add_row(safe(date), Text("\u25cf", style="cyan"), detail)
    return Group(safe(report.heading, "bold"), grid)


def _bar_grid(room: int, number_width: int, status_width: int, label_width: int) -> Table:
    """Columns for bars: the label (none when labels stand above), bar, number, status."""
    grid = Table.grid(padding=(0, 1))
    if label_width:
        grid.add_column(overflow="fold", width=label_width)
    grid.add_column(no_wrap=True, width=room)
    grid.add_column(no_wrap=True, justify="right", width=number_width)
    grid.add_column(no_wrap=True, width=status_width)
    return grid


def rich_chart(report: Report, width: int) -> RenderableType:
    """Horizontal bars, one scale per unit: units are never drawn on one axis.

    A number is never cut; a label gets the room left once the number, the status and a
    bar of at least 10 characters have theirs, or stands above its bar where that is
    shorter, and bars are at most MAX_BAR long."""
    parts: list[RenderableType] = [safe(report.heading, "bold")]
    plan = chart_plan(report, width)  # the layout is raqqa's; the drawing is rich's
    axes, room, stacked = plan.axes, plan.room, plan.stacked
    number_width, status_width, label_width = plan.number_width, plan.status_width, plan.label_width
    for axis, bars in axes.items():
        top = max(bar.value for bar in bars) or 1.0
        parts.extend([Text(""), safe(axis, "bold underline")])
        grid = _bar_grid(room, number_width, status_width, label_width)
        for label, value, amount, status in bars:
            length = max(1, round(value / top * room)) if value > 0 else 0
            cells = [Text(BAR * length, style="green"), safe(amount), Text(status, "dim")]
            if stacked:  # the label on a line of its own, wrapped at words, then the bar
                parts.append(safe(label))
                grid = _bar_grid(room, number_width, status_width, label_width)
                grid.add_row(*cells)
                parts.append(grid)
            else:
                grid.add_row(safe(label), *cells)
        if not stacked:
            parts.append(grid)
    return Group(*parts)
