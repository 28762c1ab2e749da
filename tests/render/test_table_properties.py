"""What a table for people promises, whatever the report and the width: the properties
that carry the table engine (render/terminal/table.py) where golden files used to.

Reports are generated (columns numeric or not, for people, machines or both; cells with
long words, characters two cells wide, empty cells and lists) and the real commands are
run at many widths; each drawing is read back, column by column or field by field, and
held to what it promises: nothing wider than the terminal, every word of every cell shown,
whole unless it is longer than its column, in its column, in order; numbers right-aligned
and whole; every column's title; nothing for machines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.errors import QueryError
from raqqa_cli.render.terminal.table import (
    _SGR,
    BAR,
    MAX_BAR,
    Drawing,
    chart_plan,
    column_widths,
    grid_widths,
    plain_cell,
    render_table,
    safe,
    wrap,
)
from raqqa_cli.render.text import human, neutralise
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA
from tests.render.test_layout import BRIEFINGS, report_of

GAP = 3  # spaces between two columns of a grid
INDENT = 2  # a card's value below its label
RULE = "\u2500"
_OSC8 = re.compile(r"\x1b]8;[^\x1b]*\x1b\\")  # a hyperlink's start or end
MACHINE = "zzmachine"  # in machine columns only: it must never be drawn
MACHINE_NUMBER = 123456789123456789  # nor this, the only number in machine columns


# -- reading a drawing back ------------------------------------------------------------------


def cells_of(line: str, width: int) -> list[str]:
    """A printed line as terminal cells, padded with spaces to `width`: a character two
    cells wide takes its cell and an empty one after it."""
    out: list[str] = []
    for char in line:
        if cell_len(char) == 0 and out:  # a combining mark: in its letter's cell
            out[-1] += char
            continue
        out.append(char)
        out.extend([""] * (cell_len(char) - 1))
    return out + [" "] * (width - len(out))


def segment(line: str, start: int, end: int, width: int) -> str:
    return "".join(cells_of(line, width)[start:end])


def words_of(value: Value) -> list[str]:
    return plain_cell(value).split()


def match_words(
    words: list[str], tokens: list[str], width: int, where: object, breakable: int | None = None
) -> None:
    """`tokens` are `words`, in order, nothing more: each word whole unless it is longer
    than `breakable` (by default `width`), when it is folded into pieces of at most
    `width` cells that follow one another."""
    breakable = width if breakable is None else breakable
    at = 0
    for word in words:
        if at < len(tokens) and tokens[at] == word:
            at += 1
            continue
        assert cell_len(word) > breakable, (where, "broken though it fits", word, width, tokens)
        folded = ""
        while at < len(tokens) and len(folded) < len(word):
            assert cell_len(tokens[at]) <= width, (where, tokens[at], width)
            folded += tokens[at]
            at += 1
        assert folded == word, (where, word, tokens)
    assert tokens[at:] == [], (where, "drawn but in no cell", tokens[at:], words)


def match_cell(value: Value, tokens: list[str], width: int, where: object) -> None:
    """A cell's words, whole wherever they fit `width`: in a list too, where an item that
    goes on does so indented (by less where a word would not fit beside the indent)."""
    match_words(words_of(value), tokens, width, where)


def split_notes(lines: list[str]) -> tuple[list[str], list[str]]:
    """The drawing and the notes and tips below it."""
    for n, line in enumerate(lines):
        if re.match(r"(Note|Tip):( |$)", line):
            return lines[:n], lines[n:]
    return lines, []


def check_notes(report: Report, width: int, notes: list[str]) -> None:
    said = [f"Note: {n}" for n in report.notes_for_people()]
    said += [f"Tip: {t.replace('`', '')}" for t in report.tips]
    match_words(neutralise(" ".join(said)).split(), " ".join(notes).split(), width, "notes")


def check_grid(report: Report, width: int, lines: list[str]) -> None:
    """The grid read back column by column: the heading, the titles, the rule, then each
    column's lines, which hold its cells' words and nothing else."""
    keep = report.for_people()
    widths = grid_widths(Drawing(report, width, set()), report, width)
    assert widths is not None
    total = sum(widths) + GAP * (len(widths) - 1)
    assert total <= width
    rule = lines.index(RULE * total)
    heading, titles, body = lines[: rule - 1], lines[rule - 1], lines[rule + 1 :]
    # The title wraps at the terminal's width, not the table's (issue 26).
    match_words(neutralise(report.heading).split(), " ".join(heading).split(), width, "heading")
    starts = [sum(widths[:k]) + GAP * k for k in range(len(widths))]
    for line in [titles, *body]:
        assert cell_len(line) <= total, line
        for k in range(1, len(widths)):  # nothing in the gaps: columns stay apart
            assert segment(line, starts[k] - GAP, starts[k], total) == " " * GAP, line
    for k, (i, start, size) in enumerate(zip(keep, starts, widths, strict=True)):
        column = report.columns[i]
        title = segment(titles, start, start + size, total)
        # Every title on one line, where its column is; numbers' titles to the right.
        assert title.strip() == neutralise(column.title), (title, column.title)
        shown = [segment(line, start, start + size, total) for line in body]
        if column.numeric:
            assert title.endswith(neutralise(column.title))
            assert all(s.endswith(s.strip()) for s in shown if s.strip()), (k, shown)
        tokens = " ".join(shown).split()
        words = [w for row in report.rows for w in words_of(row[i])]
        match_words(words, tokens, size, (column.title, width))


def label_lines(label: str, lines: list[str], at: int) -> int:
    """How many lines from `at` are `label` alone, wrapped at its words (a label above its
    value), or 0."""
    words = label.split()
    for n in range(at, len(lines)):
        if not lines[n] or lines[n][:1] == " ":
            return 0
        shown = " ".join(lines[at : n + 1]).split()
        if shown == words:
            return n + 1 - at
        if shown != words[: len(shown)]:
            return 0
    return 0


def check_cards(report: Report, width: int, lines: list[str]) -> None:
    """The cards read back field by field: a blank line before each card, and none inside
    one; each filled field its label then its value, beside the label (the labels in a
    column of their own) or on indented lines below it, its label then on lines of its
    own, wrapped at its words where it is wider than the terminal."""
    keep = report.for_people()
    labels = {i: neutralise(report.columns[i].title) for i in keep}
    label_width = max(cell_len(label) for label in labels.values())
    beside = width - label_width - 1
    top = len(wrap(safe(report.heading), width))
    match_words(neutralise(report.heading).split(), " ".join(lines[:top]).split(), width, "title")
    cards: list[list[str]] = []
    for line in lines[top:]:
        if line:
            cards[-1].append(line)
        else:
            cards.append([])  # a blank line before each card
    assert len(cards) == len(report.rows), lines
    for row, card in zip(report.rows, cards, strict=True):
        filled = [i for i in keep if row[i] not in (None, "", ())]
        at = 0
        for i in filled:
            label = labels[i]
            above = label_lines(label, card, at)
            if above and card[at + above : at + above + 1] != [] and card[at + above][:1] == " ":
                match_words(label.split(), " ".join(card[at : at + above]).split(), width, label)
                at += above
                field = []
                while at < len(card) and card[at][:1] == " ":
                    field.append(card[at])
                    at += 1
                assert all(line.startswith(" " * INDENT) for line in field)
                shown, size = [line[INDENT:] for line in field], width - INDENT
            else:  # beside its label: the label on one line, in the labels' column
                assert beside >= 1, (label, width)
                field = [card[at]]
                at += 1
                while at < len(card) and card[at][:1] == " ":
                    field.append(card[at])
                    at += 1
                first, pad = field[0], label_width + 1
                assert first.startswith(label) and segment(first, 0, pad, pad).strip() == label
                for line in field[1:]:  # later lines: nothing under the label
                    assert segment(line, 0, pad, pad).strip() == "", line
                shown = [segment(line, pad, cell_len(line), cell_len(line)) for line in field]
                size = beside
            match_cell(row[i], " ".join(shown).split(), size, (label, width))
            # A number on one line wherever it fits one: beside its label, else below it.
            # Only a phrase wider than the terminal (`at least 59,331,602` at 20 columns)
            # wraps, at its words (checked above), its digits whole.
            if report.columns[i].numeric and cell_len(human(row[i])) <= width - INDENT:
                assert len(shown) == 1 and shown[0].strip() == human(row[i])
        assert at == len(card), (card, filled)


def check_table(report: Report, width: int, out: str) -> None:
    """Whatever the view, the promises of a grid or cards drawing of `report`."""
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines), width
    assert all(line == line.rstrip(" ") for line in lines)
    if not report.rows:
        assert out == ""
        return
    table, notes = split_notes(lines)
    check_notes(report, width, notes)
    drawing = Drawing(report, width, set())
    widths = grid_widths(drawing, report, width)
    cards = drawing.cards()
    assert len(cards) == drawing.cards_height()
    for even in (True, False):  # each way of sharing the width, drawn as it says
        shared = column_widths(report, width, even)
        if shared is not None:
            assert len(drawing.grid(shared)) == drawing.grid_height(shared)
    if widths is not None:
        # The grid is drawn only where it fits and is no taller than the cards: shared
        # evenly unless that is taller than the cards, or than the grid shared in
        # proportion to need by more than a tenth and two lines; then in proportion.
        grid = drawing.grid(widths)
        evenly, in_proportion = column_widths(report, width), column_widths(report, width, False)
        assert evenly is not None and in_proportion is not None
        tall, short = drawing.grid_height(evenly), drawing.grid_height(in_proportion)
        if tall <= len(cards) and tall <= max(short * 11 // 10, short + 2):
            assert widths == evenly
        else:
            assert widths == in_proportion
        assert RULE * (sum(widths) + GAP * (len(widths) - 1)) in table
        assert len(table) == len(grid) <= len(cards)
        check_grid(report, width, table)
    else:
        for even in (True, False):
            shared = column_widths(report, width, even)
            assert shared is None or drawing.grid_height(shared) > len(cards)
        assert len(table) == len(cards)
        check_cards(report, width, table)


# -- generated reports ------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,.;()'-\u00e9\u2014"
WIDE = "\u4e2d\u6587\u5b57\u8868"  # two cells each
WORD = st.one_of(
    st.text(st.sampled_from(LETTERS), min_size=1, max_size=9),
    st.text(st.sampled_from(LETTERS + WIDE), min_size=1, max_size=6),
    st.text(st.sampled_from(LETTERS + WIDE), min_size=12, max_size=45),  # an id, an address
)
TEXT = st.lists(WORD, min_size=1, max_size=25).map(" ".join)
PEOPLE_CELL = st.one_of(
    st.none(),
    st.just(""),
    TEXT,
    st.lists(TEXT, min_size=1, max_size=4).map(tuple),
)
NUMBER_CELL = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(-1e9, 1e9, allow_nan=False),
)
TITLE = st.lists(st.text(st.sampled_from(LETTERS[:52]), min_size=1, max_size=8), max_size=3).map(
    lambda words: " ".join(["T", *words])
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    kinds = draw(
        st.lists(
            st.tuples(st.booleans(), st.sampled_from(["all", "people", "machines"])),
            min_size=1,
            max_size=6,
        ).filter(lambda kinds: any(audience != "machines" for _, audience in kinds))
    )
    columns = tuple(
        Column(f"c{n}", draw(TITLE), numeric, audience)  # type: ignore[arg-type]
        if audience != "machines"
        else Column(f"c{n}", f"{MACHINE} title {n}", numeric, audience)  # type: ignore[arg-type]
        for n, (numeric, audience) in enumerate(kinds)
    )
    machine = st.text(st.sampled_from("xyz"), max_size=5).map(lambda s: f"{MACHINE}{s}")
    cell = {
        (True, False): NUMBER_CELL,
        (False, False): PEOPLE_CELL,
        (True, True): st.just(MACHINE_NUMBER),
        (False, True): machine,
    }
    rows = draw(
        st.lists(
            st.tuples(*(cell[c.numeric, c.audience == "machines"] for c in columns)),
            max_size=6,
        )
    )
    heading = draw(TEXT)
    notes = tuple(draw(st.lists(TEXT, max_size=2)))
    return Report(heading, columns, tuple(rows), notes=notes)


WIDTH = st.integers(min_value=20, max_value=220)


@settings(max_examples=150, deadline=None)
@given(report=reports(), width=WIDTH)
def test_a_generated_report_keeps_the_table_s_promises(report: Report, width: int) -> None:
    out = render_table(report, Terminal(True, width))
    check_table(report, width, out)
    # Nothing for machines: neither their values nor their titles.
    assert MACHINE not in out and human(MACHINE_NUMBER) not in out


@settings(max_examples=80, deadline=None)
@given(report=reports(), other=reports(), width=WIDTH, other_width=WIDTH)
def test_a_drawing_depends_only_on_the_report_and_the_width(
    report: Report, other: Report, width: int, other_width: int
) -> None:
    plain, colour = Terminal(True, width), Terminal(True, width, color=True)
    first = render_table(report, plain)
    render_table(other, Terminal(True, other_width, color=True))
    render_table(other, Terminal(True, other_width))
    assert render_table(report, plain) == first
    # In colour, the same characters: the colour codes add nothing a reader would see;
    # the title is bold, and so are a grid's column titles.
    coloured = render_table(report, colour)
    assert _SGR.sub("", coloured) == first
    if report.rows:
        assert coloured.startswith("\x1b[1m")
        assert coloured.count("\x1b[1m") >= 2 or RULE not in first


@settings(max_examples=150, deadline=None)
@given(report=reports(), width=WIDTH, more=st.integers(min_value=1, max_value=100))
def test_a_wider_terminal_never_takes_more_lines(report: Report, width: int, more: int) -> None:
    """Of two drawings of one report, grids or cards, the wider is never the taller: a
    card's value stands beside its label or below it, whichever is shorter."""
    narrow = render_table(report, Terminal(True, width)).splitlines()
    wide = render_table(report, Terminal(True, width + more)).splitlines()
    assert len(wide) <= len(narrow)


