"""`raqqa issues [ID]`: the issues a briefing raises, and one issue in full."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Actor, Figure, Issue, Pledge, Statement, claimants_of
from raqqa_cli.errors import QueryError, plural, quoted
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Dated,
    DatePrecision,
    EntryId,
    IsoDate,
    Note,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.aid import pledge_amount_text
from raqqa_cli.reports.filters import empty_text, entry_notes, keep_matching
from raqqa_cli.reports.phrases import (
    dated_text,
    figure_text,
    period_text,
    role_text,
    says_as_of,
    statement_text,
)
from raqqa_cli.reports.speakers import speaker_text


class IssueRow(Record):
    """One issue: `raqqa issues`' record, and its row for people."""

    id: Annotated[str, col("ID")]
    title: Annotated[str, col("Issue")]
    summary: Annotated[str, col("Summary", audience=MACHINES)]
    actors: Annotated[tuple[str, ...], col("Who is involved")]
    actor_ids: Annotated[tuple[str, ...], col("Actor ids", audience=MACHINES)]
    figures: Annotated[tuple[str, ...], col("Key figures", audience=PEOPLE)]
    figure_ids: Annotated[tuple[str, ...], col("Figure ids", audience=MACHINES)]
    statements: Annotated[tuple[str, ...], col("Statements", audience=PEOPLE)]
    statement_ids: Annotated[tuple[str, ...], col("Statement ids", audience=MACHINES)]
    aid: Annotated[str, col("Aid", audience=PEOPLE)]
    pledge_ids: Annotated[tuple[str, ...], col("Aid line ids", audience=MACHINES)]
    package_ids: Annotated[tuple[str, ...], col("Package ids", audience=MACHINES)]
    cited: Sourced


ISSUE_COLUMNS = columns_of(IssueRow)


def key_figure(index: Index, figure: Figure) -> str:
    """`civilians killed: 1,130 to 1,873 people (Syrian activists, as of 2017-10)`: with
    its date, so that successive counts of one measure read as updates, not as claims that
    contradict each other."""
    when = (
        f"as of {figure.as_of}"
        if figure.as_of
        else period_text(figure.period_start, figure.period_end)
    )
    if says_as_of(figure.counts):
        when = ""
    said = ", ".join(part for part in (index.claimed_by(claimants_of(figure)), when) if part)
    return f"{figure.counts}: {figure_text(figure)}" + (f" ({said})" if said else "")


def _own_source(index: Index, issue: Issue, entry: Figure | Statement) -> str:
    """`, from UN News, 2015-04-25`: where a figure or statement gathered in an issue's row
    comes from, when that is not the issue's own source (which the row's Source cites)."""
    if entry.source == issue.source and entry.via is None:
        return ""
    return f", from {index.citation(entry.source, entry.via)}"


def _gathers_other_sources(index: Index, issue: Issue) -> bool:
    """Whether a figure or statement of the issue names a source of its own."""
    return any(
        isinstance(entry, Figure | Statement) and _own_source(index, issue, entry)
        for entry in map(index.get, (*issue.figures, *issue.statements))
    )


def _issue_row(index: Index, issue: Issue) -> tuple[Value, ...]:
    figures = [f for f in map(index.get, issue.figures) if isinstance(f, Figure)]
    statements = [s for s in map(index.get, issue.statements) if isinstance(s, Statement)]
    return flat(
        IssueRow(
            id=issue.id,
            title=issue.title,
            summary=issue.summary,
            actors=tuple(n for n in (index.actor_name(a) for a in issue.actors) if n),
            actor_ids=issue.actors,
            figures=tuple(f"{key_figure(index, f)}{_own_source(index, issue, f)}" for f in figures),
            figure_ids=issue.figures,
            statements=tuple(
                f"{index.actor_name(s.speaker)}{', ' + s.date if s.date else ''}"
                f"{_own_source(index, issue, s)}"
                for s in statements
            ),
            statement_ids=issue.statements,
            aid=_aid_count(len(getattr(issue, "packages", ())), len(issue.pledges)),
            pledge_ids=issue.pledges,
            package_ids=getattr(issue, "packages", ()),
            cited=Sourced.of(index, issue.source),
        )
    )


def _aid_count(packages: int, lines: int) -> str:
    """`1 package, 2 aid lines`: the aid an issue names, packages first; nothing when none
    (a debate's issues have none, and a column of zeros says nothing)."""
    counts = ((packages, "package"), (lines, "aid line"))
    return ", ".join(plural(count, word) for count, word in counts if count)


