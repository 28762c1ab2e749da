"""Briefing -> Report: the pure filters, details and honest totals behind each command.

Nothing here prints or knows about formats. A report's cells are plain values; where
people need a phrase ("more than 660,000 relief packages") and machines a number, a
report carries both, in columns for each audience.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from raqqa_cli.errors import QueryError
from raqqa_cli.lookup import Index, Matcher, fold
from raqqa_cli.model import Figure, Issue, Package, Pledge, Reaction, Statement
from raqqa_cli.report import Column, Report, TotalBy, Value

STATUS_ORDER = ("announced", "pledged", "committed", "delivered")
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "estimated": "an estimated ",
    "at least": "at least ",
    "more than": "more than ",
    "at most": "at most ",
}


def number_text(value: float | int) -> str:
    """A number for a phrase: thousands separators, no `.0`."""
    from raqqa_cli.render.text import format_number

    return format_number(value)


def quantity_text(
    qualifier: str,
    unit: str | None,
    value: float | None,
    low: float | None = None,
    high: float | None = None,
) -> str:
    """`more than 660,000 relief packages`, `1,130 to 1,873 people`; empty if no number."""
    if value is not None:
        amount = number_text(value)
    elif low is not None and high is not None:
        amount = f"{number_text(low)} to {number_text(high)}"
    elif low is not None:
        amount = number_text(low)
    else:
        return ""
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{amount}{' ' + unit if unit else ''}"


def money_text(amount: float | int, currency: str) -> str:
    """`GBP 10,000,000`: the ISO code, never a symbol that could be misread."""
    return f"{currency} {number_text(amount)}"


def figure_text(figure: Figure) -> str:
    """A figure as a phrase, with who claims it: `about 850 Britons (The Soufan Center)`."""
    return quantity_text(figure.qualifier, figure.unit, figure.value, figure.low, figure.high)


def statement_text(statement: Statement | Reaction) -> str:
    """Paraphrase (or claim) and exact quote, kept apart: `... "quote" (translation)`."""
    said = statement.paraphrase if isinstance(statement, Statement) else statement.claim
    parts = [said] if said else []
    if statement.quote:
        kind = " (translation)" if statement.quote_kind == "translation" else ""
        parts.append(f"\u201c{statement.quote}\u201d{kind}")
    return " ".join(parts)


def _row_text(values: Iterable[Value]) -> str:
    return "\n".join(
        "; ".join(v) if isinstance(v, tuple) else str(v) for v in values if v is not None
    )


def keep_matching(
    rows: list[tuple[Value, ...]], matcher: Matcher | None
) -> list[tuple[Value, ...]]:
    """Rows that mention the matcher's text (or an alias of it) in any cell."""
    if matcher is None:
        return rows
    return [row for row in rows if matcher(_row_text(row))]


def _choose(text: str, choices: Sequence[str], what: str) -> set[str]:
    """The choices `text` names: case-insensitive, a part of one will do."""
    wanted = fold(text.strip())
    found = {c for c in choices if fold(c) == wanted} or {c for c in choices if wanted in fold(c)}
    if not found:
        import difflib

        close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else f"; one of: {', '.join(choices)}"
        raise QueryError(f"no {what} {text!r}{hint}")
    return found


# -- issues ---------------------------------------------------------------------------

ISSUE_COLUMNS = (
    Column("id", "ID"),
    Column("title", "Issue"),
    Column("summary", "Summary", audience="machines"),
    Column("actors", "Who is involved"),
    Column("figures", "Key figures"),
    Column("statements", "Statements"),
    Column("pledges", "Aid lines", numeric=True),
)


def _issue_row(index: Index, issue: Issue) -> tuple[Value, ...]:
    figures = [index.get(f) for f in issue.figures]
    statements = [index.get(s) for s in issue.statements]
    return (
        issue.id,
        issue.title,
        issue.summary,
        tuple(n for n in (index.actor_name(a) for a in issue.actors) if n),
        tuple(_key_figure(index, f) for f in figures if isinstance(f, Figure)),
        tuple(
            f"{index.actor_name(s.speaker)}{', ' + s.date if s.date else ''}"
            for s in statements
            if isinstance(s, Statement)
        ),
        len(issue.pledges),
    )


