"""`raqqa conflicts`: every measure with more than one claimant or value, side by side.

For each such measure: each figure with its claimant, source and grade; the spread of the
values (lowest to highest of the values and bounds, per unit); and why the figures may not be
comparable, read from the data (what is counted, unit, qualifier, place, period or as-of date
differ). No winner is picked and nothing is added.

Statements are not compared: the schema does not link statements about one subject, so
which ones disagree cannot be read from the data.
"""

from collections.abc import Callable
from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Figure
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    EntryId,
    PeriodEnd,
    PeriodStart,
    PlaceId,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.figures import Claimants, FigureNumber, claim_key, scope_text
from raqqa_cli.reports.filters import keep_matching
from raqqa_cli.reports.grades import grade_of
from raqqa_cli.reports.phrases import figure_text, number_text, period_text


class ConflictRow(Record):
    """One figure of a measure in conflict: `raqqa conflicts`' record, and its row for people.
    The measure's spread and what differs are shown to people on its first figure only."""

    measure: Annotated[str, col("Measure", audience=MACHINES)]
    measure_shown: Annotated[str | None, col("Measure", audience=PEOPLE)]
    id: EntryId
    counts: Annotated[str, col("What is counted", audience=MACHINES)]
    shown: Annotated[str, col("Figure", audience=PEOPLE)]
    number: FigureNumber
    claimants: Claimants
    scope: Annotated[str | None, col("Scope", audience=PEOPLE)]
    place_id: PlaceId
    period_start: PeriodStart
    period_end: PeriodEnd
    as_of: Annotated[str | None, col("As of")]
    cited: Sourced
    grade: Annotated[str | None, col("Grade", audience=MACHINES)]
    spread_shown: Annotated[str | None, col("Spread", audience=PEOPLE)]
    spread_low: Annotated[int | float | None, col("Spread low", numeric=True, audience=MACHINES)]
    spread_high: Annotated[int | float | None, col("Spread high", numeric=True, audience=MACHINES)]
    differs_shown: Annotated[str | None, col("May not be comparable", audience=PEOPLE)]
    differs: Annotated[tuple[str, ...], col("Differs", audience=MACHINES)]


CONFLICT_COLUMNS = columns_of(ConflictRow)
NOT_GIVEN = "not given"


def in_conflict(figures: list[Figure]) -> bool:
    """More than one value for one measure, or more than one claimant (or source) that do
    not say exactly the same thing (equal values, qualifiers and units agree)."""
    claimants = {(claim_key(f), f.source) for f in figures}
    values = {(f.value, f.low, f.high) for f in figures}
    return len(figures) > 1 and (len(values) > 1 or (len(claimants) > 1 and not agree(figures)))


def agree(figures: list[Figure]) -> bool:
    """Several figures that say exactly the same: one value, qualifier and unit."""
    said = {(f.value, f.low, f.high, f.qualifier, f.unit) for f in figures}
    return len(figures) > 1 and len(said) == 1


def agreeing(figures: list[Figure]) -> list[tuple[str, list[Figure]]]:
    """Within a measure in conflict, each value that several claimants or sources give
    alike (one value, qualifier and unit), with the figures that give it."""
    alike: dict[tuple[object, ...], list[Figure]] = {}
    for f in figures:
        alike.setdefault((f.value, f.low, f.high, f.qualifier, f.unit), []).append(f)
    return [
        (figure_text(found[0]), found)
        for found in alike.values()
        if len(found) > 1 and len({(claim_key(f), f.source) for f in found}) > 1
    ]


def contradictions(figures: list[Figure]) -> list[str]:
    """`act-x, as of 2020-03-02` for each claimant (or joint claimants, `act-x, act-y`) that
    gives two values at one date."""
    seen: dict[tuple[tuple[str, ...] | None, str | None], set[tuple[object, ...]]] = {}
    for f in figures:
        seen.setdefault((claim_key(f), f.as_of), set()).add((f.value, f.low, f.high))
    return [
        f"{', '.join(claimant or ()) or 'no claimant named'}, as of {as_of or 'a date not given'}"
        for (claimant, as_of), values in seen.items()
        if len(values) > 1
    ]


def spread(figures: list[Figure]) -> tuple[float | int, float | int] | None:
    """The lowest and highest of the values and bounds, when every figure counts in one
    unit; None when units differ (there is no spread across units)."""
    if len({f.unit for f in figures}) != 1:
        return None
    numbers = [n for f in figures for n in (f.value, f.low, f.high) if n is not None]
    return (min(numbers), max(numbers)) if numbers else None


