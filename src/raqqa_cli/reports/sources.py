"""`raqqa sources` and `raqqa errata`: the citations, and where sources differ."""

from __future__ import annotations

from raqqa_cli.lookup import Index, Matcher
from raqqa_cli.model import Erratum
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import keep_matching

SOURCE_COLUMNS = (
    Column("id", "ID"),
    Column("title", "Title"),
    Column("publisher", "Publisher"),
    Column("date", "Date"),
    Column("kind", "Kind"),
    Column("grade", "Grade"),
    Column("last_verified", "Last verified"),
    Column("locator", "Locator", link=True),
    Column("cites", "Cites"),
    Column("cited_by", "Cited by"),
    Column("note", "Note", audience="machines"),
    Column("source_id", "Source id", audience="machines"),
)


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
        (
            s.id, s.title, s.publisher, s.date, s.kind, s.grade, s.last_verified, s.locator,
            s.cites,
            tuple(cited_by[s.id]), s.note, s.id,
        )
        for s in sources
    ]  # fmt: skip
    return Report(
        "Sources",
        SOURCE_COLUMNS,  # a briefing that grades no source shows people no Grade column
        tuple(keep_matching(rows, matcher)),
        empty="no sources match",
    )


ERRATA_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("kind", "Kind", audience="machines"),
    Column("topic", "Topic"),
    Column("article_says", "The briefing says"),
    Column("says_source", "Its source", audience="people"),
    Column("says_source_id", "Its source id", audience="machines"),
    Column("record_says", "The record says"),
    Column("source", "Record's sources", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("source_ids", "Source ids", audience="machines"),
    Column("concern_ids", "Concerns", audience="machines"),
)


def differences(index: Index) -> list[Erratum]:
    """The errata that are real differences, not context."""
    return [e for e in index.briefing.errata if e.kind == "difference"]


def _errata_rows(index: Index, errata: list[Erratum]) -> list[tuple[Value, ...]]:
    rows: list[tuple[Value, ...]] = []
    for e in errata:
        sources = (e.source, *e.also)
        # What the briefing says is the briefing's own source's words; the record, its own.
        own = index.briefing.briefing.source
        rows.append((
            e.id, e.kind, e.topic, e.article_says, index.citation(own), own, e.record_says,
            "; ".join(index.citations(sources)), e.source, sources, e.concerns,
        ))  # fmt: skip
    return rows


def errata_report(
    index: Index, matcher: Matcher | None = None, *, context_follows: bool = False
) -> Report:
    """Where the briefing and the public record differ: both, each with its sources.

    Context (a fuller title, a figure that agrees) is not a difference: `context_report`;
    the note says how much there is unless it follows (as in the brief).
    """
    rows = keep_matching(_errata_rows(index, differences(index)), matcher)
    notes = [
        "What the briefing says is its own source's words; what the record says is cited to"
        " the record's own sources."
    ]
    context = len(index.briefing.errata) - len(differences(index))
    hints: tuple[str, ...] = ()
    if context and not context_follows:
        entries = "1 entry" if context == 1 else f"{context} entries"
        notes.append(
            "Context, where the record agrees with the briefing and adds to it (fuller"
            f" titles, consistent figures), is not listed here ({entries})."
        )
        hints = (f"`{index.invocation} brief` shows the context too.",)
    return Report(
        "Errata", ERRATA_COLUMNS, tuple(rows), tuple(notes), "no errata match", tips=hints
    )


def context_report(index: Index) -> Report:
    """What the record adds to the briefing and agrees with: errata of kind context."""
    context = [e for e in index.briefing.errata if e.kind == "context"]
    return Report(
        "Context from the record",
        ERRATA_COLUMNS,
        tuple(_errata_rows(index, context)),
        empty="no context entries",
    )