def _key_figure(index: Index, figure: Figure) -> str:
    claimant = index.actor_name(figure.claimant)
    return f"{figure.counts}: {figure_text(figure)}" + (f" ({claimant})" if claimant else "")


def issues_report(index: Index, matcher: Matcher | None = None) -> Report:
    """The issues the briefing raises: who is involved, key figures, statements."""
    rows = [_issue_row(index, issue) for issue in index.briefing.issues]
    return Report(
        title="Issues",
        columns=ISSUE_COLUMNS,
        rows=tuple(keep_matching(rows, matcher)),
        notes=("raqqa issues ID shows one issue in full.",),
        empty="no issues match",
    )


DETAIL_COLUMNS = (
    Column("part", "Part"),
    Column("id", "ID", audience="machines"),
    Column("who", "Who"),
    Column("date", "Date"),
    Column("what", "What"),
    Column("source", "Source"),
)


def issue_detail(index: Index, issue_id: str) -> Report:
    """One issue in full: summary, actors, statements, figures and aid lines, each sourced."""
    issue = index.get(issue_id)
    if not isinstance(issue, Issue):
        known = ", ".join(i.id for i in index.briefing.issues)
        raise QueryError(f"no issue has the id {issue_id!r}; known issues: {known}")
    rows: list[tuple[Value, ...]] = [
        ("summary", issue.id, None, None, issue.summary, index.citation(issue.source))
    ]
    for actor_id in issue.actors:
        actor = index.get(actor_id)
        roles = "; ".join(_role_text(index, role) for role in actor.roles) or actor.kind
        rows.append(("actor", actor.id, actor.name, None, roles, index.citation(actor.source)))
    for statement_id in issue.statements:
        s: Statement = index.get(statement_id)
        who = index.actor_name(s.speaker)
        rows.append(
            ("statement", s.id, who, s.date, statement_text(s), index.citation(s.source, s.via))
        )
    for figure_id in issue.figures:
        f: Figure = index.get(figure_id)
        what = f"{f.counts}: {figure_text(f)}"
        rows.append(
            (
                "figure",
                f.id,
                index.actor_name(f.claimant),
                f.as_of,
                what,
                index.citation(f.source, f.via),
            )
        )
    for pledge_id in issue.pledges:
        p: Pledge = index.get(pledge_id)
        rows.append(
            (
                "aid",
                p.id,
                index.actor_name(p.donor),
                _pledge_date(p),
                p.description,
                index.citation(p.source, p.via),
            )
        )
    return Report(title=f"{issue.title} ({issue.id})", columns=DETAIL_COLUMNS, rows=tuple(rows))


def _role_text(index: Index, role: Any) -> str:
    where = index.actor_name(role.organisation)
    held = f" ({role.start or '?'} to {role.end or '?'})" if role.start or role.end else ""
    return f"{role.title}{', ' + where if where else ''}{held}"


# -- aid ------------------------------------------------------------------------------

AID_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("kind", "Kind", audience="machines"),
    Column("donor", "Donor"),
    Column("description", "What"),
    Column("shown", "Quantity", audience="people"),
    Column("quantity", "Quantity", numeric=True, audience="machines"),
    Column("unit", "Unit", audience="machines"),
    Column("item", "Item", audience="machines"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("amount", "Amount", numeric=True, audience="machines"),
    Column("currency", "Currency", audience="machines"),
    Column("sector", "Sector"),
    Column("status", "Status"),
    Column("date", "Date"),
    Column("since", "Since", audience="machines"),
    Column("announcer", "Announced by"),
    Column("package", "Package", audience="machines"),
    Column("source", "Source", audience="machines"),
)


class AidFilter(NamedTuple):
    """What `aid` was asked to show; empty means everything."""

    sectors: frozenset[str] | None = None
    donors: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    matcher: Matcher | None = None


