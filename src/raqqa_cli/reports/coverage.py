"""`raqqa aid --coverage`: what was asked for, pledged, committed and paid, per target.

For every target figure (`target: true`) that no later target revises (`supersedes`), the
requirement stands first; then, for each status, the total of the aid entries `toward` it (or
toward an earlier revision of it), made by the totals' own rule (`totals.py`), each as of its
date; then the figures reported `toward` it. Each row's share is of the requirement, in the
requirement's own currency or unit only: nothing is converted, and no status is added to
another (what was pledged is not what was paid).
"""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Figure, Package, Pledge, claimants_of
from raqqa_cli.briefing.relations import Graph, dated
from raqqa_cli.record import Struct
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    High,
    Qualifier,
    Record,
    Report,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.aid import AidFilter, selected
from raqqa_cli.reports.phrases import QUALIFIER_WORDS, counted, figure_text
from raqqa_cli.reports.totals import row_order, total_rows


class CoverageRow(Record):
    """One row of `raqqa aid --coverage`: its record, and its row for people."""

    target_id: Annotated[str, col("Target id", audience=MACHINES)]
    target_counts: Annotated[str, col("Target", audience=MACHINES)]
    target_shown: Annotated[str | None, col("Target", audience=PEOPLE)]  # its first row only
    what: Annotated[str, col("What")]
    status: Annotated[str | None, col("Status", audience=MACHINES, hxl="#status")]
    shown: Annotated[str, col("Amount", audience=PEOPLE)]
    value: Annotated[
        int | float | None, col("Value", numeric=True, audience=MACHINES, hxl="#value")
    ]
    high: High
    unit: Annotated[str, col("Unit", audience=MACHINES, hxl="#currency")]
    qualifier: Qualifier
    as_of: Annotated[str | None, col("As of")]
    share_shown: Annotated[str | None, col("Share", audience=PEOPLE)]
    share: Annotated[float | None, col("Share", numeric=True, audience=MACHINES, hxl="#value +pct")]
    entry_ids: Annotated[tuple[str, ...], col("Entry ids", audience=MACHINES)]
    figure_ids: Annotated[tuple[str, ...], col("Figure ids", audience=MACHINES)]
    not_added_ids: Annotated[tuple[str, ...], col("Not added ids", audience=MACHINES)]
    note: Annotated[str | None, col("Note", hxl="#description")]
    sources: Annotated[tuple[str, ...], col("Sources", audience=PEOPLE)]
    source_ids: Annotated[
        tuple[str, ...], col("Source ids", audience=MACHINES, hxl="#meta +source")
    ]


COVERAGE_COLUMNS = columns_of(CoverageRow)


def share_of(value: float | int | None, requirement: float | int | None) -> float | None:
    """`value` as a share of `requirement` (0.25 for a quarter), rounded to 4 places."""
    if value is None or not requirement:
        return None
    return round(value / requirement, 4)


def share_text(share: float | None, qualifier: str) -> str | None:
    """`25%`, `at least 25%`, `about 3.1%`: the share as people read it."""
    if share is None:
        return None
    percent = share * 100
    number = f"{percent:.0f}" if percent >= 10 or percent == 0 else f"{percent:.1f}"
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{number}%"


def _requirement(figure: Figure) -> float | int | None:
    return figure.value if figure.value is not None else figure.low


class _Line(Struct):
    """One row of coverage as worked out, before `cells` makes it a `CoverageRow`."""

    target: Figure
    what: str
    status: str | None
    shown: str
    value: float | int | None
    high: float | int | None
    unit: str
    qualifier: str
    as_of: str | None
    share: float | None
    entry_ids: tuple[str, ...]  # the packages and lines a total adds
    figure_ids: tuple[str, ...]  # the requirement's or the reported figure
    not_added_ids: tuple[str, ...]
    note: str | None
    sources: tuple[str, ...]

    def cells(self, index: Index, first: bool) -> CoverageRow:
        """The row; `first`, the target's first, names the target for people."""
        return CoverageRow(
            target_id=self.target.id,
            target_counts=self.target.counts,
            target_shown=self.target.counts if first else None,
            what=self.what,
            status=self.status,
            shown=self.shown,
            value=self.value,
            high=self.high,
            unit=self.unit,
            qualifier=self.qualifier,
            as_of=self.as_of,
            share_shown=share_text(self.share, self.qualifier),
            share=self.share,
            entry_ids=self.entry_ids,
            figure_ids=self.figure_ids,
            not_added_ids=self.not_added_ids,
            note=self.note,
            sources=index.citations(self.sources),
            source_ids=self.sources,
        )


