"""Briefing -> Report for the rest of the briefing: the overview, actors, timeline,
outlook, figures, sources, errata and search.

Like `query.py`, nothing here prints or knows about formats.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from raqqa_cli.errors import QueryError, shorten
from raqqa_cli.lookup import Index, Matcher
from raqqa_cli.model import (
    DATE_PATTERN,
    ICD_203_STEPS,
    PHIA_STEPS,
    SECTIONS,
    Actor,
    Assessment,
    Event,
    Figure,
    Role,
)
from raqqa_cli.query import figure_text, keep_matching, quantity_text, statement_text
from raqqa_cli.report import Column, Report, Value

# -- the overview ---------------------------------------------------------------------

SECTION_COMMANDS = (
    ("issues", "Issues", "raqqa issues"),
    ("packages", "Aid packages", "raqqa aid --totals"),
    ("pledges", "Aid lines", "raqqa aid"),
    ("reactions", "Reactions", "raqqa reactions"),
    ("statements", "Statements", "raqqa actors NAME"),
    ("actors", "Actors", "raqqa actors"),
    ("places", "Places", "raqqa search PLACE"),
    ("events", "Events", "raqqa timeline"),
    ("assessments", "Judgements", "raqqa outlook"),
    ("figures", "Key figures", "raqqa figures"),
    ("sources", "Sources", "raqqa sources"),
    ("errata", "Errata", "raqqa errata"),
)

OVERVIEW_COLUMNS = (
    Column("section", "Section"),
    Column("count", "Entries", numeric=True),
    Column("command", "Dig in with"),
)


def overview_report(index: Index) -> Report:
    """The briefing at a glance: one line per section with its count and command."""
    about = index.briefing.briefing
    rows = tuple(
        (title, len(getattr(index.briefing, section)), command)
        for section, title, command in SECTION_COMMANDS
    )
    return Report(
        title=f"{about.title} ({about.publisher}, {about.published})",
        columns=OVERVIEW_COLUMNS,
        rows=rows,
        notes=(
            "raqqa search TEXT finds anything; raqqa brief writes it all as one Markdown note.",
        ),
    )


# -- actors ---------------------------------------------------------------------------

ACTOR_COLUMNS = (
    Column("id", "ID"),
    Column("name", "Name"),
    Column("kind", "Kind"),
    Column("roles", "Roles"),
    Column("aliases", "Aliases"),
    Column("source", "Source", audience="machines"),
)


def role_text(index: Index, role: Role) -> str:
    """`Secretary of State for Defence, Ministry of Defence (2014-07-15 to 2017-11-01)`."""
    where = index.actor_name(role.organisation)
    held = f" ({role.start or '?'} to {role.end or '?'})" if role.start or role.end else ""
    return f"{role.title}{', ' + where if where else ''}{held}"


def actors_report(index: Index, matcher: Matcher | None = None) -> Report:
    """People and organisations: kind, roles with the dates held, aliases."""
    rows: list[tuple[Value, ...]] = [
        (
            a.id,
            a.name,
            a.kind,
            tuple(role_text(index, r) for r in a.roles),
            a.aliases,
            a.source,
        )
        for a in index.briefing.actors
    ]
    return Report(
        "Actors",
        ACTOR_COLUMNS,
        tuple(keep_matching(rows, matcher)),
        notes=("raqqa actors NAME shows everything linked to one actor.",),
        empty="no actors match",
    )


LINK_COLUMNS = (
    Column("actor", "Actor"),
    Column("section", "Section"),
    Column("id", "ID"),
    Column("role", "As"),
    Column("date", "Date"),
    Column("what", "What"),
)


def _links(index: Index, actor: Actor) -> Iterator[tuple[Value, ...]]:
    """Everything in the briefing that names `actor`, with the part it plays there."""
    for role in actor.roles:
        yield ("role", None, "holder", role.start, role_text(index, role))
    for entry, section in _entries(index):
        for field_name, value in zip(entry._fields, entry, strict=True):
            named = value == actor.id or (isinstance(value, tuple) and actor.id in value)
            if field_name == "roles":
                for role in value:
                    if role.organisation == actor.id:
                        yield (
                            section,
                            entry.id,
                            "organisation",
                            role.start,
                            f"{entry.name}: {role_text(index, role)}",
                        )
            elif named and field_name != "id":
                yield (section, entry.id, field_name, _date_of(entry), _summary(index, entry))


def actor_detail(index: Index, name: str) -> Report:
    """Everything linked to the actors that go by `name` (any alias)."""
    actors = index.require_actors(name)
    rows = [(actor.name, *link) for actor in actors for link in _links(index, actor)]
    title = "Linked to " + ", ".join(a.name for a in actors)
    return Report(title, LINK_COLUMNS, tuple(rows), empty=f"nothing is linked to {name!r}")


# -- timeline -------------------------------------------------------------------------


def date_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a partial date covers: `2017-06` -> 1 and 30 June."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        if month == 12:  # not via 1 January next year: there is none after 9999
            return datetime.date(year, 12, 1), datetime.date(year, 12, 31)
        following = datetime.date(year, month + 1, 1)
        return datetime.date(year, month, 1), following - datetime.timedelta(days=1)
    day = datetime.date(year, month, parts[2])
    return day, day


def parse_user_date(text: str, option: str) -> tuple[datetime.date, datetime.date]:
    """A --since/--until value, or a usage problem saying what a date looks like."""
    import re

    from raqqa_cli.check import calendar_problem

    if not re.match(DATE_PATTERN.regex, text) or calendar_problem(text):
        raise QueryError(f"{option} {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return date_bounds(text)


PRECISION = {1: "year", 2: "month", 3: "day"}
TIMELINE_COLUMNS = (
    Column("date", "Date"),
    Column("precision", "Precision", audience="machines"),
    Column("what", "What happened"),
    Column("place", "Where"),
    Column("id", "ID", audience="machines"),
    Column("source", "Source"),
)


def timeline_report(index: Index, since: str | None = None, until: str | None = None) -> Report:
    """Dated events in order; a month stays a month. An event is kept if any part of
    the period it covers falls between --since and --until."""
    start = parse_user_date(since, "--since")[0] if since else None
    end = parse_user_date(until, "--until")[1] if until else None
    rows = []
    for event in sorted(index.briefing.events, key=lambda e: (date_bounds(e.date), e.id)):
        first, last = date_bounds(event.date)
        if (start and last < start) or (end and first > end):
            continue
        rows.append((
            event.date, PRECISION[event.date.count("-") + 1], event.what,
            index.place_name(event.place), event.id, index.citation(event.source, event.via),
        ))  # fmt: skip
    return Report(
        "Timeline",
        TIMELINE_COLUMNS,
        tuple(rows),
        empty="no events in that period",
        layout="timeline",
    )


# -- outlook --------------------------------------------------------------------------

OUTLOOK_COLUMNS = (
    Column("judgement", "Judgement"),
    Column("words", "Article's words"),
    Column("scale", "Scale", audience="machines"),
    Column("step", "Step"),
    Column("trend", "Trend"),
    Column("condition", "Condition"),
    Column("holder", "Whose", audience="machines"),
    Column("id", "ID", audience="machines"),
)


def likelihood_rank(assessment: Assessment) -> int:
    """Position on its scale (both have seven steps), most likely first; unmapped last."""
    if assessment.step is None or assessment.scale is None:
        return 99
    steps = ICD_203_STEPS if assessment.scale == "ICD 203" else PHIA_STEPS
    return len(steps) - steps.index(assessment.step)


def outlook_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The analytic judgements, most likely first, in the article's words and on a scale."""
    ordered = sorted(index.briefing.assessments, key=likelihood_rank)
    rows: list[tuple[Value, ...]] = [
        (
            a.judgement, a.words, a.scale,
            f"{a.step} ({a.scale})" if a.step else None,
            a.trend, a.condition, a.holder, a.id,
        )
        for a in ordered
    ]  # fmt: skip
    notes = (
        "Steps map the article's words onto a named scale (ICD 203: almost no chance ..."
        " almost certain); a trend such as 'increasingly likely' is kept apart from the step.",
    )
    return Report(
        "Outlook",
        OUTLOOK_COLUMNS,
        tuple(keep_matching(rows, matcher)),
        notes,
        empty="no judgements match",
    )


