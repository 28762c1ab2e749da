"""`raqqa sources` and `raqqa errata`: the citations, and where sources differ."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher, short_name
from raqqa_cli.briefing.model import LISTED_KINDS, Erratum, Source, claim_source_of
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Column,
    Dated,
    DatePrecision,
    EntryId,
    IsoDate,
    Note,
    NoVia,
    Record,
    Report,
    SourceId,
    Value,
    col,
    columns_of,
)
from raqqa_cli.reports.filters import empty_text, keep_matching
from raqqa_cli.reports.phrases import dated_text


class SourceRow(Record):
    """One source: `raqqa sources`' record, and its row for people."""

    id: Annotated[str, col("ID")]
    title: Annotated[str, col("Title")]
    publisher: Annotated[str, col("Publisher")]
    dated: Dated
    date: IsoDate
    kind: Annotated[str, col("Kind")]
    grade: Annotated[str | None, col("Grade")]
    last_verified: Annotated[str | None, col("Last verified")]
    locator: Annotated[str | None, col("Locator", link=True)]
    cites: Annotated[tuple[str, ...], col("Cites")]
    cited_by: Annotated[tuple[str, ...], col("Cited by")]
    note: Note
    source_id: SourceId
    # A source is its own source: the one it relies on is under `cites`, not credited as a via.
    via_id: NoVia
    # schema version 2: for people, in the source's line under the table (`source_details`)
    author: Annotated[str | None, col("Author", audience=MACHINES)]
    via_publisher: Annotated[str | None, col("Via publisher", audience=MACHINES)]
    accessed: Annotated[str | None, col("Accessed", audience=MACHINES)]
    date_precision: DatePrecision


SOURCE_COLUMNS = columns_of(SourceRow)


def publisher_text(source: Source) -> str:
    """`Wire Service, via Daily Mirror Site`: the publisher, and where it was read when
    syndicated, reposted or mirrored."""
    via = source.via_publisher
    return f"{source.publisher}, via {via}" if via else source.publisher


def source_details(source: Source) -> list[str]:
    """What a source says of itself beyond its columns, for people: `by Jane Doe`, `via
    Yahoo News`, `accessed 2021-04-07`, and its note; empty when it says none of these."""
    parts = [f"by {source.author}" if source.author else ""]
    parts.append(f"via {source.via_publisher}" if source.via_publisher else "")
    parts.append(f"accessed {source.accessed}" if source.accessed else "")
    return [p for p in (*parts, source.note or "") if p]


def sources_report(
    index: Index, matcher: Matcher | None = None, *, by_grade: bool = False
) -> Report:
    """The citations, their grades and locators, and who cites whom as far as each source
    says so; `by_grade`: the best graded first (A1 before A2 before B1), ungraded last.

    A source is its own source: `source_id` is its id, so every record of every command
    joins to this one the same way."""
    from raqqa_cli.reports.grades import grade_order

    sources = index.briefing.sources
    if by_grade:
        sources = tuple(sorted(sources, key=lambda s: grade_order(s.grade)))
    cited_by: dict[str, list[str]] = {s.id: [] for s in sources}
    for s in sources:
        for cited in s.cites:
            cited_by.setdefault(cited, []).append(s.id)
    rows: list[tuple[Value, ...]] = [
        SourceRow(
            id=s.id,
            title=s.title,
            publisher=s.publisher,
            dated=dated_text(s.date, s.date_precision),
            date=s.date,
            kind=s.kind,
            grade=s.grade,
            last_verified=s.last_verified,
            locator=s.locator,
            cites=s.cites,
            cited_by=tuple(cited_by[s.id]),
            note=s.note,
            source_id=s.id,
            via_id=None,
            author=s.author,
            via_publisher=s.via_publisher,
            accessed=s.accessed,
            date_precision=s.date_precision,
        )
        for s in sources
    ]
    rows = keep_matching(rows, matcher)
    by_id = {s.id: s for s in sources}
    notes = tuple(
        f"{row[0]}: {'; '.join(details)}"
        for row in rows
        if (details := source_details(by_id[str(row[0])]))
    )
    return Report(
        "Sources",
        SOURCE_COLUMNS,  # a briefing that grades no source shows people no Grade column
        tuple(rows),
        notes,
        empty=empty_text("sources", matcher is not None),
    )


