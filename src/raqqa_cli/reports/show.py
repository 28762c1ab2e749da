"""`raqqa show ID`: one entry whole, its source chain with locators, what refers to it."""

from typing import Annotated, Any

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Erratum, Source
from raqqa_cli.errors import QueryError, quoted, shorten
from raqqa_cli.report import MACHINES, PEOPLE, Record, Report, Sourced, Value, col, columns_of, flat
from raqqa_cli.reports.entries import all_entries, cited_fields, refers_to, summary


class ShowRow(Record):
    """One field of an entry, one source of its chain, or one thing that refers to it:
    `raqqa show`'s record, and its row for people."""

    part: Annotated[str, col("Part")]
    field: Annotated[str, col("Field")]
    # People read a name beside each id (`Michael Fallon (act-fallon)`); records the value.
    shown: Annotated[Value, col("Value", audience=PEOPLE)]
    value: Annotated[Value, col("Value", audience=MACHINES)]
    id: Annotated[str | None, col("ID")]
    # The source of the value, and the source that one credits for it, if it names one.
    cited: Sourced


SHOW_COLUMNS = columns_of(ShowRow)


def source_text(source: Source) -> str:
    """A full reference: `Title. Publisher, date. kind. locator`."""
    from raqqa_cli.render.text import stop_after

    parts = [f"{source.publisher}, {source.date}" if source.date else source.publisher]
    parts.append(source.kind)
    if source.locator:
        parts.append(source.locator)
    return f"{source.title}{stop_after(source.title)} {'. '.join(parts)}"


def _named(index: Index, value: Value) -> Value:
    """`value` for people: each id of an entry with its name beside it: an actor's or a
    place's name, a source's citation, any other entry's summary (shortened)."""
    if isinstance(value, tuple):
        return tuple(str(_named(index, item)) for item in value)
    if not isinstance(value, str):
        return value
    name = index.actor_name(value) or index.place_name(value)
    entry = index.get(value) if name is None else None
    if isinstance(entry, Source):
        name = index.citation(value)
    elif entry is not None:  # a package, a statement, an issue: what it is, in a few words
        name = shorten(summary(entry), 60)
    return f"{name} ({value})" if name else value


def _field_rows(index: Index, entry: Any) -> list[tuple[Value, ...]]:
    rows: list[tuple[Value, ...]] = []
    for field in cited_fields(index.briefing, entry):
        if field.path == "id" or field.value is None or field.value == ():
            continue
        row = ShowRow(
            part="field",
            field=field.path,
            shown=_named(index, field.value),
            value=field.value,
            id=entry.id,
            cited=Sourced.of(index, field.source, field.via),
        )
        rows.append(flat(row))
        # A quote, and an erratum's claim (`says`, `article_says` in version 1): checkable.
        if field.path == "quote" or (
            isinstance(entry, Erratum) and field.path in ("says", "article_says")
        ):
            rows += _unchecked(index, entry, field.path, field.source, field.via)
    return rows


def _unchecked(
    index: Index, entry: Any, path: str, said_by: str | None, via: str | None
) -> list[tuple[Value, ...]]:
    """A row saying a quote cannot be checked against its source's words, if it cannot;
    `via`, the source the quote's own source credits for it (none for an erratum's claim)."""
    from raqqa_cli.briefing.quotes import why_unchecked

    if path == "quote":
        source_id, kind = entry.source, entry.quote_kind or "verbatim"
    else:  # an erratum: what the claim's own source says, word for word
        source_id, kind = said_by or index.briefing.briefing.source, "verbatim"
    source = index.get(source_id)
    why = why_unchecked(source if isinstance(source, Source) else None, kind)
    if why is None:
        return []
    said = f"not checked against the source's words: {why}"
    row = ShowRow(
        part="check",
        field=path,
        shown=said,
        value=said,
        id=entry.id,
        cited=Sourced.of(index, source_id, via),
    )
    return [flat(row)]


def _chain(index: Index, entry: Any) -> list[tuple[Value, ...]]:
    """The sources the entry credits (its source, via, other sources, accounts), each once;
    for a source, the sources it cites."""
    start = [
        (name, getattr(entry, name, None))
        for name in ("source", "via", "also", "claim_source")
        if getattr(entry, name, None)
    ]
    queue: list[tuple[str, str]] = []
    for name, value in start:
        queue += [(name, v) for v in (value if isinstance(value, tuple) else (value,))]
    queue += [("accounts", account.source) for account in getattr(entry, "accounts", ())]
    if isinstance(entry, Source):
        queue = [("cites", c) for c in entry.cites]
    rows: list[tuple[Value, ...]] = []
    seen: set[str] = set()
    while queue:
        how, source_id = queue.pop(0)
        source = index.get(source_id)
        if source_id in seen or not isinstance(source, Source):
            continue
        seen.add(source_id)
        row = ShowRow(
            part="source chain",
            field=how,
            shown=source_text(source),
            value=source_text(source),
            id=source.id,
            cited=Sourced.of(index, source.id),
        )
        rows.append(flat(row))
        # Only what the entry credits: a source's own sources are `raqqa show` of it away
        # (Rory Stewart's statement listed the Russian MoD's, cited by a source it cites).
    return rows


def _backlinks(index: Index, target: str) -> list[tuple[Value, ...]]:
    rows: list[tuple[Value, ...]] = []
    about = index.briefing.briefing
    if about.source == target:
        row = ShowRow(
            part="referred to by",
            field="briefing.source",
            shown=about.title,
            value=about.title,
            id=None,
            cited=Sourced.of(index, about.source),
        )
        rows.append(flat(row))
    for entry, section in all_entries(index):
        for field in refers_to(entry, target):
            source = entry.id if section == "sources" else getattr(entry, "source", None)
            via = getattr(entry, "via", None)  # the source it credits, where it can name one
            row = ShowRow(
                part="referred to by",
                field=f"{section}.{field}",
                shown=summary(entry),
                value=summary(entry),
                id=entry.id,
                cited=Sourced.of(index, source, via),
            )
            rows.append(flat(row))
    return rows


def show_report(index: Index, entry_id: str) -> Report:
    """Every field of one entry (each cited to where it comes from), its source chain
    with locators, and every entry that refers to it."""
    entry = index.get(entry_id.strip()) if entry_id.strip() else None
    if entry is None:
        import difflib

        if not entry_id.strip():
            raise QueryError("an empty id names nothing: give an entry's id (raqqa search TEXT)")
        # Ids are lower case: `ST-STEWART-KILL` is a slip of the caps lock, not a new id.
        close = difflib.get_close_matches(entry_id.lower(), list(index.by_id), n=3, cutoff=0.6)
        hint = (
            f"did you mean {', '.join(repr(c) for c in close)}?"
            if close
            else f"find one with `{index.invocation} search TEXT`"
        )
        raise QueryError(f"no entry has the id {quoted(shorten(entry_id, 80))}; {hint}")
    section = index.section_of[entry.id]
    rows = [*_field_rows(index, entry), *_chain(index, entry), *_backlinks(index, entry.id)]
    from raqqa_cli.reports.overview import SECTION_TITLES

    title = f"{SECTION_TITLES.get(section, section)}: {summary(entry)}"
    return Report(title, SHOW_COLUMNS, tuple(rows), key=entry.id, layout="record")
