"""`raqqa reactions`: who reacted, their stance, what they claimed, under which source."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Dated,
    DatePrecision,
    EntryId,
    IsoDate,
    Note,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.filters import cites, empty_text, entry_notes, find_sources, keep_matching
from raqqa_cli.reports.phrases import said_when, statement_text
from raqqa_cli.reports.renderings import Renderings, renderings_of, with_renderings
from raqqa_cli.reports.speakers import speaks_for_any


class ReactionRow(Record):
    """One reaction: `raqqa reactions`' record, and its row for people."""

    id: EntryId
    actor: Annotated[str | None, col("Actor")]
    actor_id: Annotated[str, col("Actor id", audience=MACHINES)]
    speaker: Annotated[str | None, col("Speaker")]
    speaker_id: Annotated[str | None, col("Speaker id", audience=MACHINES)]
    stance: Annotated[str | None, col("Stance")]
    claim: Annotated[str | None, col("Claim", audience=MACHINES)]
    quote: Annotated[str | None, col("Quote", audience=MACHINES)]
    quote_kind: Annotated[str | None, col("Quote kind", audience=MACHINES)]
    said: Annotated[str, col("Claim or quote", audience=PEOPLE)]
    about: Annotated[tuple[str, ...], col("About", audience=PEOPLE)]
    figure_ids: Annotated[tuple[str, ...], col("Figure ids", audience=MACHINES)]
    dated: Dated
    date: IsoDate
    reported: Annotated[str | None, col("Reported", audience=MACHINES)]
    note: Note
    cited: Sourced
    date_precision: DatePrecision
    about_ids: Annotated[tuple[str, ...], col("About ids", audience=MACHINES)]
    original_language: Annotated[str | None, col("Original language", audience=MACHINES)]
    renderings: Renderings


REACTION_COLUMNS = columns_of(ReactionRow)


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
        row = ReactionRow(
            id=r.id,
            actor=index.actor_name(r.actor),
            actor_id=r.actor,
            speaker=index.actor_name(r.speaker),
            speaker_id=r.speaker,
            stance=r.stance,
            claim=r.claim,
            quote=r.quote,
            quote_kind=r.quote_kind,
            said=with_renderings(index, r, statement_text(r)),
            about=about_text(index, r.about),
            figure_ids=r.figures,
            dated=said_when(r.date, r.date_precision, r.reported),
            date=r.date,
            reported=r.reported,
            note=r.note,
            cited=Sourced.of(index, r.source, r.via),
            date_precision=r.date_precision,
            about_ids=r.about,
            original_language=r.original_language,
            renderings=renderings_of(r),
        )
        rows.append(flat(row))
    rows = keep_matching(rows, index.matcher(match) if match is not None else None)
    notes = entry_notes(REACTION_COLUMNS, rows)
    return Report(
        "Reactions",
        REACTION_COLUMNS,
        tuple(rows),
        notes,
        empty=empty_text("reactions", (actor, source, match) != (None, None, None)),
    )
