"""Tables for people, drawn by rich; every cell is a `Text`, never parsed as markup."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from raqqa_cli.render.text import human, neutralise
from raqqa_cli.report import Highlighter, Report, Value
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


_WEB_ADDRESS = re.compile(r"https?://[!#-;=?-~]+")


def cell(value: Value, highlight: Highlighter | None = None, link: bool = False) -> Text:
    """A cell's text; a list shows one item per line; matches of a search stand out; with
    `link`, a plain web address becomes an OSC 8 hyperlink (terminals only)."""
    text = safe("\n".join(value)) if isinstance(value, tuple) else safe(human(value))
    if link and isinstance(value, str) and _WEB_ADDRESS.fullmatch(value):
        text.stylize(Style(link=value))
    if highlight is not None:
        for start, end in highlight(text.plain):
            text.stylize("bold reverse", start, end)
    return text


# A column of running text narrower than this is a column of fragments.
READABLE_TEXT_WIDTH = 16
# A column whose longest line is at most this is a short one (a date, a status, a name):
# it gets its whole width before running text gets any spare room.
SHORT_COLUMN = 20
GAP = 3  # between two columns: padding, rule, padding


def _measure(report: Report, i: int) -> tuple[int, int]:
    """A column's natural width (its longest line, title included) and the least it can
    take without cutting a word, breaking its title or squeezing running text below
    READABLE_TEXT_WIDTH."""
    texts = [cell(row[i]).plain for row in report.rows]
    title = report.columns[i].title
    lines = [line for text in texts for line in text.splitlines()]
    natural = max((cell_len(line) for line in [*lines, title]), default=1)
    longest_word = max(
        (cell_len(word) for text in [*texts, title] for word in text.split()), default=1
    )
    # A column's title stays on one line: a heading broken in two reads as two headings.
    return natural, max(longest_word, min(natural, READABLE_TEXT_WIDTH), cell_len(title))


def column_widths(report: Report, width: int) -> list[int] | None:
    """Widths for the people's columns that fit `width` cutting no word, or None.

    Every column first gets the least it can take; short columns (dates, statuses, names)
    then get their whole width, and running text shares what is left, in proportion to
    how much more it would need."""
    keep = report.for_people()
    measured = [_measure(report, i) for i in keep]
    room = width - GAP * (len(keep) - 1)
    widths = [least for _, least in measured]
    if sum(widths) > room:
        return None
    spare = room - sum(widths)
    short = sorted(
        (natural - least, n)
        for n, (natural, least) in enumerate(measured)
        if natural <= SHORT_COLUMN
    )
    for need, n in short:
        if need <= spare:
            widths[n] += need
            spare -= need
    needs = [natural - widths[n] for n, (natural, _) in enumerate(measured)]
    total_need = sum(needs)
    if total_need and spare:
        shares = [min(need, spare * need // total_need) for need in needs]
        for n, share in enumerate(shares):
            widths[n] += share
    return widths


def readable_width(report: Report) -> int:
    """The narrowest width at which every column stays readable: no word is cut and
    running text gets at least READABLE_TEXT_WIDTH characters."""
    keep = report.for_people()
    return sum(_measure(report, i)[1] for i in keep) + GAP * (len(keep) - 1)


def _links(report: Report, terminal: Terminal) -> set[int]:
    """Columns whose addresses become hyperlinks: on a real terminal only, never piped."""
    if not (terminal.color and terminal.is_tty):
        return set()
    return {i for i, column in enumerate(report.columns) if column.link}


def _grid(report: Report, links: set[int], widths: list[int]) -> Table:
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
        table.add_column(
            safe(column.title),
            justify="right" if column.numeric else "left",
            overflow="fold",
            width=width,
        )
    for row in report.rows:
        table.add_row(*(cell(row[i], report.highlight, i in links) for i in keep))
    return table


def _cards(report: Report, console: Console, links: set[int]) -> Text:
    """Each record as a card: its fields one per line, label and value, cards apart.

    Laid out here rather than as rich tables, which cost a search with hundreds of hits a
    tenth of a second: each value is wrapped by rich (words kept whole, wide characters
    counted as two cells) beside its label, and the whole is one `Text`.
    """
    keep = report.for_people()
    labels = {i: neutralise(report.columns[i].title) for i in keep}
    label_width = max(cell_len(label) for label in labels.values())
    value_width = max(console.width - label_width - 1, 1)
    blank = " " * (label_width + 1)
    out = Text("\n").join(
        safe(report.heading, "bold").wrap(console, console.width, overflow="fold")
    )
    for row in report.rows:
        out.append("\n")
        for i in keep:
            if row[i] in (None, "", ()):
                continue
            label = labels[i]
            value = cell(row[i], report.highlight, i in links)
            plain = value.plain
            if "\n" not in plain and cell_len(plain) <= value_width:
                lines: Iterable[Text] = (value,)  # fits: no need to ask rich to wrap it
            else:
                lines = value.wrap(console, value_width, overflow="fold")
            for number, line in enumerate(lines):
                out.append("\n")
                if number == 0:
                    out.append(label, style="bold")
                    out.append(" " * (label_width - cell_len(label) + 1))
                else:
                    out.append(blank)
                out.append_text(line)
    return out


def _height(renderable: RenderableType, console: Console) -> int:
    """How many lines `renderable` takes at the console's width."""
    return len(console.render_lines(renderable, console.options, pad=False))


