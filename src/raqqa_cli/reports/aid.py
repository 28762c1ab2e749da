"""`raqqa aid`: packages and aid lines, honest totals, and bars per unit."""

from __future__ import annotations

from typing import Any, NamedTuple

from raqqa_cli.errors import QueryError
from raqqa_cli.lookup import Index, Matcher
from raqqa_cli.model import Package, Pledge
from raqqa_cli.report import Column, Report, TotalBy, Value
from raqqa_cli.reports.filters import choose, row_text
from raqqa_cli.reports.phrases import QUALIFIER_WORDS, counted, money_text, quantity_text

STATUS_ORDER = ("announced", "pledged", "committed", "delivered")


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

    sectors = frozenset(choose(sector, get_args(Sector), "sector")) if sector is not None else None
    statuses = frozenset(choose(status, get_args(Status), "status")) if status is not None else None
    donors = frozenset(a.id for a in index.require_actors(donor)) if donor is not None else None
    return AidFilter(sectors, donors, statuses, index.matcher(match) if match is not None else None)


def _package_row(index: Index, package: Package) -> tuple[Value, ...]:
    return (
        package.id, "package", index.actor_name(package.donor), package.donor, package.title,
        pledge_amount_text(package), None, None, None, getattr(package, "qualifier", "exact"),
        package.amount, package.currency, None, package.status, when_text(package),
        package.date, None, index.actor_name(package.announcer), package.announcer, None,
        None, None, None, package.note, index.citation(package.source, package.via),
        package.source, package.via,
    )  # fmt: skip


def _pledge_row(index: Index, pledge: Pledge) -> tuple[Value, ...]:
    return (
        pledge.id, "line", index.actor_name(pledge.donor), pledge.donor, pledge.description,
        pledge_amount_text(pledge), pledge.quantity, pledge.unit, pledge.item, pledge.qualifier,
        pledge.amount, pledge.currency, pledge.sector, pledge.status, when_text(pledge),
        pledge.date, pledge.since, index.actor_name(pledge.announcer), pledge.announcer,
        pledge.package, index.place_name(pledge.place), pledge.place, pledge.channel,
        pledge.note, index.citation(pledge.source, pledge.via), pledge.source, pledge.via,
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


def package_note(index: Index, package: Package) -> str | None:
    """What a package's money covers, said from the data: how many of its lines there are
    and whether they carry amounts of their own."""
    if package.amount is None or not package.currency:
        return None
    lines = [p for p in index.briefing.pledges if p.package == package.id]
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
    notes = [n for n in (package_note(index, p) for p in packages) if n]
    if len(notes) > 3:
        notes = [f"{len(notes)} packages carry money for the package as a whole."]
    return Report("Aid", AID_COLUMNS, tuple(rows), tuple(notes), empty="no aid lines match")


# -- honest totals -------------------------------------------------------------------


class _Total:
    """A running total of one unit (or currency) for one status and group."""

    def __init__(
        self, group: str | None, status: str, measure: str, unit: str, item: str | None
    ) -> None:
        self.group, self.status, self.measure = group, status, measure  # measure: money/quantity
        self.unit, self.item = unit, item
        self.notes: list[str] = []
        self.total: float | int = 0
        self.ids: list[str] = []
        self.sources: list[str] = []
        self.qualifiers: set[str] = set()

    def add(self, entry: Package | Pledge, value: float | int, qualifier: str) -> None:
        self.total += value
        self.ids.append(entry.id)
        self.sources += [s for s in (entry.source, entry.via) if s]
        self.qualifiers.add(qualifier)

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
    Column("status", "Status", hxl="#status"),
    Column("shown", "Total", audience="people"),
    Column("measure", "Measure", audience="machines"),
    # Money and quantities share the column (`measure` says which, `unit` names the
    # currency or the unit), so HXL's #value, which is money, would misname half the rows.
    Column("total", "Total", numeric=True, audience="machines", hxl="#indicator +num +total"),
    Column("unit", "Unit", audience="machines", hxl="#indicator +unit"),
    Column("item", "Item", audience="machines", hxl="#item +name"),
    Column("qualifier", "Qualifier", audience="machines"),
    Column("lines", "Entries", numeric=True),
    Column("entry_ids", "Entry ids", audience="machines"),
    Column("note", "Note", hxl="#description"),
    Column("sources", "Sources", audience="people"),
    Column("source_ids", "Source ids", audience="machines", hxl="#meta +source"),
)
# The HXL hashtag of the column the totals are grouped by.
GROUP_HXL = {"sector": "#sector +name", "donor": "#org +funder +name"}

PEOPLE_NOTE = "not added to other people counts: different activities may reach the same people"


