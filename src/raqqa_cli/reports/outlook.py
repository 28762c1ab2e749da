"""`raqqa outlook`: analytic judgements, whose they are, the words used, the stated
likelihood (none imposed)."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher, short_name
from raqqa_cli.briefing.model import ICD_203_STEPS, PHIA_STEPS, Assessment
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    EntryId,
    Note,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.filters import empty_text, entry_notes, keep_matching


class OutlookRow(Record):
    """One analytic judgement: `raqqa outlook`'s record, and its row for people."""

    id: EntryId
    held_by: Annotated[str, col("Held by", audience=PEOPLE)]
    holder: Annotated[str | None, col("Holder", audience=MACHINES)]
    holder_id: Annotated[str | None, col("Holder id", audience=MACHINES)]
    judgement: Annotated[str, col("Judgement")]
    words: Annotated[str | None, col("Likelihood words")]
    scale: Annotated[str | None, col("Scale", audience=MACHINES)]
    step: Annotated[str | None, col("Step", audience=MACHINES)]
    likelihood: Annotated[str, col("Stated likelihood", audience=PEOPLE)]
    trend: Annotated[str | None, col("Trend")]
    condition: Annotated[str | None, col("Condition")]
    note: Note
    cited: Sourced  # a judgement credits no other source: via_id is null


OUTLOOK_COLUMNS = columns_of(OutlookRow)
NO_LIKELIHOOD = "no likelihood stated"


def likelihood_rank(assessment: Assessment) -> int:
    """Position on its scale (both have seven steps), most likely first; words without a
    step next; judgements with no likelihood words last."""
    if assessment.step is None or assessment.scale is None:
        return 98 if assessment.words else 99
    steps = ICD_203_STEPS if assessment.scale == "ICD 203" else PHIA_STEPS
    return len(steps) - steps.index(assessment.step)


def _source_itself(index: Index, source_id: str) -> str:
    """Who holds a view no one else is said to hold: the source, by name and cited
    (`CMEC [1]` in a brief, where sources are numbered; `CMEC, 2017-10-24` elsewhere)."""
    if not index.citation_numbers:
        return index.citation(source_id)
    source = index.get(source_id)
    return index.cited(short_name(source.publisher), source_id) if source else source_id


def outlook_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The analytic judgements, most likely first; a stated view keeps its holder."""
    ordered = sorted(index.briefing.assessments, key=likelihood_rank)
    rows: list[tuple[Value, ...]] = []
    for a in ordered:
        # A holder that is an actor's id, name or alias reads as the actor's name, beside
        # `holder_id` (the text as written stays in `show`); any other holder as written.
        actor = index.actor_called(a.holder)
        holder = actor.name if actor is not None else a.holder
        row = OutlookRow(
            id=a.id,
            held_by=holder or _source_itself(index, a.source),
            holder=holder,
            holder_id=actor.id if actor else None,
            judgement=a.judgement,
            words=a.words,
            scale=a.scale,
            step=a.step,
            likelihood=f"{a.step} ({a.scale})" if a.step else NO_LIKELIHOOD,
            trend=a.trend,
            condition=a.condition,
            note=a.note,
            cited=Sourced.of(index, a.source),
        )
        rows.append(flat(row))
    notes = (
        "A step maps a judgement's own words onto a named scale (ICD 203 or PHIA) only where"
        " the words state a likelihood; a trend is kept apart from the step.",
        "Held by: whose view it is, as the source reports it; otherwise the source's own.",
    )
    rows = keep_matching(rows, matcher)
    return Report(
        "Outlook",
        OUTLOOK_COLUMNS,
        tuple(rows),
        notes + entry_notes(OUTLOOK_COLUMNS, rows),
        empty=empty_text("judgements", matcher is not None),
    )
