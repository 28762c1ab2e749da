"""`raqqa search TEXT`: every field of every entry that mentions TEXT, alias-aware."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import entries_numbered
from raqqa_cli.errors import shorten
from raqqa_cli.report import MACHINES, Record, Report, Sourced, Value, col, columns_of, flat
from raqqa_cli.reports.entries import Field, cited_fields, texts


class SearchRow(Record):
    """One field that mentions the text: `raqqa search`'s record, and its row for people."""

    section: Annotated[str, col("Section")]
    id: Annotated[str | None, col("ID")]
    field: Annotated[str, col("Field")]
    text: Annotated[str, col("Text", audience=MACHINES)]
    excerpt: Annotated[str, col("Text")]
    cited: Sourced


SEARCH_COLUMNS = columns_of(SearchRow)
EXCERPT = 160


def excerpt(text: str, spans: list[tuple[int, int]]) -> str:
    """Up to EXCERPT characters around the first match, `...` where text was left out."""
    if len(text) <= EXCERPT or not spans:
        return text[:EXCERPT] + ("..." if len(text) > EXCERPT else "")
    start = max(0, spans[0][0] - EXCERPT // 3)
    end = min(len(text), start + EXCERPT)
    # Cut between words, never inside one (the match itself is always kept).
    if start:
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", max(spans[0][1], start), end)
        end = space if space >= 0 else end
    return ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")


def search_report(index: Index, text: str) -> Report:
    """Every entry that mentions `text` in any field, alias-aware; one row per field.

    Machines get the field's whole text and the excerpt beside it; people the excerpt.
    Text with nothing to search for (blank, a lone accent) is refused by `Index.matcher`.
    """
    matcher = index.matcher(text)
    rows: list[tuple[Value, ...]] = []
    cites: dict[tuple[str | None, str | None], Sourced] = {}  # each source's, made once

    def found(section: str, entry_id: str | None, path: str, value: str, cited: Field) -> None:
        key = (cited.source, cited.via)  # the source the field's value comes from
        sourced = cites.get(key)
        if sourced is None:
            sourced = cites[key] = Sourced.of(index, cited.source, cited.via)
        row = SearchRow(
            section=section,
            id=entry_id,
            field=path,
            text=value,
            excerpt=excerpt(value, matcher.spans(value)),
            cited=sourced,
        )
        rows.append(flat(row))

    about = index.briefing.briefing
    for where, value in texts(about, "briefing"):
        if matcher(value):
            path = where.removeprefix("briefing.")
            found("briefing", None, path, value, Field(path, value, about.source, None))
    # Most entries cannot match: those that may, by their numbers in the haystack.
    briefing = index.briefing
    for entry, section in entries_numbered(briefing, matcher.candidates(briefing.haystack)):
        for field in cited_fields(briefing, entry):
            value = field.value
            if type(value) is str:  # most fields: no list or record to walk
                if matcher(value):
                    found(section, entry.id, field.path, value, field)
            elif isinstance(value, tuple):
                for path, item in texts(value, field.path):
                    if matcher(item):
                        found(section, entry.id, path, item, field)
    also = [a for a in matcher.aliases if a.casefold() != text.strip().casefold()]
    notes = (f"Also searched for: {', '.join(also)}.",) if also else ()
    shown = shorten(text, 80)
    return Report(
        f"Search: {shown}",
        SEARCH_COLUMNS,
        tuple(rows),
        notes,
        empty=f"nothing mentions {shown!r}",
        highlight=matcher.spans,
    )