class ErratumRow(Record):
    """One erratum of a version-1 file: `raqqa errata`' record, and its row for people."""

    id: EntryId
    kind: Annotated[str, col("Kind", audience=MACHINES)]
    topic: Annotated[str, col("Topic")]
    article_says: Annotated[str, col("The briefing says")]
    says_source: Annotated[str, col("Its source", audience=PEOPLE)]
    says_source_id: Annotated[str, col("Its source id", audience=MACHINES)]
    record_says: Annotated[str, col("The record says")]
    source: Annotated[str, col("Record's sources", audience=PEOPLE)]
    source_id: SourceId
    via_id: NoVia  # an erratum credits no other source
    source_ids: Annotated[tuple[str, ...], col("Source ids", audience=MACHINES)]
    concern_ids: Annotated[tuple[str, ...], col("Concerns", audience=MACHINES)]


class ErratumRowV2(Record):
    """One erratum of a version-2 file. Schema version 2 names the claim's words and source
    whoever makes the claim, and gives further accounts, each under its own source, as lists
    that run side by side; for people, `accounts` is shown only where any listed entry has
    further accounts (`_errata_columns`)."""

    id: EntryId
    kind: Annotated[str, col("Kind", audience=MACHINES)]
    topic: Annotated[str, col("Topic")]
    says: Annotated[str, col("The briefing says")]
    says_source: Annotated[str, col("Its source", audience=PEOPLE)]
    claim_source_id: Annotated[str, col("Claim source id", audience=MACHINES)]
    record_says: Annotated[str, col("The record says")]
    source: Annotated[str, col("Record's sources", audience=PEOPLE)]
    # For people: each further account with its citation.
    accounts: Annotated[tuple[str, ...], col("Further accounts", audience=PEOPLE)]
    source_id: SourceId
    via_id: NoVia  # an erratum credits no other source
    source_ids: Annotated[tuple[str, ...], col("Source ids", audience=MACHINES)]
    concern_ids: Annotated[tuple[str, ...], col("Concerns", audience=MACHINES)]
    account_says: Annotated[tuple[str, ...], col("Accounts", audience=MACHINES)]
    account_source_ids: Annotated[tuple[str, ...], col("Account source ids", audience=MACHINES)]


ERRATA_COLUMNS = columns_of(ErratumRow)
_ERRATUM_V2 = columns_of(ErratumRowV2)
# Shown where any listed entry has further accounts, in its place; otherwise left out.
ACCOUNTS = next(column for column in _ERRATUM_V2 if column.key == "accounts")
ERRATA_COLUMNS_V2 = tuple(column for column in _ERRATUM_V2 if column.key != "accounts")
# Where `_errata_columns` retitles a column, and puts the further accounts for people.
SAYS, RECORD_SAYS = 3, 6


def listed(index: Index) -> list[Erratum]:
    """The errata `raqqa errata` lists: claims contradicted (`difference` in version 1) or
    disputed, not context."""
    return [e for e in index.briefing.errata if e.kind in LISTED_KINDS]


def _errata_columns(index: Index, errata: list[Erratum]) -> tuple[Column, ...]:
    """The columns for these errata: version-1 keys for a version-1 file; for people, "The
    briefing says" while every claim is the briefing's own source's, else whose words."""
    own = index.briefing.briefing.source
    if index.briefing.schema_version < 2:
        return ERRATA_COLUMNS
    columns = list(ERRATA_COLUMNS_V2)
    claimed_by = {claim_source_of(e, own) for e in errata}
    if claimed_by - {own}:
        source = index.get(next(iter(claimed_by))) if len(claimed_by) == 1 else None
        said = "The claim"
        if isinstance(source, Source):
            said = f"What {short_name(source.publisher)} says"
        columns[SAYS] = columns[SAYS]._replace(title=said)
    disputed = any(e.kind == "disputed" for e in errata)
    if disputed:
        columns[1] = columns[1]._replace(audience="all")  # which claims are only disputed
    if claimed_by - {own} or disputed or any(e.accounts for e in errata):
        # The other side is not always "the record": in a dispute it settles nothing.
        columns[RECORD_SAYS] = columns[RECORD_SAYS]._replace(title="Other sources say")
        columns[RECORD_SAYS + 1] = columns[RECORD_SAYS + 1]._replace(title="Their sources")
    if any(e.accounts for e in errata):
        columns.insert(RECORD_SAYS + 2, ACCOUNTS)
    return tuple(columns)


