"""Tables for people: grids, cards, time lines and bar charts, drawn line by line.

Every cell is a rich `Text` (never parsed as markup), wrapped with rich's own word wrap and
coloured with rich's styles; the layout is raqqa's. rich's layout engine (Console, Table)
cost the brief a tenth of a second and every table command the import of rich's console.
`tests/render/test_table_properties.py` reads every drawing back, column by column, and
holds it to what a table must be (nothing wider than the terminal, every word in its
column and in order, numbers right-aligned and whole, nothing for machines shown), over
generated reports and every command at 20 to 200 columns; one golden file per layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise

from rich.cells import cell_len, set_cell_size
from rich.color import ColorSystem
from rich.style import Style
from rich.text import Span, Text

from raqqa_cli.record import Struct
from raqqa_cli.render.terminal.wrap import divide_line  # rich's word wrap, vendored
from raqqa_cli.render.text import human, neutralise, record_lines, value_of
from raqqa_cli.report import WEB_ADDRESS, Highlighter, Report, Value
from raqqa_cli.terminal import Terminal


def safe(text: str, style: str = "") -> Text:
    """Knowledge-file text as a rich `Text`: control characters shown, not obeyed."""
    return Text(neutralise(text), style=style)


def spaced(text: str) -> str:
    """Text for a table for people: control characters shown, not obeyed, and tabs as
    spaces (a tab moves the cursor by as much as it likes: a cell is measured as drawn).
    Newlines stay: they are a cell's own line breaks."""
    return neutralise(text).replace("\t", " ")


def plain_cell(value: Value) -> str:
    """A cell's characters: a list one item per line, control characters shown, tabs as
    spaces."""
    return spaced("\n".join(value) if isinstance(value, tuple) else human(value))


def cell(value: Value, highlight: Highlighter | None = None, link: bool = False) -> Text:
    """A cell's text; a list shows one item per line; matches of a search stand out; with
    `link`, a plain web address becomes an OSC 8 hyperlink (terminals only)."""
    text = Text(plain_cell(value))
    if link and isinstance(value, str) and WEB_ADDRESS.fullmatch(value):
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
INDENT = 2  # a card's value below its label, and the rest of a list item that goes on


def _measure(report: Report, i: int) -> tuple[int, int]:
    """A column's natural width (its longest line, title included) and the least it can
    take without cutting a word, breaking its title or squeezing running text below
    READABLE_TEXT_WIDTH. A number (a numeric column: `more than 660,000`) is never broken:
    its least is its natural width."""
    texts = [plain_cell(row[i]) for row in report.rows]
    title = report.columns[i].title
    lines = [line for text in texts for line in text.splitlines()]
    natural = max((_cells(line) for line in [*lines, title]), default=1)
    if report.columns[i].numeric:
        return natural, natural
    if report.columns[i].hint:  # commands, not running text: whole words are enough
        return natural, max(longest_word(texts, title), cell_len(title))
    # A column's title stays on one line: a heading broken in two reads as two headings.
    least = max(longest_word(texts, title), min(natural, READABLE_TEXT_WIDTH), cell_len(title))
    return natural, least


def longest_word(texts: list[str], title: str) -> int:
    return max((_cells(word) for text in [*texts, title] for word in text.split()), default=1)


class Measures(Struct):
    """What the widths are worked out from, per people's column: its natural and least
    widths (`_measure`), how many rows fill it, and its upper-quartile cell's width."""

    sizes: list[tuple[int, int]]
    filled: list[int]
    typical: list[int]


def measures(report: Report) -> Measures:
    keep = report.for_people()
    return Measures(
        [_measure(report, i) for i in keep],
        [_filled(report, i) for i in keep],
        [_typical(report, i) for i in keep],
    )


