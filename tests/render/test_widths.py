"""Markdown tables sized by what a reader sees, so that Word and PDF get readable columns.

pandoc's writers (DOCX, ODT, LaTeX) give each column of a pipe table the share of the page
its separator's dashes have of all of them. raqqa sizes the dashes by what a reader sees
of each column, never by the Markdown that draws it, with a floor at its longest word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.render.brief import render_brief
from raqqa_cli.render.markdown import (
    CELL_PADDING,
    LONGEST_FLOOR,
    PAGE_LINE,
    dash_widths,
    displayed,
    escape_markdown,
    source_link,
)
from tests.renderers import NEEDS_PANDOC, run_pandoc

ROOT = Path(__file__).parent.parent.parent
BRIEFINGS = [None, *sorted((ROOT / "examples").glob("*.yaml"))]

words = st.text(st.characters(codec="ascii", categories=("L", "N", "P")), min_size=1, max_size=30)
cells = st.lists(words, max_size=12).map(" ".join)
columns = st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=9)


def floor_of(lines: list[str]) -> int:
    longest = max((len(w) for line in lines for w in line.split()), default=0)
    return max(1, min(longest, LONGEST_FLOOR))


@given(columns)
def test_every_column_gets_its_longest_word_and_the_page_is_shared(table: list[list[str]]) -> None:
    drawn = [[escape_markdown(cell) for cell in column] for column in table]
    widths = dash_widths(drawn)
    floors = [floor_of([line for c in column for line in displayed(c)]) for column in drawn]
    wants = [
        max(f, max(len(line) for c in column for line in displayed(c)))
        for f, column in zip(floors, drawn, strict=True)
    ]
    for width, floor, want in zip(widths, floors, wants, strict=True):
        assert floor + CELL_PADDING <= width <= max(want, floor) + CELL_PADDING
    if sum(floors) + CELL_PADDING * len(floors) <= PAGE_LINE:
        assert sum(widths) <= PAGE_LINE  # it fits the page, every word whole
        if sum(wants) + CELL_PADDING * len(wants) > PAGE_LINE:
            assert sum(widths) == PAGE_LINE  # and fills it, when there is more to show
    else:
        assert widths == [f + CELL_PADDING for f in floors]  # the words, in proportion


@given(words, words)
def test_what_counts_is_what_a_reader_sees(label: str, tail: str) -> None:
    """A citation drawn as a link counts as its text; an escaped character as itself."""
    address = "https://example.org/a/very/long/address/" + "x" * 40
    linked = source_link(label, address)
    assert displayed(linked) == [" ".join([label]).replace("\n", " ")]
    assert displayed(escape_markdown(f"{label} {tail}")) == [f"{label} {tail}".lstrip(" ")]
    assert dash_widths([[linked]]) == dash_widths([[escape_markdown(label)]])


def _text(inlines: list[dict[str, Any]]) -> str:
    """The text of pandoc inlines, as a reader sees it."""
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c", [])
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind == "Code":
            out.append(content[1])
        elif kind in ("Link", "Span"):
            out.append(_text(content[1]))
        elif kind in ("Emph", "Strong", "Strikeout"):
            out.append(_text(content))
        elif kind == "Quoted":
            out.append('"' + _text(content[1]) + '"')
    return "".join(out)


def _cell_text(cell: list[Any]) -> str:
    return "\n".join(_text(block["c"]) for block in cell[4] if block["t"] in ("Plain", "Para"))


def pandoc_tables(markdown: str) -> list[tuple[list[float], list[list[str]]]]:
    """Each table as pandoc's Markdown reader has it: the columns' widths (shares of the
    page) and each column's cells, heading first."""
    ast = json.loads(run_pandoc(["-f", "markdown", "-t", "json"], markdown).stdout)
    found = []
    for block in ast["blocks"]:
        if block["t"] != "Table":
            continue
        _attr, _caption, specs, head, bodies, _foot = block["c"]
        widths = [spec[1]["c"] if spec[1]["t"] == "ColWidth" else 0.0 for spec in specs]
        rows = head[1] + [row for body in bodies for row in body[3]]
        columns: list[list[str]] = [[] for _ in specs]
        for row in rows:
            for n, cell in enumerate(row[1]):
                columns[n].append(_cell_text(cell))
        found.append((widths, columns))
    return found


@NEEDS_PANDOC
@pytest.mark.parametrize("location", BRIEFINGS, ids=lambda p: p.name if p else "embedded")
@pytest.mark.parametrize("readers", [True, False], ids=["readers", "analysts"])
def test_pandoc_gives_every_column_room_for_its_longest_word(
    location: Path | None, readers: bool
) -> None:
    """Through pandoc's own reader (as `pandoc -o brief.docx` reads the note), every
    table too wide for a line is sized by its separator (pandoc's relative widths),
    and each column's share of a page line holds its longest word as pandoc reads it,
    where the words of the table fit a page line at all; where they cannot, each column
    has its share in proportion to its longest word."""
    briefing = load_briefing(None if location is None else str(location))
    tables = pandoc_tables(render_brief(briefing, readers=readers))
    assert tables
    for widths, columns in tables:
        if len(columns) < 2:
            continue
        if not any(widths):  # every line under pandoc's 72 columns: its own widths, a
            # table as narrow as its rows, each of which fits a page line whole
            assert sum(max(map(len, c)) + 3 for c in columns) <= PAGE_LINE
            continue
        assert all(w > 0 for w in widths), "relative widths, from the dashes"
        assert abs(sum(widths) - 1) < 1e-6
        floors = [floor_of([line for c in column for line in c.split("\n")]) for column in columns]
        room = sum(floors) + CELL_PADDING * len(floors)
        for width, floor, column in zip(widths, floors, columns, strict=True):
            if room <= PAGE_LINE:
                assert width * PAGE_LINE >= floor + CELL_PADDING - 1e-6, (column[0], floor)
            else:
                assert width * room >= floor + CELL_PADDING - 1e-6, (column[0], floor)


@NEEDS_PANDOC
def test_the_readers_brief_is_mostly_tables_that_fit() -> None:
    """The readers' brief of the embedded briefing: most of its tables keep every word
    whole on a page line; those that cannot are named here, so that a change that widens
    one more is seen."""
    tables = pandoc_tables(render_brief(load_briefing(None), readers=True))
    crowded = []
    for _widths, columns in tables:
        floors = [floor_of([line for c in column for line in c.split("\n")]) for column in columns]
        if sum(floors) + CELL_PADDING * len(floors) > PAGE_LINE:
            crowded.append(columns[0][0])
    assert len(crowded) <= len(tables) // 4, crowded