def aid_filter(
    index: Index,
    *,
    sector: str | None = None,
    donor: str | None = None,
    status: str | None = None,
    match: str | None = None,
) -> AidFilter:
    """Turn the user's words into a filter, refusing names the briefing does not know."""
    from typing import get_args

    from raqqa_cli.model import Sector, Status

    sectors = frozenset(_choose(sector, get_args(Sector), "sector")) if sector else None
    statuses = frozenset(_choose(status, get_args(Status), "status")) if status else None
    donors = frozenset(a.id for a in index.require_actors(donor)) if donor else None
    return AidFilter(sectors, donors, statuses, index.matcher(match) if match else None)


def _pledge_date(pledge: Pledge) -> str | None:
    return pledge.date or (f"since {pledge.since}" if pledge.since else None)


def _package_row(index: Index, package: Package) -> tuple[Value, ...]:
    shown = (
        money_text(package.amount, package.currency)
        if package.amount is not None and package.currency
        else ""
    )
    return (
        package.id, "package", index.actor_name(package.donor), package.title, shown,
        None, None, None, None, package.amount, package.currency, None, package.status,
        package.date, None, index.actor_name(package.announcer), None, package.source,
    )  # fmt: skip


def _pledge_row(index: Index, pledge: Pledge) -> tuple[Value, ...]:
    if pledge.quantity is not None:
        shown = quantity_text(pledge.qualifier, pledge.item or pledge.unit, pledge.quantity)
    elif pledge.amount is not None and pledge.currency:
        shown = money_text(pledge.amount, pledge.currency)
    else:
        shown = ""
    return (
        pledge.id, "line", index.actor_name(pledge.donor), pledge.description, shown,
        pledge.quantity, pledge.unit, pledge.item, pledge.qualifier, pledge.amount,
        pledge.currency, pledge.sector, pledge.status, _pledge_date(pledge), pledge.since,
        index.actor_name(pledge.announcer), pledge.package, pledge.source,
    )  # fmt: skip


def _selected(index: Index, chosen: AidFilter) -> tuple[list[Package], list[Pledge]]:
    """Packages and lines that pass the filter (a package has no sector of its own)."""

    def passes(entry: Package | Pledge, row: tuple[Value, ...]) -> bool:
        if chosen.donors is not None and entry.donor not in chosen.donors:
            return False
        if chosen.statuses is not None and entry.status not in chosen.statuses:
            return False
        if chosen.sectors is not None and getattr(entry, "sector", None) not in chosen.sectors:
            return False
        return chosen.matcher is None or chosen.matcher(_row_text(row))

    briefing = index.briefing
    packages = [p for p in briefing.packages if passes(p, _package_row(index, p))]
    pledges = [p for p in briefing.pledges if passes(p, _pledge_row(index, p))]
    return packages, pledges


def aid_report(index: Index, chosen: AidFilter) -> Report:
    """Every package and aid line that passes the filter, each package before its lines."""
    packages, pledges = _selected(index, chosen)
    shown = {package.id for package in packages}
    lines_of: dict[str, list[Pledge]] = {}
    for pledge in pledges:
        if pledge.package in shown:
            lines_of.setdefault(pledge.package, []).append(pledge)
    rows: list[tuple[Value, ...]] = []
    for package in packages:
        rows.append(_package_row(index, package))
        rows += [_pledge_row(index, p) for p in lines_of.get(package.id, [])]
    rows += [_pledge_row(index, p) for p in pledges if p.package not in shown]
    funded = [p for p in packages if p.amount is not None]
    notes = [
        f"{p.title}: {money_text(p.amount or 0, p.currency or '')} for the package as a whole;"
        " its lines carry no money of their own (the source does not split it)."
        for p in funded[:3]
    ]
    if len(funded) > 3:
        notes = [
            f"{len(funded)} packages carry money for the package as a whole; their lines carry"
            " no money of their own."
        ]
    return Report("Aid", AID_COLUMNS, tuple(rows), tuple(notes), empty="no aid lines match")


# -- honest totals -------------------------------------------------------------------