def column_widths(
    report: Report, width: int, even: bool = True, measured: Measures | None = None
) -> list[int] | None:
    """Widths for the people's columns that fit `width` cutting no word, or None.

    Every column first gets the least it can take; short columns (dates, statuses, names)
    then get their whole width, and the others share what is left evenly, each up to its
    whole width (water-filling): a column of a few words is whole before a paragraph beside
    it takes the rest. Unless `even` is false: then in proportion to what each still needs,
    which gives a paragraph more and its neighbours less (see `grid_widths`). `measured`:
    the report's `measures`, where the caller has them already."""
    found = measured if measured is not None else measures(report)
    measured_sizes = found.sizes
    count = len(measured_sizes)
    room = width - GAP * (count - 1)
    widths = [least for _, least in measured_sizes]
    if sum(widths) > room:
        return None
    spare = room - sum(widths)
    # On a wide terminal, a name of 30 characters is short beside a paragraph of 150. A
    # column empty in most rows is not: its one long value waits for the others.
    short_limit = max(SHORT_COLUMN, width // 4)
    filled = found.filled
    short = sorted(
        (natural - least, n)
        for n, (natural, least) in enumerate(measured_sizes)
        if natural <= short_limit and filled[n] * 2 >= len(report.rows)
    )
    for need, n in short:
        if need <= spare:
            widths[n] += need
            spare -= need
    if not even:
        wanted = [natural - widths[n] for n, (natural, _) in enumerate(measured_sizes)]
        total_need = sum(wanted)
        if total_need and spare:
            for n, need in enumerate(wanted):
                widths[n] += min(need, spare * need // total_need)
        return widths
    # Running text (most of its cells longer than a short column) first gets up to two
    # fifths of the width between them; then every column, evenly, up to what most of its
    # cells need (its upper quartile); then up to its whole width: a column whose width one
    # row needs gets it last.
    naturals = [natural for natural, _ in measured_sizes]
    typical = [
        min(max(size, least), natural)
        for size, (natural, least) in zip(found.typical, measured_sizes, strict=True)
    ]
    text = [n for n, size in enumerate(typical) if size > short_limit]
    if text:
        floor = max(room * 2 // 5 // len(text), READABLE_TEXT_WIDTH)
        first = [min(naturals[n], floor) if n in text else widths[n] for n in range(count)]
        spare = _fill(widths, first, spare)
    spare = _fill(widths, typical, spare)
    _fill(widths, naturals, spare)
    return widths


def _filled(report: Report, i: int) -> int:
    """How many rows have something in column `i`."""
    return sum(1 for row in report.rows if row[i] not in (None, "", ()))


def _typical(report: Report, i: int) -> int:
    """The width most of a column's cells fit (its upper quartile, empty cells counted)."""
    sizes = sorted(
        max((_cells(line) for line in plain_cell(row[i]).splitlines()), default=0)
        for row in report.rows
    )
    return sizes[(len(sizes) * 3) // 4] if sizes else 0


def _fill(widths: list[int], targets: list[int], spare: int) -> int:
    """Water-filling: `spare` shared evenly among the columns below their `targets`, each
    up to its target; the widths grow in place; what is left over is returned."""
    needs = sorted((target - widths[n], n) for n, target in enumerate(targets))
    needs = [(need, n) for need, n in needs if need > 0]
    while needs and spare:
        share = spare // len(needs)
        if share == 0:  # fewer characters left than columns: one each, widest need first
            for _, n in needs[::-1][:spare]:
                widths[n] += 1
            return 0
        need, n = needs[0]
        if need <= share:  # the column with the least need is whole; share again
            widths[n] += need
            spare -= need
            needs = needs[1:]
            continue
        for _, k in needs:  # every column needs more than an even share: give it
            widths[k] += share
        spare -= share * len(needs)
        needs = [(m - share, k) for m, k in needs if m > share]
    return spare


def grid_widths(drawing: Drawing, report: Report, width: int) -> list[int] | None:
    """The widths of the grid to draw, or None to draw cards. The columns share the width
    evenly (`column_widths`), unless sharing it in proportion to need draws a grid shorter
    by more than a tenth (and two lines): even is the nicer read, not at any length. Cards
    where that grid is taller than the cards, or nothing fits without cutting a word."""
    measured = measures(report)
    evenly = column_widths(report, width, True, measured)
    in_proportion = column_widths(report, width, False, measured)
    if evenly is None or in_proportion is None:
        return None
    even = drawing.grid_height(evenly)
    other = even
    if evenly != in_proportion and even > drawing.least_height():
        other = drawing.grid_height(in_proportion)
    # The cards are measured only where a grid may be taller: each field of a card takes a
    # line at least, so a grid no taller than that is no taller than the cards.
    floor = drawing.cards_floor()
    near = even <= max(other * 11 // 10, other + 2)
    if near and even <= floor:
        return evenly
    cards = drawing.cards_height()
    if near and even <= cards:
        return evenly
    return in_proportion if other <= cards else None


def readable_width(report: Report) -> int:
    """The narrowest width at which every column stays readable: no word is cut and
    running text gets at least READABLE_TEXT_WIDTH characters."""
    keep = report.for_people()
    return sum(_measure(report, i)[1] for i in keep) + GAP * (len(keep) - 1)


def _links(report: Report, terminal: Terminal) -> set[int]:
    """Columns whose addresses become hyperlinks: on a real terminal only, never piped."""
    if not ((terminal.color or terminal.styled) and terminal.is_tty):
        return set()
    return {i for i, column in enumerate(report.columns) if column.link}


# The end of a line that shows nothing: spaces, and the colour codes among them (kept).
_TRAILING_SPACES = re.compile(r"(?:\x1b\[[0-9;]*m| )+$", re.MULTILINE)
_SGR = re.compile(r"\x1b\[[0-9;]*m")


_WORD = re.compile(r"\s*\S+\s*")


def _divide(line: str, width: int) -> list[int]:
    """Where raqqa's word wrap (`divide_line`, rich's, folding long words) breaks `line`;
    worked out here for printable ASCII, where a character is a cell, which is most text and
    three times as fast."""
    if not (line.isascii() and line.isprintable()):
        return divide_line(line, width, fold=True)
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # folded across lines of `width` characters, its spaces
            # kept at the end of its last line (see wrap.py: rich folds them onto a line)
            pieces = [word[at : min(at + width, length)] for at in range(0, length, width)]
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = len(pieces[-1]) + len(word) - length
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: Text, width: int) -> list[Text]:
    """`text.wrap(console, width, overflow="fold")`, line for line: rich's word wrap (words
    whole unless longer than a line), with no console, and no per-line Text work when the
    text has one style throughout, as most cells and notes have."""
    plain = text.plain
    if text.spans or "\t" in plain:
        out = []
        for paragraph in text.split("\n", allow_blank=True):
            paragraph.expand_tabs(8)
            for line in paragraph.divide(divide_line(paragraph.plain, width, fold=True)):
                line.rstrip_end(width)
                line.truncate(width, overflow="fold")
                out.append(line)
        return out
    lines = []
    for words in plain.split("\n"):
        offsets = _divide(words, width)
        for start, end in zip([0, *offsets], [*offsets, len(words)], strict=True):
            piece = words[start:end]
            if len(piece) > width:  # as rich: spaces past the width go, no more
                cut = min(len(piece) - len(piece.rstrip()), len(piece) - width)
                piece = piece[: len(piece) - cut]
            if _cells(piece) > width:
                piece = set_cell_size(piece, width)
            lines.append(Text(piece, style=text.style))
    return lines


def columns(
    cells: Sequence[Sequence[Text]],
    widths: Sequence[int],
    right: Sequence[bool],
    gap: int,
    style: str = "",
) -> list[Text]:
    """One row of cells, each already wrapped to its column's width, as lines: each cell
    padded to its width (on the left when right-justified, as rich justifies: no trailing
    space), `gap` spaces between columns, the row as tall as its tallest cell."""
    out = []
    for at in range(max(len(lines) for lines in cells)):
        line = Text(style=style)
        for n, (lines, width) in enumerate(zip(cells, widths, strict=True)):
            if n:
                line.append(" " * gap)
            if at >= len(lines):
                line.append(" " * width)
                continue
            part = lines[at].copy()
            if right[n]:
                part.rstrip()
                part.pad_left(width - part.cell_len)
            else:
                part.pad_right(width - part.cell_len)
            line.append_text(part)
        out.append(line)
    return out


class Drawing:
    """A report's people's cells, each made once, and their lines at a width, each wrapped
    once: the grid and the cards are measured, and the shorter drawn, from the same lines.

    The grid is drawn as rich's Table draws it with a SIMPLE_HEAD box and no edges (title,
    bold headings, a rule, the rows); the cards as a label and a value per line."""

    def __init__(self, report: Report, width: int, links: set[int]) -> None:
        self.report, self.width = report, width
        self.keep = report.for_people()
        self.cells = [
            [cell(row[i], report.highlight, i in links) for i in self.keep] for row in report.rows
        ]
        self._wrapped: dict[tuple[int, int, int], list[Text]] = {}

    def lines(self, row: int, column: int, width: int) -> list[Text]:
        """A cell as lines of at most `width` cells (not padded). Most cells fit on one
        line, and those are not wrapped at all. In a list (one item a line), an item that
        does not fit goes on indented, so that it does not read as two items."""
        key = (row, column, width)
        found = self._wrapped.get(key)
        if found is None:
            text = self.cells[row][column]
            plain = text.plain
            if "\n" not in plain and _cells(plain) <= width:
                found = [text]
            elif isinstance(self.report.rows[row][self.keep[column]], tuple) and width > INDENT:
                found = [
                    line
                    for item in text.split("\n", allow_blank=True)
                    for line in _hanging(item, width)
                ]
            else:
                found = wrap(text, width)
            self._wrapped[key] = found
        return found

    def _longest_word(self, row: int, column: int) -> int:
        """The widest word of a cell; a number's cell (`more than 660,000`) is one word."""
        plain = self.cells[row][column].plain
        if self.report.columns[self.keep[column]].numeric:
            return _cells(plain)
        return max((_cells(word) for word in plain.split()), default=0)

    def _heading(self, width: int) -> list[Text]:
        return wrap(safe(self.report.heading, "bold"), width)

    # -- the grid ------------------------------------------------------------------------

    def least_height(self) -> int:
        """The height of a grid whose every row is one line: no grid is shorter."""
        return len(self._heading(self.width)) + 2 + len(self.cells)

    def grid_height(self, widths: list[int]) -> int:
        rows = sum(
            max(len(self.lines(r, c, width)) for c, width in enumerate(widths))
            for r in range(len(self.cells))
        )
        # The title wraps at the terminal's width, not the table's: a narrow table under a
        # title broken in three looks like three titles.
        return len(self._heading(self.width)) + 2 + rows  # the headings and their rule

    def grid(self, widths: list[int]) -> list[Text]:
        titled = [self.report.columns[i] for i in self.keep]
        right = [column.numeric for column in titled]
        total = sum(widths) + GAP * (len(widths) - 1)
        out = self._heading(self.width)
        out.extend(columns([[safe(c.title)] for c in titled], widths, right, GAP, "bold"))
        out.append(Text("\u2500" * total))
        for r in range(len(self.cells)):
            cells = [self.lines(r, c, width) for c, width in enumerate(widths)]
            out.extend(columns(cells, widths, right, GAP))
        return out

    # -- the cards -----------------------------------------------------------------------

    def _labels(self) -> tuple[list[str], int]:
        labels = [spaced(self.report.columns[i].title) for i in self.keep]
        return labels, max(cell_len(label) for label in labels)

    def _label_lines(self, label: str) -> list[Text]:
        """A label on lines of its own, above its value: wrapped at its words only when it
        is wider than the terminal (raqqa's longest title is 28 characters)."""
        if cell_len(label) <= self.width:
            return [Text(label, style="bold")]
        return wrap(Text(label, style="bold"), self.width)

    def _filled(self, r: int) -> list[int]:
        row = self.report.rows[r]
        return [c for c, i in enumerate(self.keep) if row[i] not in (None, "", ())]

    def _field(self, r: int, c: int, value_width: int, label: str) -> tuple[bool, list[Text]]:
        """A card's value as lines, and whether they stand below the label, indented: so
        they do when the labels leave no room beside them (`value_width` below 1), when a
        word of the value (an id, a path, a web address) would be cut beside the label and
        has more room on lines of its own, and when they are fewer there, the label's line
        counted. Beside or below, whichever is shorter: so a wider terminal, which puts a
        value beside its label once no word of it is cut there, never draws a taller card."""
        below = max(self.width - INDENT, 1)
        if value_width < 1 or (value_width < below and self._longest_word(r, c) > value_width):
            return True, self.lines(r, c, below)
        beside = self.lines(r, c, value_width)
        if len(beside) > 2 and value_width < below:  # below takes two lines at least
            under = self.lines(r, c, below)
            if len(under) + len(self._label_lines(label)) < len(beside):
                return True, under
        return False, beside

    def cards_floor(self) -> int:
        """At most the cards' height: a line for each filled field, and one between cards."""
        heading = len(self._heading(self.width))
        return heading + sum(1 + len(self._filled(r)) for r in range(len(self.cells)))

    def cards_height(self) -> int:
        labels, label_width = self._labels()
        value_width = self.width - label_width - 1
        height = len(self._heading(self.width))
        for r in range(len(self.cells)):
            height += 1  # the blank line before each card
            for c in self._filled(r):
                below, lines = self._field(r, c, value_width, labels[c])
                height += len(lines)
                if below:
                    height += len(self._label_lines(labels[c]))
        return height

    def cards(self) -> list[Text]:
        """Each record as a card: its fields one per line, label and value, cards apart."""
        labels, label_width = self._labels()
        value_width = self.width - label_width - 1
        blank = " " * (label_width + 1)
        out = self._heading(self.width)
        for r in range(len(self.cells)):
            out.append(Text())
            for c in self._filled(r):
                below, lines = self._field(r, c, value_width, labels[c])
                if below:
                    out.extend(self._label_lines(labels[c]))
                for number, part in enumerate(lines):
                    line = Text()
                    if below:
                        line.append(" " * INDENT)
                    elif number == 0:
                        line.append(labels[c], style="bold")
                        line.append(" " * (label_width - cell_len(labels[c]) + 1))
                    else:
                        line.append(blank)
                    line.append_text(part)
                    out.append(line)
        return out


def _hanging(item: Text, width: int) -> list[Text]:
    """One item of a list wrapped at `width`, its later lines indented by INDENT, or by
    less where a word of them fits `width` but not beside the indent: a word that fits its
    column is never cut."""
    lines = wrap(item, width)
    if len(lines) <= 1:
        return lines
    rest = item[len(lines[0].plain) :]
    rest = rest[len(rest.plain) - len(rest.plain.lstrip()) :]
    longest = max((n for word in rest.plain.split() if (n := _cells(word)) <= width), default=0)
    indent = min(INDENT, width - longest)
    out = [lines[0]]
    for line in wrap(rest, width - indent):
        indented = Text(" " * indent)
        indented.append_text(line)
        out.append(indented)
    return out


def paragraph(text: str, width: int, style: str = "") -> list[Text]:
    """File text wrapped at `width`, words whole, nothing in it obeyed."""
    return wrap(safe(text, style), width)


def _no_trailing_spaces(drawn: str) -> str:
    return _TRAILING_SPACES.sub(lambda end: "".join(_SGR.findall(end[0])), drawn)


def printed(lines: Iterable[Text], terminal: Terminal) -> str:
    """Lines of text as the terminal shows them: colour codes only where colour is on,
    bold and reverse video without colour where only they are (`Terminal.styled`), no
    spaces at line ends (pasted into notes, they are litter)."""
    if terminal.color or terminal.styled:
        colours = terminal.color
        return "".join(_no_trailing_spaces(_coloured(line, colours)) + "\n" for line in lines)
    return "".join(line.plain.rstrip(" ") + "\n" for line in lines)


@cache
def _style(name: str) -> Style:
    return Style.parse(name)


def _plain(style: str | Style) -> Style:
    """`style` without its colours: bold, dim, italic, underline and reverse video stay."""
    return (_style(style) if isinstance(style, str) else style).without_color


def _coloured(line: Text, colours: bool = True) -> str:
    """One line with its colour codes (ANSI's 16 colours, as rich's "standard" system):
    each span's style over the line's own; without `colours`, its bold, reverse video and
    underline alone."""
    if not colours:
        line = line.copy()
        line.style = _plain(line.style)
        line.spans = [Span(s.start, s.end, _plain(s.style)) for s in line.spans]
    plain = line.plain
    base = _style(line.style) if isinstance(line.style, str) and line.style else None
    if isinstance(line.style, Style):
        base = line.style
    spans = sorted(line.spans, key=lambda span: span.start)
    if any(a.end > b.start for a, b in pairwise(spans)):  # overlapping: split at every edge
        edges = sorted({0, len(plain), *(e for span in spans for e in (span.start, span.end))})
        segments = []
        for start, end in pairwise(edges):
            style = base
            for span in spans:
                if span.start <= start and end <= span.end:
                    extra = _style(span.style) if isinstance(span.style, str) else span.style
                    style = style + extra if style else extra
            segments.append((plain[start:end], style))
    else:
        segments, at = [], 0
        for span in spans:
            extra = _style(span.style) if isinstance(span.style, str) else span.style
            segments.append((plain[at : span.start], base))
            segments.append((plain[span.start : span.end], base + extra if base else extra))
            at = span.end
        segments.append((plain[at:], base))
    return "".join(
        style.render(text, color_system=ColorSystem.STANDARD) if style else text
        for text, style in segments
        if text
    )


def render_table(report: Report, terminal: Terminal) -> str:
    """The report as a table, with its notes below.

    When the table cannot fit without breaking words, or would be taller than the same
    records as small cards (a label and a value per line), the cards are drawn instead: a
    column of one-word lines is worse than no table.
    """
    if not report.rows:
        return ""
    width = terminal.width
    if report.layout == "timeline":
        lines = _timeline(report, width)
    elif report.layout == "record":
        lines = _record(report, width)
    elif report.layout == "chart":
        lines = _chart(report, width)
    else:
        shown = Drawing(report, width, _links(report, terminal))
        widths = grid_widths(shown, report, width)
        lines = shown.cards() if widths is None else shown.grid(widths)
    for note in report.notes_for_people():
        lines.extend(paragraph(f"Note: {note}", width, "dim"))
    for tip in report.tips:
        lines.extend(paragraph(f"Tip: {tip.replace('`', '')}", width, "dim"))
    return printed(lines, terminal)


def _record(report: Report, width: int) -> list[Text]:
    """One entry as a record: `label value` lines, labels in a column, blocks apart; a
    label too wide for a third of the terminal stands above its value."""
    out = wrap(safe(report.heading, "bold"), width)
    for heading, lines in record_lines(report):
        lines = [(spaced(a), spaced(b), spaced(c)) for a, b, c in lines]
        out.append(Text())
        if heading:
            out.extend(wrap(safe(heading, "bold"), width))
        label_width = max(max((cell_len(label) for label, _, _ in lines), default=0), 1)
        label_width = min(label_width, max(width // 3, 1))
        for label, value, citation in lines:
            text = safe(value)
            if citation:
                text.append(spaced(f"  ({citation})"), "dim")
            room = width - label_width - 1
            fits = cell_len(label) <= label_width and room >= READABLE_TEXT_WIDTH
            if fits and max((_cells(w) for w in text.plain.split()), default=0) <= room:
                for n, line in enumerate(wrap(text, room)):
                    first = Text(label.ljust(label_width) if n == 0 else " " * label_width)
                    first.stylize("bold", 0, cell_len(label) if n == 0 else 0)
                    first.append(" ")
                    first.append_text(line)
                    out.append(first)
            else:  # the label on a line of its own, the value below it, indented (by less
                # where a word of it fits the terminal but not beside the indent)
                out.extend(wrap(safe(label, "bold"), width))
                longest = max(
                    (n for w in text.plain.split() if (n := _cells(w)) <= width), default=0
                )
                indent = max(min(INDENT, width - longest), 0)
                for line in wrap(text, width - indent):
                    indented = Text(" " * indent)
                    indented.append_text(line)
                    out.append(indented)
    return out


def _timeline(report: Report, width: int) -> list[Text]:
    """Events down a vertical line, a year heading each time the year changes: as rich's
    grid draws a date column (right-justified, bold), the line, and the events."""
    rows: list[tuple[Text, Text, Text]] = []
    year = None
    for row in report.rows:
        written = str(value_of(report, row, "date"))  # as written: its year heads the year
        when = str(value_of(report, row, "dated") or written)  # as known: "about 2021-03"
        if written[:4] != year:
            year = written[:4]
            rows.append((Text(year, style="bold underline"), Text("\u2502"), Text("")))
        detail = Text(spaced(human(value_of(report, row, "what"))))
        shelf = value_of(report, row, "briefing_name")  # on a shelf: whose event it is
        if shelf:
            detail = Text.assemble((spaced(f"{human(shelf)}: "), "bold"), detail)
        # Where, the source, and the event's id (`raqqa show ID` takes it; notes use it).
        extra = [human(value_of(report, row, k)) for k in ("place", "source", "id")]
        if any(extra):
            detail.append(spaced("  (" + "; ".join(e for e in extra if e) + ")"), "dim")
        rows.append((Text(spaced(when)), Text("\u25cf", style="cyan"), detail))
    dates = max(cell_len(date.plain) for date, _, _ in rows)
    longest = max(max((cell_len(x) for x in d.plain.split("\n")), default=0) for _, _, d in rows)
    out = wrap(safe(report.heading, "bold"), width)
    if dates > width // 3:  # a narrow terminal: each date above its event, not a gutter
        room = max(width - 2, 1)
        for date, mark, detail in rows:
            date.stylize("bold")
            out.extend(wrap(date, width))
            if detail.plain:
                out.extend(columns([[mark], wrap(detail, room)], (1, room), (False, False), 1))
        return out
    room = max(min(longest, width - dates - 1 - 2), 1)
    widths, right = (dates, 1, room), (True, False, False)
    for date, mark, detail in rows:
        date.stylize("bold")
        out.extend(columns([[date], [mark], wrap(detail, room)], widths, right, 1))
    return out


BAR = "\u2588"


MAX_BAR = 40  # longer bars only stretch the picture, not the comparison


class Bar(Struct):
    """One bar, as people read it: the report's `line`, `value` (its length), `amount` (the
    number as a phrase, "more than 660,000") and `status`."""

    label: str
    value: float
    amount: str
    status: str


class ChartPlan(Struct):
    """How the bars are laid out: the bars of each axis, the columns' widths, whether
    labels stand above their bars, and whether numbers and statuses stand below them."""

    axes: dict[str, list[Bar]]
    number_width: int
    status_width: int
    label_width: int
    stacked: bool
    room: int
    under: bool = False


def chart_plan(report: Report, width: int) -> ChartPlan:
    """The chart's layout at `width`: a number is never cut; a label gets the room left once
    the number, the status and a bar of at least 10 characters have theirs, or stands above
    its bar where that is shorter; where the numbers and statuses leave no room for a bar
    beside them, they stand below it, and the bar has the line."""
    axes: dict[str, list[Bar]] = {}
    for row in report.rows:
        value = value_of(report, row, "value")
        if isinstance(value, int | float):
            axis = human(value_of(report, row, "axis"))
            axes.setdefault(axis, []).append(
                Bar(  # tabs as spaces, as in every table for people (see `spaced`)
                    human(value_of(report, row, "line")).replace("\t", " "),
                    float(value),
                    spaced(human(value_of(report, row, "amount"))),
                    spaced(human(value_of(report, row, "status"))),
                )
            )
    every = [bar for bars in axes.values() for bar in bars]
    number_width = max((cell_len(bar.amount) for bar in every), default=1)
    status_width = max((cell_len(bar.status) for bar in every), default=0)
    longest_label = max((cell_len(bar.label) for bar in every), default=4)
    fixed = number_width + status_width + 3  # three gaps between four columns
    longest_word = max((cell_len(w) for bar in every for w in bar.label.split()), default=1)
    label_width = min(longest_label, width - fixed - 20)
    stacked = label_width < max(longest_word, 12)  # too narrow: each label above its bar
    if not stacked:  # labels beside their bars, unless above them is shorter
        beside = sum(len(paragraph(bar.label, label_width)) for bar in every)
        above = sum(len(paragraph(bar.label, width)) + 1 for bar in every)
        stacked = above < beside
    if stacked:
        label_width = 0
    room = min(MAX_BAR, width - fixed - label_width + (1 if stacked else 0))
    under = room < 1  # no room for a bar beside the numbers: they go below it
    if under:
        room = max(1, min(MAX_BAR, width))
    return ChartPlan(axes, number_width, status_width, label_width, stacked, room, under)


def _chart(report: Report, width: int) -> list[Text]:
    """Horizontal bars, one scale per unit: units are never drawn on one axis; bars are at
    most MAX_BAR long (see `chart_plan`)."""
    out = wrap(safe(report.heading, "bold"), width)
    plan = chart_plan(report, width)
    axes, room, stacked = plan.axes, plan.room, plan.stacked
    number_width, status_width, label_width = plan.number_width, plan.status_width, plan.label_width
    widths = [room, number_width, status_width]
    right = [False, True, False]
    if not stacked:
        widths, right = [label_width, *widths], [False, *right]
    for axis, bars in axes.items():
        top = max(bar.value for bar in bars) or 1.0
        out.extend([Text(""), *wrap(safe(axis, "bold underline"), width)])
        for label, value, amount, status in bars:
            length = max(1, round(value / top * room)) if value > 0 else 0
            bar = Text(BAR * length, style="green")
            if plan.under:  # the label, the bar, then the number and the status below it
                out.extend([*paragraph(label, width), bar])
                out.extend(_under(Text(amount), Text(status, "dim"), number_width, width))
                continue
            cells = [[bar], [Text(amount)], [Text(status, "dim")]]
            if stacked:  # the label on a line of its own, wrapped at words, then the bar
                out.extend(paragraph(label, width))
            else:
                cells.insert(0, wrap(safe(label), label_width))
            out.extend(columns(cells, widths, right, 1))
    return out


def _under(amount: Text, status: Text, number_width: int, width: int) -> list[Text]:
    """A bar's number, right-aligned in the numbers' column, and its status beside it, or
    on lines of its own below it where it does not fit beside it."""
    if number_width > width:  # a number wider than the terminal: wrapped at its words
        return [*wrap(amount, width), *wrap(status, width)]
    amount.pad_left(number_width - amount.cell_len)
    room = width - number_width - 1
    if status.cell_len <= room:
        return columns([[amount], [status]], [number_width, room], [True, False], 1)
    return [amount, *wrap(status, width)]


def safe_lines(text: str, terminal: Terminal, style: str = "") -> str:
    """File text as a paragraph wrapped at the terminal's width, styled, nothing obeyed."""
    return printed(paragraph(text, terminal.width, style), terminal).rstrip("\n")
