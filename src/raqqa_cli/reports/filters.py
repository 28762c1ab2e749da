"""What every listing filters with: free text, names from a closed list, sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from raqqa_cli.briefing.lookup import Index, Matcher, fold
from raqqa_cli.errors import QueryError, quoted
from raqqa_cli.report import Column, Value


def row_text(values: Iterable[Value]) -> str:
    """A row's text, every cell, for a free-text match."""
    return "\n".join(
        "; ".join(v) if isinstance(v, tuple) else str(v) for v in values if v is not None
    )


def entry_notes(columns: Sequence[Column], rows: Iterable[tuple[Value, ...]]) -> tuple[str, ...]:
    """Each entry's `note`, for people, as `id: note`: once per entry, in the rows' order.

    Tables and Markdown show them under the table (JSON, CSV and plain have the `note` field).
    """
    keys = [column.key for column in columns]
    at_id, at_note = keys.index("id"), keys.index("note")
    seen: set[Value] = set()
    found: list[str] = []
    for row in rows:
        entry_id, note = row[at_id], row[at_note]
        if note and entry_id not in seen:
            seen.add(entry_id)
            found.append(f"{entry_id}: {note}")
    return tuple(found)


def keep_matching(
    rows: list[tuple[Value, ...]], matcher: Matcher | None
) -> list[tuple[Value, ...]]:
    """Rows that mention the matcher's text (or an alias of it) in any cell."""
    if matcher is None:
        return rows
    return [row for row in rows if matcher(row_text(row))]


def choose(text: str, choices: Sequence[str], what: str) -> set[str]:
    """The choices `text` names: case-insensitive, and the start of a word of one will do
    (`pledge`: pledged; `nfi`: Shelter/NFI), never the middle of one (`d` is not announced)."""
    wanted = fold(text.strip())
    if not wanted:
        raise QueryError(f"an empty {what} matches nothing; one of: {', '.join(choices)}")
    import re

    starts = re.compile(r"(?<!\w)" + re.escape(wanted))
    found = {c for c in choices if fold(c) == wanted} or {
        c for c in choices if starts.search(fold(c))
    }
    if not found:
        import difflib

        close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else f"; one of: {', '.join(choices)}"
        raise QueryError(f"no {what} {quoted(text)}{hint}")
    return found


def find_sources(index: Index, text: str) -> set[str]:
    """Source ids that `text` names: an id, or a word of a title or publisher."""
    wanted = fold(text.strip())
    if not wanted:
        raise QueryError("an empty --source matches nothing: give a source id or a word")
    found = {
        s.id
        for s in index.briefing.sources
        if wanted == s.id or wanted in fold(s.title) or wanted in fold(s.publisher)
    }
    if not found:
        import difflib

        ids = [s.id for s in index.briefing.sources]
        close = difflib.get_close_matches(text, ids, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"sources include: {', '.join(ids[:8])}"
        raise QueryError(f"no source matches {quoted(text)}; {hint}")
    return found


def cites(entry: object, sources: set[str] | None) -> bool:
    """Whether an entry rests on one of `sources` (its own source or the one it credits)."""
    if sources is None:
        return True
    return getattr(entry, "source", None) in sources or getattr(entry, "via", None) in sources


def empty_text(what: str, filtered: bool) -> str:
    """What an empty listing says: `no reactions match` where a filter was given, else
    that the briefing records none (`no reactions match` with no filter read as a bug)."""
    return f"no {what} match" if filtered else f"this briefing records no {what}"
