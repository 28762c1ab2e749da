"""What an entry is to another, as the file declares it: updates, parts, lines, overlaps.

The relations are read from the fields the author wrote (`supersedes`, `part_of`, a line's
`package`, `overlaps`; a statement's `in_reply_to`), never from shared donors, units or the
order of the file. `Graph` holds them for one kind of entry (aid entries, or figures; replies
are a graph of their own); `relation_problems` is what `validate` refuses; the totals, the
chart, coverage and the figures all read the same graph.
Every walk here visits an entry a bounded number of times, so a file of n entries and links
costs O(n) however its chains run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from raqqa_cli.briefing import model
from raqqa_cli.errors import Problem

Entry = Any  # a Package, a Pledge or a Figure: each has id, supersedes and part_of


def amount_kind(entry: Entry) -> tuple[str, ...] | None:
    """What an aid entry's number counts: ("money", currency) or ("quantity", unit, item);
    None when it gives no number."""
    low = getattr(entry, "low", None)
    quantity = getattr(entry, "quantity", None)
    unit = getattr(entry, "unit", None)
    if unit and (quantity is not None or low is not None):
        return ("quantity", unit, getattr(entry, "item", None) or "")
    if entry.currency and (entry.amount is not None or low is not None):
        return ("money", entry.currency)
    return None


def kind_text(kind: tuple[str, ...]) -> str:
    """("money", "USD") -> `USD`; ("quantity", "kits", "relief kits") -> `kits of relief kits`."""
    if kind[0] == "money":
        return kind[1]
    return f"{kind[1]} of {kind[2]}" if kind[2] else kind[1]


def dated(entry: Entry) -> str | None:
    """The date an entry is true at: `as_of`, else its `date`."""
    return entry.as_of or getattr(entry, "date", None)


def before(one: str, other: str) -> bool:
    """Whether partial date `one` is surely before `other`: compared at the precision both
    give, so 2024 is not before 2024-01 (it may be the same month)."""
    shared = min(len(one), len(other))
    return one[:shared] < other[:shared]


class Graph:
    """The declared relations among one kind of entry (ids unique across the file).

    `later[x]` is the entry that supersedes x. A running total is the chain that `supersedes`
    links make; its latest update, the `head`, is the one no entry supersedes, whatever the
    dates or the order of the file.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.by_id: dict[str, Entry] = {entry.id: entry for entry in entries}
        self.later: dict[str, str] = {}
        for entry in self.by_id.values():
            earlier = entry.supersedes
            # A fork is refused by validate; here the smallest id wins, so the answer never
            # depends on the order of the file.
            if (
                earlier in self.by_id
                and earlier != entry.id
                and (earlier not in self.later or entry.id < self.later[earlier])
            ):
                self.later[earlier] = entry.id
        self._head: dict[str, str] = {}
        for entry_id in sorted(self.by_id):
            if entry_id in self._head:
                continue
            walk: list[str] = []
            at = entry_id
            while at not in self._head and at in self.later and len(walk) <= len(self.by_id):
                walk.append(at)
                at = self.later[at]
            top = self._head.get(at, at)
            for done in walk:
                self._head[done] = top
            self._head.setdefault(at, top)

    def head(self, entry_id: str) -> str:
        """The latest update of the running total `entry_id` is in (itself if none)."""
        return self._head.get(entry_id, entry_id)

    def superseded(self, entry_id: str) -> bool:
        return entry_id in self.later

    def earlier(self, head: str) -> list[str]:
        """The updates `head` replaces, the latest first, following `supersedes`."""
        found: list[str] = []
        seen = {head}
        at = self.by_id[head].supersedes if head in self.by_id else None
        while at is not None and at in self.by_id and at not in seen:
            found.append(at)
            seen.add(at)
            at = self.by_id[at].supersedes
        return found


# -- what validate refuses -------------------------------------------------------------


Located = list[tuple[str, int, str, str]]  # (section, position, field, message)


