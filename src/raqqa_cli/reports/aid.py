"""`raqqa aid`: packages and aid lines, honest totals, and bars per unit."""

from __future__ import annotations

from typing import Any, NamedTuple

from raqqa_cli.errors import QueryError, quoted
from raqqa_cli.lookup import Index, Matcher
from raqqa_cli.model import Package, Pledge
from raqqa_cli.report import Column, Report, TotalBy, Value
from raqqa_cli.reports.filters import choose, row_text
from raqqa_cli.reports.phrases import (
    QUALIFIER_WORDS,
    counted,
    money_text,
    number_text,
    quantity_text,
    says_as_of,
)

STATUS_ORDER = ("expected", "announced", "pledged", "committed", "delivered")


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
    return entry.date or (f"since {since}" if since else None)


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
)


def converted_text(index: Index, entry: Package | Pledge) -> str:
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


def converted_records(entry: Package | Pledge) -> tuple[str, ...]:
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
    """What a line or package says beyond the table's columns, as people read it: the
    period, "as of", who delivers and how, new money and the condition as phrases, then
    its note, which is sentences of its own (`in Raqqa. First half of ...`)."""
    # `since` alone is in the When column already
    period = period_phrase(entry) if entry.period_start or entry.period_end else None
    found = [period or "", f"as of {entry.as_of}" if entry.as_of else ""]
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

    from raqqa_cli.model import Sector, Status

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
    )  # fmt: skip


def _package_row(index: Index, package: Package) -> tuple[Value, ...]:
    return (
        package.id, "package", index.actor_name(package.donor), package.donor, package.title,
        shown_amount(index, package), None, None, None, package.qualifier,
        package.amount, package.currency, None, package.status, when_text(package),
        package.date, None, index.actor_name(package.announcer), package.announcer, None,
        None, None, None, package.note, index.citation(package.source, package.via),
        package.source, package.via, *_version2_cells(index, package),
    )  # fmt: skip


def _pledge_row(index: Index, pledge: Pledge) -> tuple[Value, ...]:
    return (
        pledge.id, "line", index.actor_name(pledge.donor), pledge.donor, pledge.description,
        shown_amount(index, pledge), pledge.quantity, pledge.unit, pledge.item, pledge.qualifier,
        pledge.amount, pledge.currency, pledge.sector, pledge.status, when_text(pledge),
        pledge.date, pledge.since, index.actor_name(pledge.announcer), pledge.announcer,
        pledge.package, index.place_name(pledge.place), pledge.place, pledge.channel,
        pledge.note, index.citation(pledge.source, pledge.via), pledge.source, pledge.via,
        *_version2_cells(index, pledge),
    )  # fmt: skip


def selected(index: Index, chosen: AidFilter) -> tuple[list[Package], list[Pledge]]:
    """Packages and lines that pass the filter (a package has no sector of its own)."""

    def passes(entry: Package | Pledge, row: tuple[Value, ...]) -> bool:
        if chosen.donors is not None and entry.donor not in chosen.donors:
            return False
        if chosen.statuses is not None and entry.status not in chosen.statuses:
            return False
        if chosen.sectors is not None and getattr(entry, "sector", None) not in chosen.sectors:
            return False
        return chosen.matcher is None or chosen.matcher(row_text(row))

    briefing = index.briefing
    packages = [p for p in briefing.packages if passes(p, _package_row(index, p))]
    pledges = [p for p in briefing.pledges if passes(p, _pledge_row(index, p))]
    return packages, pledges


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


# -- honest totals -------------------------------------------------------------------

Entry = Package | Pledge


class _Part(NamedTuple):
    """One package or line as a total sees it: what it measures and how much."""

    entry: Entry
    measure: str  # money or quantity
    unit: str  # the currency, or the quantity's unit
    item: str | None
    value: float | int  # the amount, the quantity, or a range's low end
    high: float | int | None  # a range's high end
    qualifier: str


