"""`raqqa timeline`: dated events in order, each at the precision known."""

import datetime
from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import DATE_PATTERN
from raqqa_cli.errors import QueryError, shorten
from raqqa_cli.report import (
    MACHINES,
    Dated,
    DatePrecision,
    EntryId,
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
from raqqa_cli.reports.filters import empty_text, entry_notes
from raqqa_cli.reports.phrases import dated_text


def date_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a partial date covers: `2017-06` -> 1 and 30 June."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        if month == 12:  # the month after December may be past the calendar's end (9999)
            return datetime.date(year, 12, 1), datetime.date(year, 12, 31)
        following = datetime.date(year, month + 1, 1)
        return datetime.date(year, month, 1), following - datetime.timedelta(days=1)
    day = datetime.date(year, month, parts[2])
    return day, day


def parse_user_date(text: str, option: str) -> tuple[datetime.date, datetime.date]:
    """A --since/--until value, or a usage problem saying what a date looks like."""
    import re

    from raqqa_cli.briefing.check import calendar_problem

    if not re.match(DATE_PATTERN.regex, text) or calendar_problem(text):
        raise QueryError(
            f"{option} {shorten(text, 80)!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    return date_bounds(text)


PRECISION = {1: "year", 2: "month", 3: "day"}


class TimelineRow(Record):
    """One dated event: `raqqa timeline`'s record, and its row for people."""

    dated: Dated
    date: Annotated[str, col("Date", audience=MACHINES)]
    precision: Annotated[str, col("Precision", audience=MACHINES)]
    what: Annotated[str, col("What happened")]
    place: Annotated[str | None, col("Where")]
    place_id: PlaceId
    actor_ids: Annotated[tuple[str, ...], col("Actor ids", audience=MACHINES)]
    note: Note
    id: EntryId
    cited: Sourced
    date_precision: DatePrecision


TIMELINE_COLUMNS = columns_of(TimelineRow)


def timeline_report(index: Index, since: str | None = None, until: str | None = None) -> Report:
    """Dated events in order; a month stays a month. An event is kept if any part of
    the period it covers falls between --since and --until."""
    start = parse_user_date(since, "--since")[0] if since is not None else None
    end = parse_user_date(until, "--until")[1] if until is not None else None
    if start and end and start > end:
        raise QueryError(f"--since {since} is after --until {until}: nothing can fall between")
    rows: list[tuple[Value, ...]] = []
    events = index.briefing.events
    dated = sorted((date_bounds(e.date), e.id, n) for n, e in enumerate(events))
    for (first, last), _, n in dated:
        event = events[n]
        if (start and last < start) or (end and first > end):
            continue
        row = TimelineRow(
            dated=dated_text(event.date, event.date_precision),
            date=event.date,
            precision=PRECISION[event.date.count("-") + 1],
            what=event.what,
            place=index.place_name(event.place),
            place_id=event.place,
            actor_ids=event.actors,
            note=event.note,
            id=event.id,
            cited=Sourced.of(index, event.source, event.via),
            date_precision=event.date_precision,
        )
        rows.append(flat(row))
    return Report(
        "Timeline",
        TIMELINE_COLUMNS,
        tuple(rows),
        entry_notes(TIMELINE_COLUMNS, rows),
        empty="no events in that period"
        if (since, until) != (None, None)
        else empty_text("events", False),
        layout="timeline",
    )
