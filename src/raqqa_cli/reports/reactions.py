"""`raqqa reactions`: who reacted, their stance, what they claimed, under which source."""

from __future__ import annotations

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import cites, entry_notes, find_sources, keep_matching
from raqqa_cli.reports.phrases import said_when, statement_text
from raqqa_cli.reports.renderings import RENDERING_COLUMNS, rendering_values, with_renderings
from raqqa_cli.reports.speakers import speaks_for_any

REACTION_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("actor", "Actor"),
    Column("actor_id", "Actor id", audience="machines"),
    Column("speaker", "Speaker"),
    Column("speaker_id", "Speaker id", audience="machines"),
    Column("stance", "Stance"),
    Column("claim", "Claim", audience="machines"),
    Column("quote", "Quote", audience="machines"),
    Column("quote_kind", "Quote kind", audience="machines"),
    Column("said", "Claim or quote", audience="people"),
    Column("about", "About", audience="people"),
    Column("figure_ids", "Figure ids", audience="machines"),
    Column("dated", "Date", audience="people"),
    Column("date", "Date", audience="machines"),
    Column("reported", "Reported", audience="machines"),
    Column("note", "Note", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("via_id", "Via id", audience="machines"),
    Column("date_precision", "Date precision", audience="machines"),
    Column("about_ids", "About ids", audience="machines"),
    Column("original_language", "Original language", audience="machines"),
    *RENDERING_COLUMNS,
)


def about_text(index: Index, about: tuple[str, ...]) -> tuple[str, ...]:
    """What a reaction is aimed at, each entry as one line says it: `money asked for: USD
    2,000,000,000`, `Fund package for 2021`."""
    from raqqa_cli.reports.entries import summary

    return tuple(summary(index.get(entry_id)) for entry_id in about)


def reactions_report(
    index: Index, *, actor: str | None = None, source: str | None = None, match: str | None = None
) -> Report:
    """International reactions: actor, stance, claim or quote, date, source. `actor` keeps
    the reactions of that actor, or spoken by it or by someone holding a role for it then."""
    actors = {a.id for a in index.require_actors(actor)} if actor is not None else None
    sources = find_sources(index, source) if source is not None else None
    rows: list[tuple[Value, ...]] = []
    for r in index.briefing.reactions:
        if (
            actors is not None
            and r.actor not in actors
            and not speaks_for_any(index, r.speaker, r.date, actors)
        ):
            continue
        if not cites(r, sources):
            continue
        rows.append((
            r.id, index.actor_name(r.actor), r.actor, index.actor_name(r.speaker), r.speaker,
            r.stance, r.claim, r.quote, r.quote_kind, with_renderings(index, r, statement_text(r)),
            about_text(index, r.about), r.figures,
            said_when(r.date, r.date_precision, r.reported), r.date, r.reported, r.note,
            index.citation(r.source, r.via), r.source, r.via, r.date_precision, r.about,
            r.original_language, *rendering_values(r),
        ))  # fmt: skip
    rows = keep_matching(rows, index.matcher(match) if match is not None else None)
    notes = entry_notes(REACTION_COLUMNS, rows)
    return Report("Reactions", REACTION_COLUMNS, tuple(rows), notes, empty="no reactions match")