def _part(entry: Entry, value: float | int | None = None) -> _Part | None:
    """The entry as a part of a total, or None if it gives no number."""
    low, high = getattr(entry, "low", None), getattr(entry, "high", None)
    if isinstance(entry, Pledge) and entry.unit and (entry.quantity is not None or low is not None):
        number = entry.quantity if entry.quantity is not None else low
        return _Part(entry, "quantity", entry.unit, entry.item, number or 0, high, entry.qualifier)
    if entry.currency and (entry.amount is not None or low is not None):
        number = entry.amount if entry.amount is not None else low
        given = number if value is None else value
        return _Part(entry, "money", entry.currency, None, given or 0, high, entry.qualifier)
    return None


def _as_of(entry: Entry) -> str | None:
    return entry.as_of or entry.date


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


class _Total:
    """One row of totals: the parts added, and what was left out and why."""

    def __init__(self, key: tuple[Any, ...], first: _Part) -> None:
        self.key = key
        self.group: str | None = key[0]
        self.status, self.measure, self.unit, self.item = first.entry.status, *first[1:4]
        self.period = period_of(first.entry)
        self.period_text = period_phrase(first.entry)
        self.parts: list[_Part] = []
        self.kept_out: list[str] = []
        self.notes: list[str] = []
        self.as_of: str | None = None
        self.lower_bound = False  # a part that may overlap another was left out
        self.unbounded = False  # ... and what was kept is no floor: the sum is neither way

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    @property
    def total(self) -> float | int:
        return sum(part.value for part in self.parts)

    @property
    def qualifier(self) -> str:
        """What may be said of a sum: exact only if every part was exact and nothing that may
        overlap was left out; "at least" when every part is a floor or exact."""
        found = {part.qualifier for part in self.parts} or {"exact"}
        if self.unbounded:
            return "estimated"
        if self.lower_bound:
            found.add("at least")
        if len(found) == 1:
            return next(iter(found))
        if found <= {"exact", "at least", "more than"}:
            return "at least"
        return "estimated"


