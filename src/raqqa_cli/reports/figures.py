"""`raqqa figures`: key numbers, each with its claimant (or the claimants of one joint claim),
scope, as-of date and source."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Figure, claimants_of
from raqqa_cli.errors import plural
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    EntryId,
    High,
    Note,
    PeriodEnd,
    PeriodStart,
    PlaceId,
    Qualifier,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.aid import converted_records, converted_text
from raqqa_cli.reports.filters import empty_text, entry_notes, keep_matching
from raqqa_cli.reports.phrases import figure_text, number_text, period_text


class FigureNumber(Record):
    """A figure's number for machines as the file gives it: a value or a range, its unit
    and qualifier (people read it whole, in the Figure cell)."""

    value: Annotated[int | float | None, col("Value", numeric=True, audience=MACHINES)]
    low: Annotated[int | float | None, col("Low", numeric=True, audience=MACHINES)]
    high: High
    unit: Annotated[str, col("Unit", audience=MACHINES)]
    qualifier: Qualifier

    @classmethod
    def of(cls, figure: Figure) -> "FigureNumber":
        return cls(
            value=figure.value,
            low=figure.low,
            high=figure.high,
            unit=figure.unit,
            qualifier=figure.qualifier,
        )


class Claimants(Record):
    """Who claims a figure. People read every claimant of a joint claim ("A and B");
    machines get the first's name beside its id, and the further claimants of a joint
    claim (`claimants`), names beside ids."""

    claimed_by: Annotated[str | None, col("Claimed by", audience=PEOPLE)]
    claimant: Annotated[str | None, col("Claimant", audience=MACHINES)]
    claimant_id: Annotated[str | None, col("Claimant id", audience=MACHINES)]
    joint_claimants: Annotated[tuple[str, ...], col("Joint claimants", audience=MACHINES)]
    joint_claimant_ids: Annotated[tuple[str, ...], col("Joint claimant ids", audience=MACHINES)]

    @classmethod
    def of(cls, index: Index, figure: Figure) -> "Claimants":
        return cls(
            claimed_by=index.claimed_by(claimants_of(figure)),
            claimant=index.actor_name(figure.claimant),
            claimant_id=figure.claimant,
            joint_claimants=tuple(n for n in map(index.actor_name, figure.claimants) if n),
            joint_claimant_ids=figure.claimants,
        )


class FigureRow(Record):
    """One figure: `raqqa figures`' record, and its row for people."""

    id: EntryId
    measure: Annotated[str, col("Measure", audience=MACHINES)]
    counts: Annotated[str, col("What is counted")]
    shown: Annotated[str, col("Figure", audience=PEOPLE)]
    number: FigureNumber
    scope: Annotated[str | None, col("Scope", audience=PEOPLE)]
    place: Annotated[str | None, col("Place", audience=MACHINES)]
    place_id: PlaceId
    period_start: PeriodStart
    period_end: PeriodEnd
    claimants: Claimants
    as_of: Annotated[str | None, col("As of")]
    note: Note
    cited: Sourced
    # schema version 2: for people, in the Figure cell (`shown_figure`) and the figure's
    # line under the table (`figure_links`)
    target: Annotated[bool, col("Target", audience=MACHINES)]
    toward_id: Annotated[str | None, col("Toward id", audience=MACHINES)]
    supersedes_id: Annotated[str | None, col("Supersedes id", audience=MACHINES)]
    part_of_id: Annotated[str | None, col("Part of id", audience=MACHINES)]
    converted: Annotated[tuple[str, ...], col("Converted", audience=MACHINES)]


FIGURE_COLUMNS = columns_of(FigureRow)


def shown_figure(index: Index, figure: Figure) -> str:
    """The figure as people read it: `target: USD 2,000,000,000` for what is aimed at or asked
    for, a conversion beside the amount, and the target it counts toward."""
    text = f"target: {figure_text(figure)}" if figure.target else figure_text(figure)
    if converted := converted_text(index, figure):
        text += f" ({converted})"
    target = index.get(figure.toward)
    if isinstance(target, Figure):
        text += f", toward {target.counts}: {figure_text(target)}"
    return text


def figure_links(index: Index, figures: list[Figure]) -> tuple[str, ...]:
    """`fig-b: revises fig-a (USD 10)`, `fig-c: part of fig-b (USD 15)`: how figures join up,
    one line each, for people."""
    lines = []
    for f in figures:
        said = [
            f"{word} {other} ({figure_text(index.get(other))})"
            for word, other in (("revises", f.supersedes), ("part of", f.part_of))
            if other is not None and isinstance(index.get(other), Figure)
        ]
        if said:
            lines.append(f"{f.id}: {'; '.join(said)}")
    return tuple(lines)


def scope_text(index: Index, figure: Figure) -> str | None:
    """`Raqqa, 2017-06 to 2017-10`: where and when a figure counts, as people read it."""
    period = period_text(figure.period_start, figure.period_end)
    return ", ".join(p for p in (index.place_name(figure.place), period) if p) or None


def claim_key(figure: Figure) -> tuple[str, ...] | None:
    """Whose claim a figure is, as one key: the claimants together (a joint claim is one
    claimant), None when none is named."""
    return claimants_of(figure) or None