# -- the inputs that found the engine's bugs ---------------------------------------------------

PARAGRAPH = " ".join(["word"] * 12)
FOUND = {
    # A label at least as wide as the terminal less one: the value goes below it.
    "label-19": Report(
        "H", (Column("a", "T AAAAAAA AAAAAAAAA"), Column("b", "T B")), (("0", PARAGRAPH),)
    ),
    # A label wider than the terminal (raqqa's longest is 28): wrapped at its words.
    "label-28": Report(
        "H", (Column("a", "T AAAAAAAA BBBBBBBB CCCCCCCC"), Column("b", "T B")), (("0", PARAGRAPH),)
    ),
    # A list item's word that fits the column but not beside the item's indent.
    "list-indent": Report(
        "Actors",
        (Column("n", "Name"), Column("a", "Aliases"), Column("b", "About")),
        (("Ada", ("Mayor 123456789012",), PARAGRAPH),),
    ),
    # A word two lines long exactly, then another: no blank line between them.
    "fold-blank": Report(
        "H",
        (Column("a", "Note"), Column("b", "About")),
        (("x " + "0" * 36 + " " + "y" * 18, PARAGRAPH),),
    ),
    # Tabs, in a list item and in a cell.
    "tabs": Report(
        "H",
        (Column("n", "Name"), Column("a", "Aliases")),
        (("Ada", ("=1+1", "\t=TAB")), ("Bob", "x\t=TAB")),
    ),
    # A value below its label at 20 columns; beside it at 21 it took three lines.
    "taller": Report(
        "H", (Column("a", "T"), Column("b", "T A A AA")), (("a" * 15, "0 000000000000 0"),)
    ),
}


