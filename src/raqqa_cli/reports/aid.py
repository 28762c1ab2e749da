"""`raqqa aid`: packages and aid lines, honest totals, and bars per unit."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Actor, Figure, Package, Pledge
from raqqa_cli.errors import QueryError, quoted
from raqqa_cli.record import Struct
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    DatePrecision,
    High,
    PeriodEnd,
    PeriodStart,
    Qualifier,
    Record,
    Report,
    Sourced,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.filters import choose, empty_text, row_text
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


class AidVersion2(Record):
    """What schema version 2 says of a package or line: a part of its row, for machines;
    people read it in the note under the table (`aid_details`)."""

    channel_actor: Annotated[str | None, col("Channel actor", audience=MACHINES)]
    channel_actor_id: Annotated[str | None, col("Channel actor id", audience=MACHINES)]
    modality: Annotated[str | None, col("Modality", audience=MACHINES)]
    new_money: Annotated[str | None, col("New money", audience=MACHINES)]
    condition: Annotated[str | None, col("Condition", audience=MACHINES)]
    period_start: PeriodStart
    period_end: PeriodEnd
    as_of: Annotated[str | None, col("As of", audience=MACHINES)]
    low: Annotated[int | float | None, col("Low", numeric=True, audience=MACHINES)]
    high: High
    converted: Annotated[tuple[str, ...], col("Converted", audience=MACHINES)]
    date_precision: DatePrecision
    cumulative: Annotated[bool, col("Cumulative", audience=MACHINES)]
    supersedes_id: Annotated[str | None, col("Supersedes id", audience=MACHINES)]
    part_of_id: Annotated[str | None, col("Part of id", audience=MACHINES)]
    overlaps_ids: Annotated[tuple[str, ...], col("Overlaps ids", audience=MACHINES)]
    toward_id: Annotated[str | None, col("Toward id", audience=MACHINES)]


class AidRow(Record):
    """One package or aid line: `raqqa aid`'s record, and its row for people."""

    id: Annotated[str, col("ID", audience=MACHINES, hxl="#meta +id")]
    kind: Annotated[str, col("Kind", audience=MACHINES)]
    donor: Annotated[str | None, col("Donor", hxl="#org +funder +name")]
    donor_id: Annotated[str, col("Donor id", audience=MACHINES, hxl="#org +funder +code")]
    description: Annotated[str, col("What", hxl="#activity +name")]
    shown: Annotated[str, col("Amount or quantity", audience=PEOPLE)]
    quantity: Annotated[
        int | float | None, col("Quantity", numeric=True, audience=MACHINES, hxl="#output +num")
    ]
    unit: Annotated[str | None, col("Unit", audience=MACHINES, hxl="#output +unit")]
    item: Annotated[str | None, col("Item", audience=MACHINES, hxl="#item +name")]
    qualifier: Qualifier
    amount: Annotated[
        int | float | None, col("Amount", numeric=True, audience=MACHINES, hxl="#value")
    ]
    currency: Annotated[str | None, col("Currency", audience=MACHINES, hxl="#currency")]
    sector: Annotated[str | None, col("Sector", hxl="#sector +name")]
    status: Annotated[str, col("Status", hxl="#status")]
    when: Annotated[str | None, col("When", audience=PEOPLE)]
    date: Annotated[str | None, col("Date", audience=MACHINES, hxl="#date")]
    since: Annotated[str | None, col("Since", audience=MACHINES, hxl="#date +start")]
    announcer: Annotated[str | None, col("Announced by")]
    announcer_id: Annotated[str | None, col("Announcer id", audience=MACHINES)]
    package_id: Annotated[str | None, col("Package id", audience=MACHINES)]
    place: Annotated[str | None, col("Place", audience=MACHINES, hxl="#loc +name")]
    place_id: Annotated[str | None, col("Place id", audience=MACHINES, hxl="#loc +code")]
    channel: Annotated[str | None, col("Channel", audience=MACHINES)]
    note: Annotated[str | None, col("Note", audience=MACHINES, hxl="#description")]
    cited: Sourced
    version2: AidVersion2