def _sources(entry: Figure) -> tuple[str, ...]:
    return tuple(s for s in (entry.source, entry.via) if s)


def aid_coverage(index: Index, chosen: AidFilter) -> Report:
    """Per target: requirement, then each status's total toward it, then reported figures."""
    briefing = index.briefing
    figures = Graph(briefing.figures)
    targets = [f for f in briefing.figures if f.target and not figures.superseded(f.id)]
    packages, pledges = selected(index, chosen)
    entries: list[Package | Pledge] = [*packages, *pledges]
    by_id = {entry.id: entry for entry in entries}
    toward: dict[str, list[Package | Pledge]] = {}
    for entry in by_id.values():
        if entry.toward is not None:
            toward.setdefault(figures.head(entry.toward), []).append(entry)
    reported: dict[str, list[Figure]] = {}
    for figure in briefing.figures:
        if figure.toward is not None and not figures.superseded(figure.id):
            reported.setdefault(figures.head(figure.toward), []).append(figure)
    rows: list[tuple[Value, ...]] = []
    elsewhere: list[str] = []
    for target in sorted(targets, key=lambda f: f.id):
        needed = _requirement(target)
        revised = tuple(figures.earlier(target.id))
        lines = [
            _Line(
                target=target,
                what="requirement",
                status=None,
                shown=figure_text(target),
                value=needed,
                high=target.high,
                unit=target.unit,
                qualifier=target.qualifier,
                as_of=target.as_of,
                share=None,
                entry_ids=(),
                figure_ids=(target.id,),
                not_added_ids=revised,
                note=f"revises {', '.join(revised)}" if revised else None,
                sources=_sources(target),
            )
        ]
        for row in sorted(total_rows(index, toward.get(target.id, [])), key=row_order):
            ids = tuple(sorted(p.entry.id for p in row.parts))
            high = row.parts[0].high if len(row.parts) == 1 else None
            comparable = row.unit == target.unit and not row.item and high is None
            if row.unit != target.unit or row.item:
                elsewhere.append(
                    f"{target.id}: the {row.status} total is in"
                    f" {counted(row.unit, row.item)}, the requirement in {target.unit}: no"
                    " share is worked out (nothing is converted)"
                )
            when = row.as_of or max((dated(by_id[i]) or "" for i in ids), default="") or None
            sources = tuple(
                dict.fromkeys(s for p in row.parts for s in (p.entry.source, p.entry.via) if s)
            )
            lines.append(
                _Line(
                    target=target,
                    what=row.status,
                    status=row.status,
                    shown=row.shown(dated=False),
                    value=row.total,
                    high=high,
                    unit=row.unit,
                    qualifier=row.qualifier,
                    as_of=when,
                    share=share_of(row.total, needed) if comparable else None,
                    entry_ids=ids,
                    figure_ids=(),
                    not_added_ids=tuple(sorted(set(row.kept_out))),
                    note="; ".join(row.notes) or None,
                    sources=sources,
                )
            )
        for figure in sorted(reported.get(target.id, []), key=lambda f: f.id):
            value = figure.value if figure.value is not None else figure.low
            same = figure.unit == target.unit and figure.high is None
            claimant = index.claimed_by(claimants_of(figure))
            lines.append(
                _Line(
                    target=target,
                    what=f"reported{f' by {claimant}' if claimant else ''}",
                    status=None,
                    shown=figure_text(figure),
                    value=value,
                    high=figure.high,
                    unit=figure.unit,
                    qualifier=figure.qualifier,
                    as_of=figure.as_of,
                    share=share_of(value, needed) if same else None,
                    entry_ids=(),
                    figure_ids=(figure.id,),
                    not_added_ids=tuple(figures.earlier(figure.id)),
                    note=figure.counts,
                    sources=_sources(figure),
                )
            )
        if len(lines) == 1:
            elsewhere.append(
                f"{target.id}: no package, line or figure here is declared toward it (toward:)"
            )
        rows += [
            flat(line.cells(index, first=position == 0)) for position, line in enumerate(lines)
        ]
    notes = [
        "The requirement, what was pledged, committed and paid, and what was reported are side"
        " by side: none is added to another, and each share is of the requirement.",
        "Each status's total follows the rule of raqqa aid --totals: the latest update of a"
        " running total, no part beside its whole, one of the entries that may be the same"
        " money; it is as of the latest date of what it adds.",
        *elsewhere,
    ]
    return Report(
        "Coverage of targets",
        COVERAGE_COLUMNS,
        tuple(rows),
        tuple(notes) if rows else (),
        empty="no target figures (a figure with target: true) match",
    )