@pytest.mark.parametrize("name", list(FOUND))
def test_the_inputs_that_found_bugs_keep_the_table_s_promises(name: str) -> None:
    report = FOUND[name]
    heights = []
    for width in range(20, 41):
        out = render_table(report, Terminal(True, width))
        check_table(report, width, out)
        heights.append(len(out.splitlines()))
        assert "=TAB" in out or name != "tabs"
    assert heights == sorted(heights, reverse=True)  # never taller when wider


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_a_chart_fits_every_width(name: str) -> None:
    """Where the numbers and statuses leave no room for a bar beside them (`aid --chart`
    drew lines of 29 cells at 20 and 25 columns), they go below it: never wider."""
    report = report_of(["aid", "--chart"], BRIEFINGS[name])
    for width in range(20, 61):
        out = render_table(report, Terminal(True, width))
        assert all(cell_len(line) <= width for line in out.splitlines()), (width, out)
        check_chart(report, width, out.splitlines())


# -- the real commands ------------------------------------------------------------------------

HOSTILE = Path(__file__).parent.parent / "data" / "hostile" / "briefing.yaml"
TOTALS = DATA / "totals.yaml"
COMMANDS = [
    ["issues"],
    ["issues", "iss-flooding"],
    ["aid"],
    ["aid", "--totals"],
    ["aid", "--by", "sector"],
    ["aid", "--by", "donor"],
    ["aid", "--chart"],
    ["reactions"],
    ["statements"],
    ["actors"],
    ["actors", "Mayor Ada"],
    ["places"],
    ["timeline"],
    ["outlook"],
    ["figures"],
    ["sources"],
    ["errata"],
    ["search", "harbor town"],
    ["search", "ISIL"],
]
RUN_BRIEFINGS = {**BRIEFINGS, "hostile": HOSTILE, "totals": TOTALS}
RUN_WIDTHS = [20, 33, 40, 60, 80, 101, 120, 200]