TOTAL_COLUMNS = (
    Column("group", "Group"),
    Column("status", "Status", hxl="#status"),
    Column("shown", "Total", audience="people"),
    Column("measure", "Measure", audience="machines"),
    # Money and quantities share the column (`measure` says which, `unit` names the
    # currency or the unit), so HXL's #value, which is money, would misname half the rows.
    Column("total", "Total", numeric=True, audience="machines", hxl="#indicator +num +total"),
    Column("high", "High", numeric=True, audience="machines"),
    Column("unit", "Unit", audience="machines", hxl="#indicator +unit"),
    Column("item", "Item", audience="machines", hxl="#item +name"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("period_start", "Period start", audience="machines"),
    Column("period_end", "Period end", audience="machines"),
    Column("as_of", "As of", audience="machines"),
    Column("lines", "Entries", numeric=True),
    Column("entry_ids", "Entry ids", audience="machines"),
    Column("not_added_ids", "Not added ids", audience="machines"),
    Column("note", "Note", hxl="#description"),
    Column("sources", "Sources", audience="people"),
    Column("source_ids", "Source ids", audience="machines", hxl="#meta +source"),
)
# The HXL hashtag of the column the totals are grouped by.
GROUP_HXL = {"sector": "#sector +name", "donor": "#org +funder +name"}

PEOPLE_NOTE = "not added to other people counts: different activities may reach the same people"


class _Links:
    """Who replaces whom among the selected entries, and what is part of what."""

    def __init__(self, entries: list[Entry]) -> None:
        self.by_id = {entry.id: entry for entry in entries}
        self.order = {entry.id: position for position, entry in enumerate(entries)}
        self.latest: dict[str, str] = {}  # an earlier running total -> the latest of its series
        self.series: dict[str, list[str]] = {}  # the latest -> the earlier ones, oldest first
        self._find_series(entries)

    def _find_series(self, entries: list[Entry]) -> None:
        parent = {entry.id: entry.id for entry in entries}

        def root(at: str) -> str:
            while parent[at] != at:
                parent[at] = parent[parent[at]]
                at = parent[at]
            return at

        def join(one: str, other: str) -> None:
            parent[root(one)] = root(other)

        replaced: set[str] = set()
        running: dict[tuple[Any, ...], str] = {}
        for entry in entries:
            if entry.supersedes in parent:
                join(entry.id, entry.supersedes)
                replaced.add(entry.supersedes)
            if entry.cumulative and (part := _part(entry)) is not None:
                key = (entry.donor, entry.status, part.measure, part.unit, part.item)
                join(entry.id, running.setdefault(key, entry.id))
        members: dict[str, list[str]] = {}
        for entry in entries:
            members.setdefault(root(entry.id), []).append(entry.id)
        for ids in members.values():
            if len(ids) < 2:
                continue
            candidates = [i for i in ids if i not in replaced] or ids
            last = max(candidates, key=lambda i: (_as_of(self.by_id[i]) or "", self.order[i]))
            earlier = sorted(
                (i for i in ids if i != last),
                key=lambda i: (_as_of(self.by_id[i]) or "", self.order[i]),
            )
            self.series[last] = earlier
            for i in earlier:
                self.latest[i] = last

    def current(self, entry_id: str) -> str:
        """The entry itself, or the latest update that replaces it."""
        return self.latest.get(entry_id, entry_id)

    def whole(self, entry: Entry) -> str | None:
        """The selected entry that `entry` is ultimately part of (latest updates followed)."""
        seen = {entry.id}
        found = None
        at = entry.part_of
        while at is not None and at in self.by_id and at not in seen:
            at = self.current(at)
            seen.add(at)
            found = at
            at = self.by_id[at].part_of
        return found


def aid_totals(index: Index, chosen: AidFilter, by: str = "status") -> Report:
    """Totals that add only what may be added, and say what they left out and why.

    Money is summed per currency; quantities per unit and item; statuses are separate rows,
    and so are periods (a period not given is not added to one given). People reached by
    different activities are listed apart; of a running total's updates only the latest is
    shown, as of its date; a part is never added to its whole; entries that may overlap are
    not added together (the larger is, and the total is "at least" it). Money on lines inside
    a package that carries money is a split of it: a part of the package's row, or, grouped
    by donor or sector, counted under the lines' own groups with the rest of the package
    beside them. `by` adds a sector or donor grouping.
    """
    if by not in TotalBy.__members__:
        raise QueryError(f"cannot total by {by!r}; choose one of: {', '.join(TotalBy)}")
    packages, pledges = selected(index, chosen)
    entries: list[Entry] = [*packages, *pledges]
    links = _Links(entries)
    funded = {p.id: p for p in packages if p.amount is not None and p.currency}
    totals: dict[tuple[Any, ...], _Total] = {}
    row_of: dict[str, _Total] = {}

    def group_of(entry: Entry) -> str | None:
        if by == "donor":
            return index.actor_name(entry.donor)
        if by == "sector":
            return entry.sector if isinstance(entry, Pledge) else "(whole package)"
        return None

    def add(part: _Part, group: str | None) -> _Total:
        entry = part.entry
        apart = None  # people reached and ranges are never added to anything
        if (part.measure == "quantity" and part.unit == "people") or part.high is not None:
            apart = entry.id
        key = (group, entry.status, part.measure, part.unit, part.item, period_of(entry), apart)
        total = totals.get(key)
        if total is None:
            total = totals[key] = _Total(key, part)
        total.parts.append(part)
        row_of[entry.id] = total
        return total

    # Lines inside a selected package that carries money: a split of the package's money.
    lines_of: dict[str, list[_Part]] = {}
    for pledge in pledges:
        part = _part(pledge)
        if pledge.package in funded and part is not None and part.measure == "money":
            lines_of.setdefault(pledge.package, []).append(part)

    left_out: list[tuple[Entry, str, str | None]] = []  # entry, why, the id it concerns
    for entry in entries:
        part = _part(entry)
        if part is None:
            continue
        if entry.id in links.latest:
            left_out.append((entry, "earlier", links.latest[entry.id]))
            continue
        whole = links.whole(entry)
        if whole is not None and (whole_part := _part(links.by_id[whole])) is not None:
            same = (whole_part.measure, whole_part.unit, whole_part.item) == part[1:4]
            if same and links.by_id[whole].status == entry.status:
                left_out.append((entry, "part", whole))
                continue
        package = getattr(entry, "package", None)
        if package in funded and part.measure == "money":
            if links.current(package) != package:
                left_out.append((entry, "earlier", links.current(package)))
                continue
            if by == "status" or not _splits(funded[package], lines_of[package]):
                left_out.append((entry, "line", package))
                continue
            total = add(part, group_of(entry))
            total.note(
                f"{entry.id} is a split of {package} ({pledge_amount_text(funded[package])} in all)"
            )
            continue
        if (
            isinstance(entry, Package)
            and entry.id in funded
            and by != "status"
            and _splits(entry, lines_of.get(entry.id, []))
        ):
            rest = (entry.amount or 0) - sum(p.value for p in lines_of[entry.id])
            if rest <= 0:
                continue  # wholly split across its lines' rows, each of which says so
            exact = all(p.qualifier == "exact" for p in lines_of[entry.id])
            qualifier = part.qualifier if exact else "estimated"
            total = add(part._replace(value=rest, qualifier=qualifier), group_of(entry))
            total.note(f"the rest of {entry.id} after its lines, which are counted by {by}")
            continue
        if package is not None and package not in funded and _is_funded(index, package):
            add(part, group_of(entry)).note(f"part of {package}, which the filter leaves out")
            continue
        add(part, group_of(entry))

    has_lines = {pledge.package for pledge in index.briefing.pledges}
    for total in totals.values():
        for part in total.parts:
            whole = part.entry.id
            if whole in funded and whole in has_lines and whole not in lines_of:
                total.note(f"includes the money of {whole} as a whole, not split across its lines")
    _leave_out_overlaps(totals, links, lines_of)
    for entry, why, concerns in left_out:
        _say_left_out(entry, why, concerns, row_of, links, totals)

    rows = _total_rows(index, totals, links, by)
    columns: tuple[Column, ...]
    if by == "status":
        columns = TOTAL_COLUMNS[1:]
        rows = [row[1:] for row in rows]
    else:
        # Keyed by what groups it, so a script reads `donor` or `sector`, not `group`.
        columns = (Column(by, by.capitalize(), hxl=GROUP_HXL.get(by, "")), *TOTAL_COLUMNS[1:])
    title = "Aid totals" + (f" by {by}" if by != "status" else "")
    notes = [
        "Money is summed per currency, quantities per unit and item; no unit or currency is"
        " ever added to another.",
        "Each status is its own row: what was announced or pledged is never added to what"
        " was delivered.",
    ]
    if len({t.period for t in totals.values()}) > 1:
        notes.append(
            "Each period is its own row: amounts for different periods, or for a period not"
            " given, are never added together."
        )
    qualified = sorted({p.qualifier for t in totals.values() for p in t.parts} - {"exact"})
    if qualified:
        said = [f'"{QUALIFIER_WORDS[q].strip() or q}"' for q in qualified]
        words = " or ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
        notes.append(f"A total is exact only if every part is; some parts here are {words}.")
    return Report(title, columns, tuple(rows), tuple(notes), empty="no aid lines match")


def _splits(package: Package, lines: list[_Part]) -> bool:
    """Whether a package's lines split its money: same currency, and no more than it."""
    if not lines or any(p.unit != package.currency or p.high is not None for p in lines):
        return False
    return sum(p.value for p in lines) <= (package.amount or 0)


def _is_funded(index: Index, package_id: str) -> bool:
    return any(p.id == package_id and p.amount is not None for p in index.briefing.packages)


def _leave_out_overlaps(
    totals: dict[tuple[Any, ...], _Total], links: _Links, lines_of: dict[str, list[_Part]]
) -> None:
    """Within a row, entries that may overlap are not added together: of each cluster only
    the largest is, and the total becomes a floor. Across rows, each says which it may
    overlap."""
    pairs: list[tuple[str, str]] = []
    for entry in links.by_id.values():
        for other in entry.overlaps:
            if other not in links.by_id:
                continue
            other = links.current(other)
            # An entry that may overlap a package may overlap each of its lines.
            for target in [other, *(p.entry.id for p in lines_of.get(other, []))]:
                pairs.append((links.current(entry.id), target))
    row_of = {part.entry.id: total for total in totals.values() for part in total.parts}
    elsewhere: dict[int, tuple[_Total, dict[str, list[str]]]] = {}
    for one, other in pairs:
        first, second = row_of.get(one), row_of.get(other)
        if first is None or second is None or one == other:
            continue
        if first is not second:
            for row, mine, theirs in ((first, one, other), (second, other, one)):
                said = elsewhere.setdefault(id(row), (row, {}))[1].setdefault(mine, [])
                if theirs not in said:
                    said.append(theirs)
            continue
        parts = {p.entry.id: p for p in first.parts}
        if one not in parts or other not in parts:
            continue  # already left out in favour of a larger one
        larger, smaller = sorted((parts[one], parts[other]), key=lambda p: -p.value)
        first.parts.remove(smaller)
        first.kept_out.append(smaller.entry.id)
        # Leaving out the smaller makes the sum a floor only if the larger is one itself.
        floor = larger.qualifier in ("exact", "at least", "more than")
        first.lower_bound = first.lower_bound or floor
        first.unbounded = first.unbounded or not floor
        first.note(
            f"{smaller.entry.id} ({pledge_amount_text(smaller.entry)}) may overlap"
            f" {larger.entry.id}: only the larger is added, so the total "
            + ("is at least this" if floor else "may be more, by up to the smaller")
        )
    for row, told in elsewhere.values():
        for mine, others in told.items():
            row.note(f"{mine} may overlap {', '.join(others)}, in other rows: not added to them")


def _say_left_out(
    entry: Entry,
    why: str,
    concerns: str | None,
    row_of: dict[str, _Total],
    links: _Links,
    totals: dict[tuple[Any, ...], _Total],
) -> None:
    """Put on the row that holds `concerns` a note of what was not added and why."""
    total = row_of.get(concerns or "")
    if total is None:
        # A package wholly split across its lines: say it on each line's row.
        holders = [
            t
            for t in totals.values()
            if any(p.entry.package == concerns for p in t.parts if isinstance(p.entry, Pledge))
        ]
        for holder in holders:
            holder.kept_out.append(entry.id)
        return
    total.kept_out.append(entry.id)
    if why == "earlier":
        latest = links.by_id[concerns or ""]
        earlier = links.series.get(latest.id, [])
        total.as_of = _as_of(latest)
        total.note(
            f"{latest.id} is the latest of {len(earlier) + 1} updates of a running total,"
            f" as of {_as_of(latest) or 'a date not given'}; the earlier ones are not added:"
            f" {', '.join(earlier)}"
        )
    elif why == "part":
        total.note(f"not added: {entry.id} ({pledge_amount_text(entry)}), part of {concerns}")
    elif why == "line":
        total.note(
            f"includes the money of {concerns} as a whole; its lines' own amounts are parts"
            " of it and not added again"
        )


def _total_rows(
    index: Index, totals: dict[tuple[Any, ...], _Total], links: _Links, by: str
) -> list[tuple[Value, ...]]:
    def order(total: _Total) -> tuple[Any, ...]:
        status = STATUS_ORDER.index(total.status) if total.status in STATUS_ORDER else 99
        start, end = total.period
        return (
            total.group or "", status, total.measure != "money", total.unit, total.item or "",
            start or "", end or "",
        )  # fmt: skip

    families: dict[tuple[Any, ...], set[str | None]] = {}
    for total in totals.values():
        families.setdefault(total.key[:5], set()).add(total.period_text)
    rows: list[tuple[Value, ...]] = []
    for t in sorted(totals.values(), key=order):
        if not t.parts:
            continue
        first = t.parts[0]
        if len(t.parts) == 1 and first.high is not None:
            shown = (
                money_text(first.value, t.unit, t.qualifier) + f" to {number_text(first.high)}"
                if t.measure == "money"
                else quantity_text(t.qualifier, counted(t.unit, t.item), None, first.value,
                                   first.high)
            )  # fmt: skip
            t.note("a range, not added to any other amount")
        elif t.measure == "money":
            shown = money_text(t.total, t.unit, t.qualifier)
        else:
            shown = quantity_text(t.qualifier, counted(t.unit, t.item), t.total)
        if t.measure == "quantity" and t.unit == "people" and first.high is None:
            t.note(PEOPLE_NOTE)
        others = families[t.key[:5]] - {t.period_text}
        if others and t.key[6] is None:  # a row kept apart is never added to anything
            said = ", ".join(sorted(o or "a period not given" for o in others))
            t.note(f"not added to the same for other periods ({said})")
        if t.as_of is None and any(p.entry.cumulative for p in t.parts):
            t.as_of = max((_as_of(p.entry) or "" for p in t.parts), default="") or None
        if t.period_text:
            shown += f" {t.period_text}"
        if t.as_of:
            shown += f", as of {t.as_of}"
        ids = [p.entry.id for p in t.parts]
        sources = tuple(
            dict.fromkeys(s for p in t.parts for s in (p.entry.source, p.entry.via) if s)
        )
        rows.append((
            t.group, t.status, shown, t.measure, t.total, first.high if len(ids) == 1 else None,
            t.unit, t.item, t.qualifier, t.period[0], t.period[1], t.as_of, len(ids),
            tuple(ids), tuple(dict.fromkeys(t.kept_out)), "; ".join(t.notes) or None,
            index.citations(sources), sources,
        ))  # fmt: skip
    return rows


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
    totals count it (`_Links`): earlier updates are not separate amounts. People read the
    number with its qualifier ("more than 660,000") and the date beside the label, unless
    the label says "as of" itself; machines get the label as written, `value`, `qualifier`
    and the entry's `as_of` apart, as `raqqa aid` gives them.
    """
    packages, pledges = selected(index, chosen)
    funded = {p.id for p in index.briefing.packages if p.amount is not None and p.currency}
    links = _Links([*packages, *pledges])
    rows: list[tuple[Value, ...]] = []

    def add(entry: Package | Pledge, axis: str, label: str, value: float | int) -> None:
        if entry.id in links.latest:
            return
        line = label
        dated = _as_of(entry) if entry.id in links.series else None  # as the totals date it
        if dated and not says_as_of(label):
            line = f"{label}, as of {dated}"
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
    rows.sort(key=lambda r: (str(r[0]), -float(r[4] or 0)))  # type: ignore[arg-type]
    notes = ["Each unit has its own scale; bars of different units are not comparable."]
    if links.latest:
        notes.append(
            f"{len(links.latest)} earlier updates of running totals are not drawn:"
            f" {', '.join(sorted(links.latest))}."
        )
    return Report(
        "Aid by unit", CHART_COLUMNS, tuple(rows), tuple(notes), "no aid lines match", "chart"
    )