# -- figures --------------------------------------------------------------------------

FIGURE_COLUMNS = (
    Column("measure", "Measure", audience="machines"),
    Column("counts", "What is counted"),
    Column("shown", "Figure", audience="people"),
    Column("value", "Value", numeric=True, audience="machines"),
    Column("low", "Low", numeric=True, audience="machines"),
    Column("high", "High", numeric=True, audience="machines"),
    Column("unit", "Unit", audience="machines"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("scope", "Scope"),
    Column("claimant", "Claimed by"),
    Column("as_of", "As of"),
    Column("id", "ID", audience="machines"),
    Column("source", "Source"),
)


def _scope(index: Index, figure: Figure) -> str | None:
    period = ""
    if figure.period_start or figure.period_end:
        period = f"{figure.period_start or '?'} to {figure.period_end or '?'}"
    return ", ".join(p for p in (index.place_name(figure.place), period) if p) or None


def figures_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Key numbers; figures of the same measure by different claimants stand together."""
    figures = index.briefing.figures
    first_seen = {f.measure: i for i, f in reversed(list(enumerate(figures)))}
    ordered = sorted(figures, key=lambda f: first_seen[f.measure])
    rows: list[tuple[Value, ...]] = [
        (
            f.measure, f.counts, figure_text(f), f.value, f.low, f.high, f.unit, f.qualifier,
            _scope(index, f), index.actor_name(f.claimant), f.as_of, f.id,
            index.citation(f.source, f.via),
        )
        for f in ordered
    ]  # fmt: skip
    from collections import Counter

    per_measure = Counter(f.measure for f in figures)
    shared = [m for m in first_seen if per_measure[m] > 1]
    notes = tuple(
        f"{m}: {per_measure[m]} claimants' figures, side by side; they are different counts,"
        " not a range, and are never added."
        for m in shared[:5]
    )
    if len(shared) > 5:
        notes = (
            f"{len(shared)} measures have figures from several claimants, side by side; they"
            " are different counts, not ranges, and are never added.",
        )
    return Report(
        "Key figures",
        FIGURE_COLUMNS,
        tuple(keep_matching(rows, matcher)),
        notes,
        empty="no figures match",
    )


# -- sources and errata ---------------------------------------------------------------

SOURCE_COLUMNS = (
    Column("id", "ID"),
    Column("title", "Title"),
    Column("publisher", "Publisher"),
    Column("date", "Date"),
    Column("kind", "Kind"),
    Column("locator", "Locator", audience="machines"),
    Column("cites", "Cites"),
    Column("cited_by", "Cited by"),
)


def sources_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The citations, and who cites whom (the article citing the BBC citing a monitor)."""
    sources = index.briefing.sources
    cited_by: dict[str, list[str]] = {s.id: [] for s in sources}
    for s in sources:
        for cited in s.cites:
            cited_by.setdefault(cited, []).append(s.id)
    rows: list[tuple[Value, ...]] = [
        (s.id, s.title, s.publisher, s.date, s.kind, s.locator, s.cites, tuple(cited_by[s.id]))
        for s in sources
    ]
    return Report(
        "Sources", SOURCE_COLUMNS, tuple(keep_matching(rows, matcher)), empty="no sources match"
    )


ERRATA_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("topic", "Topic"),
    Column("article_says", "The article says"),
    Column("record_says", "The record says"),
    Column("source", "Source"),
    Column("concerns", "Concerns", audience="machines"),
)


