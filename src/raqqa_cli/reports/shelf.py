"""One answer across a shelf: each briefing's report, its rows labelled by their briefing.

A command runs on each briefing of a shelf as on one file (`cli/shelf.py`); `across` puts
the reports together. Nothing is computed across briefings: a total stays its briefing's,
a row keeps its own citations. Each row gains the briefing it comes from, `briefing` (its
file) for machines and its name for people. An id that clashes with another briefing's
(`briefing/shelf.py`) is qualified in every id column, `brussels-2017:act-uk`, so that no
two entries are merged by a name they happen to share; a row about an entry of a shared
registry that every briefing answers alike is one row, under the registry's file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from raqqa_cli.briefing.shelf import Identities, Member
from raqqa_cli.report import MACHINES, PEOPLE, Column, Report, Value

BRIEFING = Column("briefing", "Briefing file", audience=MACHINES)
BRIEFING_NAME = Column("briefing_name", "Briefing", audience=PEOPLE)
# Layouts whose rows from several briefings read as one table; a record (one entry) and a
# chart (bars on one scale) are drawn for each briefing in turn, under its name.
MERGED_LAYOUTS = frozenset({"grid", "timeline"})


def is_id_column(column: Column) -> bool:
    """Whether a column holds entry ids (`id`, `source_id`, `actor_ids`): qualified where
    they clash."""
    key = column.key
    return key == "id" or key.endswith(("_id", "_ids"))


def qualified(value: Value, clashes: frozenset[str], name: str) -> Value:
    """An id, or a list of ids, each that clashes written `name:id`."""
    if isinstance(value, str):
        return f"{name}:{value}" if value in clashes else value
    if isinstance(value, tuple):
        return tuple(f"{name}:{v}" if v in clashes else v for v in value)
    return value


def qualify(report: Report, member: Member, identities: Identities) -> Report:
    """`report` with the ids that clash across the shelf qualified by `member`'s name."""
    clashes = identities.clashes.get(member.name, frozenset())
    if not clashes:
        return report
    at = [i for i, column in enumerate(report.columns) if is_id_column(column)]
    if not at and report.key not in clashes:
        return report
    rows = tuple(_qualified_row(row, at, clashes, member.name) for row in report.rows)
    key = qualified(report.key, clashes, member.name) if report.key else report.key
    return report._replace(rows=rows, key=key if isinstance(key, str) else report.key)


def _qualified_row(
    row: tuple[Value, ...], at: list[int], clashes: frozenset[str], name: str
) -> tuple[Value, ...]:
    """A row with its id cells (at `at`) qualified; only those cells are touched (a time
    line across a shelf has tens of thousands of rows)."""
    cells = list(row)
    for i in at:
        cells[i] = qualified(cells[i], clashes, name)
    return tuple(cells)


def drawn_apart(
    parts: list[tuple[Member, Report]],
    identities: Identities,
    shown: list[tuple[Member, Report]],
) -> list[Report]:
    """The reports people read drawn apart (a record, a chart), each headed by its
    briefing's name; but where a record is of an entry of a shared registry, and every
    briefing gives its rows about the entry itself alike for machines, those rows are drawn
    once, headed by the registry (`registry/actors`), and each briefing's record keeps the
    rest (what links to the entry there), as `across` says them for machines. Which rows
    are which is read from `parts`; what is drawn is `shown`'s, row for row (as readers see
    them, where they are for readers)."""
    own_rows: dict[int, list[int]] = {}  # a shared entry's record -> its rows about it
    groups: dict[tuple[str, str], list[int]] = {}
    for number, (member, report) in enumerate(parts):
        origin = identities.shared.get(member.name, {}).get(report.key or "")
        id_at = _keys_of(report).get("id")
        if origin is None or report.key is None or id_at is None:
            continue
        own_rows[number] = [n for n, row in enumerate(report.rows) if row[id_at] == report.key]
        groups.setdefault((origin, report.key), []).append(number)
    once: dict[int, str] = {}  # the record whose own rows are drawn once: the registry's name
    split: set[int] = set()  # records whose own rows are drawn once, elsewhere or here
    for (origin, _), numbers in groups.items():
        said = [_said_for_machines(parts[n][1], own_rows[n]) for n in numbers]
        if all(one == said[0] for one in said):
            member = parts[numbers[0]][0]
            once[numbers[0]] = _registry_name(_shown(origin, member), member)
            split.update(numbers)
    drawn: list[Report] = []
    for number, (member, report) in enumerate(shown):
        if number not in split:
            drawn.append(report._replace(title=f"{member.name}: {report.title}"))
            continue
        own = set(own_rows[number])
        if number in once:
            rows = tuple(row for n, row in enumerate(report.rows) if n in own)
            drawn.append(report._replace(title=f"{once[number]}: {report.title}", rows=rows))
        rest = tuple(row for n, row in enumerate(report.rows) if n not in own)
        if rest:
            drawn.append(report._replace(title=f"{member.name}: {report.title}", rows=rest))
    return drawn