def invoke(args: list[str], briefing: Path | None, terminal: Terminal, found: bool) -> str:
    file = ["-f", str(briefing)] if briefing else []
    result = CliRunner().invoke(app, [*args, *file, "--format", "table"], obj=terminal)
    assert result.exit_code == (0 if found else 2), result.output
    return result.stdout


def check_record(report: Report, width: int, lines: list[str]) -> None:
    """`raqqa show`: the title, then blocks (the entry's fields, the source chain, what
    refers to it), each line a field's name and its value; the fields' source said once
    where they share it; each other line the id, the value and its own source; words
    whole, in order, nothing else drawn."""
    keys = [c.key for c in report.columns]

    def get(row: tuple[Value, ...], key: str) -> str:
        return neutralise(human(row[keys.index(key)]))

    parts = list(dict.fromkeys(get(row, "part") for row in report.rows))
    assert parts[0] == "field" or report.rows[0][keys.index("part")] != "field"
    words = neutralise(report.heading).split()
    for part in parts:
        rows = [row for row in report.rows if get(row, "part") == part]
        cited = {get(row, "source") for row in rows}
        if part != "field":
            words += {"source chain": "Source chain"}.get(part, part.capitalize()).split()
        for row in rows:
            words += get(row, "field").split()
            if part != "field" and get(row, "id") and get(row, "id") != report.key:
                words.append(f"{get(row, 'id')}:")
            words += get(row, "shown").split()
            if part == "referred to by" or (part == "field" and len(cited) > 1):
                words += f"({get(row, 'source')})".split() if get(row, "source") else []
        citation = get(rows[0], "source")
        # the fields' one source, said once, unless their `source` (and `via`) lines say it
        named = {get(row, "field"): get(row, "shown").rsplit(" (", 1)[0] for row in rows}
        own = named.get("source")
        if own and named.get("via"):
            own = f"{own}, citing {named['via']}"
        said = citation == own
        if part == "field" and len(cited) == 1 and citation and not said:
            words += ["cited", "to", *citation.split()]
    table, notes = split_notes(lines)
    assert notes == []
    match_words(words, " ".join(table).split(), width, ("record", width))
    # The entry's id is said once, in its title: the fields do not repeat it.
    assert "".join(table).replace(" ", "").count(f"({report.key})") == 1


