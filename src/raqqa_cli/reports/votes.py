"""`raqqa votes [ID]`: drafts, resolutions and motions, the tally and how each member voted.

The tally is counted from the votes recorded (`tally.py`), never taken from the stated one;
a stated tally stands beside it, as the source gives it. Each vote is cited to its own
source, which may not be the decision's.
"""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Decision, Statement
from raqqa_cli.briefing.tally import STATED, Tally, complete, count_words, tally_of
from raqqa_cli.errors import QueryError, plural, quoted
from raqqa_cli.render.text import stop_after
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Cites,
    EntryId,
    Note,
    NoVia,
    Record,
    Report,
    Sourced,
    SourceId,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.filters import keep_matching
from raqqa_cli.reports.phrases import statement_text


class DecisionRow(Record):
    """One decision: `raqqa votes`' record, and its row for people. The tally is counted from
    the votes recorded (`recorded_*`); the stated one stands beside it (`stated_*`)."""

    id: EntryId
    symbol: Annotated[str | None, col("Symbol")]
    title: Annotated[str, col("Title")]
    kind: Annotated[str, col("Kind")]
    date: Annotated[str | None, col("Date")]
    body: Annotated[str | None, col("Body")]
    body_id: Annotated[str | None, col("Body id", audience=MACHINES)]
    sponsors: Annotated[tuple[str, ...], col("Sponsors")]
    sponsor_ids: Annotated[tuple[str, ...], col("Sponsor ids", audience=MACHINES)]
    shown: Annotated[str, col("Votes recorded", audience=PEOPLE)]
    stated: Annotated[str | None, col("Stated", audience=PEOPLE)]
    result: Annotated[str | None, col("Result")]
    why: Annotated[str | None, col("Why")]
    recorded_for: Annotated[int, col("For", numeric=True, audience=MACHINES)]
    recorded_against: Annotated[int, col("Against", numeric=True, audience=MACHINES)]
    recorded_abstain: Annotated[int, col("Abstain", numeric=True, audience=MACHINES)]
    recorded_absent: Annotated[int, col("Absent", numeric=True, audience=MACHINES)]
    recorded_not_voting: Annotated[int, col("Did not vote", numeric=True, audience=MACHINES)]
    votes_recorded: Annotated[int, col("Votes recorded", numeric=True, audience=MACHINES)]
    members: Annotated[int | None, col("Members", numeric=True, audience=MACHINES)]
    stated_for: Annotated[int | None, col("Stated for", numeric=True, audience=MACHINES)]
    stated_against: Annotated[int | None, col("Stated against", numeric=True, audience=MACHINES)]
    stated_abstain: Annotated[int | None, col("Stated abstain", numeric=True, audience=MACHINES)]
    venue: Annotated[str | None, col("Venue", audience=MACHINES)]
    note: Note
    source: Cites
    sources: Annotated[tuple[str, ...], col("Votes cited to", audience=PEOPLE)]
    source_id: SourceId
    via_id: NoVia  # a decision credits no other source
    vote_source_ids: Annotated[tuple[str, ...], col("Vote source ids", audience=MACHINES)]


DECISION_COLUMNS = columns_of(DecisionRow)


def tally_text(tally: Tally, members: int | None) -> str:
    """`7 votes (all 7 members): 5 for, 1 against, 1 abstention`, the kinds recorded only."""
    if tally.recorded == 0:
        return "no votes recorded"
    parts = [
        count_words(count, words)
        for count, words in (
            (tally.votes_for, "for"),
            (tally.against, "against"),
            (tally.abstain, "abstention"),
            (tally.absent, "absent"),
            (tally.not_voting, "did not vote"),
        )
        if count
    ]
    of = ""
    if members is not None:
        every = f"all {members} members" if members != 1 else "its one member"
        of = f" ({every})" if tally.recorded == members else f" of {plural(members, 'member')}"
    return f"{plural(tally.recorded, 'vote')}{of}: {', '.join(parts)}"


def stated_text(decision: Decision) -> str | None:
    """`5 for, 1 against, 1 abstention`, as the source states it, or None."""
    parts = [
        count_words(given, "for" if field == "stated_for" else words)
        for field, _, words in STATED
        if (given := getattr(decision, field)) is not None
    ]
    return ", ".join(parts) or None


def vote_source(decision: Decision, source: str | None) -> str:
    """The source a vote is recorded in: its own, else the decision's."""
    return source or decision.source