def _said_for_machines(report: Report, rows: list[int]) -> tuple[object, ...]:
    """What some rows of a report say for machines: the columns' keys and the cells."""
    keep = report.for_machines()
    keys = tuple(report.columns[i].key for i in keep)
    return (keys, tuple(tuple(report.rows[n][i] for i in keep) for n in rows))


def _columns_of(parts: list[tuple[Member, Report]]) -> list[Column]:
    """Every column any of the reports has, in the order met, after the briefing's two."""
    columns: list[Column] = [BRIEFING, BRIEFING_NAME]
    seen = {BRIEFING.key, BRIEFING_NAME.key}
    for _, report in parts:
        for column in report.columns:
            if column.key not in seen:
                seen.add(column.key)
                columns.append(column)
    return columns


def across(
    parts: list[tuple[Member, Report]],
    identities: Identities,
    shown: list[tuple[Member, Report]] | None = None,
    qualified: str | None = None,
) -> Report:
    """The reports of a shelf's briefings as one: every column any of them has (in the
    order met), each row under its briefing, in the briefings' order (by date where the
    report is a time line); notes said once where alike, else under their briefing.

    Which rows are said once, and under which file, is read from `parts`, with their ids;
    the rows written are `shown`'s where given: the same reports as readers see them
    (`--for readers`, without ids), row for row. `qualified`, an id the shelf qualified in
    them (`one_qualified`), is quoted in a note saying why ids are written two ways."""
    columns = _columns_of(parts)
    keys = [column.key for column in columns]
    # Each briefing's rows, its cells in the shelf's columns, and the registry (real path)
    # the row's entry comes from, where the row is that entry's own: a row of a listing, or
    # of the report about that very entry; never a part of another entry that links to it
    # (an issue's actors are the briefing's).
    placed: list[tuple[Member, tuple[Value, ...], str | None]] = []
    for member, report in parts:
        shared = identities.shared.get(member.name, {})
        id_at = _keys_of(report).get("id")
        for cells, row in zip(_in_columns(report, keys), report.rows, strict=True):
            entry = row[id_at] if id_at is not None else None
            own = isinstance(entry, str) and report.key in (None, entry)
            placed.append(
                (member, cells, shared.get(entry) if isinstance(entry, str) and own else None)
            )
    # A shared entry's rows are said once where every briefing that answers for it says the
    # same rows for machines (a citation's words may differ, as each briefing labels its
    # sources); where they differ (what links to it), each says its own.
    said = [i for i, key in enumerate(keys[2:]) if _by_key(columns, key).audience != PEOPLE]
    id_at = keys.index("id") - 2 if "id" in keys else 0
    each: dict[tuple[str, Value], dict[str, list[tuple[Value, ...]]]] = {}
    for member, cells, origin in placed:
        if origin is not None:
            by_member = each.setdefault((origin, cells[id_at]), {})
            by_member.setdefault(member.name, []).append(tuple(cells[i] for i in said))
    alike = {
        entry
        for entry, by_member in each.items()
        if len({tuple(v) for v in by_member.values()}) == 1
    }
    # Each row's label (its file and name), or None where another briefing says it.
    labels: list[tuple[str, str] | None] = []
    first_said: dict[tuple[str, Value], str] = {}  # the briefing whose rows are kept
    for member, cells, origin in placed:
        group = (origin, cells[id_at]) if origin is not None else None
        if group is not None and group in alike:
            if first_said.setdefault(group, member.name) == member.name:
                path = _shown(origin, member)  # type: ignore[arg-type]
                labels.append((path, _registry_name(path, member)))
            else:
                labels.append(None)
            continue
        labels.append((member.path, member.name))
    if shown is not None and shown is not parts:
        parts = shown
        columns = _columns_of(parts)
        keys = [column.key for column in columns]
        placed = [
            (member, cells, None) for member, report in parts for cells in _in_columns(report, keys)
        ]
    first = parts[0][1]
    rows = [
        (*label, *cells)
        for label, (_, cells, _) in zip(labels, placed, strict=True)
        if label is not None
    ]
    if first.layout == "timeline":
        date = keys.index("date") if "date" in keys else None
        if date is not None:
            # By date, then by briefing: the same whatever order the briefings are named in.
            rows.sort(key=lambda row: (str(row[date] or ""), str(row[0])))
    notes = _notes(parts)
    tips = tuple(dict.fromkeys(tip for _, report in parts for tip in report.tips))
    reports = [report for _, report in parts]
    key = first.key if all(r.key == first.key for r in reports) else None
    title = first.title
    if any(r.title != first.title for r in reports):  # each its briefing's (the overview)
        title = _common(reports)
        # What each briefing is, as its own title says, before what the rows say.
        named = {member.name: report.title for member, report in parts}
        notes = (*(f"{name}: {said}" for name, said in named.items()), *notes)
    if qualified is not None:
        notes = (*notes, QUALIFIED.format(example=qualified))
    said_by = {label[1] for label in labels if label is not None}
    if len(said_by) == 1:  # one briefing answered: the heading names it, not every row
        title = f"{said_by.pop()}: {title}"
        columns = [column for column in columns if column is not BRIEFING_NAME]
        rows = [(row[0], *row[2:]) for row in rows]
    return first._replace(
        title=title,
        columns=tuple(columns),
        rows=tuple(rows),
        notes=notes,
        key=key,
        tips=tips,
        highlight=first.highlight,
    )


