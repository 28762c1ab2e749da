"""`raqqa statements` and `raqqa places`: those sections as listings."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Dated,
    DatePrecision,
    EntryId,
    IsoDate,
    Note,
    PlaceId,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.filters import cites, empty_text, entry_notes, find_sources, keep_matching
from raqqa_cli.reports.phrases import said_when, statement_text, where_text
from raqqa_cli.reports.renderings import Renderings, renderings_of, with_renderings
from raqqa_cli.reports.speakers import speaker_text, spoke_for, statement_names


class StatementRow(Record):
    """One statement: `raqqa statements`' record, and its row for people."""

    id: EntryId
    spoken_by: Annotated[str | None, col("Speaker", audience=PEOPLE)]
    speaker: Annotated[str | None, col("Speaker", audience=MACHINES)]
    speaker_id: Annotated[str, col("Speaker id", audience=MACHINES)]
    # The organisation of the role the speaker held at the date (one, or null), the actors
    # the statement was made on behalf of, and the statement it answers.
    speaker_for_id: Annotated[str | None, col("Speaker for id", audience=MACHINES)]
    on_behalf_of_ids: Annotated[tuple[str, ...], col("On behalf of ids", audience=MACHINES)]
    in_reply_to_id: Annotated[str | None, col("In reply to id", audience=MACHINES)]
    dated: Dated
    date: IsoDate
    reported: Annotated[str | None, col("Reported", audience=MACHINES)]
    where: Annotated[str | None, col("Where", audience=PEOPLE)]
    venue: Annotated[str | None, col("Venue", audience=MACHINES)]
    place: Annotated[str | None, col("Place", audience=MACHINES)]
    place_id: PlaceId
    said: Annotated[str, col("Said", audience=PEOPLE)]
    paraphrase: Annotated[str | None, col("Paraphrase", audience=MACHINES)]
    quote: Annotated[str | None, col("Quote", audience=MACHINES)]
    quote_kind: Annotated[str | None, col("Quote kind", audience=MACHINES)]
    note: Note
    cited: Sourced
    date_precision: DatePrecision
    original_language: Annotated[str | None, col("Original language", audience=MACHINES)]
    renderings: Renderings


STATEMENT_COLUMNS = columns_of(StatementRow)


def statements_report(
    index: Index, *, actor: str | None = None, source: str | None = None, match: str | None = None
) -> Report:
    """Who said what, when and where; the paraphrase, then the quote in quotation marks
    (apart in records). `actor` keeps the statements it made, made on its behalf, or made
    by someone holding a role for it then."""
    actors = {a.id for a in index.require_actors(actor)} if actor is not None else None
    sources = find_sources(index, source) if source is not None else None
    rows: list[tuple[Value, ...]] = []
    for s in index.briefing.statements:
        if (actors is not None and not statement_names(index, s, actors)) or not cites(s, sources):
            continue
        place = index.place_name(s.place)
        row = StatementRow(
            id=s.id,
            spoken_by=speaker_text(index, s),
            speaker=index.actor_name(s.speaker),
            speaker_id=s.speaker,
            speaker_for_id=spoke_for(index, s.speaker, s.date),
            on_behalf_of_ids=s.on_behalf_of,
            in_reply_to_id=s.in_reply_to,
            dated=said_when(s.date, s.date_precision, s.reported),
            date=s.date,
            reported=s.reported,
            where=where_text(s.venue, place),
            venue=s.venue,
            place=place,
            place_id=s.place,
            said=with_renderings(index, s, statement_text(s)),
            paraphrase=s.paraphrase,
            quote=s.quote,
            quote_kind=s.quote_kind,
            note=s.note,
            cited=Sourced.of(index, s.source, s.via),
            date_precision=s.date_precision,
            original_language=s.original_language,
            renderings=renderings_of(s),
        )
        rows.append(flat(row))
    rows = keep_matching(rows, index.matcher(match) if match is not None else None)
    notes = entry_notes(STATEMENT_COLUMNS, rows)
    return Report(
        "Statements",
        STATEMENT_COLUMNS,
        tuple(rows),
        notes,
        empty=empty_text("statements", (actor, source, match) != (None, None, None)),
    )


class PlaceRow(Record):
    """One place: `raqqa places`' record, and its row for people."""

    id: EntryId
    name: Annotated[str, col("Place")]
    kind: Annotated[str | None, col("Kind")]
    within: Annotated[str | None, col("Within")]
    within_id: Annotated[str | None, col("Within id", audience=MACHINES)]
    aliases: Annotated[tuple[str, ...], col("Also written")]
    note: Note
    cited: Sourced


PLACE_COLUMNS = columns_of(PlaceRow)


def places_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Places, every spelling, and what each lies within."""
    rows: list[tuple[Value, ...]] = [
        flat(
            PlaceRow(
                id=p.id,
                name=p.name,
                kind=p.kind,
                within=index.place_name(p.within),
                within_id=p.within,
                aliases=p.aliases,
                note=p.note,
                cited=Sourced.of(index, p.source),
            )
        )
        for p in index.briefing.places
    ]
    rows = keep_matching(rows, matcher)
    notes = entry_notes(PLACE_COLUMNS, rows)
    return Report(
        "Places", PLACE_COLUMNS, tuple(rows), notes, empty=empty_text("places", matcher is not None)
    )
