"""`raqqa outlook`: analytic judgements, whose they are, the words used, the stated
likelihood (none imposed)."""

from __future__ import annotations

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import ICD_203_STEPS, PHIA_STEPS, Assessment
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import entry_notes, keep_matching

OUTLOOK_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("held_by", "Held by", audience="people"),
    Column("holder", "Holder", audience="machines"),
    Column("holder_id", "Holder id", audience="machines"),
    Column("judgement", "Judgement"),
    Column("words", "Likelihood words"),
    Column("scale", "Scale", audience="machines"),
    Column("step", "Step", audience="machines"),
    Column("likelihood", "Stated likelihood", audience="people"),
    Column("trend", "Trend"),
    Column("condition", "Condition"),
    Column("note", "Note", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
)
NO_LIKELIHOOD = "no likelihood stated"


def likelihood_rank(assessment: Assessment) -> int:
    """Position on its scale (both have seven steps), most likely first; words without a
    step next; judgements with no likelihood words last."""
    if assessment.step is None or assessment.scale is None:
        return 98 if assessment.words else 99
    steps = ICD_203_STEPS if assessment.scale == "ICD 203" else PHIA_STEPS
    return len(steps) - steps.index(assessment.step)


def outlook_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The analytic judgements, most likely first; a stated view keeps its holder."""
    ordered = sorted(index.briefing.assessments, key=likelihood_rank)
    rows: list[tuple[Value, ...]] = []
    for a in ordered:
        # A holder that is an actor's id, name or alias reads as the actor's name, beside
        # `holder_id` (the text as written stays in `show`); any other holder as written.
        actor = index.actor_called(a.holder)
        holder = actor.name if actor is not None else a.holder
        rows.append((
            a.id, holder or index.citation(a.source), holder, actor.id if actor else None,
            a.judgement, a.words, a.scale, a.step,
            f"{a.step} ({a.scale})" if a.step else NO_LIKELIHOOD, a.trend, a.condition,
            a.note, index.citation(a.source), a.source,
        ))  # fmt: skip
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
        empty="no judgements match",
    )