def errata_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Where the article and the public record differ; the article's words are kept."""
    rows: list[tuple[Value, ...]] = [
        (e.id, e.topic, e.article_says, e.record_says, index.source_label(e.source), e.concerns)
        for e in index.briefing.errata
    ]
    return Report(
        "Errata", ERRATA_COLUMNS, tuple(keep_matching(rows, matcher)), empty="no errata match"
    )


# -- search ---------------------------------------------------------------------------

SEARCH_COLUMNS = (
    Column("section", "Section"),
    Column("id", "ID"),
    Column("field", "Field"),
    Column("text", "Text"),
)
EXCERPT = 160


def _entries(index: Index) -> Iterator[tuple[Any, str]]:
    for section in SECTIONS:
        for entry in getattr(index.briefing, section):
            yield entry, section


def _texts(value: Any, name: str) -> Iterator[tuple[str, str]]:
    """Every (field path, text) inside a value: strings, lists and nested records."""
    if isinstance(value, str):
        yield name, value
    elif hasattr(value, "_fields"):  # a nested record (a role); check before plain tuples
        for field_name, item in zip(value._fields, value, strict=True):
            yield from _texts(item, f"{name}.{field_name}")
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item, name)


def _excerpt(text: str, spans: list[tuple[int, int]]) -> str:
    if len(text) <= EXCERPT or not spans:
        return text[:EXCERPT] + ("..." if len(text) > EXCERPT else "")
    start = max(0, spans[0][0] - EXCERPT // 3)
    end = min(len(text), start + EXCERPT)
    return ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")


def search_report(index: Index, text: str) -> Report:
    """Every entry that mentions `text` in any field, alias-aware; one row per field.

    Text with nothing to search for (blank, a lone accent) is refused by `Index.matcher`.
    """
    matcher = index.matcher(text)
    rows: list[tuple[Value, ...]] = []
    about = index.briefing.briefing
    for where, value in _texts(about, "briefing"):
        if matcher(value):
            excerpt = _excerpt(value, matcher.spans(value))
            rows.append(("briefing", None, where.removeprefix("briefing."), excerpt))
    for entry, section in _entries(index):
        for field_name, field_value in zip(entry._fields, entry, strict=True):
            for path, value in _texts(field_value, field_name):
                if matcher(value):
                    rows.append((section, entry.id, path, _excerpt(value, matcher.spans(value))))
    also = [a for a in matcher.aliases if a.casefold() != text.strip().casefold()]
    notes = (f"Also searched for: {', '.join(also)}.",) if also else ()
    return Report(
        f"Search: {text}",
        SEARCH_COLUMNS,
        tuple(rows),
        notes,
        empty=f"nothing mentions {shorten(text, 80)!r}",
        highlight=matcher.spans,
    )


def _date_of(entry: Any) -> str | None:
    for name in ("date", "as_of", "published", "since"):
        value = getattr(entry, name, None)
        if isinstance(value, str):
            return value
    return None


def _summary(index: Index, entry: Any) -> str:
    """One line saying what an entry is, for lists of links."""
    from raqqa_cli.model import Package, Pledge, Reaction, Statement

    if isinstance(entry, Statement | Reaction):
        return statement_text(entry)
    if isinstance(entry, Figure):
        return f"{entry.counts}: {figure_text(entry)}"
    if isinstance(entry, Pledge):
        amount = quantity_text(entry.qualifier, entry.item or entry.unit, entry.quantity)
        return f"{entry.description}{' (' + amount + ')' if amount else ''}"
    if isinstance(entry, Package | Event):
        return entry.title if isinstance(entry, Package) else entry.what
    for name in ("title", "name", "judgement", "topic"):
        value = getattr(entry, name, None)
        if isinstance(value, str):
            return value
    return entry.id  # type: ignore[no-any-return]


# -- statements and places (shown in full by `brief`) ---------------------------------

STATEMENT_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("speaker", "Speaker"),
    Column("date", "Date"),
    Column("venue", "Where"),
    Column("said", "Said"),
    Column("source", "Source"),
)


def statements_report(index: Index) -> Report:
    """Who said what, when and where; paraphrase and quote kept apart."""
    rows: list[tuple[Value, ...]] = [
        (
            s.id, index.actor_name(s.speaker), s.date,
            ", ".join(p for p in (s.venue, index.place_name(s.place)) if p) or None,
            statement_text(s), index.citation(s.source, s.via),
        )
        for s in index.briefing.statements
    ]  # fmt: skip
    return Report("Statements", STATEMENT_COLUMNS, tuple(rows), empty="no statements")


PLACE_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("name", "Place"),
    Column("kind", "Kind"),
    Column("within", "Within"),
    Column("aliases", "Also written"),
)


def places_report(index: Index) -> Report:
    """Places, every spelling, and what each lies within."""
    rows: list[tuple[Value, ...]] = [
        (p.id, p.name, p.kind, index.place_name(p.within), p.aliases) for p in index.briefing.places
    ]
    return Report("Places", PLACE_COLUMNS, tuple(rows), empty="no places")
