"""The one intermediate every listing command produces and every renderer consumes.

A `Report` is computed once, as data: a title, columns, rows of plain values (numbers stay
numbers, dates stay ISO text) and notes. Renderers decide how it looks; they never filter.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal, NamedTuple

Value = str | int | float | tuple[str, ...] | None
Audience = Literal["all", "people", "machines"]
# How a table for people is drawn: a grid, a time line, or bars. Other formats ignore it.
Layout = Literal["grid", "timeline", "chart"]
Highlighter = Callable[[str], list[tuple[int, int]]]


class TotalBy(StrEnum):
    """How a totals report groups, beyond status, which is always kept apart.

    Here, with the other words for a report's shape, so that the command-line readers can
    offer the choices without importing the queries.
    """

    status = "status"
    sector = "sector"
    donor = "donor"


class Column(NamedTuple):
    """One column: `key` names it in JSON and CSV, `title` heads it in tables.

    `audience` lets a report carry, say, a number for machines and a phrase for people
    ("more than 660,000") without either format losing anything.
    """

    key: str
    title: str
    numeric: bool = False
    audience: Audience = "all"
    link: bool = False  # its values are addresses: links in Markdown and on terminals
    hint: bool = False  # it tells how to use raqqa: left out of notes for readers
    hxl: str = ""  # its HXL hashtag (`#org +funder +name`), for `--hxl`; "" leaves it untagged


class Report(NamedTuple):
    """A titled table of plain values, with notes that must travel with it."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    notes: tuple[str, ...] = ()
    empty: str = "nothing matches"
    layout: Layout = "grid"
    highlight: Highlighter | None = None
    key: str | None = None  # the id of the one entry a report is about, if it is one
    tips: tuple[str, ...] = ()  # how to dig further with raqqa: not for notes to circulate

    @property
    def heading(self) -> str:
        """The title, with the id of the entry it is about: `Humanitarian aid (iss-aid)`."""
        return f"{self.title} ({self.key})" if self.key else self.title

    def for_people(self) -> list[int]:
        """Indexes of the columns a person reading a table or a note sees: not those for
        machines, nor one that no row fills (an empty Trend column only squeezes the others)."""
        shown = [i for i, c in enumerate(self.columns) if c.audience != "machines"]
        filled = [i for i in shown if any(row[i] not in (None, "", ()) for row in self.rows)]
        return filled or shown  # no rows, or nothing in them: the headings still say what

    def for_machines(self) -> list[int]:
        """Indexes of the columns JSON, CSV and plain text carry."""
        return [i for i, c in enumerate(self.columns) if c.audience != "people"]