def timeline_words(report: Report) -> list[str]:
    """The words of a time line's events, as they are drawn: what, then where, the source
    and the id in brackets."""
    keys = [c.key for c in report.columns]
    words = []
    for row in report.rows:
        words += neutralise(human(row[keys.index("what")])).split()
        extra = [human(row[keys.index(k)]) if k in keys else "" for k in ("place", "source", "id")]
        if any(extra):
            words += neutralise("(" + "; ".join(e for e in extra if e) + ")").split()
    return words


def check_timeline(report: Report, width: int, lines: list[str]) -> None:
    """Dates right-aligned in a column of their own, a mark, then each event's words; on a
    terminal too narrow for that column (its dates wider than a third of it), each date on
    a line of its own, above the mark and its event's words."""
    table, notes = split_notes(lines)
    check_notes(report, width, notes)
    keys = [c.key for c in report.columns]
    shown = [str(row[keys.index("dated")] or row[keys.index("date")]) for row in report.rows]
    if max(map(cell_len, shown)) > width // 3:
        marks = [n for n, line in enumerate(table) if line.startswith("\u25cf ")]
        assert len(marks) == len(report.rows)
        assert [table[n - 1] for n in marks] == shown  # each date whole, above its event
        assert all(line.startswith(("\u25cf ", "  ")) for line in table[marks[0] :] if
                   line not in shown and not re.fullmatch(r"\d{4}", line))  # fmt: skip
        stacked = [line[2:] for line in table[marks[0] :] if line.startswith(("\u25cf ", "  "))]
        match_words(timeline_words(report), " ".join(stacked).split(), width - 2, width)
        return
    body = [line for line in table if re.match(r" *\S+ [\u2502\u25cf]", line)]
    marks = [line.index("\u2502") if "\u2502" in line else line.index("\u25cf") for line in body]
    assert len(set(marks)) == 1, body  # one column of dates, whatever their length
    date_width = marks[0] - 1
    events = [line for line in body if "\u25cf" in line]
    assert len(events) == len(report.rows)
    for line, row in zip(events, report.rows, strict=True):
        when = row[keys.index("dated")] if "dated" in keys else None
        assert line[:date_width] == str(when or row[keys.index("date")]).rjust(date_width)
    room = width - marks[0] - 2
    detail = [cells_of(line, width)[marks[0] + 2 :] for line in table[table.index(body[0]) :]]
    tokens = " ".join("".join(d) for d in detail if "".join(d).strip()).split()
    match_words(timeline_words(report), tokens, room, width)