class _Total:
    """A running total of one unit (or currency) for one status and group."""

    def __init__(
        self,
        group: str | None,
        status: str,
        measure: str,
        unit: str,
        item: str | None,
        note: str | None = None,
    ) -> None:
        self.group, self.status, self.measure = group, status, measure  # measure: money/quantity
        self.unit, self.item, self.note = unit, item, note
        self.total: float | int = 0
        self.lines = 0
        self.qualifiers: set[str] | None = None

    def add(self, value: float | int, qualifier: str) -> None:
        self.total += value
        self.lines += 1
        self.qualifiers = (self.qualifiers or set()) | {qualifier}

    @property
    def qualifier(self) -> str:
        """What may be said of a sum: exact only if every part was exact."""
        found = self.qualifiers or {"exact"}
        if len(found) == 1:
            return next(iter(found))
        if found <= {"exact", "at least", "more than"}:
            return "at least"
        return "estimated"


TOTAL_COLUMNS = (
    Column("group", "Group"),
    Column("status", "Status"),
    Column("shown", "Total", audience="people"),
    Column("measure", "Measure", audience="machines"),
    Column("total", "Total", numeric=True, audience="machines"),
    Column("unit", "Unit", audience="machines"),
    Column("item", "Item", audience="machines"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("lines", "Lines", numeric=True),
    Column("note", "Note"),
)

PEOPLE_NOTE = "not added to other people counts: different activities may reach the same people"
PACKAGE_NOTE = "includes package money, which is not split across the package's lines"


def aid_totals(index: Index, chosen: AidFilter, by: str = "status") -> Report:
    """Totals that never mix units, currencies or statuses, and never add people twice.

    Money is summed per currency; quantities per unit and item; people reached by
    different activities are listed apart; announced, pledged, committed and delivered
    aid are always separate rows. `by` adds a sector or donor grouping.
    """
    if by not in TotalBy.__members__:
        raise QueryError(f"cannot total by {by!r}; choose one of: {', '.join(TotalBy)}")
    packages, pledges = _selected(index, chosen)
    totals: dict[tuple[Any, ...], _Total] = {}

    def group_of(entry: Package | Pledge) -> str | None:
        if by == "donor":
            return index.actor_name(entry.donor)
        if by == "sector":
            return entry.sector if isinstance(entry, Pledge) else "(whole package)"
        return None

    def total_for(
        entry: Package | Pledge, measure: str, unit: str, item: str | None, note: str | None
    ) -> _Total:
        group = group_of(entry)
        # People reached are never added across lines, so each line is its own key.
        apart = entry.id if unit == "people" and measure == "quantity" else None
        key = (group, entry.status, measure, unit, item, apart)
        if key not in totals:
            totals[key] = _Total(group, entry.status, measure, unit, item, note=note)
        return totals[key]

    for package in packages:
        if package.amount is not None and package.currency:
            total_for(package, "money", package.currency, None, PACKAGE_NOTE).add(
                package.amount, "exact"
            )
    for pledge in pledges:
        if pledge.amount is not None and pledge.currency and pledge.package is None:
            money = total_for(pledge, "money", pledge.currency, None, None)
            money.add(pledge.amount, pledge.qualifier)
        if pledge.quantity is None or pledge.unit is None:
            continue
        note = PEOPLE_NOTE if pledge.unit == "people" else None
        total = total_for(pledge, "quantity", pledge.unit, pledge.item, note)
        total.add(pledge.quantity, pledge.qualifier)

    def order(total: _Total) -> tuple[Any, ...]:
        status = STATUS_ORDER.index(total.status)
        return (total.group or "", status, total.measure != "money", total.unit, total.item or "")

    rows: list[tuple[Value, ...]] = []
    for t in sorted(totals.values(), key=order):
        shown = (
            money_text(t.total, t.unit)
            if t.measure == "money"
            else quantity_text(t.qualifier, t.item or t.unit, t.total)
        )
        if t.measure == "money" and t.qualifier != "exact":
            shown = f"{QUALIFIER_WORDS[t.qualifier]}{shown}"
        rows.append(
            (
                t.group,
                t.status,
                shown,
                t.measure,
                t.total,
                t.unit,
                t.item,
                t.qualifier,
                t.lines,
                t.note,
            )
        )
    if by == "status":
        columns = tuple(c for c in TOTAL_COLUMNS if c.key != "group")
    else:
        columns = (Column("group", by.capitalize()), *TOTAL_COLUMNS[1:])
    if by == "status":
        rows = [row[1:] for row in rows]
    title = "Aid totals" + (f" by {by}" if by != "status" else "")
    notes = (
        "Money is summed per currency, quantities per unit and item; no unit or currency is"
        " ever added to another.",
        "Each status is its own row: what was announced or pledged is never added to what"
        " was delivered.",
    )
    return Report(title, columns, tuple(rows), notes, empty="no aid lines match")


# -- reactions ------------------------------------------------------------------------

REACTION_COLUMNS = (
    Column("id", "ID", audience="machines"),
    Column("actor", "Actor"),
    Column("speaker", "Speaker"),
    Column("stance", "Stance"),
    Column("claim", "Claim", audience="machines"),
    Column("quote", "Quote", audience="machines"),
    Column("quote_kind", "Quote kind", audience="machines"),
    Column("said", "Claim or quote", audience="people"),
    Column("date", "Date"),
    Column("reported", "Reported", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("via", "Via", audience="machines"),
)


def find_sources(index: Index, text: str) -> set[str]:
    """Source ids that `text` names: an id, or a word of a title or publisher."""
    wanted = fold(text.strip())
    found = {
        s.id
        for s in index.briefing.sources
        if wanted == s.id or wanted in fold(s.title) or wanted in fold(s.publisher)
    }
    if not found:
        known = ", ".join(s.id for s in index.briefing.sources[:8])
        raise QueryError(f"no source matches {text!r}; sources include: {known}")
    return found


def reactions_report(
    index: Index, *, actor: str | None = None, source: str | None = None, match: str | None = None
) -> Report:
    """International reactions: actor, stance, claim or quote, date, source."""
    actors = {a.id for a in index.require_actors(actor)} if actor else None
    sources = find_sources(index, source) if source else None
    rows: list[tuple[Value, ...]] = []
    for r in index.briefing.reactions:
        if actors is not None and r.actor not in actors and r.speaker not in actors:
            continue
        if sources is not None and r.source not in sources and r.via not in sources:
            continue
        rows.append((
            r.id, index.actor_name(r.actor), index.actor_name(r.speaker), r.stance, r.claim,
            r.quote, r.quote_kind, statement_text(r), r.date, r.reported,
            index.citation(r.source, r.via), r.source, r.via,
        ))  # fmt: skip
    rows = keep_matching(rows, index.matcher(match) if match else None)
    return Report("Reactions", REACTION_COLUMNS, tuple(rows), empty="no reactions match")


# -- the aid chart --------------------------------------------------------------------

CHART_COLUMNS = (
    Column("axis", "Unit"),
    Column("label", "Line"),
    Column("value", "Value", numeric=True),
    Column("status", "Status"),
    Column("id", "ID", audience="machines"),
)


def aid_chart(index: Index, chosen: AidFilter) -> Report:
    """Bars per unit: one axis for each unit or currency, never two units on one axis."""
    packages, pledges = _selected(index, chosen)
    rows: list[tuple[Value, ...]] = []
    for package in packages:
        if package.amount is not None and package.currency:
            rows.append(
                (package.currency, package.title, package.amount, package.status, package.id)
            )
    for pledge in pledges:
        if pledge.quantity is not None and pledge.unit:
            label = pledge.item or pledge.description
            rows.append((pledge.unit, label, pledge.quantity, pledge.status, pledge.id))
        elif pledge.amount is not None and pledge.currency and pledge.package is None:
            rows.append(
                (pledge.currency, pledge.description, pledge.amount, pledge.status, pledge.id)
            )
    rows.sort(key=lambda r: (str(r[0]), -float(r[2] or 0)))  # type: ignore[arg-type]
    notes = ("Each unit has its own scale; bars of different units are not comparable.",)
    return Report("Aid by unit", CHART_COLUMNS, tuple(rows), notes, "no aid lines match", "chart")
