"""The one intermediate every listing command produces and every renderer consumes.

A `Report` is computed once, as data: a title, columns, rows of plain values (numbers stay
numbers, dates stay ISO text) and notes. Renderers decide how it looks; they never filter.
"""

import re
from collections.abc import Callable
from enum import StrEnum
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    get_args,
    get_type_hints,
)

from raqqa_cli.record import Record, Struct

if TYPE_CHECKING:
    from raqqa_cli.briefing.lookup import Index

__all__ = ["Record"]  # where report modules import it from, beside col()


class Cited(str):
    """Text for people that cites sources: as a string, the words and the citations as a
    terminal shows them (`Mayor of Harbour Town [Test Desk, 2020-03-04]`); as parts, the
    `words` before the citations and the `cites` themselves, (source id, the source it
    credits or None) each, for the formats that draw a citation as a link (Markdown and
    HTML, pandoc's `[@id]`), and for each source cited its `label` as people read it and
    its web address, if it has one: the link's text and target. Text from a file is a plain
    `str`, never a `Cited`, so no file text is ever read as a citation, whatever brackets it
    holds (`Mayor [1]`)."""

    words: str
    cites: tuple[tuple[str, str | None], ...]
    sources: tuple[tuple[str, str, str | None], ...]  # (id, label, web address or None)

    def __new__(
        cls,
        shown: str,
        words: str = "",
        cites: tuple[tuple[str, str | None], ...] = (),
        sources: tuple[tuple[str, str, str | None], ...] = (),
    ) -> "Cited":
        made = super().__new__(cls, shown)
        made.words = words
        made.cites = cites
        made.sources = sources
        return made

    def __reduce__(self) -> tuple[object, ...]:  # copies and pickles keep the parts
        return (Cited, (str(self), self.words, self.cites, self.sources))


Value = str | int | float | tuple[str, ...] | None
# A web address every format links as it is: http(s), printable ASCII, no space, no quote,
# no `<>` (which would end a Markdown autolink or an HTML attribute).
WEB_ADDRESS = re.compile(r"https?://[!#-;=?-~]+")
Audience = Literal["all", "people", "machines"]
PEOPLE: Audience = "people"  # a phrase for people: tables and notes show it, records do not
MACHINES: Audience = "machines"  # a value for records: JSON, CSV and plain text carry it
# How a table for people is drawn: a grid, a time line, bars, or one entry's record (field:
# value, in blocks). Other formats ignore it.
Layout = Literal["grid", "timeline", "chart", "record"]
Highlighter = Callable[[str], list[tuple[int, int]]]


class TotalBy(StrEnum):
    """How a totals report groups, beyond status, which is always kept apart.

    Here, with the other words for a report's shape, so that the command-line readers can
    offer the choices without importing the queries.
    """

    status = "status"
    sector = "sector"
    donor = "donor"
    # Each briefing's totals by status, under its name: on a shelf, never added across.
    briefing = "briefing"


class Column(Struct):
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


def col(
    title: str,
    *,
    numeric: bool = False,
    audience: Audience = "all",
    link: bool = False,
    hint: bool = False,
    hxl: str = "",
) -> Column:
    """How a field of a row class is shown (`Annotated[str, col("Actor")]`): its key is the
    field's name, given by `columns_of`."""
    return Column("", title, numeric, audience, link, hint, hxl)


def columns_of(row: type[tuple[Any, ...]]) -> tuple[Column, ...]:
    """The columns of a row class (a `Record`): one a field, keyed
    by the field's name and shown as its `col(...)` says, in the fields' order. A field whose
    type is itself a row class (a part several reports share, such as a statement's
    renderings) stands for that class's columns, in its place; `flat` spreads its values."""
    # Read as written (the report modules do not postpone annotations: typing.get_type_hints
    # would evaluate each again); postponed ones, from a test's class say, are evaluated.
    hints = row.__annotations__
    if any(isinstance(hint, str) for hint in hints.values()):
        hints = get_type_hints(row, include_extras=True)
    columns: list[Column] = []
    parts: list[int] = []
    for at, name in enumerate(row._fields):  # type: ignore[attr-defined]
        hint = hints[name]
        shown = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Column)]
        if shown:
            columns.append(shown[0]._replace(key=name))
            continue
        part = get_args(hint)[0] if hasattr(hint, "__metadata__") else hint
        if not hasattr(part, "_fields"):
            raise TypeError(f"{row.__name__}.{name}: annotate it with col(...)")
        inner = columns_of(part)
        if _PARTS_AT[part]:
            raise TypeError(f"{row.__name__}.{name}: a part holds no part of its own")
        columns.extend(inner)
        parts.append(at)
    _PARTS_AT[row] = tuple(parts)
    return tuple(columns)


# Where each row class holds parts (field positions), found by `columns_of`, for `flat`.
_PARTS_AT: dict[type[tuple[Any, ...]], tuple[int, ...]] = {}