AID_COLUMNS = columns_of(AidRow)


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

    if not said:
        return entry.note
    # A new sentence after the phrases: its first letter a capital ("in Raqqa. Not in ...").
    note = entry.note[:1].upper() + entry.note[1:]
    return f"{said}{stop_after(said)} {note}"


class AidFilter(Struct):
    """What `aid` was asked to show; empty means everything."""

    sectors: frozenset[str] | None = None
    donors: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    matcher: Matcher | None = None

    @property
    def filtered(self) -> bool:
        """Whether any filter was given (an empty result then says `no ... match`)."""
        return any(part is not None for part in self)


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
    donors = None
    if donor is not None:
        entries: list[Package | Pledge] = [*index.briefing.packages, *index.briefing.pledges]
        giving = {entry.donor for entry in entries}
        names = sorted({index.actor_name(d) or d for d in giving})
        listed = f"donors: {', '.join(names)}" if names else "it lists no aid"
        if not donor.strip():
            raise QueryError(f"no donor goes by {quoted(donor)}: an empty name names nothing")
        found = [a for a in index.find_named(donor, Actor) if isinstance(a, Actor)]
        if not found:  # a misspelt donor: the nearest donors, not every actor
            import difflib

            near = difflib.get_close_matches(donor, names, n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(repr(n) for n in near)}?" if near else listed
            raise QueryError(f"no donor goes by {quoted(donor)}; {hint}")
        donors = frozenset(a.id for a in found)
        if not donors & giving:  # a known actor, but no donor here: a mistake, not "none"
            raise QueryError(f"{quoted(donor)} gives no aid in this briefing; {listed}")
    return AidFilter(sectors, donors, statuses, index.matcher(match) if match is not None else None)


def _version2(index: Index, entry: Package | Pledge) -> AidVersion2:
    channel_actor = getattr(entry, "channel_actor", None)
    return AidVersion2(
        channel_actor=index.actor_name(channel_actor),
        channel_actor_id=channel_actor,
        modality=getattr(entry, "modality", None),
        new_money=entry.new_money,
        condition=entry.condition,
        period_start=entry.period_start,
        period_end=entry.period_end,
        as_of=entry.as_of,
        low=getattr(entry, "low", None),
        high=getattr(entry, "high", None),
        converted=converted_records(entry),
        date_precision=entry.date_precision,
        cumulative=entry.cumulative,
        supersedes_id=entry.supersedes,
        part_of_id=entry.part_of,
        overlaps_ids=entry.overlaps,
        toward_id=entry.toward,
    )


def _package_row(index: Index, package: Package) -> AidRow:
    return AidRow(
        id=package.id,
        kind="package",
        donor=index.actor_name(package.donor),
        donor_id=package.donor,
        description=package.title,
        shown=shown_amount(index, package),
        quantity=None,
        unit=None,
        item=None,
        qualifier=package.qualifier,
        amount=package.amount,
        currency=package.currency,
        sector=None,
        status=package.status,
        when=when_text(package),
        date=package.date,
        since=None,
        announcer=index.actor_name(package.announcer),
        announcer_id=package.announcer,
        package_id=None,
        place=None,
        place_id=None,
        channel=None,
        note=package.note,
        cited=Sourced.of(index, package.source, package.via),
        version2=_version2(index, package),
    )


def _pledge_row(index: Index, pledge: Pledge) -> AidRow:
    return AidRow(
        id=pledge.id,
        kind="line",
        donor=index.actor_name(pledge.donor),
        donor_id=pledge.donor,
        description=pledge.description,
        shown=shown_amount(index, pledge),
        quantity=pledge.quantity,
        unit=pledge.unit,
        item=pledge.item,
        qualifier=pledge.qualifier,
        amount=pledge.amount,
        currency=pledge.currency,
        sector=pledge.sector,
        status=pledge.status,
        when=when_text(pledge),
        date=pledge.date,
        since=pledge.since,
        announcer=index.actor_name(pledge.announcer),
        announcer_id=pledge.announcer,
        package_id=pledge.package,
        place=index.place_name(pledge.place),
        place_id=pledge.place,
        channel=pledge.channel,
        note=pledge.note,
        cited=Sourced.of(index, pledge.source, pledge.via),
        version2=_version2(index, pledge),
    )


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
            return chosen.matcher(row_text(flat(_package_row(index, entry))))
        return chosen.matcher(row_text(flat(_pledge_row(index, entry))))

    briefing = index.briefing
    return [p for p in briefing.packages if passes(p)], [p for p in briefing.pledges if passes(p)]