def _loops(edges: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """The entries on a loop of links of any kind -> the field of theirs that stays on it.

    Tarjan's strongly connected components, without recursion: linear in entries and links.
    """
    # Most files have no loop: peel off, in linear time, every entry nothing left points to
    # (Kahn's order); only what cannot be peeled off can be on a loop.
    pointed: dict[str, int] = dict.fromkeys(edges, 0)
    for out in edges.values():
        for _, target in out:
            if target in pointed:
                pointed[target] += 1
    free = [node for node, count in pointed.items() if count == 0]
    while free:
        node = free.pop()
        for _, target in edges[node]:
            if target in pointed:
                pointed[target] -= 1
                if pointed[target] == 0:
                    free.append(target)
    left = {node for node, count in pointed.items() if count > 0}
    if not left:
        return {}
    edges = {node: [e for e in out if e[1] in left] for node, out in edges.items() if node in left}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = 0
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            out = edges.get(node, [])
            if next_edge < len(out):
                work.append((node, next_edge + 1))
                target = out[next_edge][1]
                if target not in edges:
                    continue
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component[top] = index[node]
                    if top == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    sizes: dict[int, int] = {}
    for number in component.values():
        sizes[number] = sizes.get(number, 0) + 1
    looped: dict[str, str] = {}
    for node, out in edges.items():
        for field, target in out:
            same = target in component and component[target] == component[node]
            if same and sizes[component[node]] > 1:
                looped.setdefault(node, field)
    return looped


def _period(entry: Entry) -> tuple[str | None, str | None]:
    return (entry.period_start, entry.period_end)


def _why_not_update(entry: Entry, earlier: Entry) -> str | None:
    """Why `entry` cannot be an update of `earlier`, or None when it can."""
    if isinstance(entry, model.Figure):
        if entry.measure != earlier.measure:
            return f"it counts {entry.measure!r}, {earlier.id!r} counts {earlier.measure!r}"
        if set(model.claimants_of(entry)) != set(model.claimants_of(earlier)):
            said = ", ".join(model.claimants_of(entry)) or "not named"
            before = ", ".join(model.claimants_of(earlier)) or "not named"
            return (
                f"its claimant is {said}, {earlier.id!r}'s is {before}: another claimant's"
                " figure stands beside it, it does not update it"
            )
        if entry.unit != earlier.unit:
            return f"it counts in {entry.unit}, {earlier.id!r} in {earlier.unit}"
        return None
    if entry.donor != earlier.donor:
        return f"its donor is {entry.donor!r}, {earlier.id!r}'s is {earlier.donor!r}"
    family = model.STATUS_FAMILY.get(entry.status)
    if family != model.STATUS_FAMILY.get(earlier.status):
        return (
            f"it is {entry.status}, {earlier.id!r} is {earlier.status}: what was pledged,"
            " committed and paid are separate totals, never updates of one another"
        )
    mine, theirs = amount_kind(entry), amount_kind(earlier)
    if mine is not None and theirs is not None and mine != theirs:
        return f"it counts {kind_text(mine)}, {earlier.id!r} counts {kind_text(theirs)}"
    if _period(entry) != _period(earlier):
        return f"its period differs from {earlier.id!r}'s"
    return None


def _why_not_part(entry: Entry, whole: Entry) -> str | None:
    """Why `entry` cannot be a part of `whole`, or None when it can."""
    if isinstance(entry, model.Figure):
        if entry.unit != whole.unit:
            return f"it counts in {entry.unit}, {whole.id!r} in {whole.unit}"
        return None
    mine, theirs = amount_kind(entry), amount_kind(whole)
    if mine is None or theirs is None or mine == theirs:
        return None
    if mine[0] != theirs[0] or mine[1] != theirs[1]:
        hint = (
            ": the same money in another currency is `converted`; money that may be the same"
            " is `overlaps`"
            if mine[0] == theirs[0] == "money"
            else ""
        )
        return f"it counts {kind_text(mine)}, {whole.id!r} counts {kind_text(theirs)}{hint}"
    if mine[2] and theirs[2]:  # one unit, two items named: different things
        return f"it counts {kind_text(mine)}, {whole.id!r} counts {kind_text(theirs)}"
    return None


def _check_group(entries: Sequence[tuple[str, int, Entry]]) -> Located:
    found: Located = []
    graph = Graph(entry for _, _, entry in entries)
    where = {entry.id: (section, position) for section, position, entry in entries}

    def at(entry_id: str, field: str, message: str) -> None:
        section, position = where[entry_id]
        found.append((section, position, field, message))

    edges: dict[str, list[tuple[str, str]]] = {}
    for _, _, entry in entries:
        out = edges.setdefault(entry.id, [])
        for field in ("supersedes", "part_of", "package"):
            target = getattr(entry, field, None)
            if target is not None and target in graph.by_id and target != entry.id:
                out.append((field, target))
    looped = _loops(edges)
    for entry_id, field in looped.items():
        message = (
            f"{field} leads back to {entry_id!r} through supersedes, part_of or package"
            " links: what an entry is part of, or updates, cannot come back to it"
        )
        at(entry_id, field, message)
    # The totals follow a whole to its latest update: a part of a whole whose later update
    # is part of the part loops too, though every link points to an earlier entry.
    wholes: dict[str, list[tuple[str, str]]] = {}
    for _, _, entry in entries:
        target = entry.part_of
        if target is not None and target in graph.by_id and entry.id not in looped:
            wholes[entry.id] = [("part_of", graph.head(target))]
    itself = {i for i, out in wholes.items() if out[0][1] == i}
    for entry_id in sorted(set(_loops(wholes)) | itself, key=lambda i: where[i]):
        target = graph.by_id[entry_id].part_of
        at(
            entry_id,
            "part_of",
            f"part_of {target!r}, whose latest update is {graph.head(target)!r}, leads back"
            f" to {entry_id!r}: a whole's later update cannot be part of its own part",
        )

    superseders: dict[str, list[str]] = {}
    for _, _, entry in entries:
        earlier = graph.by_id.get(entry.supersedes) if entry.supersedes else None
        if earlier is not None and earlier.id != entry.id:
            superseders.setdefault(earlier.id, []).append(entry.id)
            if (why := _why_not_update(entry, earlier)) is not None:
                at(entry.id, "supersedes", f"cannot update {earlier.id!r}: {why}")
            mine, theirs = dated(entry), dated(earlier)
            if mine is not None and theirs is not None and before(mine, theirs):
                at(
                    entry.id,
                    "supersedes",
                    f"as of {mine}, it cannot update {earlier.id!r}, as of {theirs}, a later date",
                )
        whole = graph.by_id.get(entry.part_of) if entry.part_of else None
        why = _why_not_part(entry, whole) if whole is not None and whole.id != entry.id else None
        if whole is not None and why is not None:
            at(entry.id, "part_of", f"cannot be part of {whole.id!r}: {why}")
    for earlier_id, later in superseders.items():
        if len(later) > 1:
            for entry_id in later:
                others = ", ".join(repr(o) for o in sorted(later) if o != entry_id)
                at(
                    entry_id,
                    "supersedes",
                    f"{earlier_id!r} is updated by {others} too: a running total is one chain;"
                    " supersede the latest update instead",
                )
    # No two updates of one running total are true at one date.
    heads: dict[str, dict[str, str]] = {}
    for _, _, entry in sorted(entries, key=lambda e: e[2].id):
        when = dated(entry)
        in_chain = entry.id in graph.later or entry.supersedes in graph.by_id
        if when is None or not in_chain:
            continue
        seen = heads.setdefault(graph.head(entry.id), {})
        if when in seen:
            at(
                entry.id,
                "as_of" if entry.as_of else "date",
                f"{seen[when]!r} is an update of the same running total as of {when} too:"
                " give each update its own as_of",
            )
        else:
            seen[when] = entry.id
    return found


def _check_replies(statements: Sequence[model.Statement]) -> Located:
    """`in_reply_to`, a graph of its own: no statement replies to itself or, through other
    replies, to a reply to it, and none is dated before the statement it answers (compared
    at the precision both dates give). Each statement names at most one, so this is linear."""
    found: Located = []
    by_id = {statement.id: statement for statement in statements}
    position = {statement.id: number for number, statement in enumerate(statements)}
    edges: dict[str, list[tuple[str, str]]] = {}
    for statement in statements:
        target = statement.in_reply_to
        out = edges.setdefault(statement.id, [])
        if target is None or target not in by_id:
            continue  # an id of another section is refused where references are resolved
        if target == statement.id:
            found.append(("statements", position[statement.id], "in_reply_to",
                          f"{statement.id!r} cannot reply to itself"))  # fmt: skip
            continue
        out.append(("in_reply_to", target))
        earlier = by_id[target]
        if statement.date and earlier.date and before(statement.date, earlier.date):
            found.append((
                "statements", position[statement.id], "in_reply_to",
                f"dated {statement.date}, it cannot reply to {target!r}, dated"
                f" {earlier.date}, a later date",
            ))  # fmt: skip
    for statement_id in sorted(_loops(edges), key=position.__getitem__):
        found.append((
            "statements", position[statement_id], "in_reply_to",
            f"in_reply_to leads back to {statement_id!r} through other replies: a statement"
            " cannot answer a reply to itself",
        ))  # fmt: skip
    return found


def relation_problems(briefing: model.Briefing) -> list[Problem]:
    """Every relation the file declares that cannot hold, located at the field to fix."""
    aid = [
        (section, position, entry)
        for section in ("packages", "pledges")
        for position, entry in enumerate(getattr(briefing, section))
    ]
    figures = [("figures", position, entry) for position, entry in enumerate(briefing.figures)]
    problems = [
        Problem(message, (section, position, field))
        for group in (aid, figures)
        for section, position, field, message in _check_group(group)
    ]
    problems += [
        Problem(message, (section, position, field))
        for section, position, field, message in _check_replies(briefing.statements)
    ]
    return problems