def _errata_rows(
    index: Index, errata: list[Erratum], columns: tuple[Column, ...]
) -> list[tuple[Value, ...]]:
    rows: list[tuple[Value, ...]] = []
    for e in errata:
        sources = (e.source, *e.also)
        # The claim is its own source's words; what the others say, theirs.
        own = claim_source_of(e, index.briefing.briefing.source)
        row: ErratumRow | ErratumRowV2
        if index.briefing.schema_version < 2:
            row = ErratumRow(
                id=e.id,
                kind=e.kind,
                topic=e.topic,
                article_says=e.says,
                says_source=index.citation(own),
                says_source_id=own,
                record_says=e.record_says,
                source=index.citations_text(sources),
                source_id=e.source,
                via_id=None,
                source_ids=sources,
                concern_ids=e.concerns,
            )
        else:
            row = ErratumRowV2(
                id=e.id,
                kind=e.kind,
                topic=e.topic,
                says=e.says,
                says_source=index.citation(own),
                claim_source_id=own,
                record_says=e.record_says,
                source=index.citations_text(sources),
                accounts=tuple(f"{a.says} ({index.citation(a.source)})" for a in e.accounts),
                source_id=e.source,
                via_id=None,
                source_ids=sources,
                concern_ids=e.concerns,
                account_says=tuple(a.says for a in e.accounts),
                account_source_ids=tuple(a.source for a in e.accounts),
            )
        # The report's columns are the row's, retitled for these errata, `accounts` only
        # where some erratum has any: each value is taken by its column's key.
        rows.append(tuple(getattr(row, column.key) for column in columns))
    return rows


def errata_report(
    index: Index, matcher: Matcher | None = None, *, context_follows: bool = False
) -> Report:
    """Where a claim and other sources differ: contradicted or disputed, each side with its
    sources.

    Context (a fuller title, a figure that agrees) is not a difference: `context_report`;
    the note says how much there is unless it follows (as in the brief).
    """
    errata = listed(index)
    columns = _errata_columns(index, errata)
    rows = keep_matching(_errata_rows(index, errata, columns), matcher)
    own = index.briefing.briefing.source
    notes = [
        "What the briefing says is its own source's words; what the record says is cited to"
        " the record's own sources."
        if all(claim_source_of(e, own) == own for e in errata)
        else "Each claim is its own source's words; what the other sources say is cited to"
        " those sources."
    ]
    disputed = sum(1 for e in errata if e.kind == "disputed")
    if disputed:
        entries = "1 entry is" if disputed == 1 else f"{disputed} entries are"
        notes.append(
            f"{entries} disputed: the sources disagree and the record does not settle it, so"
            " neither side is taken."
        )
    context = len(index.briefing.errata) - len(errata)
    hints: tuple[str, ...] = ()
    if context and not context_follows:
        entries = "1 entry" if context == 1 else f"{context} entries"
        notes.append(
            "Context, where the record agrees with the briefing and adds to it (fuller"
            f" titles, consistent figures), is not listed here ({entries})."
        )
        hints = (f"`{index.invocation} brief` shows the context too.",)
    return Report(
        "Errata",
        columns,
        tuple(rows),
        tuple(notes),
        empty_text("errata", matcher is not None),
        tips=hints,
    )


def context_report(index: Index) -> Report:
    """What the record adds to the briefing and agrees with: errata of kind context."""
    context = [e for e in index.briefing.errata if e.kind == "context"]
    columns = _errata_columns(index, context)
    return Report(
        "Context from the record",
        columns,
        tuple(_errata_rows(index, context, columns)),
        empty="no context entries",
    )
