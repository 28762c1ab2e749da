"""A report as a note to circulate shows it (`--for readers`): no internal ids, no hints.

Analysts see each row's id and raqqa's hints, so that they can ask for more. Readers of a
circulated note cannot: for them every entry is named as people know it, by name (an
actor, a place), by its citation (a source), or by what it is in a few words (a package,
an erratum), and raqqa's own suggestions are left out. The record is not touched: only what
a reader sees of it. JSON, CSV and plain text keep every id; `--for` is refused for them.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from raqqa_cli.briefing.lookup import Index, short_name
from raqqa_cli.briefing.model import Actor, Place, Reaction, Source, Statement
from raqqa_cli.report import Report, Value

NAME_LENGTH = 100


def entry_name(index: Index, entry_id: str) -> str | None:
    """How a reader knows the entry `entry_id`: a name, a citation without its number, a
    speaker and a date, a title (a decision's after its symbol), or what the entry is,
    shortened; None for no entry."""
    from raqqa_cli.reports.entries import summary

    entry = index.get(entry_id)
    if entry is None:
        return None
    if isinstance(entry, Actor | Place):
        return entry.name
    if isinstance(entry, Source):
        return ", ".join(part for part in (short_name(entry.publisher), entry.date) if part)
    if isinstance(entry, Statement | Reaction):
        who = entry.speaker if isinstance(entry, Statement) else entry.actor
        named = index.actor_name(who) or who or ""
        said = ", ".join(part for part in (named, entry.date) if part)
        return said or _clipped(summary(entry))  # never None: the id would show
    title = getattr(entry, "title", None)
    if isinstance(title, str):  # an issue, a package, a decision: named by its title
        symbol = getattr(entry, "symbol", None)
        return f"{symbol}: {title}" if symbol else title
    return _clipped(summary(entry))


def _clipped(text: str) -> str:
    """`text` up to `NAME_LENGTH` characters, cut after a whole word, `…` where cut."""
    if len(text) <= NAME_LENGTH:
        return text
    cut = text[: NAME_LENGTH - 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return words.rstrip(" ,;:") + "\u2026"


class _Named:
    """What naming entries for readers has learnt of one briefing: the names given, by id
    (each worked out once), the texts already read, and a pattern for its ids alone: a
    token that begins as one of them does (`act-`, `src-`), so that dates and other
    hyphenated words cost no call."""

    def __init__(self, index: Index) -> None:
        self.names: dict[str, str | None] = {}
        self.texts: dict[str, str] = {}
        starts = sorted({entry_id.split("-", 1)[0] for entry_id in index.by_id if "-" in entry_id})
        alternatives = "|".join(map(re.escape, starts)) or "(?!)"
        # An id whole (`act-fallon`, `src-hansard-2017-10-24`); then, if it follows, the
        # name a note gives it in brackets (`pkg-x (£10 million package)`), which the name
        # would only repeat.
        self.ids = re.compile(
            rf"(?<![\w-])(?:{alternatives})(?:-[a-z0-9]+)+(?![\w-])"
            r"(?P<named> \((?P<name>[^()]*)\))?"
        )


# Each briefing's `_Named`, for as long as its index lives.
_LEARNT: WeakKeyDictionary[Index, _Named] = WeakKeyDictionary()


def _named_in(index: Index) -> _Named:
    found = _LEARNT.get(index)
    if found is None:
        found = _LEARNT[index] = _Named(index)
    return found


def readers_text(index: Index, text: str) -> str:
    """`text` with every id of an entry of the briefing replaced by the entry's name
    (`entry_name`); a word that only looks like an id is kept as written."""
    known = _named_in(index)
    said = known.texts.get(text)  # a brief meets the same texts in several sections
    if said is None:
        said = known.texts[text] = text if "-" not in text else _named_ids(index, known, text)
    return said


def _named_ids(index: Index, known: _Named, text: str) -> str:
    """`readers_text`'s work, for text that may name an entry."""
    names = known.names

    def named(match: re.Match[str]) -> str:
        entry_id = match[0][: match.start("named") - match.start()] if match["named"] else match[0]
        if entry_id not in names:
            names[entry_id] = entry_name(index, entry_id)
        name = names[entry_id]
        if name is None:
            return match[0]
        if match["named"] and match["name"] != name:
            return f"{name} ({readers_text(index, match['name'])})"
        return name

    return known.ids.sub(named, text)


def _field_named(index: Index, value: Value, shown: Value) -> Value:
    """A field of one entry's record for readers: each id it holds as the entry's name;
    any other value as shown."""
    if isinstance(value, str) and value in index.by_id:
        return entry_name(index, value)
    if isinstance(value, tuple) and any(v in index.by_id for v in value):
        return tuple(entry_name(index, v) or v if v in index.by_id else v for v in value)
    return shown


def _named(index: Index, value: Value) -> Value:
    """A cell's text with its ids named; a citation (a `Cited`, which draws as links) and
    anything but text as they are."""
    if type(value) is str:
        return readers_text(index, value)
    if isinstance(value, tuple):
        return tuple(readers_text(index, v) if type(v) is str else v for v in value)
    return value


def for_readers(report: Report, index: Index | None) -> Report:
    """`report` as readers see it: without ids and hints (their columns go), tips or the
    id in its heading; its notes name entries by name (where the briefing is known)."""
    rows = report.rows
    keys = [c.key for c in report.columns]
    if index is not None and report.layout == "record" and {"shown", "value"} <= set(keys):
        # One entry's record (`show`): a field naming an entry shows its name alone, not
        # `name (id)`, made again from the field's value.
        at_shown, at_value = keys.index("shown"), keys.index("value")
        rows = tuple(
            (
                *row[:at_shown],
                _field_named(index, row[at_value], row[at_shown]),
                *row[at_shown + 1 :],
            )
            for row in rows
        )
    keep = [i for i, c in enumerate(report.columns) if c.key != "id" and not c.hint]
    rows = tuple(tuple(row[i] for i in keep) for row in rows)
    notes, empty = report.notes, report.empty
    if index is not None:
        # Only text with a hyphen can hold an id: every other cell is kept without a call.
        rows = tuple(
            tuple(
                _named(index, v) if (type(v) is str and "-" in v) or type(v) is tuple else v
                for v in row
            )
            for row in rows
        )
        notes = tuple(readers_text(index, note) for note in notes)
        empty = readers_text(index, empty)
    return report._replace(
        columns=tuple(report.columns[i] for i in keep),
        rows=rows,
        notes=notes,
        empty=empty,
        tips=(),
        key=None,
    )
