"""`raqqa figures`: key numbers, each with its one claimant, scope, as-of date and source."""

from __future__ import annotations

from collections import Counter

from raqqa_cli.lookup import Index, Matcher
from raqqa_cli.model import Figure
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import keep_matching
from raqqa_cli.reports.phrases import figure_text, period_text

FIGURE_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("measure", "Measure", audience="machines"),
    Column("counts", "What is counted"),
    Column("shown", "Figure", audience="people"),
    Column("value", "Value", numeric=True, audience="machines"),
    Column("low", "Low", numeric=True, audience="machines"),
    Column("high", "High", numeric=True, audience="machines"),
    Column("unit", "Unit", audience="machines"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("scope", "Scope", audience="people"),
    Column("place", "Place", audience="machines"),
    Column("place_id", "Place id", audience="machines"),
    Column("period_start", "Period start", audience="machines"),
    Column("period_end", "Period end", audience="machines"),
    Column("claimant", "Claimed by"),
    Column("claimant_id", "Claimant id", audience="machines"),
    Column("as_of", "As of"),
    Column("note", "Note", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("via_id", "Via id", audience="machines"),
)


def scope_text(index: Index, figure: Figure) -> str | None:
    """`Raqqa, 2017-06 to 2017-10`: where and when a figure counts, as people read it."""
    period = period_text(figure.period_start, figure.period_end)
    return ", ".join(p for p in (index.place_name(figure.place), period) if p) or None


def _claimant_label(index: Index, figure: Figure) -> str | None:
    return index.actor_name(figure.claimant)


def figures_report(index: Index, matcher: Matcher | None = None) -> Report:
    """Key numbers; figures of the same measure stand together, never added."""
    figures = index.briefing.figures
    first_seen = {f.measure: i for i, f in reversed(list(enumerate(figures)))}
    ordered = sorted(figures, key=lambda f: first_seen[f.measure])
    rows: list[tuple[Value, ...]] = [
        (
            f.id, f.measure, f.counts, figure_text(f), f.value, f.low, f.high, f.unit,
            f.qualifier, scope_text(index, f), index.place_name(f.place), f.place,
            f.period_start, f.period_end, _claimant_label(index, f), f.claimant, f.as_of,
            f.note, index.citation(f.source, f.via), f.source, f.via,
        )
        for f in ordered
    ]  # fmt: skip
    per_measure = Counter(f.measure for f in figures)
    claimants = {
        m: len({(f.claimant, f.source) for f in figures if f.measure == m}) for m in per_measure
    }
    shared = [m for m in first_seen if per_measure[m] > 1]
    notes = tuple(
        f"{m}: {per_measure[m]} figures from {claimants[m]} claimant"
        f"{'s' if claimants[m] != 1 else ''} or sources, side by side; each is its own"
        " source's count and none is added to another."
        for m in shared[:5]
    )
    if len(shared) > 5:
        notes = (
            f"{len(shared)} measures have several figures, side by side; none is added to another.",
        )
    return Report(
        "Key figures",
        FIGURE_COLUMNS,
        tuple(keep_matching(rows, matcher)),
        notes,
        empty="no figures match",
    )
