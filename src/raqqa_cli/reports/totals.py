"""`raqqa aid --totals` and `--by`: honest totals over the relations the file declares.

The rule, as docs/totals.md numbers it, step for step in `aid_totals`:

1. Take the packages and lines the filters select, in the order of their ids (never the
   file's order, so any order of the entries gives the same answer).
2. An entry that another entry `supersedes` is an earlier update of a running total: it is
   not added; the row of the latest update names it.
3. An entry whose `part_of` leads (through each whole's latest update) to a selected entry of
   the same status and the same currency, or unit and item, is not added: its whole is. A
   part is never inherited: where an earlier update is a part of a whole the row adds and the
   latest does not say so, both are added and the row is "at most" its sum.
4. A line inside a package that carries money is a part of the package's money. By status, the
   package is added as a whole and its lines are not. By donor or sector, each line in the
   package's currency, status and period with an exact amount that may overlap nothing is
   added under its own group, and "the rest of" the package under the package's; a line that
   cannot be split stays in the rest, and the row says why. Lines that add up to more than the
   package are not split at all.
5. Every other entry is added to its row: one row per group, status, currency (or unit and
   item) and period. People reached, and ranges, are rows of their own: never added to
   anything.
6. Within a row, entries linked by `overlaps` (each at its latest update) may be the same
   money: of each linked cluster only the largest is added (the smallest id of equals), and
   the row becomes "at least" that. Across rows, each row names the entries in other rows
   that may be the same money as its own.
7. A row is exact only if every part added is exact and nothing was left out as a possible
   overlap; otherwise it carries the qualifier its parts justify.
"""

from typing import Annotated, Any

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Package, Pledge
from raqqa_cli.briefing.relations import Graph, amount_kind, dated
from raqqa_cli.errors import QueryError
from raqqa_cli.record import Struct
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Column,
    High,
    PeriodEnd,
    PeriodStart,
    Qualifier,
    Record,
    Report,
    TotalBy,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.aid import (
    STATUS_ORDER,
    AidFilter,
    period_of,
    period_phrase,
    pledge_amount_text,
    selected,
)
from raqqa_cli.reports.filters import empty_text
from raqqa_cli.reports.phrases import (
    QUALIFIER_WORDS,
    counted,
    money_text,
    number_text,
    quantity_text,
)

Entry = Package | Pledge


class Part(Struct):
    """One package or line as a total sees it: what it measures and how much."""

    entry: Entry
    measure: str  # money or quantity
    unit: str  # the currency, or the quantity's unit
    item: str | None
    value: float | int  # the amount, the quantity, or a range's low end
    high: float | int | None  # a range's high end
    qualifier: str


def part_of_entry(entry: Entry) -> Part | None:
    """The entry as a part of a total, or None if it gives no number (`amount_kind` says
    which number: the quantity, else the amount, else a range's low end)."""
    kind = amount_kind(entry)
    if kind is None:
        return None
    low, high = getattr(entry, "low", None), getattr(entry, "high", None)
    if kind[0] == "quantity" and isinstance(entry, Pledge):  # only lines count quantities
        number = entry.quantity if entry.quantity is not None else low
        return Part(entry, "quantity", kind[1], entry.item, number or 0, high, entry.qualifier)
    number = entry.amount if entry.amount is not None else low
    return Part(entry, "money", kind[1], None, number or 0, high, entry.qualifier)


def combine(qualifiers: set[str]) -> str:
    """What may be said of a sum of parts with these qualifiers."""
    found = qualifiers - {"exact"}
    if not found:
        return "exact"
    if len(found) == 1:
        return next(iter(found))
    if found <= {"at least", "more than"}:
        return "at least"
    return "estimated"  # about and estimated, or bounds both ways: neither a floor nor a ceiling


# What is left of a whole after a part with this qualifier is taken away.
INVERSE = {"at least": "at most", "more than": "at most", "at most": "at least"}