QUALIFIED = (
    "An id written with its briefing's name ({example}) is one that two briefings of the"
    " shelf use for different entries; written so, show and issues find it in that briefing."
)


def one_qualified(
    parts: list[tuple[Member, Report]], made: list[tuple[Member, Report]]
) -> str | None:
    """An id `qualify` qualified in `parts` (`brussels-2017:act-1`), against the reports
    as they were `made`; None where it qualified none."""
    for (_, after), (_, before) in zip(parts, made, strict=True):
        if after.rows == before.rows:
            continue
        for new, old in zip(after.rows, before.rows, strict=True):
            for cell, was in zip(new, old, strict=True):
                if cell == was:
                    continue
                if isinstance(cell, tuple) and isinstance(was, tuple):
                    return next(str(c) for c, w in zip(cell, was, strict=True) if c != w)
                return str(cell)
    return None


def _keys_of(report: Report) -> dict[str, int]:
    return {column.key: i for i, column in enumerate(report.columns)}


def _in_columns(report: Report, keys: list[str]) -> Iterable[tuple[Value, ...]]:
    """`report`'s rows with their cells in the shelf's columns (`keys`, after the
    briefing's two): the rows themselves where the report has those columns in that order,
    as every briefing's report of one command has."""
    if [column.key for column in report.columns] == keys[2:]:
        return report.rows
    at = _keys_of(report)
    take = [at.get(key) for key in keys[2:]]
    return [tuple(None if i is None else row[i] for i in take) for row in report.rows]


def _shown(real: str, member: Member) -> str:
    """A registry's path as the briefing that includes it is named: from that briefing's
    folder as given (`examples/registry/actors.yaml` beside `examples/idai-2019.yaml`, or
    absolute beside an absolute one)."""
    here = os.path.dirname(member.path)
    relative = os.path.relpath(real, os.path.dirname(os.path.realpath(member.path)))
    return os.path.normpath(os.path.join(here, relative))


def _registry_name(shown: str, member: Member) -> str:
    """What labels a registry's rows for people: its path from the folder of the briefing
    that includes it, without the suffix (`registry/actors`), so that it never reads as a
    briefing's name or a section's."""
    from raqqa_cli.briefing.shelf import stem

    return stem(os.path.relpath(shown, os.path.dirname(member.path) or "."))


def _by_key(columns: list[Column], key: str) -> Column:
    return next(column for column in columns if column.key == key)


def _notes(parts: list[tuple[Member, Report]]) -> tuple[str, ...]:
    """Each note once: as it is where every briefing says it, else after its briefing's
    name."""
    said: dict[str, list[str]] = {}
    for member, report in parts:
        for note in report.notes:
            names = said.setdefault(note, [])
            if member.name not in names:  # a member's several reports (a record's parts)
                names.append(member.name)
    everywhere = len({member.name for member, _ in parts})
    return tuple(
        note
        if len(names) == everywhere
        else f"{', '.join(names)}: {note}"
        if len(names) <= NAMED_NOTES
        else f"{len(names)} of {everywhere} briefings: {note}"
        for note, names in said.items()
    )


# A note some briefings say names them up to this many; past it, it counts them.
NAMED_NOTES = 3


def _common(reports: list[Report]) -> str:
    """The title of reports that differ in it (each briefing's overview): how many
    briefings answered."""
    return f"Across {len(reports)} briefings"
