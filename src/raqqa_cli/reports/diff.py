"""`raqqa diff OLD NEW`: what changed between two versions of a briefing, by id and field.

Entries are matched by id within their section, never by line: an entry that moved is not a
change, and one whose id changed is removed plus added (with a hint when nothing else
changed). A changed entry gives one record per field that differs, a role's fields as
`roles[1].title`. The briefing's own fields (title, source, ...) are the section `briefing`.
"""

from collections.abc import Iterator
from typing import Annotated, Any

from raqqa_cli.briefing.model import SECTIONS, Briefing, field_name
from raqqa_cli.errors import plural
from raqqa_cli.record import Struct
from raqqa_cli.report import Column, Record, Report, Value, col, columns_of
from raqqa_cli.reports.entries import summary


class ChangeRow(Record):
    """One change: an entry added or removed, or one field of it changed: `raqqa diff`'s
    record, and its row for people."""

    section: Annotated[str, col("Section")]
    id: Annotated[str | None, col("ID")]  # none for the briefing's own fields
    change: Annotated[str, col("Change")]
    field: Annotated[str | None, col("Field")]
    # What an entry added or removed whole is, as one line: for people and records alike.
    entry: Annotated[str | None, col("Entry")]
    old: Annotated[Value, col("Was")]
    new: Annotated[Value, col("Now")]
    hint: Annotated[str | None, col("Note")]


DIFF_COLUMNS = columns_of(ChangeRow)
# A person reads the changes one section at a time, under the section's name.
PART_COLUMNS = DIFF_COLUMNS[1:]
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


class Diff(Struct):
    """Every change as one report (for machines), and the same split by section (for
    people: a table or a Markdown section each)."""

    whole: Report
    parts: tuple[Report, ...]


def as_value(value: Any) -> Value:
    """A field's value as a report holds it (the model's tuples hold only text here)."""
    if isinstance(value, tuple):
        return tuple(str(item) for item in value)
    return value  # type: ignore[no-any-return]


def _holds_records(value: Any) -> bool:
    return isinstance(value, tuple) and any(hasattr(item, "_fields") for item in value)


def field_changes(old: Any, new: Any, prefix: str = "") -> Iterator[tuple[str, Value, Value]]:
    """(field, old value, new value) for each field of two records of one kind that differs;
    records nested in a list (roles) compared position by position, field by field."""
    for name, before, after in zip(new._fields, old, new, strict=True):
        if before == after:
            continue
        if _holds_records(before) or _holds_records(after):
            for position in range(max(len(before), len(after))):
                was = before[position] if position < len(before) else None
                now = after[position] if position < len(after) else None
                if was == now:
                    continue
                where = f"{prefix}{name}[{position}]."
                if was is not None and now is not None:
                    yield from field_changes(was, now, where)
                    continue
                present: Any = was if was is not None else now
                for part, value in zip(present._fields, present, strict=True):
                    if value is None or value == ():
                        continue
                    pair = (as_value(value), None) if now is None else (None, as_value(value))
                    yield (f"{where}{part}", *pair)
            continue
        yield f"{prefix}{name}", as_value(before), as_value(after)


def _renames(removed: list[Any], added: list[Any]) -> dict[str, str]:
    """Removed id -> added id, and back, for entries identical but for their id."""
    by_content: dict[tuple[Any, ...], str] = {}
    for entry in removed:
        by_content.setdefault(tuple(entry[1:]), entry.id)
    found: dict[str, str] = {}
    for entry in added:
        old_id = by_content.pop(tuple(entry[1:]), None)
        if old_id is not None:
            found[old_id] = entry.id
            found[entry.id] = old_id
    return found


def _whole(section: str, entry: Any, change: str, hint: str | None) -> ChangeRow:
    """The row for an entry added or removed whole: what it is, for people."""
    return ChangeRow(
        section=section,
        id=entry.id,
        change=change,
        field=None,
        entry=summary(entry),
        old=None,
        new=None,
        hint=hint,
    )