def aid_totals(index: Index, chosen: AidFilter, by: str = "status") -> Report:
    """Totals that never mix units, currencies or statuses, and never add people twice.

    Money is summed per currency; quantities per unit and item; people reached by
    different activities are listed apart; announced, pledged, committed and delivered
    aid are always separate rows. Money on a line inside a package that carries money is
    a part of the package's, never added to it. `by` adds a sector or donor grouping.
    """
    if by not in TotalBy.__members__:
        raise QueryError(f"cannot total by {by!r}; choose one of: {', '.join(TotalBy)}")
    packages, pledges = selected(index, chosen)
    totals: dict[tuple[Any, ...], _Total] = {}

    def group_of(entry: Package | Pledge) -> str | None:
        if by == "donor":
            return index.actor_name(entry.donor)
        if by == "sector":
            return entry.sector if isinstance(entry, Pledge) else "(whole package)"
        return None

    def total_for(entry: Package | Pledge, measure: str, unit: str, item: str | None) -> _Total:
        group = group_of(entry)
        # People reached are never added across lines, so each line is its own key.
        apart = entry.id if unit == "people" and measure == "quantity" else None
        key = (group, entry.status, measure, unit, item, apart)
        if key not in totals:
            totals[key] = _Total(group, entry.status, measure, unit, item)
        return totals[key]

    funded = {p.id for p in index.briefing.packages if p.amount is not None and p.currency}
    split_lines: dict[str, int] = {}
    for package in packages:
        if package.id in funded:
            total_for(package, "money", package.currency or "", None).add(
                package, package.amount or 0, getattr(package, "qualifier", "exact")
            )
    for pledge in pledges:
        if pledge.amount is not None and pledge.currency:
            if pledge.package in funded:
                split_lines[pledge.package] = split_lines.get(pledge.package, 0) + 1
            else:
                total_for(pledge, "money", pledge.currency, None).add(
                    pledge, pledge.amount, pledge.qualifier
                )
        if pledge.quantity is None or pledge.unit is None:
            continue
        total = total_for(pledge, "quantity", pledge.unit, pledge.item)
        total.add(pledge, pledge.quantity, pledge.qualifier)
        if pledge.unit == "people":
            total.notes = [PEOPLE_NOTE]

    def order(total: _Total) -> tuple[Any, ...]:
        status = STATUS_ORDER.index(total.status) if total.status in STATUS_ORDER else 99
        return (total.group or "", status, total.measure != "money", total.unit, total.item or "")

    rows: list[tuple[Value, ...]] = []
    for t in sorted(totals.values(), key=order):
        if t.measure == "money":
            shown = money_text(t.total, t.unit, t.qualifier)
            packaged = [i for i in t.ids if i in funded]
            if packaged:
                t.notes.append(
                    "includes the money of a whole package; its lines' own amounts are parts"
                    " of it and not added again"
                    if any(split_lines.get(i) for i in packaged)
                    else "includes the money of a whole package, not split across its lines"
                )
        else:
            shown = quantity_text(t.qualifier, counted(t.unit, t.item), t.total)
        sources = tuple(dict.fromkeys(t.sources))
        rows.append((
            t.group, t.status, shown, t.measure, t.total, t.unit, t.item, t.qualifier,
            len(t.ids), tuple(t.ids), "; ".join(t.notes) or None,
            index.citations(sources), sources,
        ))  # fmt: skip
    columns: tuple[Column, ...]
    if by == "status":
        columns = TOTAL_COLUMNS[1:]
        rows = [row[1:] for row in rows]
    else:
        columns = (Column("group", by.capitalize(), hxl=GROUP_HXL.get(by, "")), *TOTAL_COLUMNS[1:])
    title = "Aid totals" + (f" by {by}" if by != "status" else "")
    notes = [
        "Money is summed per currency, quantities per unit and item; no unit or currency is"
        " ever added to another.",
        "Each status is its own row: what was announced or pledged is never added to what"
        " was delivered.",
    ]
    qualified = sorted({q for t in totals.values() for q in t.qualifiers} - {"exact"})
    if qualified:
        words = ", ".join(QUALIFIER_WORDS[q].strip() or q for q in qualified)
        notes.append(f"A total is exact only if every part is; parts here are also: {words}.")
    return Report(title, columns, tuple(rows), tuple(notes), empty="no aid lines match")


# -- the aid chart --------------------------------------------------------------------

CHART_COLUMNS = (
    Column("axis", "Unit", hxl="#indicator +unit"),
    Column("label", "Line", hxl="#activity +name"),
    Column("value", "Value", numeric=True, hxl="#indicator +num"),
    Column("status", "Status", hxl="#status"),
    Column("id", "ID", audience="machines", hxl="#meta +id"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines", hxl="#meta +source"),
    Column("via_id", "Via id", audience="machines"),
)


def aid_chart(index: Index, chosen: AidFilter) -> Report:
    """Bars per unit: one axis for each unit or currency, never two units on one axis."""
    packages, pledges = selected(index, chosen)
    funded = {p.id for p in index.briefing.packages if p.amount is not None and p.currency}
    rows: list[tuple[Value, ...]] = []

    def add(entry: Package | Pledge, axis: str, label: str, value: float | int) -> None:
        rows.append((
            axis, label, value, entry.status, entry.id,
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
    rows.sort(key=lambda r: (str(r[0]), -float(r[2] or 0)))  # type: ignore[arg-type]
    notes = ("Each unit has its own scale; bars of different units are not comparable.",)
    return Report("Aid by unit", CHART_COLUMNS, tuple(rows), notes, "no aid lines match", "chart")
