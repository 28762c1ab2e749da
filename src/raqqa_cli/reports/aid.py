"""`raqqa aid`: packages and aid lines, honest totals, and bars per unit."""

from __future__ import annotations

from typing import NamedTuple

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Figure, Package, Pledge
from raqqa_cli.errors import QueryError, quoted
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.filters import choose, row_text
from raqqa_cli.reports.phrases import (
    QUALIFIER_WORDS,
    counted,
    dated_text,
    money_text,
    number_text,
    quantity_text,
    says_as_of,
)

STATUS_ORDER = (
    "expected",
    "announced",
    "pledged",
    "committed",
    "disbursed",
    "received",
    "delivered",
)


def pledge_amount_text(entry: Package | Pledge) -> str:
    """What a line or package gives, as people read it: a quantity or an amount of money."""
    if isinstance(entry, Pledge) and entry.quantity is not None:
        return quantity_text(entry.qualifier, counted(entry.unit, entry.item), entry.quantity)
    if entry.amount is not None and entry.currency:
        return money_text(entry.amount, entry.currency, getattr(entry, "qualifier", "exact"))
    return ""


def when_text(entry: Package | Pledge) -> str | None:
    """`2017-10-22`, or `since 2012` for a running total; None when undated."""
    since = getattr(entry, "since", None)
    return dated_text(entry.date, entry.date_precision) or (f"since {since}" if since else None)