def votes_report(index: Index, match: str | None = None) -> Report:
    """One row per decision: the tally counted from the recorded votes beside the stated
    one, the result and why, each cited to its source."""
    rows: list[tuple[Value, ...]] = []
    for d in index.briefing.decisions:
        tally = tally_of(d)
        vote_sources = tuple(dict.fromkeys(vote_source(d, v.source) for v in d.votes))
        rows.append(
            DecisionRow(
                id=d.id,
                symbol=d.symbol,
                title=d.title,
                kind=d.kind,
                date=d.date,
                body=index.actor_name(d.body),
                body_id=d.body,
                sponsors=tuple(index.actor_name(s) or s for s in d.sponsors),
                sponsor_ids=d.sponsors,
                shown=tally_text(tally, d.members),
                stated=stated_text(d),
                result=d.result,
                why=d.why,
                recorded_for=tally.votes_for,
                recorded_against=tally.against,
                recorded_abstain=tally.abstain,
                recorded_absent=tally.absent,
                recorded_not_voting=tally.not_voting,
                votes_recorded=tally.recorded,
                members=d.members,
                stated_for=d.stated_for,
                stated_against=d.stated_against,
                stated_abstain=d.stated_abstain,
                venue=d.venue,
                note=d.note,
                source=index.citation(d.source),
                sources=index.citations(vote_sources),
                source_id=d.source,
                via_id=None,
                vote_source_ids=vote_sources,
            )
        )
    rows = keep_matching(rows, index.matcher(match) if match is not None else None)
    kept = {row[0] for row in rows}
    # For people, where it was decided, then its note: `dr-x: 9100th meeting. The record ...`
    notes = tuple(
        f"{d.id}: {d.venue + stop_after(d.venue) + ' ' if d.venue else ''}{d.note or ''}".rstrip()
        for d in index.briefing.decisions
        if d.id in kept and (d.venue or d.note)
    )
    return Report(
        "Decisions and votes",
        DECISION_COLUMNS,
        tuple(rows),
        notes,
        tips=(f"`{index.invocation} votes ID` shows how each member voted.",),
        # "match" only when there was something to match: a file with no decisions says so.
        empty=(
            "no decisions match"
            if index.briefing.decisions
            else "this briefing records no decisions or votes (`decisions`, schema version 2)"
        ),
    )


class VoteRow(Record):
    """How one member voted on a decision: `raqqa votes ID`'s record, and its row for people."""

    id: Annotated[str, col("Decision id", audience=MACHINES)]
    actor: Annotated[str | None, col("Member")]
    actor_id: Annotated[str, col("Actor id", audience=MACHINES)]
    vote: Annotated[str, col("Vote")]
    said: Annotated[str | None, col("Explanation of vote", audience=PEOPLE)]
    explanation_id: Annotated[str | None, col("Explanation id", audience=MACHINES)]
    cited: Sourced


VOTE_COLUMNS = columns_of(VoteRow)


def _explanation(index: Index, statement_id: str | None) -> str | None:
    """The explanation of vote, with the statement's own source and id."""
    statement = index.get(statement_id)
    if not isinstance(statement, Statement):
        return None
    cited = bracketed(index.citation(statement.source, statement.via))
    return f"{statement_text(statement)} {cited} ({statement.id})"


def bracketed(label: str) -> str:
    """A citation inside a phrase: `[Wire Service, 2024-03-01]`, or `[2]` where numbered."""
    return label if label.startswith("[") else f"[{label}]"


def require_decision(index: Index, decision_id: str) -> Decision:
    """The decision with this id (or symbol), or a usage problem naming the nearest."""
    found = index.get(decision_id)
    if isinstance(found, Decision):
        return found
    for decision in index.briefing.decisions:
        if decision.symbol is not None and decision.symbol.casefold() == decision_id.casefold():
            return decision
    import difflib

    ids = [d.id for d in index.briefing.decisions]
    close = difflib.get_close_matches(decision_id, ids, n=1, cutoff=0.6)
    if close:
        hint = f"; did you mean {close[0]!r}?"
    elif ids:
        hint = f"; known decisions: {', '.join(ids)}"
    else:
        hint = "; this briefing records no decisions"
    raise QueryError(f"no decision has the id {quoted(decision_id)}{hint}")


def decision_votes(index: Index, decision_id: str) -> Report:
    """How each member voted on one decision, with its explanation of vote and source."""
    d = require_decision(index, decision_id)
    rows: list[tuple[Value, ...]] = []
    for v in d.votes:
        source = vote_source(d, v.source)
        rows.append(
            flat(
                VoteRow(
                    id=d.id,
                    actor=index.actor_name(v.actor),
                    actor_id=v.actor,
                    vote=v.vote,
                    said=_explanation(index, v.explanation),
                    explanation_id=v.explanation,
                    cited=Sourced.of(index, source),
                )
            )
        )
    tally = tally_of(d)
    notes = [f"Recorded: {tally_text(tally, d.members)}."]
    if (stated := stated_text(d)) is not None:
        notes.append(f"Stated: {stated} {bracketed(index.citation(d.source))}.")
    if d.stated_for is not None and not complete(d, tally) and tally.recorded:
        notes.append("Not every member's vote is recorded: the counts may differ.")
    ended = ", ".join(part for part in (d.result, d.why) if part)
    name = f"{d.symbol}: {d.title}" if d.symbol else d.title
    return Report(
        f"Votes on {name}" + (f" ({ended})" if ended else ""),
        VOTE_COLUMNS,
        tuple(rows),
        tuple(notes),
        key=d.id,
        empty=f"no votes are recorded for {d.id}",
    )