def issues_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The issues the briefing raises: who is involved, key figures, statements."""
    rows: list[tuple[Value, ...]] = [_issue_row(index, issue) for issue in index.briefing.issues]
    return Report(
        title="Issues",
        columns=ISSUE_COLUMNS,
        rows=tuple(keep_matching(rows, matcher)),
        notes=(
            "Source cites the issue, and each key figure and statement from the same source;"
            ' one from another source names its own ("from ...").',
        )
        if any(_gathers_other_sources(index, issue) for issue in index.briefing.issues)
        else (),
        tips=(f"`{index.invocation} issues ID` shows one issue in full.",),
        empty=empty_text("issues", matcher is not None),
    )


class IssuePartRow(Record):
    """One part of an issue (its summary, an actor's role, a statement, a figure, an aid line):
    `raqqa issues ID`'s record, and its row for people. Each part is cited to the entry its
    value comes from, with the source that entry credits."""

    part: Annotated[str, col("Part")]
    id: EntryId
    # For people, a statement's speaker reads "Ana Ruiz (Spain), on behalf of ..." (as in
    # `raqqa statements`); machines get the name beside `who_id`.
    who_shown: Annotated[str | None, col("Who", audience=PEOPLE)]
    who: Annotated[str | None, col("Who", audience=MACHINES)]
    who_id: Annotated[str | None, col("Who (id)", audience=MACHINES)]
    # For people, a date says how it is known: "about 2018-04", "2018-04-10, inferred".
    dated: Dated
    date: IsoDate
    what: Annotated[str | None, col("What")]
    note: Note
    cited: Sourced
    date_precision: DatePrecision


DETAIL_COLUMNS = columns_of(IssuePartRow)


# Who a row of an issue is about: as people read it, the name, the id.
_Who = tuple[str | None, str | None, str | None]


def _detail(
    index: Index,
    part: str,
    entry_id: str,
    who: _Who,
    when: tuple[str | None, str | None],
    what: str | None,
    note: str | None,
    cited: tuple[str | None, str | None],
) -> tuple[Value, ...]:
    """One `IssuePartRow`, flat: who (as people read it, the name, the id), when (the date
    and how it is known), what, the note, and the source and via it is cited to."""
    (shown, name, who_id), (date, precision), (source, via) = who, when, cited
    row = IssuePartRow(
        part=part,
        id=entry_id,
        who_shown=shown,
        who=name,
        who_id=who_id,
        dated=dated_text(date, precision),
        date=date,
        what=what,
        note=note,
        cited=Sourced.of(index, source, via),
        date_precision=precision,
    )
    return flat(row)


def _actor_rows(index: Index, actor: Actor) -> list[tuple[Value, ...]]:
    """An actor as the issue shows it: each role under the role's own source."""
    who = (actor.name, actor.name, actor.id)
    if not actor.roles:
        return [
            _detail(index, "actor", actor.id, who, (None, None), actor.kind, actor.note,
                    (actor.source, None))
        ]  # fmt: skip
    return [
        _detail(index, "actor", actor.id, who, (None, None), role_text(index, role), actor.note,
                (role.source, None))
        for role in actor.roles
    ]  # fmt: skip


def issue_detail(index: Index, issue_id: str) -> Report:
    """One issue in full: summary, actors, statements, figures and aid lines, each cited to
    the entry its value comes from."""
    issue = index.get(issue_id)
    if not isinstance(issue, Issue):
        import difflib

        ids = [i.id for i in index.briefing.issues]
        close = difflib.get_close_matches(issue_id, ids, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else f"known issues: {', '.join(ids)}"
        raise QueryError(f"no issue has the id {quoted(issue_id)}; {hint}")
    nobody = (None, None, None)
    rows: list[tuple[Value, ...]] = [
        _detail(index, "summary", issue.id, nobody, (None, None), issue.summary, None,
                (issue.source, None))
    ]  # fmt: skip
    for actor_id in issue.actors:
        rows += _actor_rows(index, index.get(actor_id))
    for statement_id in issue.statements:
        s: Statement = index.get(statement_id)
        who: _Who = (speaker_text(index, s), index.actor_name(s.speaker), s.speaker)
        rows.append(
            _detail(index, "statement", s.id, who, (s.date, s.date_precision), statement_text(s),
                    s.note, (s.source, s.via))
        )  # fmt: skip
    for figure_id in issue.figures:
        f: Figure = index.get(figure_id)
        who = (index.claimed_by(claimants_of(f)), index.actor_name(f.claimant), f.claimant)
        rows.append(
            _detail(index, "figure", f.id, who, (f.as_of, None), f"{f.counts}: {figure_text(f)}",
                    f.note, (f.source, f.via))
        )  # fmt: skip
    for pledge_id in issue.pledges:
        p: Pledge = index.get(pledge_id)
        amount = pledge_amount_text(p)
        who = (index.actor_name(p.donor), index.actor_name(p.donor), p.donor)
        rows.append(
            _detail(index, "aid", p.id, who, (p.date, p.date_precision),
                    f"{p.description} ({amount})" if amount else p.description, p.note,
                    (p.source, p.via))
        )  # fmt: skip
    return Report(
        title=issue.title,
        columns=DETAIL_COLUMNS,
        rows=tuple(rows),
        notes=entry_notes(DETAIL_COLUMNS, rows),
        key=issue.id,
    )