AID_COLUMNS = (
    Column("id", "ID", audience="machines", hxl="#meta +id"),
    Column("kind", "Kind", audience="machines"),
    Column("donor", "Donor", hxl="#org +funder +name"),
    Column("donor_id", "Donor id", audience="machines", hxl="#org +funder +code"),
    Column("description", "What", hxl="#activity +name"),
    Column("shown", "Amount or quantity", audience="people"),
    Column("quantity", "Quantity", numeric=True, audience="machines", hxl="#output +num"),
    Column("unit", "Unit", audience="machines", hxl="#output +unit"),
    Column("item", "Item", audience="machines", hxl="#item +name"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("amount", "Amount", numeric=True, audience="machines", hxl="#value"),
    Column("currency", "Currency", audience="machines", hxl="#currency"),
    Column("sector", "Sector", hxl="#sector +name"),
    Column("status", "Status", hxl="#status"),
    Column("when", "When", audience="people"),
    Column("date", "Date", audience="machines", hxl="#date"),
    Column("since", "Since", audience="machines", hxl="#date +start"),
    Column("announcer", "Announced by"),
    Column("announcer_id", "Announcer id", audience="machines"),
    Column("package_id", "Package id", audience="machines"),
    Column("place", "Place", audience="machines", hxl="#loc +name"),
    Column("place_id", "Place id", audience="machines", hxl="#loc +code"),
    Column("channel", "Channel", audience="machines"),
    Column("note", "Note", audience="machines", hxl="#description"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines", hxl="#meta +source"),
    Column("via_id", "Via id", audience="machines"),
    # schema version 2: for people, in the note under the table (`aid_details`)
    Column("channel_actor", "Channel actor", audience="machines"),
    Column("channel_actor_id", "Channel actor id", audience="machines"),
    Column("modality", "Modality", audience="machines"),
    Column("new_money", "New money", audience="machines"),
    Column("condition", "Condition", audience="machines"),
    Column("period_start", "Period start", audience="machines"),
    Column("period_end", "Period end", audience="machines"),
    Column("as_of", "As of", audience="machines"),
    Column("low", "Low", numeric=True, audience="machines"),
    Column("high", "High", numeric=True, audience="machines"),
    Column("converted", "Converted", audience="machines"),
    Column("date_precision", "Date precision", audience="machines"),
    Column("cumulative", "Cumulative", audience="machines"),
    Column("supersedes_id", "Supersedes id", audience="machines"),
    Column("part_of_id", "Part of id", audience="machines"),
    Column("overlaps_ids", "Overlaps ids", audience="machines"),
    Column("toward_id", "Toward id", audience="machines"),
)


def converted_text(index: Index, entry: Package | Pledge | Figure) -> str:
    """The same money in other currencies, for people: `about USD 1,390,000,000 at the rate
    of 2017-04-05`, each with its own source when it has one; empty when there is none."""
    said = []
    for other in entry.converted:
        # An amount in another currency is an equivalent, not the same money: "about".
        qualifier = "about" if other.qualifier == "exact" else other.qualifier
        text = money_text(other.amount, other.currency, qualifier)
        if other.rate_date:
            text += f" at the rate of {other.rate_date}"
        if other.source and other.source != entry.source:
            text += f", {index.citation(other.source)}"
        said.append(text)
    return "; ".join(said)


def converted_records(entry: Package | Pledge | Figure) -> tuple[str, ...]:
    """The conversions for machines, one text each: `USD 1390000000`, then `about`, `rate
    2017-04-05`, `source src-x` where given; never added to any total."""
    return tuple(
        " ".join(
            part
            for part in (
                f"{c.currency} {c.amount!r}",
                c.qualifier if c.qualifier != "exact" else "",
                f"rate {c.rate_date}" if c.rate_date else "",
                f"source {c.source}" if c.source else "",
            )
            if part
        )
        for c in entry.converted
    )


def shown_amount(index: Index, entry: Package | Pledge) -> str:
    """The amount or quantity, with the money in other currencies in brackets."""
    amount = pledge_amount_text(entry)
    if isinstance(entry, Pledge) and not amount and entry.low is not None:
        unit = entry.currency if entry.quantity is None and entry.currency else None
        if unit is not None:
            amount = f"{unit} {number_text(entry.low)} to {number_text(entry.high or entry.low)}"
        else:
            amount = quantity_text(
                entry.qualifier, counted(entry.unit, entry.item), None, entry.low, entry.high
            )
    other = converted_text(index, entry)
    return f"{amount} ({other})" if amount and other else amount or other


NEW_MONEY = {"yes": "new money", "no": "not new money", "unclear": "new money: unclear"}


def aid_details(index: Index, entry: Package | Pledge) -> str:
    """What a line or package says beyond the table's columns, as people read it: a running
    total, the period, "as of", who delivers and how, new money and the condition as phrases,
    then its note, which is sentences of its own (`in Raqqa. First half of ...`)."""
    # `since` alone is in the When column already
    period = period_phrase(entry) if entry.period_start or entry.period_end else None
    found = [
        "a running total" if entry.cumulative else "",
        period or "",
        f"as of {entry.as_of}" if entry.as_of else "",
    ]
    if isinstance(entry, Pledge):
        delivers = index.actor_name(entry.channel_actor) or entry.channel
        if entry.channel and delivers != entry.channel:
            delivers = f"{delivers} ({entry.channel})"
        found += [f"through {delivers}" if delivers else "", entry.modality or ""]
        if entry.place:
            found.append(f"in {index.place_name(entry.place)}")
    found += [
        NEW_MONEY.get(entry.new_money or "", ""),
        f"on condition that {entry.condition}" if entry.condition else "",
    ]
    said = "; ".join(text for text in found if text)
    if not entry.note:
        return said
    from raqqa_cli.render.text import stop_after

    return f"{said}{stop_after(said)} {entry.note}" if said else entry.note


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

    from raqqa_cli.briefing.model import Sector, Status

    sectors = frozenset(choose(sector, get_args(Sector), "sector")) if sector is not None else None
    statuses = frozenset(choose(status, get_args(Status), "status")) if status is not None else None
    donors = frozenset(a.id for a in index.require_actors(donor)) if donor is not None else None
    if donors is not None and donor is not None:
        entries: list[Package | Pledge] = [*index.briefing.packages, *index.briefing.pledges]
        giving = {entry.donor for entry in entries}
        if not donors & giving:  # a known actor, but no donor here: a mistake, not "none"
            names = sorted({index.actor_name(d) or d for d in giving})
            listed = f"donors: {', '.join(names)}" if names else "it lists no aid"
            raise QueryError(f"{quoted(donor)} gives no aid in this briefing; {listed}")
    return AidFilter(sectors, donors, statuses, index.matcher(match) if match is not None else None)


def _version2_cells(index: Index, entry: Package | Pledge) -> tuple[Value, ...]:
    channel_actor = getattr(entry, "channel_actor", None)
    return (
        index.actor_name(channel_actor), channel_actor, getattr(entry, "modality", None),
        entry.new_money, entry.condition, entry.period_start, entry.period_end, entry.as_of,
        getattr(entry, "low", None), getattr(entry, "high", None), converted_records(entry),
        entry.date_precision, entry.cumulative, entry.supersedes, entry.part_of, entry.overlaps,
        entry.toward,
    )  # fmt: skip


def _package_row(index: Index, package: Package) -> tuple[Value, ...]:
    return (
        package.id, "package", index.actor_name(package.donor), package.donor, package.title,
        shown_amount(index, package), None, None, None, package.qualifier,
        package.amount, package.currency, None, package.status, when_text(package),
        package.date, None, index.actor_name(package.announcer),
        package.announcer, None, None, None, None, package.note,
        index.citation(package.source, package.via), package.source, package.via,
        *_version2_cells(index, package),
    )  # fmt: skip


def _pledge_row(index: Index, pledge: Pledge) -> tuple[Value, ...]:
    return (
        pledge.id, "line", index.actor_name(pledge.donor), pledge.donor, pledge.description,
        shown_amount(index, pledge), pledge.quantity, pledge.unit, pledge.item, pledge.qualifier,
        pledge.amount, pledge.currency, pledge.sector, pledge.status, when_text(pledge),
        pledge.date, pledge.since, index.actor_name(pledge.announcer),
        pledge.announcer,
        pledge.package, index.place_name(pledge.place), pledge.place, pledge.channel,
        pledge.note, index.citation(pledge.source, pledge.via), pledge.source, pledge.via,
        *_version2_cells(index, pledge),
    )  # fmt: skip


def selected(index: Index, chosen: AidFilter) -> tuple[list[Package], list[Pledge]]:
    """Packages and lines that pass the filter (a package has no sector of its own)."""

    def passes(entry: Package | Pledge) -> bool:
        if chosen.donors is not None and entry.donor not in chosen.donors:
            return False
        if chosen.statuses is not None and entry.status not in chosen.statuses:
            return False
        if chosen.sectors is not None and getattr(entry, "sector", None) not in chosen.sectors:
            return False
        if chosen.matcher is None:
            return True  # no row to build: a free-text match reads the row as listed
        if isinstance(entry, Package):
            return chosen.matcher(row_text(_package_row(index, entry)))
        return chosen.matcher(row_text(_pledge_row(index, entry)))

    briefing = index.briefing
    return [p for p in briefing.packages if passes(p)], [p for p in briefing.pledges if passes(p)]


def package_note(package: Package, lines: list[Pledge]) -> str | None:
    """What a package's money covers, said from the data: how many `lines` it has and
    whether they carry amounts of their own."""
    if package.amount is None or not package.currency:
        return None
    money = pledge_amount_text(package)
    if not lines:
        return f"{package.title}: {money}; no aid lines are listed under it."
    priced = [p for p in lines if p.amount is not None]
    if not priced:
        return (
            f"{package.title}: {money} for the package as a whole; none of its {len(lines)}"
            " lines carries an amount of its own."
        )
    return (
        f"{package.title}: {money} for the package as a whole; {len(priced)} of its"
        f" {len(lines)} lines carry amounts, shown as parts of it and never added to it."
    )


def aid_report(index: Index, chosen: AidFilter) -> Report:
    """Every package and aid line that passes the filter, each package before its lines."""
    packages, pledges = selected(index, chosen)
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
    every_line: dict[str | None, list[Pledge]] = {}  # one pass: no package scans all lines
    for pledge in index.briefing.pledges:
        every_line.setdefault(pledge.package, []).append(pledge)
    notes = [n for n in (package_note(p, every_line.get(p.id, [])) for p in packages) if n]
    if len(notes) > 3:
        notes = [f"{len(notes)} packages carry money for the package as a whole."]
    entries: list[Package | Pledge] = [*packages, *pledges]
    by_id = {entry.id: entry for entry in entries}
    for row in rows:
        if details := aid_details(index, by_id[str(row[0])]):
            notes.append(f"{row[0]}: {details}")
    return Report("Aid", AID_COLUMNS, tuple(rows), tuple(notes), empty="no aid lines match")


# -- what an entry is for -------------------------------------------------------------

Entry = Package | Pledge


def period_of(entry: Entry) -> tuple[str | None, str | None]:
    """(start, end) of what an entry is for; a running total's `since` is its start."""
    return (entry.period_start or getattr(entry, "since", None), entry.period_end)


def period_phrase(entry: Entry) -> str | None:
    """`for 2017`, `for 2018 to 2020`, `from 2017`, `since 2012`; None when not given."""
    start, end = entry.period_start, entry.period_end
    if start and end:
        return f"for {start}" if start == end else f"for {start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    since = getattr(entry, "since", None)
    return f"since {since}" if since else None


# -- the aid chart --------------------------------------------------------------------

CHART_COLUMNS = (
    Column("axis", "Unit", hxl="#indicator +unit"),
    Column("line", "Line", audience="people"),
    Column("label", "Line", audience="machines", hxl="#activity +name"),
    Column("amount", "Value", numeric=True, audience="people"),
    Column("value", "Value", numeric=True, audience="machines", hxl="#indicator +num"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("as_of", "As of", audience="machines", hxl="#date +reported"),
    Column("status", "Status", hxl="#status"),
    Column("id", "ID", audience="machines", hxl="#meta +id"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines", hxl="#meta +source"),
    Column("via_id", "Via id", audience="machines"),
)


def aid_chart(index: Index, chosen: AidFilter) -> Report:
    """Bars per unit: one axis for each unit or currency, never two units on one axis.

    Of a running total's updates only the latest is drawn, labelled with its date, as the
    totals count it (`relations.Graph`): earlier updates are not separate amounts. People read the
    number with its qualifier ("more than 660,000") and the date beside the label, unless
    the label says "as of" itself; machines get the label as written, `value`, `qualifier`
    and the entry's `as_of` apart, as `raqqa aid` gives them.
    """
    from raqqa_cli.briefing.relations import Graph, dated

    packages, pledges = selected(index, chosen)
    funded = {p.id for p in index.briefing.packages if p.amount is not None and p.currency}
    graph = Graph([*index.briefing.packages, *index.briefing.pledges])
    rows: list[tuple[Value, ...]] = []
    not_drawn: list[str] = []

    def add(entry: Package | Pledge, axis: str, label: str, value: float | int) -> None:
        if graph.superseded(entry.id):
            not_drawn.append(entry.id)
            return
        line = label
        running = entry.cumulative or entry.supersedes is not None
        when = dated(entry) if running else None  # as the totals date it
        if when and not says_as_of(label):
            line = f"{label}, as of {when}"
        amount = f"{QUALIFIER_WORDS.get(entry.qualifier, '')}{number_text(value)}"
        rows.append((
            axis, line, label, amount, value, entry.qualifier, entry.as_of, entry.status, entry.id,
            index.citation(entry.source, entry.via), entry.source, entry.via,
        ))  # fmt: skip

    for package in packages:
        if package.id in funded:
            add(package, package.currency or "", package.title, package.amount or 0)
    for pledge in pledges:
        if pledge.quantity is not None and pledge.unit:
            add(pledge, pledge.unit, pledge.item or pledge.description, pledge.quantity)
        elif pledge.amount is not None and pledge.currency and pledge.package not in funded:
            add(pledge, pledge.currency, pledge.description, pledge.amount)
    # By unit, then largest first; equal bars by id, so the file's order never decides.
    rows.sort(key=lambda r: (str(r[0]), -float(r[4] or 0), str(r[8])))  # type: ignore[arg-type]
    notes = ["Each unit has its own scale; bars of different units are not comparable."]
    if not_drawn:
        notes.append(
            f"{len(not_drawn)} earlier updates of running totals are not drawn:"
            f" {', '.join(sorted(not_drawn))}."
        )
    return Report(
        "Aid by unit", CHART_COLUMNS, tuple(rows), tuple(notes), "no aid lines match", "chart"
    )