def package_note(package: Package, lines: list[Pledge]) -> str | None:
    """What a package's money covers, said from the data: how many `lines` it has and
    whether they carry amounts of their own."""
    if package.amount is None or not package.currency:
        return None
    money = pledge_amount_text(package)
    # Keyed by the package's id, as every other note under the table is keyed by its entry's.
    said = f"{package.id} ({package.title}): {money}"
    if not lines:
        return f"{said}; no aid lines are listed under it."
    priced = [p for p in lines if p.amount is not None]
    if not priced:
        none = (
            "its one line carries no amount"
            if len(lines) == 1
            else f"none of its {len(lines)} lines carries an amount"
        )
        return f"{said} for the package as a whole; {none} of its own."
    return (
        f"{said} for the package as a whole; {len(priced)} of its"
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
    rows: list[AidRow] = []
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
        if details := aid_details(index, by_id[row.id]):
            notes.append(f"{row.id}: {details}")
    records = tuple(flat(row) for row in rows)
    return Report(
        "Aid", AID_COLUMNS, records, tuple(notes), empty=empty_text("aid lines", chosen.filtered)
    )


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


class ChartRow(Record):
    """One bar of `raqqa aid --chart`: its record, and its row for people."""

    axis: Annotated[str, col("Unit", hxl="#indicator +unit")]
    line: Annotated[str, col("Line", audience=PEOPLE)]
    label: Annotated[str, col("Line", audience=MACHINES, hxl="#activity +name")]
    amount: Annotated[str, col("Value", numeric=True, audience=PEOPLE)]
    value: Annotated[
        int | float, col("Value", numeric=True, audience=MACHINES, hxl="#indicator +num")
    ]
    qualifier: Qualifier
    as_of: Annotated[str | None, col("As of", audience=MACHINES, hxl="#date +reported")]
    status: Annotated[str, col("Status", hxl="#status")]
    id: Annotated[str, col("ID", audience=MACHINES, hxl="#meta +id")]
    cited: Sourced


CHART_COLUMNS = columns_of(ChartRow)


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
    rows: list[ChartRow] = []
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
        rows.append(
            ChartRow(
                axis=axis,
                line=line,
                label=label,
                amount=amount,
                value=value,
                qualifier=entry.qualifier,
                as_of=entry.as_of,
                status=entry.status,
                id=entry.id,
                cited=Sourced.of(index, entry.source, entry.via),
            )
        )

    for package in packages:
        if package.id in funded:
            add(package, package.currency or "", package.title, package.amount or 0)
    for pledge in pledges:
        if pledge.quantity is not None and pledge.unit:
            add(pledge, pledge.unit, pledge.item or pledge.description, pledge.quantity)
        elif pledge.amount is not None and pledge.currency and pledge.package not in funded:
            add(pledge, pledge.currency, pledge.description, pledge.amount)
    # By unit, then largest first; equal bars by id, so the file's order never decides.
    rows.sort(key=lambda r: (r.axis, -float(r.value), r.id))
    notes = ["Each unit has its own scale; bars of different units are not comparable."]
    if not_drawn:
        notes.append(
            f"{len(not_drawn)} earlier updates of running totals are not drawn:"
            f" {', '.join(sorted(not_drawn))}."
        )
    records = tuple(flat(row) for row in rows)
    return Report(
        "Aid by unit", CHART_COLUMNS, records, tuple(notes), "no aid lines match", "chart"
    )