def section_changes(section: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> list[ChangeRow]:
    """The rows for one section: added entries, removed ones, then changed fields, each in
    the order of the file they are in."""
    old_by_id = {entry.id: entry for entry in old}
    new_ids = {entry.id for entry in new}
    added = [entry for entry in new if entry.id not in old_by_id]
    removed = [entry for entry in old if entry.id not in new_ids]
    renamed = _renames(removed, added) if added and removed else {}
    rows: list[ChangeRow] = []
    for entry in added:
        hint = None
        if entry.id in renamed:
            hint = f"same content as removed {renamed[entry.id]}: its id may have been renamed"
        rows.append(_whole(section, entry, ADDED, hint))
    for entry in removed:
        hint = None
        if entry.id in renamed:
            hint = f"same content as added {renamed[entry.id]}: its id may have been renamed"
        rows.append(_whole(section, entry, REMOVED, hint))
    for entry in new:
        before = old_by_id.get(entry.id)
        if before is None or before == entry:
            continue
        if type(before) is not type(entry):  # cannot happen within a section; be safe
            continue
        rows += [_changed(section, entry.id, *change) for change in field_changes(before, entry)]
    return rows


def _changed(section: str, entry_id: str | None, name: str, was: Value, now: Value) -> ChangeRow:
    """The row for one field changed: what it was and what it is now."""
    return ChangeRow(
        section=section,
        id=entry_id,
        change=CHANGED,
        field=name,
        entry=None,
        old=was,
        new=now,
        hint=None,
    )


def diff_report(old: Briefing, new: Briefing, old_name: str, new_name: str) -> Diff:
    """Every change from `old` to `new`, by section, entry id and field."""
    rows: list[ChangeRow] = []
    about = [
        _changed("briefing", None, *change) for change in field_changes(old.briefing, new.briefing)
    ]
    if old.schema_version != new.schema_version:
        version = ChangeRow(
            section="briefing",
            id=None,
            change=CHANGED,
            field="schema_version",
            entry=None,
            old=old.schema_version,
            new=new.schema_version,
            hint=None,
        )
        about.insert(0, version)
    rows += about
    for section in SECTIONS:
        rows += section_changes(section, getattr(old, section), getattr(new, section))
    # A field keeps the name the new version's schema gives it (`article_says` in version 1).
    rows = [
        row._replace(field=field_name(row.field, new.schema_version))
        if row.section == "errata" and isinstance(row.field, str)
        else row
        for row in rows
    ]
    count = {
        kind: len({(r.section, r.id) for r in rows if r.change == kind})
        for kind in (ADDED, REMOVED)
    }
    changed = {(r.section, r.id) for r in rows if r.change == CHANGED}
    fields = sum(1 for r in rows if r.change == CHANGED)
    notes: tuple[str, ...] = ()
    if rows:
        notes = (
            f"From {old_name} to {new_name}: {count[ADDED]} added, {count[REMOVED]} removed,"
            f" {len(changed)} changed ({plural(fields, 'field')}); entries"
            " are matched by id, so a renamed id is one removed and one added.",
        )
    title = f"What changed since {old_name}"
    whole = Report(
        title, DIFF_COLUMNS, tuple(rows), notes, empty=f"no changes from {old_name} to {new_name}"
    )
    parts = []
    for section in ("briefing", *SECTIONS):
        own = tuple(row[1:] for row in rows if row.section == section)
        if own:
            parts.append(Report(section.capitalize(), _people_see_what_is_there(own), own))
    return Diff(whole, tuple(parts))


def _people_see_what_is_there(rows: tuple[tuple[Value, ...], ...]) -> tuple[Column, ...]:
    """The columns of one section's changes, with those it leaves empty (no notes, no
    fields when only entries were added) kept from people: a narrower table reads better."""
    return tuple(
        column._replace(audience="machines") if all(row[at] is None for row in rows) else column
        for at, column in enumerate(PART_COLUMNS)
    )