def _drawn(renderable: RenderableType, terminal: Terminal) -> str:
    """`renderable` as the terminal would show it."""
    out = io.StringIO()
    make_console(terminal, out).print(renderable)
    return out.getvalue()


# The end of a line that shows nothing: spaces, and the colour codes among them (kept).
_TRAILING_SPACES = re.compile(r"(?:\x1b\[[0-9;]*m| )+$", re.MULTILINE)
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def render_table(report: Report, terminal: Terminal) -> str:
    """The report as a rich table, with its notes below.

    When the table cannot fit without breaking words, or would be taller than the same
    records as small cards (a label and a value per line), the cards are drawn instead: a
    column of one-word lines is worse than no table.
    """
    if not report.rows:
        return ""
    out = io.StringIO()
    console = make_console(terminal, out)
    if report.layout == "timeline":
        console.print(_timeline(report))
    elif report.layout == "chart":
        console.print(_chart(report, terminal.width))
    else:
        links = _links(report, terminal)
        cards = _cards(report, console, links)
        widths = column_widths(report, terminal.width)
        # The grid is laid out once: drawn, measured, and written as drawn if chosen.
        grid = _drawn(_grid(report, links, widths), terminal) if widths is not None else None
        if grid is not None and grid.count("\n") <= len(cards.plain.splitlines()):
            out.write(grid)
        else:
            console.print(cards, soft_wrap=True)  # wrapped already
    for note in report.notes:
        console.print(safe(f"Note: {note}", "dim"))
    for tip in report.tips:
        console.print(safe(f"Tip: {tip.replace('`', '')}", "dim"))
    # rich pads every line to the table's width; pasted into notes, that is litter.
    return _TRAILING_SPACES.sub(lambda end: "".join(_SGR.findall(end[0])), out.getvalue())


def _value(report: Report, row: tuple[Value, ...], key: str) -> Value:
    keys = [c.key for c in report.columns]
    return row[keys.index(key)] if key in keys else None


def _timeline(report: Report) -> RenderableType:
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


BAR = "\u2588"


MAX_BAR = 40  # longer bars only stretch the picture, not the comparison


def _bar_grid(room: int, number_width: int, status_width: int, label_width: int) -> Table:
    """Columns for bars: the label (none when labels stand above), bar, number, status."""
    grid = Table.grid(padding=(0, 1))
    if label_width:
        grid.add_column(overflow="fold", width=label_width)
    grid.add_column(no_wrap=True, width=room)
    grid.add_column(no_wrap=True, justify="right", width=number_width)
    grid.add_column(no_wrap=True, width=status_width)
    return grid


def _chart(report: Report, width: int) -> RenderableType:
    """Horizontal bars, one scale per unit: units are never drawn on one axis.

    A number is never cut; a label gets the room left once the number, the status and a
    bar of at least 10 characters have theirs, and bars are at most MAX_BAR long."""
    parts: list[RenderableType] = [safe(report.heading, "bold")]
    axes: dict[str, list[tuple[str, float, str]]] = {}
    for row in report.rows:
        value = _value(report, row, "value")
        if isinstance(value, int | float):
            label = human(_value(report, row, "label"))
            status = human(_value(report, row, "status"))
            axis = human(_value(report, row, "axis"))
            axes.setdefault(axis, []).append((label, float(value), status))
    every = [bar for bars in axes.values() for bar in bars]
    number_width = max((len(human(value)) for _, value, _ in every), default=1)
    status_width = max((len(status) for _, _, status in every), default=0)
    longest_label = max((cell_len(label) for label, _, _ in every), default=4)
    fixed = number_width + status_width + 3  # three gaps between four columns
    longest_word = max((cell_len(w) for label, _, _ in every for w in label.split()), default=1)
    label_width = min(longest_label, width - fixed - 20)
    stacked = label_width < max(longest_word, 12)  # too narrow: each label above its bar
    if stacked:
        label_width = 0
    room = max(1, min(MAX_BAR, width - fixed - label_width + (1 if stacked else 0)))
    for axis, bars in axes.items():
        top = max(value for _, value, _ in bars) or 1.0
        parts.extend([Text(""), safe(axis, "bold underline")])
        grid = _bar_grid(room, number_width, status_width, label_width)
        for label, value, status in bars:
            length = max(1, round(value / top * room)) if value > 0 else 0
            cells = [Text(BAR * length, style="green"), Text(human(value)), Text(status, "dim")]
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


def safe_lines(text: str, terminal: Terminal, style: str = "") -> str:
    """File text as a paragraph wrapped at the terminal's width, styled, nothing obeyed."""
    out = io.StringIO()
    make_console(terminal, out).print(safe(text, style))
    drawn = _TRAILING_SPACES.sub(lambda end: "".join(_SGR.findall(end[0])), out.getvalue())
    return drawn.rstrip("\n")