def check_chart(report: Report, width: int, lines: list[str]) -> None:
    """One scale per axis: a bigger value never gets a shorter bar, the biggest the whole
    room, and no bar longer than MAX_BAR; each number whole, the numbers right-aligned in
    one column, beside their bars or, where there is no room beside them, each on the
    line below its bar."""
    table, notes = split_notes(lines)
    check_notes(report, width, notes)
    plan = chart_plan(report, width)
    drawn = iter(n for n, line in enumerate(table) if BAR in line)
    ends = set()
    for bars in plan.axes.values():
        lengths = []
        for bar in bars:
            n = next(drawn)
            lengths.append(len(max(re.findall(f"{BAR}+", table[n]), key=len)))
            line = table[n]
            if plan.under:  # the bar alone, its number below it
                assert set(line) == {BAR}, line
                line = table[n + 1]
            amount = neutralise(bar.amount)
            at = line.rindex(amount)
            assert line[at + len(amount) : at + len(amount) + 1] in (" ", "")
            ends.add(cell_len(line[: at + len(amount)]))
        assert max(lengths) == plan.room <= MAX_BAR
        order = sorted(range(len(bars)), key=lambda n: bars[n].value)
        assert [lengths[n] for n in order] == sorted(lengths), (bars, lengths)
    assert next(drawn, None) is None
    assert len(ends) == 1  # the numbers right-aligned in one column


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("name", list(RUN_BRIEFINGS))
def test_every_command_keeps_the_table_s_promises(name: str, args: list[str]) -> None:
    briefing = RUN_BRIEFINGS[name]
    try:
        report: Report | None = report_of(args, briefing)
    except QueryError:  # no such entry in this briefing: the command says so, below
        report = None
    for width in RUN_WIDTHS:
        plain = invoke(args, briefing, Terminal(True, width), report is not None)
        lines = plain.splitlines()
        assert all(cell_len(line) <= width for line in lines), (width, plain)
        coloured = invoke(args, briefing, Terminal(True, width, color=True), report is not None)
        assert _OSC8.sub("", _SGR.sub("", coloured)) == plain
        if report is None or not report.rows:
            continue
        drawn = render_table(report, Terminal(True, width))
        assert drawn == plain
        if report.layout == "timeline":
            check_timeline(report, width, drawn.splitlines())
        elif report.layout == "record":
            check_record(report, width, drawn.splitlines())
        elif report.layout == "chart":
            check_chart(report, width, drawn.splitlines())
        else:
            check_table(report, width, drawn)


