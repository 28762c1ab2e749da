"""`raqqa sources` and `raqqa errata`: the citations, and where sources differ."""

from __future__ import annotations

from raqqa_cli.lookup import Index, Matcher
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import keep_matching

SOURCE_COLUMNS = (
    Column("id", "ID"),
    Column("title", "Title"),
    Column("publisher", "Publisher"),
    Column("date", "Date"),
    Column("kind", "Kind"),
    Column("locator", "Locator", link=True),
    Column("cites", "Cites"),
    Column("cited_by", "Cited by"),
    Column("note", "Note", audience="machines"),
    Column("source_id", "Source id", audience="machines"),
)


def sources_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The citations, their locators, and who cites whom as far as each source says so.

    A source is its own source: `source_id` is its id, so every record of every command
    joins to this one the same way."""
    sources = index.briefing.sources
    cited_by: dict[str, list[str]] = {s.id: [] for s in sources}
    for s in sources:
        for cited in s.cites:
            cited_by.setdefault(cited, []).append(s.id)
    rows: list[tuple[Value, ...]] = [
        (
            s.id, s.title, s.publisher, s.date, s.kind, s.locator, s.cites,
            tuple(cited_by[s.id]), s.note, s.id,
        )
        for s in sources
    ]  # fmt: skip
    return Report(
        "Sources", SOURCE_COLUMNS, tuple(keep_matching(rows, matcher)), empty="no sources match"
    )


ERRATA_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("topic", "Topic"),
    Column("article_says", "The briefing says"),
    Column("record_says", "The record says"),
    Column("source", "Record's sources", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("source_ids", "Source ids", audience="machines"),
    Column("concerns", "Concerns", audience="machines"),
)


def errata_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Where the briefing and the public record differ: both, each with its sources."""
    rows: list[tuple[Value, ...]] = []
    for e in index.briefing.errata:
        sources = (e.source, *e.also)
        rows.append((
            e.id, e.topic, e.article_says, e.record_says, "; ".join(index.citations(sources)),
            e.source, sources, e.concerns,
        ))  # fmt: skip
    notes = (
        "What the briefing says is cited where it appears; what the record says is cited"
        " here, to its own sources.",
    )
    return Report(
        "Errata", ERRATA_COLUMNS, tuple(keep_matching(rows, matcher)), notes, "no errata match"
    )