def _change(newer: Figure, older: Figure) -> str:
    if newer.value is None or older.value is None:
        return ""
    step = newer.value - older.value
    return f" ({'+' if step >= 0 else '-'}{number_text(abs(step))})"


def _claimants(by_claimant: dict[tuple[str, ...] | None, list[Figure]]) -> str:
    """`3 claimants`, `2 claimants and 1 figure with no claimant named`."""
    named = sum(1 for claimant in by_claimant if claimant)
    unnamed = len(by_claimant.get(None, []))
    text = plural(named, "claimant")
    if unnamed:
        text += f" and {plural(unnamed, 'figure')} with no claimant named"
    return text


def _measure_notes(
    index: Index, figures: tuple[Figure, ...], measures: list[str]
) -> tuple[str, ...]:
    """Several claimants of one measure stand side by side; one claimant's figures at several
    dates are a series over time, latest first with the change from the one before."""
    by_measure: dict[str, dict[tuple[str, ...] | None, list[Figure]]] = {}
    for f in figures:
        by_measure.setdefault(f.measure, {}).setdefault(claim_key(f), []).append(f)
    disputed = [m for m in measures if len(by_measure[m]) > 1]
    series = [
        (m, claimant, found)
        for m in measures
        for claimant, found in by_measure[m].items()
        if len({f.as_of for f in found if f.as_of}) > 1
    ]
    reported = [
        (m, claimant, found)
        for m in measures
        for claimant, found in by_measure[m].items()
        if len(found) > 1 and len({f.as_of for f in found if f.as_of}) <= 1
    ]
    notes = [
        f"{m}: figures from {_claimants(by_measure[m])}, side by side; each is its own"
        " claimant's count and none is added to another."
        for m in disputed[:5]
    ]
    if len(disputed) > 5:
        notes = [
            f"{len(disputed)} measures have figures from several claimants, side by side; none"
            " is added to another."
        ]
    said = []
    for m, claimant, found in series[:5]:
        ordered = sorted(found, key=lambda f: (f.as_of or "", f.id), reverse=True)
        at_date: dict[str | None, int] = {}
        for f in ordered:
            at_date[f.as_of] = at_date.get(f.as_of, 0) + 1
        steps = []
        for i, f in enumerate(ordered):
            before = ordered[i + 1] if i + 1 < len(ordered) else None
            # A change is between two dates, each with one value; two values at one date
            # are a contradiction, never a rise.
            step = (
                _change(f, before)
                if before is not None and at_date[f.as_of] == 1 and at_date[before.as_of] == 1
                else ""
            )
            steps.append(f"{figure_text(f)}{f' as of {f.as_of}' if f.as_of else ''}{step}")
        who = index.claimed_by(claimant) or "no claimant named"
        said.append(f"{m}: {who}, over time, latest first: {'; '.join(steps)}.")
        twice = sorted(d for d, n in at_date.items() if n > 1 and d)
        if twice:
            said.append(
                f"{m}: {who} gives more than one value as of {', '.join(twice)}: a"
                " contradiction, not a change (see raqqa conflicts)."
            )
    if len(series) > 5:
        said = [
            f"{len(series)} series over time (one claimant's figures for one measure at several"
            " dates), not disputes; the latest is the last said, which is not always right:"
            " see errata."
        ]
    for m, claimant, found in reported[:5]:
        who = index.claimed_by(claimant) or "no claimant named"
        dates = sorted({f.as_of for f in found if f.as_of})
        values = {(f.value, f.low, f.high) for f in found}
        if dates and len(values) > 1:
            said.append(
                f"{m}: {len(found)} figures from {who}, all as of {dates[0]}, with different"
                " values: a contradiction, not a change (see raqqa conflicts)."
            )
            continue
        when = f"all as of {dates[0]}" if dates else "with no dates to order them"
        said.append(
            f"{m}: {len(found)} figures from {who} {when}, side by side; none is added to another."
        )
    return tuple(notes + said)


def figures_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Key numbers; figures of the same measure stand together, never added."""
    figures = index.briefing.figures
    first_seen = {f.measure: i for i, f in reversed(list(enumerate(figures)))}
    ordered = sorted(figures, key=lambda f: first_seen[f.measure])
    rows: list[tuple[Value, ...]] = [
        flat(
            FigureRow(
                id=f.id,
                measure=f.measure,
                counts=f.counts,
                shown=shown_figure(index, f),
                number=FigureNumber.of(f),
                scope=scope_text(index, f),
                place=index.place_name(f.place),
                place_id=f.place,
                period_start=f.period_start,
                period_end=f.period_end,
                claimants=Claimants.of(index, f),
                as_of=f.as_of,
                note=f.note,
                cited=Sourced.of(index, f.source, f.via),
                target=f.target,
                toward_id=f.toward,
                supersedes_id=f.supersedes,
                part_of_id=f.part_of,
                converted=converted_records(f),
            )
        )
        for f in ordered
    ]
    rows = keep_matching(rows, matcher)
    kept = {row[0] for row in rows}
    notes = _measure_notes(index, figures, list(first_seen))
    notes += figure_links(index, [f for f in ordered if f.id in kept])
    return Report(
        "Key figures",
        FIGURE_COLUMNS,
        tuple(rows),
        notes + entry_notes(FIGURE_COLUMNS, rows),
        empty=empty_text("figures", matcher is not None),
    )