@pytest.mark.parametrize("width", [40, 80, 120, 200])
@pytest.mark.parametrize(
    "args",
    [
        ["aid"], ["reactions"], ["statements"], ["places"], ["timeline"], ["outlook"],
        ["figures"], ["conflicts"], ["errata"], ["issues", "iss-humanitarian"],
    ],
    ids=" ".join,
)  # fmt: skip
def test_every_row_s_id_is_seen_on_a_terminal(args: list[str], width: int) -> None:
    """Issue 26: these tables showed no id at any width, though `show ID` takes one and the
    notes under them are keyed by them. Each record's id is now on the terminal, whole: a
    column of the grid, a line of a card, or beside the event's source on the time line."""
    import json

    records = CliRunner().invoke(app, [*args, "--format", "json"], obj=Terminal(False, 80))
    ids = [r["id"] for r in json.loads(records.stdout) if r.get("id")]
    assert ids, args
    shown = CliRunner().invoke(app, args, obj=Terminal(True, width, color=False)).stdout
    words = set(re.findall(r"[a-z0-9][a-z0-9-]*", shown))
    assert [i for i in ids if i not in words] == [], (args, width)


def _show_ids(briefing: Path | None) -> list[str]:
    """An entry of every section the briefing has, its first: what `show` is tried on."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.model import SECTIONS

    loaded = load_briefing(str(briefing) if briefing else None)
    return [entries[0].id for s in SECTIONS if (entries := getattr(loaded, s))]


@pytest.mark.parametrize("name", ["embedded", "minimal", "idai"])
def test_show_is_a_record_that_keeps_its_promises(name: str) -> None:
    """Issue 26: `show` drew one five-line card per field, each repeating the entry's id and
    its source (73 lines for a statement of six fields at 80 columns). It is a record: the
    fields as `name value` lines, the id once in the title, the source once where they share
    it. Read back at every width, for an entry of every section."""
    briefing = RUN_BRIEFINGS[name]
    for entry_id in _show_ids(briefing):
        report = report_of(["show", entry_id], briefing)
        assert report.layout == "record"
        for width in RUN_WIDTHS:
            plain = invoke(["show", entry_id], briefing, Terminal(True, width), True)
            assert all(cell_len(line) <= width for line in plain.splitlines()), (width, plain)
            coloured = invoke(["show", entry_id], briefing, Terminal(True, width, color=True), True)
            assert _OSC8.sub("", _SGR.sub("", coloured)) == plain
            check_record(report, width, plain.splitlines())


def test_show_of_a_statement_is_short() -> None:
    out = invoke(["show", "st-stewart-kill"], None, Terminal(True, 80), True)
    assert len(out.splitlines()) <= 40, out  # 73 lines as cards
    assert out.count("st-stewart-kill") == 1
