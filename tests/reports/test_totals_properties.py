"""Properties of the totals over generated briefings and over every real example.

Generated briefings hold packages and lines linked every way the schema allows (updates, parts,
lines of packages, overlaps, targets), always valid. Over them: every aid view is the same
whatever the order of the entries; a part and its whole, or two updates of one running total,
are never both added; every entry with a number is added or said not to be; the rows of `--by`
add up to the `--totals` row where the README says they do; an independent, naive reference
gives the same totals; and every run ends within a hang guard.
"""

from __future__ import annotations

import contextlib
import copy
import random
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from raqqa_cli.briefing.check import check_briefing
from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import STATUS_FAMILY, Briefing
from raqqa_cli.briefing.relations import Graph
from raqqa_cli.report import Report
from raqqa_cli.reports import aid, coverage, totals
from tests.conftest import briefing_head, with_includes

EXAMPLES = sorted((Path(__file__).parent.parent.parent / "examples").glob("*.yaml"))
DATA = Path(__file__).parent.parent / "data"
REAL = [*EXAMPLES, DATA / "totals-traps.yaml", DATA / "version2.yaml", DATA / "totals.yaml"]

HEAD: dict[str, Any] = briefing_head("Generated", target=5000)


@contextlib.contextmanager
def hang_guard(seconds: int = 20) -> Iterator[None]:
    """Fail, rather than hang, if the block runs longer than `seconds` (a generous guard:
    what it catches is a loop that never ends, not a slow machine)."""

    def stop(*_: Any) -> None:
        raise AssertionError(f"did not finish within {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _kind(entry: dict[str, Any]) -> tuple[Any, ...]:
    if "quantity" in entry:
        return ("quantity", entry["unit"], entry.get("item"))
    return ("money", entry["currency"])


def _like(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether `one` may update `other` (the rule validate checks)."""
    return (
        one["donor"] == other["donor"]
        and STATUS_FAMILY[one["status"]] == STATUS_FAMILY[other["status"]]
        and _kind(one) == _kind(other)
        and one.get("period_start") == other.get("period_start")
    )


@st.composite
def aid_briefings(draw: st.DrawFn, overlaps: bool = True) -> dict[str, Any]:
    """A valid briefing of packages and lines whose links all point to earlier entries (so
    no loop), each `supersedes` to a like entry not yet updated, with rising dates."""
    made: list[tuple[str, dict[str, Any]]] = []
    updated: set[str] = set()
    for number in range(draw(st.integers(1, 9))):
        is_package = draw(st.booleans())
        entry: dict[str, Any] = {
            "id": f"{'p' if is_package else 'l'}{number}",
            "donor": draw(st.sampled_from(["act-a", "act-b"])),
            "status": draw(st.sampled_from(["announced", "pledged", "committed", "received"])),
            "source": "src-a",
            "as_of": f"2024-01-{number + 1:02d}",
            "qualifier": draw(st.sampled_from(["exact", "exact", "about", "at least", "at most"])),
        }
        if is_package:
            entry["title"] = entry["id"]
        else:
            entry["sector"] = draw(st.sampled_from(["Health", "WASH"]))
            entry["description"] = entry["id"]
        if is_package or draw(st.booleans()):
            entry["amount"] = draw(st.integers(0, 1000))
            entry["currency"] = draw(st.sampled_from(["USD", "USD", "EUR"]))
        else:
            entry["quantity"] = draw(st.integers(0, 1000))
            entry["unit"] = draw(st.sampled_from(["kits", "people"]))
        if draw(st.booleans()):
            entry["period_start"] = "2024"
        entry["cumulative"] = draw(st.booleans())
        section = "packages" if is_package else "pledges"
        open_ = [e for s, e in made if s == section and e["id"] not in updated]
        if bool(open_) and draw(st.booleans()):  # often an update of an earlier running total
            base = draw(st.sampled_from(open_))
            for field in ("donor", "status", "amount", "currency", "quantity", "unit"):
                entry.pop(field, None)
                if field in base:
                    entry[field] = base[field] if field != "amount" else draw(st.integers(0, 999))
            entry.pop("period_start", None)
            if "period_start" in base:
                entry["period_start"] = base["period_start"]
        like = [
            e["id"] for s, e in made if s == section and e["id"] not in updated and _like(entry, e)
        ]
        if bool(like) and draw(st.booleans()):
            entry["supersedes"] = draw(st.sampled_from(like))
            updated.add(entry["supersedes"])
        wholes = [e["id"] for _, e in made if _kind(e)[:2] == _kind(entry)[:2]]
        if wholes and draw(st.integers(0, 3)) == 0:
            entry["part_of"] = draw(st.sampled_from(wholes))
        packages = [e["id"] for s, e in made if s == "packages"]
        if not is_package and bool(packages) and draw(st.booleans()):
            entry["package"] = draw(st.sampled_from(packages))
        others = [e["id"] for _, e in made]
        if overlaps and others and draw(st.integers(0, 3)) == 0:
            linked: list[str] = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
            entry["overlaps"] = linked
        if draw(st.booleans()):
            entry["toward"] = "fig-t"
        made.append((section, entry))
    data = copy.deepcopy(HEAD)
    data["packages"] = [e for s, e in made if s == "packages"]
    data["pledges"] = [e for s, e in made if s == "pledges"]
    return data


LOOP = "a whole's later update cannot be part of its own part"


def briefing_of(data: dict[str, Any]) -> Briefing:
    """The generated briefing, checked; one whose parts loop through a later update (which
    the generator, linking only backwards, cannot see) is refused by validate and skipped."""
    briefing, problems = check_briefing(data)
    if problems and all(LOOP in p.message for p in problems):
        reject()
    assert briefing is not None, [f"{p.path}: {p.message}" for p in problems]
    return briefing


def shuffled(briefing: Briefing, seed: int) -> Briefing:
    """The same briefing with the entries of every section in another order."""
    chance = random.Random(seed)
    changed: dict[str, Any] = {}
    for field in briefing._fields[2:]:
        entries = list(getattr(briefing, field))
        chance.shuffle(entries)
        changed[field] = tuple(entries)
    return briefing._replace(**changed)


def views(briefing: Briefing) -> dict[str, Report]:
    """Every computed aid view: totals by status, donor and sector, the chart, coverage."""
    index = Index(briefing)
    everything = aid.AidFilter()
    found = {by: totals.aid_totals(index, everything, by) for by in ("status", "donor", "sector")}
    found["chart"] = aid.aid_chart(index, everything)
    found["coverage"] = coverage.aid_coverage(index, everything)
    return found


def records(report: Report) -> list[dict[str, Any]]:
    keep = report.for_machines()
    return [{report.columns[i].key: row[i] for i in keep} for row in report.rows]


def same_views(one: Briefing, other: Briefing) -> None:
    first, second = views(one), views(other)
    for name, report in first.items():
        assert report.rows == second[name].rows, name
        assert report.notes == second[name].notes, name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aid_briefings(), st.integers(0, 2**32))
def test_every_aid_view_is_the_same_in_any_order(data: dict[str, Any], seed: int) -> None:
    briefing = briefing_of(data)
    with hang_guard():
        same_views(briefing, shuffled(briefing, seed))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_every_real_briefing_gives_the_same_views_in_any_order(path: Path) -> None:
    briefing = load_briefing(str(path))
    for seed in range(3):
        same_views(briefing, shuffled(briefing, seed))
    backwards: dict[str, Any] = {
        f: tuple(reversed(getattr(briefing, f))) for f in briefing._fields[2:]
    }
    same_views(briefing, briefing._replace(**backwards))


def _signature(entry: Any) -> tuple[Any, ...] | None:
    part = totals.part_of_entry(entry)
    return None if part is None else (entry.status, part.measure, part.unit, part.item or "")


def _ancestors(briefing: Briefing, graph: Graph, entry_id: str) -> list[str]:
    found: list[str] = []
    at = graph.by_id[entry_id].part_of
    while at is not None and at in graph.by_id:
        at = graph.head(at)
        if at in found:
            break
        found.append(at)
        at = graph.by_id[at].part_of
    return found


def check_meaning(briefing: Briefing) -> None:
    """No part beside its whole, no two updates of one total, every numbered entry said."""
    graph = Graph([*briefing.packages, *briefing.pledges])
    index = Index(briefing)
    for by in ("status", "donor", "sector"):
        report = totals.aid_totals(index, aid.AidFilter(), by)
        found = records(report)
        added = [i for r in found for i in r["entry_ids"]]
        assert len(added) == len(set(added)), (by, added)
        signature = {i: _signature(graph.by_id[i]) for i in added}
        for entry_id in added:
            for whole in _ancestors(briefing, graph, entry_id):
                both = whole in signature and signature[whole] == signature[entry_id]
                assert not both, (by, entry_id, "added beside its whole", whole)
        heads = [graph.head(i) for i in added]
        assert len(heads) == len(set(heads)), (by, "two updates of one running total added")
        said = {i for r in found for i in [*r["entry_ids"], *r["not_added_ids"]]}
        numbered = {i for i, e in graph.by_id.items() if totals.part_of_entry(e) is not None}
        unsaid = numbered - said
        assert all(any(i in note for note in report.notes) for i in unsaid), (by, unsaid)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aid_briefings())
def test_a_part_and_its_whole_or_two_updates_are_never_both_added(data: dict[str, Any]) -> None:
    with hang_guard():
        check_meaning(briefing_of(data))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_the_meaning_holds_on_every_real_briefing(path: Path) -> None:
    check_meaning(load_briefing(str(path)))


def money_sums(report: Report) -> dict[tuple[Any, ...], float]:
    """Money rows added up per status, currency and period (what `--totals` keeps apart)."""
    sums: dict[tuple[Any, ...], float] = {}
    for r in records(report):
        if r["measure"] == "money" and r["high"] is None:
            key = (r["status"], r["unit"], r["period_start"], r["period_end"])
            sums[key] = sums.get(key, 0) + r["total"]
    return sums


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aid_briefings(overlaps=False))
def test_the_by_rows_add_up_to_the_totals_row(data: dict[str, Any]) -> None:
    """README: with no `overlaps`, the money rows of `--by donor` or `--by sector` for one
    status, currency and period add up to the `--totals` row."""
    index = Index(briefing_of(data))
    whole = money_sums(totals.aid_totals(index, aid.AidFilter()))
    for by in ("donor", "sector"):
        split = money_sums(totals.aid_totals(index, aid.AidFilter(), by))
        assert split.keys() == whole.keys(), by
        for key, value in whole.items():
            assert split[key] == pytest.approx(value), (by, key)


def reference(briefing: Briefing) -> dict[tuple[Any, ...], float]:
    """The by-status totals worked out naively, straight from the README's steps, with
    none of the module's code: what each row adds, by status, unit, item, period."""
    every: list[Any] = [*briefing.packages, *briefing.pledges]
    entries: dict[str, Any] = {e.id: e for e in every}
    later = {e.supersedes for e in entries.values() if e.supersedes}

    def number(e: Any) -> tuple[str, str, str, float] | None:
        if getattr(e, "quantity", None) is not None and getattr(e, "unit", None):
            return ("quantity", e.unit, e.item or "", e.quantity)
        if e.amount is not None and e.currency:
            return ("money", e.currency, "", e.amount)
        return None

    def head(i: str) -> str:
        while i in later:
            i = next(e.id for e in entries.values() if e.supersedes == i)
        return i

    def covered(e: Any) -> bool:
        mine = number(e)
        at = e.part_of
        while at is not None:
            at = head(at)
            whole = number(entries[at])
            if (
                whole is not None
                and mine is not None
                and ((entries[at].status, *whole[:3]) == (e.status, *mine[:3]))
            ):
                return True
            at = entries[at].part_of
        return False

    funded = {p.id for p in briefing.packages if p.amount is not None and p.currency}
    kept: dict[tuple[Any, ...], list[Any]] = {}
    for e in entries.values():
        found = number(e)
        if found is None or e.id in later or covered(e):
            continue
        package = getattr(e, "package", None)
        if package in funded and found[0] == "money":
            continue
        apart = e.id if found[:2] == ("quantity", "people") else None
        key = (e.status, *found[:3], e.period_start or getattr(e, "since", None), e.period_end,
               apart)  # fmt: skip
        kept.setdefault(key, []).append(e)
    sums: dict[tuple[Any, ...], float] = {}
    for key, members in kept.items():
        ids = {e.id for e in members}
        # overlaps (at the latest update) cluster; of each cluster only the largest counts
        cluster = {i: i for i in ids}

        def root(i: str, cluster: dict[str, str] = cluster) -> str:
            while cluster[i] != i:
                i = cluster[i]
            return i

        for e in entries.values():  # an update carries its earlier updates' overlaps
            for other in e.overlaps:
                one, target = head(e.id), head(other)
                if one in ids and target in ids and target != one:
                    cluster[root(one)] = root(target)
        best: dict[str, float] = {}
        for e in members:
            value = number(e)[3]  # type: ignore[index]
            best[root(e.id)] = max(best.get(root(e.id), value), value)
        sums[key] = sum(best.values())
    return sums


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aid_briefings())
def test_the_totals_agree_with_a_naive_reference(data: dict[str, Any]) -> None:
    briefing = briefing_of(data)
    found: dict[tuple[Any, ...], float] = {}
    for r in records(totals.aid_totals(Index(briefing), aid.AidFilter())):
        key = (r["status"], r["measure"], r["unit"], r["item"] or "", r["period_start"],
               r["period_end"])  # fmt: skip
        found[key] = found.get(key, 0) + r["total"]
    expected: dict[tuple[Any, ...], float] = {}
    for key, value in reference(briefing).items():
        expected[key[:6]] = expected.get(key[:6], 0) + value
    assert found == pytest.approx(expected)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_commands_print_the_same_bytes_for_a_file_in_another_order(
    path: Path, tmp_path: Path
) -> None:
    """Through the command line: the example, and the same file with every section's
    entries reversed, give byte-identical totals, groupings, chart and coverage."""
    import yaml
    from typer.testing import CliRunner

    from raqqa_cli.briefing.yamldoc import parse_yaml
    from raqqa_cli.cli.app import app

    # strict: `yes` stays text; the registries it includes written into it, then reversed
    data = with_includes(path, lambda text: parse_yaml(text).data)
    assert isinstance(data, dict)
    for section, entries in data.items():
        if isinstance(entries, list):
            data[section] = entries[::-1]
    backwards = tmp_path / path.name
    backwards.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "sources").symlink_to(path.parent / "sources")
    runner = CliRunner()
    for args in (["aid", "--totals"], ["aid", "--by", "donor"], ["aid", "--by", "sector"],
                 ["aid", "--chart"], ["aid", "--coverage"], ["conflicts"]):  # fmt: skip
        for fmt in ("json", "markdown"):
            one = runner.invoke(app, [*args, "-f", str(path), "--format", fmt])
            other = runner.invoke(app, [*args, "-f", str(backwards), "--format", fmt])
            assert one.exit_code == other.exit_code == 0, (args, one.output, other.output)
            assert one.stdout == other.stdout, (args, fmt)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_people_read_the_number_apart_from_what_it_counts_and_when(path: Path) -> None:
    """Issue 26: a total was one phrase (`more than 660,000 relief packages since 2012`),
    its number buried and left-aligned. People's columns now hold the number alone (a
    numeric column, right-aligned), what it counts, and the period and date: each read back
    against the record, on every real briefing."""
    from raqqa_cli.reports.aid import AidFilter
    from raqqa_cli.reports.phrases import QUALIFIER_WORDS, counted, number_text

    report = totals.aid_totals(Index(load_briefing(str(path))), AidFilter())
    columns = {c.key: c for c in report.columns}
    assert columns["shown"].numeric and columns["shown"].audience == "people"
    for row in report.rows:
        r: dict[str, Any] = {c.key: v for c, v in zip(report.columns, row, strict=True)}
        words = QUALIFIER_WORDS.get(r["qualifier"], "")
        assert r["shown"].startswith(words), r
        number = r["shown"].removeprefix(words)
        if r["high"] is not None:  # a range, as written
            assert number == f"{number_text(r['total'])} to {number_text(r['high'])}", r
        else:
            assert number == number_text(r["total"]), r
        unit = r["unit"] if r["measure"] == "money" else counted(r["unit"], r["item"])
        assert r["counting"] == unit, r
        if r["as_of"]:
            assert r["when"].endswith(f"as of {r['as_of']}"), r
        if r["period_start"] or r["period_end"]:
            assert r["when"] and not r["when"].startswith("as of"), r
        if not (r["as_of"] or r["period_start"] or r["period_end"]):
            assert r["when"] is None, r
