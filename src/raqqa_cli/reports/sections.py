"""`raqqa statements` and `raqqa places`: those sections as listings."""

from __future__ import annotations

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import cites, entry_notes, find_sources, keep_matching
from raqqa_cli.reports.phrases import said_when, statement_text, where_text
from raqqa_cli.reports.renderings import RENDERING_COLUMNS, rendering_values, with_renderings
from raqqa_cli.reports.speakers import speaker_text, spoke_for, statement_names

STATEMENT_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("spoken_by", "Speaker", audience="people"),
    Column("speaker", "Speaker", audience="machines"),
    Column("speaker_id", "Speaker id", audience="machines"),
    # The organisation of the role the speaker held at the date (one, or null), the actors
    # the statement was made on behalf of, and the statement it answers.
    Column("speaker_for_id", "Speaker for id", audience="machines"),
    Column("on_behalf_of_ids", "On behalf of ids", audience="machines"),
    Column("in_reply_to_id", "In reply to id", audience="machines"),
    Column("dated", "Date", audience="people"),
    Column("date", "Date", audience="machines"),
    Column("reported", "Reported", audience="machines"),
    Column("where", "Where", audience="people"),
    Column("venue", "Venue", audience="machines"),
    Column("place", "Place", audience="machines"),
    Column("place_id", "Place id", audience="machines"),
    Column("said", "Said", audience="people"),
    Column("paraphrase", "Paraphrase", audience="machines"),
    Column("quote", "Quote", audience="machines"),
    Column("quote_kind", "Quote kind", audience="machines"),
    Column("note", "Note", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("via_id", "Via id", audience="machines"),
    Column("date_precision", "Date precision", audience="machines"),
    Column("original_language", "Original language", audience="machines"),
    *RENDERING_COLUMNS,
)


def statements_report(
    index: Index, *, actor: str | None = None, source: str | None = None, match: str | None = None
) -> Report:
    """Who said what, when and where; paraphrase and quote kept apart. `actor` keeps the
    statements it made, made on its behalf, or made by someone holding a role for it then."""
    actors = {a.id for a in index.require_actors(actor)} if actor is not None else None
    sources = find_sources(index, source) if source is not None else None
    rows: list[tuple[Value, ...]] = []
    for s in index.briefing.statements:
        if (actors is not None and not statement_names(index, s, actors)) or not cites(s, sources):
            continue
        place = index.place_name(s.place)
        rows.append((
            s.id, speaker_text(index, s), index.actor_name(s.speaker), s.speaker,
            spoke_for(index, s.speaker, s.date), s.on_behalf_of, s.in_reply_to,
            said_when(s.date, s.date_precision, s.reported), s.date, s.reported,
            where_text(s.venue, place), s.venue, place, s.place,
            with_renderings(index, s, statement_text(s)), s.paraphrase, s.quote, s.quote_kind,
            s.note, index.citation(s.source, s.via), s.source, s.via, s.date_precision,
            s.original_language, *rendering_values(s),
        ))  # fmt: skip
    rows = keep_matching(rows, index.matcher(match) if match is not None else None)
    notes = entry_notes(STATEMENT_COLUMNS, rows)
    return Report("Statements", STATEMENT_COLUMNS, tuple(rows), notes, empty="no statements match")


PLACE_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("name", "Place"),
    Column("kind", "Kind"),
    Column("within", "Within"),
    Column("within_id", "Within id", audience="machines"),
    Column("aliases", "Also written"),
    Column("note", "Note", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
)


def places_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Places, every spelling, and what each lies within."""
    rows: list[tuple[Value, ...]] = [
        (
            p.id, p.name, p.kind, index.place_name(p.within), p.within, p.aliases, p.note,
            index.citation(p.source), p.source,
        )
        for p in index.briefing.places
    ]  # fmt: skip
    rows = keep_matching(rows, matcher)
    notes = entry_notes(PLACE_COLUMNS, rows)
    return Report("Places", PLACE_COLUMNS, tuple(rows), notes, empty="no places match")