# Columns many reports share, declared once: a row class names them as its fields' types
# (`note: Note`), so that a key means one thing, titled one way, in every command.
EntryId = Annotated[str, col("ID", audience=MACHINES)]
Note = Annotated[str | None, col("Note", audience=MACHINES)]
Cites = Annotated[str, col("Source", audience=PEOPLE)]  # the citation people read
SourceId = Annotated[str | None, col("Source id", audience=MACHINES)]
ViaId = Annotated[str | None, col("Via id", audience=MACHINES)]
# For the kinds of entry that cannot credit another source: null, kept for the same keys.
NoVia = Annotated[None, col("Via id", audience=MACHINES)]
Dated = Annotated[str | None, col("Date", audience=PEOPLE)]  # the date as people say it
IsoDate = Annotated[str | None, col("Date", audience=MACHINES)]
DatePrecision = Annotated[str | None, col("Date precision", audience=MACHINES)]
Qualifier = Annotated[str, col("Qualifier", audience=MACHINES)]
High = Annotated[int | float | None, col("High", numeric=True, audience=MACHINES)]
PlaceId = Annotated[str | None, col("Place id", audience=MACHINES)]
PeriodStart = Annotated[str | None, col("Period start", audience=MACHINES)]
PeriodEnd = Annotated[str | None, col("Period end", audience=MACHINES)]


class Sourced(Record):
    """Where a row's value comes from, as a part of the row: the citation people read (the
    source, and the source it credits), and both ids for machines, under the same keys in
    every command. Build it with `Sourced.of`, so that the three never disagree."""

    source: Cites
    # Tagged for `aid --hxl`, the one report HXL tools read.
    source_id: Annotated[str | None, col("Source id", audience=MACHINES, hxl="#meta +source")]
    via_id: ViaId

    @classmethod
    def of(cls, index: "Index", source: str | None, via: str | None = None) -> "Sourced":
        """The citation of `source` (crediting `via`, if any) and its ids."""
        return cls(source=index.citation(source, via), source_id=source, via_id=via)


def flat(row: tuple[Any, ...]) -> tuple[Value, ...]:
    """A row's values in the order of `columns_of` its class: a part's values spread in
    place, by slicing at the positions `columns_of` found (a brief of 10,000 entries
    flattens 100,000 rows: testing every value for a part cost it a fifth of its time)."""
    parts = _PARTS_AT.get(type(row))
    if parts is None:
        columns_of(type(row))
        parts = _PARTS_AT[type(row)]
    if not parts:
        return row
    spread: tuple[Any, ...] = ()
    start = 0
    for at in parts:
        spread += row[start:at] + tuple(row[at])
        start = at + 1
    return spread + row[start:]


# Columns whose cells hold citations: each row keeps its own, even where every row cites one
# source, so that a row copied alone still says where it comes from.
CITING = frozenset({"source", "sources", "roles", "held_by", "says_source"})
_EMPTY: tuple[Value, ...] = (None, "", ())


def _said(value: Value) -> str:
    """A cell's value in a sentence: a list joined, as a table cell shows it."""
    return "; ".join(value) if isinstance(value, tuple) else str(value)


class Report(Struct):
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
        machines, nor one that no row fills (an empty Trend column only squeezes the others),
        nor one that says the same in every row (`same_in_every_row`; a note says it once).
        But each row's id, last: `raqqa show ID` takes it, and the notes are keyed by it."""
        shown = [i for i, c in enumerate(self.columns) if c.audience != "machines"]
        ids = [i for i, c in enumerate(self.columns) if c.key == "id" and i not in shown]
        return self.people_columns([*shown, *ids])

    def _filled(self, candidates: list[int]) -> list[int]:
        return [i for i in candidates if any(row[i] not in _EMPTY for row in self.rows)]

    def people_columns(self, candidates: list[int]) -> list[int]:
        """Of `candidates`, the columns worth a person's width: filled in some row, and not
        the same in every row."""
        filled = self._filled(candidates)
        same = set(self.same_in_every_row(filled))
        kept = [i for i in filled if i not in same]
        return kept or candidates  # no rows, or nothing in them: the headings still say what

    def same_in_every_row(self, candidates: list[int]) -> list[int]:
        """Of `candidates`, the columns whose every row holds one value, in a grid of two rows
        or more: "Kind: draft resolution" four times says nothing a line cannot. Kept all
        the same: the first column (what each row is, unless the report is about one entry,
        which its heading names: "Linked to Rory Stewart"), numbers (read down a column),
        addresses, and citations (a row copied alone keeps its source)."""
        if self.layout != "grid" or len(self.rows) < 2 or not candidates:
            return []
        return [
            i
            for i in (candidates if self.key else candidates[1:])
            if not (column := self.columns[i]).numeric
            and not column.link
            and column.key not in CITING
            and self.rows[0][i] not in _EMPTY
            and all(row[i] == self.rows[0][i] for row in self.rows)
        ]

    def notes_for_people(self, columns: list[int] | None = None) -> tuple[str, ...]:
        """The notes, after a line naming what every row says alike where a column was left
        out for it (`columns`: the people's columns considered, by default `for_people`'s)."""
        shown = [i for i, c in enumerate(self.columns) if c.audience != "machines"]
        same = self.same_in_every_row(self._filled(shown if columns is None else columns))
        if not same:
            return self.notes
        said = "; ".join(f"{self.columns[i].title}: {_said(self.rows[0][i])}" for i in same)
        end = "" if said.endswith((".", "!", "?", "\u2026")) else "."
        return (f"In every row, {said}{end}", *self.notes)

    def for_machines(self) -> list[int]:
        """Indexes of the columns JSON, CSV and plain text carry."""
        return [i for i, c in enumerate(self.columns) if c.audience != "people"]