def _and(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _whole_note(whole: list[str], kept_out: list[str]) -> str:
    """What a row says of the packages whose money it counts whole, lines and all: those it
    adds, and those that are parts of another it adds (their money is in that one's)."""
    parts = sorted(w for w in whole if w in kept_out)  # by id: whatever the file's order
    added = sorted(w for w in whole if w not in kept_out)
    lines = (
        "its lines' own amounts are parts of it"
        if len(whole) == 1
        else ("their lines' own amounts are parts of them")
    )
    if not added:  # parts of a whole this row adds: their money is in it
        within = "what it is part of" if len(parts) == 1 else "what they are parts of"
        return f"includes the money of {_and(parts)} within {within}; {lines} and not added again"
    said = f"{_and(added)} as a whole" if len(added) == 1 else f"{_and(added)}, each as a whole"
    if parts:
        said += f", and so of {'its part' if len(parts) == 1 else 'their parts'} {_and(parts)}"
    return f"includes the money of {said}; {lines} and not added again"


class Row:
    """One row of totals: the parts added, and what was left out and why."""

    def __init__(self, key: tuple[Any, ...], first: Part) -> None:
        self.key = key
        self.group: str | None = key[0]
        self.status, self.measure, self.unit, self.item = first.entry.status, *first[1:4]
        self.period = period_of(first.entry)
        self.period_text = period_phrase(first.entry)
        self.parts: list[Part] = []
        self.kept_out: list[str] = []
        self.notes: list[str] = []
        self._said: set[str] = set()
        self.parts_out: list[str] = []  # `p1 (USD 10), part of p0`, said together at the end
        self.kept_in: dict[str, list[str]] = {}  # `counted in the money of P: why` -> lines
        self.whole: list[str] = []  # packages whose money is counted whole, lines and all
        self.lower_bound = False  # a part that may overlap another was left out
        self.unbounded = False  # ... and what was kept is no floor: the sum is neither way
        self.upper_bound = False  # a part may be counted twice: the sum is at most this

    def note(self, text: str) -> None:
        if text not in self._said:
            self._said.add(text)
            self.notes.append(text)

    def say_parts(self) -> None:
        """The packages counted whole, in one note; the parts left out beside their wholes:
        each named, or, past a handful, counted."""
        if self.whole:  # one note for them all: said package by package, it read twice
            self.note(_whole_note(self.whole, self.kept_out))
            self.whole = []
        if len(self.parts_out) <= PARTS_NAMED:
            for said in self.parts_out:
                self.note(f"not added: {said}")
        elif self.parts_out:
            first = "; ".join(self.parts_out[:PARTS_NAMED])
            more = len(self.parts_out) - PARTS_NAMED
            self.note(
                f"not added, parts of what this row adds: {first}; and {more:,} more"
                " (not_added_ids lists them all)"
            )
        self.parts_out = []
        for said, lines in self.kept_in.items():
            if len(lines) <= PARTS_NAMED:
                for line in lines:
                    self.note(f"{line} is {said}")
            else:
                first = ", ".join(lines[:PARTS_NAMED])
                self.note(
                    f"{len(lines):,} lines ({first}, ...) are {said} (not_added_ids lists them all)"
                )
        self.kept_in = {}

    @property
    def label(self) -> str:
        """`pledged EUR` or `United States, delivered kits of relief kits, for 2017`."""
        what = self.unit if self.measure == "money" else counted(self.unit, self.item)
        said = f"{self.status} {what}"
        if self.period_text:
            said += f" {self.period_text}"
        return f"{self.group}, {said}" if self.group else said

    @property
    def total(self) -> float | int:
        return sum(part.value for part in self.parts)

    @property
    def qualifier(self) -> str:
        found = {part.qualifier for part in self.parts} or {"exact"}
        if self.unbounded:
            return "estimated"
        if self.lower_bound:
            found.add("at least")
        if self.upper_bound:
            found.add("at most")
        return combine(found)

    def shown(self, dated: bool = True) -> str:
        """The total as people read it: `more than 660,000 relief packages since 2012`, then
        `, as of` its date unless `dated` is false (a column of its own says it)."""
        first = self.parts[0]
        if len(self.parts) == 1 and first.high is not None:
            shown = (
                money_text(first.value, self.unit, self.qualifier)
                + f" to {number_text(first.high)}"
                if self.measure == "money"
                else quantity_text(
                    self.qualifier, counted(self.unit, self.item), None, first.value, first.high
                )
            )
        elif self.measure == "money":
            shown = money_text(self.total, self.unit, self.qualifier)
        else:
            shown = quantity_text(self.qualifier, counted(self.unit, self.item), self.total)
        if self.period_text:
            shown += f" {self.period_text}"
        return f"{shown}, as of {self.as_of}" if self.as_of and dated else shown

    def amount_shown(self) -> str:
        """The number alone, as people read it down a column: `more than 660,000`,
        `10,000,000`, `1,130 to 1,873`; what it counts is `counting`, when `when_shown`."""
        first = self.parts[0]
        words = QUALIFIER_WORDS.get(self.qualifier, "")
        if len(self.parts) == 1 and first.high is not None:
            return f"{words}{number_text(first.value)} to {number_text(first.high)}"
        return f"{words}{number_text(self.total)}"

    @property
    def counting(self) -> str:
        """What the number counts: the currency (`GBP`) or the unit (`relief packages`)."""
        return self.unit if self.measure == "money" else counted(self.unit, self.item) or ""

    def when_shown(self) -> str | None:
        """The period the total covers and the date it is true at: `since 2012`,
        `for 2017, as of 2017-06-30`, `as of 2017-06-30`; None when neither is known."""
        said = [self.period_text] if self.period_text else []
        if self.as_of:
            said.append(f"as of {self.as_of}")
        return ", ".join(said) or None

    @property
    def as_of(self) -> str | None:
        """The date a row of running totals is true at: the latest of its running totals' (an
        entry marked `cumulative`, or an update that `supersedes` another)."""
        running = [
            dated(p.entry) or "" for p in self.parts if p.entry.cumulative or p.entry.supersedes
        ]
        return max(running, default="") or None


class TotalRow(Record):
    """One row of totals: `raqqa aid --totals`' record, and its row for people. Its first
    column, `group`, is renamed for what `--by` groups by, or left out by status
    (`aid_totals`)."""

    group: Annotated[str | None, col("Group")]
    status: Annotated[str, col("Status", hxl="#status")]
    # For people, the number in a column of its own, right-aligned, beside what it counts
    # and when (`more than 660,000` | `relief packages` | `since 2012`).
    shown: Annotated[str, col("Total", numeric=True, audience=PEOPLE)]
    counting: Annotated[str, col("Unit", audience=PEOPLE)]
    when: Annotated[str | None, col("Period", audience=PEOPLE)]
    measure: Annotated[str, col("Measure", audience=MACHINES)]
    # Money and quantities share the column (`measure` says which, `unit` names the
    # currency or the unit), so HXL's #value, which is money, would misname half the rows.
    total: Annotated[
        int | float,
        col("Total", numeric=True, audience=MACHINES, hxl="#indicator +num +total"),
    ]
    high: High
    unit: Annotated[str, col("Unit", audience=MACHINES, hxl="#indicator +unit")]
    item: Annotated[str | None, col("Item", audience=MACHINES, hxl="#item +name")]
    qualifier: Qualifier
    period_start: PeriodStart
    period_end: PeriodEnd
    as_of: Annotated[str | None, col("As of", audience=MACHINES)]
    lines: Annotated[int, col("Entries", numeric=True)]
    entry_ids: Annotated[tuple[str, ...], col("Entry ids", audience=MACHINES)]
    not_added_ids: Annotated[tuple[str, ...], col("Not added ids", audience=MACHINES)]
    note: Annotated[str | None, col("Note", hxl="#description")]
    sources: Annotated[tuple[str, ...], col("Sources", audience=PEOPLE)]
    source_ids: Annotated[
        tuple[str, ...], col("Source ids", audience=MACHINES, hxl="#meta +source")
    ]


TOTAL_COLUMNS = columns_of(TotalRow)
# The HXL hashtag of the column the totals are grouped by.
GROUP_HXL = {"sector": "#sector +name", "donor": "#org +funder +name"}

PARTS_NAMED = 5  # parts named one by one in a row's note; more are counted
PEOPLE_NOTE = "not added to other people counts: different activities may reach the same people"


class _Totals:
    """One run of the rule over the selected entries (steps 1 to 7 of the module's doc)."""

    def __init__(self, index: Index, entries: list[Entry], by: str) -> None:
        briefing = index.briefing
        self.index = index
        self.by = by
        self.entries = sorted(entries, key=lambda e: e.id)  # step 1
        self.chosen = {entry.id: entry for entry in self.entries}
        self.graph = Graph([*briefing.packages, *briefing.pledges])
        self.rows: dict[tuple[Any, ...], Row] = {}
        self.row_of: dict[str, Row] = {}
        self.report_notes: list[str] = []
        self.funded = {p.id for p in briefing.packages if p.amount is not None and p.currency}
        self._covered: dict[tuple[str, tuple[Any, ...]], str | None] = {}
        self.split: dict[str, list[Part]] = {}  # a package -> its lines counted by group
        self.unsplit: dict[str, dict[str, str]] = {}  # a package -> line -> why not split
        self.left_out: list[tuple[Entry, str, str]] = []  # entry, why, the id it concerns
        self.dropped: dict[str, str] = {}  # an entry that may overlap -> the larger one kept

    # -- the relations, as this run reads them --------------------------------------------

    @staticmethod
    def signature(part: Part) -> tuple[Any, ...]:
        return (part.entry.status, part.measure, part.unit, part.item or "")

    def whole(self, entry: Entry, signature: tuple[Any, ...]) -> str | None:
        """The selected entry of the same signature that `entry` is, through `part_of` and
        each whole's latest update, a part of; None if there is none. Memoised, so every
        entry is walked past once per signature."""
        walked: list[str] = []
        found: str | None = None
        at = entry.part_of
        while at is not None and at in self.graph.by_id and len(walked) <= len(self.graph.by_id):
            at = self.graph.head(at)
            if at == entry.id:
                break  # a part of its own earlier update: validate refuses it
            if (at, signature) in self._covered:
                found = self._covered[(at, signature)]
                break
            walked.append(at)
            whole = self.chosen.get(at)
            part = part_of_entry(whole) if whole is not None else None
            if part is not None and self.signature(part) == signature:
                found = at
                break
            at = self.graph.by_id[at].part_of
        for done in walked:
            self._covered[(done, signature)] = found
        return found

    def group_of(self, entry: Entry) -> str | None:
        if self.by == "donor":
            return self.index.actor_name(entry.donor)
        if self.by == "sector":
            return entry.sector if isinstance(entry, Pledge) else "(whole package)"
        return None

    def add(self, part: Part, group: str | None) -> Row:
        entry = part.entry
        apart = None  # people reached and ranges are never added to anything
        if (part.measure == "quantity" and part.unit == "people") or part.high is not None:
            apart = entry.id
        key = (group, entry.status, part.measure, part.unit, part.item, period_of(entry), apart)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = Row(key, part)
        row.parts.append(part)
        self.row_of[entry.id] = row
        return row

    # -- step 4: which lines split their package -------------------------------------------

    def plan_splits(self) -> None:
        if self.by == "status":
            return
        lines: dict[str, list[Pledge]] = {}
        for entry in self.entries:
            if isinstance(entry, Pledge) and entry.package in self.chosen:
                lines.setdefault(entry.package, []).append(entry)
        overlapping = {e.id for e in self.graph.by_id.values() for _ in e.overlaps}
        overlapping |= {o for e in self.graph.by_id.values() for o in e.overlaps}
        for package_id, members in lines.items():
            package = self.chosen[package_id]
            if package_id not in self.funded or self.graph.superseded(package_id):
                continue
            whole = part_of_entry(package)
            if whole is not None and self.whole(package, self.signature(whole)) is not None:
                continue  # its money is counted in its own whole: its lines stay inside it
            parts: list[Part] = []
            why_not: list[tuple[str, str]] = []
            for line in members:
                part = part_of_entry(line)
                if part is None or part.measure != "money" or self.graph.superseded(line.id):
                    continue
                if self.whole(line, self.signature(part)) is not None:
                    continue  # said as a part of its whole
                if line.status != package.status:
                    why_not.append((line.id, f"it is {line.status}, the package {package.status}"))
                elif period_of(line) != period_of(package):
                    why_not.append((line.id, "its period is not the package's"))
                elif part.unit != package.currency:
                    why_not.append((line.id, f"its money is in {part.unit}, the package's in"
                                    f" {package.currency}"))  # fmt: skip
                elif part.high is not None:
                    why_not.append((line.id, "it is a range"))
                elif line.id in overlapping:
                    why_not.append((line.id, "it may overlap other money"))
                else:
                    parts.append(part)
            if parts and sum(p.value for p in parts) > (package.amount or 0):
                said = "its lines add up to more than the package, so it is not split"
                why_not = [(p.entry.id, said) for p in parts] + why_not
                parts = []
            self.split[package_id] = parts
            self.unsplit[package_id] = dict(why_not)

    # -- steps 2 to 5 ------------------------------------------------------------------

    def place(self, entry: Entry) -> None:
        part = part_of_entry(entry)
        if part is None:
            return
        if self.graph.superseded(entry.id):  # step 2
            self.left_out.append((entry, "earlier", self.graph.head(entry.id)))
            return
        package = entry.package if isinstance(entry, Pledge) else None
        if package in self.funded and part.measure == "money" and self.graph.superseded(package):
            self.left_out.append((entry, f"line of {package}", self.graph.head(package)))
            return
        whole = self.whole(entry, self.signature(part))  # step 3
        if whole is not None:
            self.left_out.append((entry, "part", whole))
            return
        if package in self.funded and part.measure == "money":  # step 4
            if package not in self.chosen:
                self.add(part, self.group_of(entry)).note(
                    f"{entry.id} is part of {package}, which the filter leaves out"
                )
            elif any(p.entry.id == entry.id for p in self.split.get(package, [])):
                package_entry = self.chosen[package]
                self.add(part, self.group_of(entry)).note(
                    f"{entry.id} is a split of {package}"
                    f" ({pledge_amount_text(package_entry)} in all)"
                )
            else:
                self.left_out.append((entry, "line", package))
            return
        if isinstance(entry, Package) and self.split.get(entry.id):
            lines = self.split[entry.id]
            rest = (entry.amount or 0) - sum(p.value for p in lines)
            if rest <= 0:  # wholly split: its lines' rows hold all its money
                self.left_out.append((entry, "split", entry.id))
                return
            qualifiers = {entry.qualifier} | {INVERSE.get(p.qualifier, p.qualifier) for p in lines}
            row = self.add(part._replace(value=rest, qualifier=combine(qualifiers)),
                           self.group_of(entry))  # fmt: skip
            row.note(
                f"the rest of {entry.id} after its lines"
                f" {', '.join(p.entry.id for p in lines)}, which are counted by {self.by}"
            )
            return
        self.add(part, self.group_of(entry))  # step 5

    # -- step 6 --------------------------------------------------------------------------

    def overlaps(self) -> None:
        pairs: set[tuple[str, str]] = set()
        for entry in self.entries:
            for other in entry.overlaps:
                if other not in self.graph.by_id:
                    continue
                one = self.graph.head(entry.id)
                target = self.graph.head(other)
                for end in [target, *(p.entry.id for p in self.split.get(target, []))]:
                    if one != end:
                        pairs.add((min(one, end), max(one, end)))
        parent: dict[str, str] = {}

        def root(at: str) -> str:
            while parent.get(at, at) != at:
                parent[at] = parent.get(parent[at], parent[at])
                at = parent[at]
            return at

        for one, other in sorted(pairs):
            first, second = self.row_of.get(one), self.row_of.get(other)
            if first is None or second is None:
                continue
            if first is second:
                parent.setdefault(one, one)
                parent.setdefault(other, other)
                parent[root(one)] = root(other)
                continue
            for row, mine, theirs, there in ((first, one, other, second),
                                             (second, other, one, first)):  # fmt: skip
                row.note(
                    f"{mine} may be the same money as {theirs} ({there.label}): the two rows"
                    " may share it"
                )
        clusters: dict[str, list[Part]] = {}
        for row in self.rows.values():
            for part in row.parts:
                if part.entry.id in parent:
                    clusters.setdefault(root(part.entry.id), []).append(part)
        for members in sorted(clusters.values(), key=lambda m: min(p.entry.id for p in m)):
            row = self.row_of[members[0].entry.id]
            kept = min(members, key=lambda p: (-p.value, p.entry.id))
            dropped = sorted((p for p in members if p is not kept), key=lambda p: p.entry.id)
            for part in dropped:
                row.parts.remove(part)
                row.kept_out.append(part.entry.id)
                self.dropped[part.entry.id] = kept.entry.id
            floor = kept.qualifier in ("exact", "at least", "more than")
            row.lower_bound = row.lower_bound or floor
            row.unbounded = row.unbounded or not floor
            names = ", ".join(f"{p.entry.id} ({pledge_amount_text(p.entry)})" for p in dropped)
            row.note(
                f"{names} may be the same money as {kept.entry.id}: only the largest,"
                f" {kept.entry.id}, is added, so the total "
                + ("is at least this" if floor else "may be more, by up to what is left out")
            )

    # -- saying what was left out --------------------------------------------------------

    def rows_for(self, entry_id: str) -> list[Row]:
        """The rows that hold an entry's money: its own, or its split lines' rows."""
        if entry_id in self.row_of:
            return [self.row_of[entry_id]]
        found = [self.row_of[p.entry.id] for p in self.split.get(entry_id, [])]
        return list({id(row): row for row in found}.values())

    def say_left_out(self) -> None:
        # Where each entry left out went: its whole, its package, its latest update. A note
        # goes on the row that holds the money at the end of that walk.
        went = {entry.id: concerns for entry, _, concerns in self.left_out}
        went.update(self.dropped)

        ends: dict[str, str] = {}  # where a walk from an entry ended: each walked once

        def holder(entry_id: str) -> list[Row]:
            walked = [entry_id]
            seen = {entry_id}
            while not self.rows_for(entry_id) and entry_id not in ends:
                nxt = went.get(entry_id, entry_id)
                if nxt in seen:
                    break
                entry_id = nxt
                walked.append(entry_id)
                seen.add(entry_id)
            end = ends.get(entry_id, entry_id)
            for done in walked:
                ends[done] = end
            return self.rows_for(end)

        earlier: dict[str, list[str]] = {}
        for entry, why, concerns in self.left_out:
            if why == "earlier":
                earlier.setdefault(concerns, []).append(entry.id)
                continue
            rows = holder(concerns)
            if why == "split":
                text = f"{entry.id} is split wholly across its lines, each counted by {self.by}"
                alone = "it is split wholly across its lines"
            elif why.startswith("line of "):
                earlier_package = why.removeprefix("line of ")
                text = (
                    f"not added: {entry.id}, a line of {earlier_package}, an earlier update"
                    f" of {concerns}"
                )
                alone = f"it is a line of {earlier_package}, an earlier update of {concerns}"
            elif why == "part":
                text = ""
                alone = f"it is part of {concerns}"
                for row in rows:
                    row.parts_out.append(
                        f"{entry.id} ({pledge_amount_text(entry)}), part of {concerns}"
                    )
            elif reason := self.unsplit.get(concerns, {}).get(entry.id):
                # a line that stays in its package's money, with why it is not split out
                where = "the rest of" if self.split.get(concerns) else "the money of"
                text = ""
                alone = f"it is counted in {where} {concerns}: {reason}"
                for row in rows:
                    said = f"counted in {where} {concerns}: {reason}"
                    row.kept_in.setdefault(said, []).append(entry.id)
            else:
                text = ""  # said once for every such package of the row (`say_parts`)
                alone = f"it is a line of {concerns}, whose money is counted as a whole"
                for row in rows:
                    if concerns not in row.whole:
                        row.whole.append(concerns)
            if not rows:
                self.report_notes.append(f"{entry.id} is not added: {alone}.")
            for row in rows:
                row.kept_out.append(entry.id)
                if text:
                    row.note(text)
        for row in self.rows.values():
            row.say_parts()
        for head, ids in earlier.items():
            chosen = set(ids)
            chain = [i for i in self.graph.earlier(head) if i in chosen]
            rows = holder(head)
            latest = self.graph.by_id[head]
            if not rows:
                self.report_notes.append(
                    f"not added: {', '.join(chain)}, earlier updates of {head}, which is"
                    " not counted here."
                )
            named = ", ".join(chain[:PARTS_NAMED])
            if len(chain) > PARTS_NAMED:
                named = (
                    f"{len(chain):,} of them, the latest {named}, ... (not_added_ids lists"
                    " them all)"
                )
            for row in rows:
                row.kept_out.extend(chain)
                row.note(
                    f"{head} is the latest update of a running total, as of"
                    f" {dated(latest) or 'a date not given'}; its earlier updates are not"
                    f" added: {named}"
                )

    def wholes(self) -> None:
        """A package counted whole whose lines carry no money of their own says so."""
        as_lines = {concerns for _, why, concerns in self.left_out if why == "line"}
        has_lines = {p.package for p in self.index.briefing.pledges if p.package}
        for row in self.rows.values():
            for part in row.parts:
                whole = part.entry.id
                counted_whole = whole in self.funded and not self.split.get(whole)
                if counted_whole and whole in has_lines and whole not in as_lines:
                    row.note(
                        f"includes the money of {whole} as a whole, not split across its lines"
                    )

    def version_one(self) -> None:
        """Version 1 cannot say updates or periods: say so where a row adds one donor twice."""
        if self.index.briefing.schema_version != 1:
            return
        for row in self.rows.values():
            donors: dict[str, list[str]] = {}
            for part in row.parts:
                donors.setdefault(part.entry.donor, []).append(part.entry.id)
            for ids in donors.values():
                if len(ids) > 1:
                    row.note(
                        f"{', '.join(ids)} are added as separate amounts: schema_version 1"
                        " cannot say whether one updates another (schema_version 2:"
                        " supersedes) or they are for different periods (period_start,"
                        " period_end)"
                    )

    def apart(self, rows: list[Row]) -> None:
        """What each row is never added to: other people counts, other periods."""
        families: dict[tuple[Any, ...], set[str | None]] = {}
        for row in rows:
            families.setdefault(row.key[:5], set()).add(row.period_text)
        for row in sorted(rows, key=row_order):
            first = row.parts[0]
            if len(row.parts) == 1 and first.high is not None:
                row.note("a range, not added to any other amount")
            if row.measure == "quantity" and row.unit == "people" and first.high is None:
                row.note(PEOPLE_NOTE)
            others = families[row.key[:5]] - {row.period_text}
            if others and row.key[6] is None:  # a row kept apart is never added to anything
                said = ", ".join(sorted(o or "a period not given" for o in others))
                row.note(f"not added to the same for other periods ({said})")

    def parts_not_carried(self) -> None:
        """An update of a part is not said to be a part: an earlier update declares `part_of`
        a whole this row adds, the latest does not. Both are added, as declared, and the row
        says the total may count that money twice: at most this."""
        for row in self.rows.values():
            added = {part.entry.id for part in row.parts}  # after overlaps: what is summed
            for part in row.parts:
                entry = part.entry
                if entry.part_of is not None or entry.supersedes is None:
                    continue
                for earlier in self.graph.earlier(entry.id):
                    whole = self.graph.by_id[earlier].part_of
                    if whole is None or self.graph.head(whole) not in added:
                        continue
                    row.upper_bound = True
                    row.note(
                        f"{entry.id} updates {earlier}, a part of {whole}; the file does not"
                        f" say whether {entry.id} is a part of it too (part_of), so both are"
                        " added and the total is at most this"
                    )
                    break

    def run(self) -> list[Row]:
        self.plan_splits()
        for entry in self.entries:
            self.place(entry)
        self.overlaps()
        self.parts_not_carried()
        self.say_left_out()
        self.wholes()
        self.version_one()
        rows = [row for row in self.rows.values() if row.parts]
        self.apart(rows)
        return rows


def row_order(row: Row) -> tuple[Any, ...]:
    status = STATUS_ORDER.index(row.status) if row.status in STATUS_ORDER else 99
    start, end = row.period
    return (
        row.group or "", status, row.measure != "money", row.unit, row.item or "", start or "",
        end or "", row.key[6] or "",
    )  # fmt: skip


def total_records(index: Index, rows: list[Row]) -> list[tuple[Value, ...]]:
    """The rows as records, in the order of `row_order`, each a `TotalRow`'s values."""
    found: list[tuple[Value, ...]] = []
    for t in sorted(rows, key=row_order):
        first = t.parts[0]
        ids = tuple(sorted(p.entry.id for p in t.parts))
        by_id = {p.entry.id: p.entry for p in t.parts}
        sources = tuple(dict.fromkeys(s for i in ids for s in (by_id[i].source, by_id[i].via) if s))
        row = TotalRow(
            group=t.group,
            status=t.status,
            shown=t.amount_shown(),
            counting=t.counting,
            when=t.when_shown(),
            measure=t.measure,
            total=t.total,
            high=first.high if len(ids) == 1 else None,
            unit=t.unit,
            item=t.item,
            qualifier=t.qualifier,
            period_start=t.period[0],
            period_end=t.period[1],
            as_of=t.as_of,
            lines=len(ids),
            entry_ids=ids,
            not_added_ids=tuple(sorted(set(t.kept_out))),
            note="; ".join(t.notes) or None,
            sources=index.citations(sources),
            source_ids=sources,
        )
        found.append(flat(row))
    return found


def total_rows(index: Index, entries: list[Entry], by: str = "status") -> list[Row]:
    """The rows of totals over `entries`, as the module's rule makes them."""
    return _Totals(index, entries, by).run()


def aid_totals(index: Index, chosen: AidFilter, by: str = "status") -> Report:
    """Totals that add only what may be added, and say what they left out and why."""
    if by not in TotalBy.__members__:
        raise QueryError(f"cannot total by {by!r}; choose one of: {', '.join(TotalBy)}")
    if by == TotalBy.briefing:  # its briefing is the row's, on a shelf (`reports/shelf.py`)
        by = TotalBy.status
    packages, pledges = selected(index, chosen)
    run = _Totals(index, [*packages, *pledges], by)
    built = run.run()
    rows = total_records(index, built)
    columns: tuple[Column, ...]
    if by == "status":
        columns = TOTAL_COLUMNS[1:]
        rows = [row[1:] for row in rows]
    else:
        # Keyed by what groups it, so a script reads `donor` or `sector`, not `group`: the
        # row class's first column, renamed here, since what it holds is chosen at run time.
        group = TOTAL_COLUMNS[0]._replace(key=by, title=by.capitalize(), hxl=GROUP_HXL.get(by, ""))
        columns = (group, *TOTAL_COLUMNS[1:])
    title = "Aid totals" + (f" by {by}" if by != "status" else "")
    notes = [
        "Money is summed per currency, quantities per unit and item; no unit or currency is"
        " ever added to another.",
        "Each status is its own row: what was announced or pledged is never added to what"
        " was delivered.",
    ]
    if len({t.period for t in built}) > 1:
        notes.append(
            "Each period is its own row: amounts for different periods, or for a period not"
            " given, are never added together."
        )
    qualified = sorted({p.qualifier for t in built for p in t.parts} - {"exact"})
    if qualified:
        said = [f'"{QUALIFIER_WORDS[q].strip() or q}"' for q in qualified]
        words = " or ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
        notes.append(f"A total is exact only if every part is; some parts here are {words}.")
    notes += sorted(run.report_notes)
    return Report(
        title, columns, tuple(rows), tuple(notes), empty=empty_text("aid lines", chosen.filtered)
    )