def differences(index: Index, figures: list[Figure]) -> list[tuple[str, list[str]]]:
    """What differs between the figures and could make them count different things: the
    name of each aspect and its distinct values, in the figures' order."""
    aspects: list[tuple[str, Callable[[Figure], str | None]]] = [
        ("what is counted", lambda f: f.counts),
        ("unit", lambda f: f.unit),
        ("qualifier", lambda f: f.qualifier),
        ("place", lambda f: index.place_name(f.place)),
        ("period", lambda f: period_text(f.period_start, f.period_end) or None),
        ("as-of date", lambda f: f.as_of),
    ]
    found = []
    for name, read in aspects:
        seen = list(dict.fromkeys(read(f) or NOT_GIVEN for f in figures))
        if len(seen) > 1:
            found.append((name, seen))
    return found


def conflicts_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Each measure in conflict: its figures, spread and why they may not be comparable."""
    from raqqa_cli.briefing.relations import Graph

    graph = Graph(index.briefing.figures)
    measures: dict[str, list[Figure]] = {}
    history: list[str] = []
    # A computed answer: measures and their figures in the order of their names and ids, so
    # that the file's order never changes it.
    for figure in sorted(index.briefing.figures, key=lambda f: (f.measure, f.id)):
        if graph.superseded(figure.id):  # an earlier figure that a later one updates
            history.append(figure.id)
            continue
        measures.setdefault(figure.measure, []).append(figure)
    rows: list[tuple[Value, ...]] = []
    agreed: list[str] = []
    within: list[str] = []  # values given alike inside a measure in conflict
    for measure, figures in measures.items():
        if agree(figures) and len({(claim_key(f), f.source) for f in figures}) > 1:
            ids = ", ".join(f.id for f in figures)
            agreed.append(f"{measure}: {len(figures)} figures agree on {figure_text(figures[0])}"
                          f" ({ids})")  # fmt: skip
        if not in_conflict(figures):
            continue
        for said, alike in agreeing(figures):
            ids = ", ".join(f.id for f in alike)
            within.append(f"{measure}: {len(alike)} figures agree on {said} ({ids})")
        bounds = spread(figures)
        unit = figures[0].unit
        spread_text = (
            f"{number_text(bounds[0])} to {number_text(bounds[1])} {unit}"
            if bounds and bounds[0] != bounds[1]
            else f"{number_text(bounds[0])} {unit} (all the same)"
            if bounds
            else "none: the units differ"
        )
        differs = differences(index, figures)
        differs_text = (
            "; ".join(f"{name} differs ({', '.join(values)})" for name, values in differs)
            or "nothing recorded differs: the claimants disagree"
        )
        if said_twice := contradictions(figures):
            differs_text = (
                f"one claimant gives two values at one date ({'; '.join(said_twice)}): a"
                f" contradiction, not a change; {differs_text}"
            )
        group: list[tuple[Value, ...]] = []
        for position, f in enumerate(figures):
            first = position == 0
            group.append(
                flat(
                    ConflictRow(
                        measure=measure,
                        measure_shown=measure if first else None,
                        id=f.id,
                        counts=f.counts,
                        shown=figure_text(f),
                        number=FigureNumber.of(f),
                        claimants=Claimants.of(index, f),
                        scope=scope_text(index, f),
                        place_id=f.place,
                        period_start=f.period_start,
                        period_end=f.period_end,
                        as_of=f.as_of,
                        cited=Sourced.of(index, f.source, f.via),
                        grade=grade_of(index, f.source),
                        spread_shown=spread_text if first else None,
                        spread_low=bounds[0] if bounds else None,
                        spread_high=bounds[1] if bounds else None,
                        differs_shown=differs_text if first else None,
                        differs=tuple(name for name, _ in differs),
                    )
                )
            )
        if matcher is None or keep_matching(group, matcher):
            rows += group
    notes: tuple[str, ...] = (
        "No winner is picked: each figure is its own claimant's count under its own source,"
        " and none is added to another.",
        "The spread runs from the lowest to the highest value or bound; 'may not be"
        " comparable' lists what the figures record differently.",
        "Statements are not compared: the knowledge file does not link statements about one"
        " subject.",
    )
    besides: list[str] = []
    if history:
        besides.append(
            f"not compared: {', '.join(history)}, each updated by a later figure of its"
            " claimant (supersedes): history, not a conflict"
        )
    besides += [f"agree, so not listed: {said}" for said in agreed]
    besides += [f"agree, and stand as one value beside the others: {said}" for said in within]
    notes += tuple(f"{said[0].upper()}{said[1:]}." for said in besides)
    return Report(
        "Conflicting figures",
        CONFLICT_COLUMNS,
        tuple(rows),
        notes if rows else (),
        empty="; ".join(["no measure has more than one claimant or value", *besides]),
    )
