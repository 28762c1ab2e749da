"""The relations a briefing declares (update of, part of, line of, may overlap), as `validate`
checks them: each inconsistent link refused at its own field with what to fix, and the graph
the totals read built from the declared links alone, whatever the file's order."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from raqqa_cli.briefing.check import check_briefing
from raqqa_cli.briefing.model import Figure, Package
from raqqa_cli.briefing.relations import Graph
from raqqa_cli.cli.app import app
from tests.conftest import briefing_head

BASE: dict[str, Any] = briefing_head("Relations")


def package(id: str, **fields: Any) -> dict[str, Any]:
    found = {"id": id, "title": id, "donor": "act-a", "status": "pledged", "amount": 10}
    return {**found, "currency": "USD", "source": "src-a", **fields}


def line(id: str, **fields: Any) -> dict[str, Any]:
    found = {"id": id, "donor": "act-a", "status": "pledged", "sector": "Health"}
    return {**found, "description": id, "amount": 1, "currency": "USD", "source": "src-a", **fields}


def figure(id: str, **fields: Any) -> dict[str, Any]:
    found = {"id": id, "measure": "funded", "counts": "funding", "unit": "USD", "value": 5}
    return {**found, "claimant": "act-a", "source": "src-a", **fields}


def problems(
    packages: list[dict[str, Any]] = (),  # type: ignore[assignment]
    pledges: list[dict[str, Any]] = (),  # type: ignore[assignment]
    figures: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> list[str]:
    data = copy.deepcopy(BASE)
    data.update(packages=list(packages), pledges=list(pledges), figures=list(figures))
    briefing, found = check_briefing(data)
    assert (briefing is None) == bool(found)
    return [f"{'.'.join(map(str, p.path))}: {p.message}" for p in found]


def test_a_chain_of_like_updates_is_valid() -> None:
    assert problems([
        package("p1", cumulative=True, as_of="2024-01"),
        package("p2", cumulative=True, as_of="2024-02", supersedes="p1"),
        package("p3", cumulative=True, as_of="2024-03", supersedes="p2"),
    ]) == []  # fmt: skip


def test_a_running_total_with_no_chain_is_valid() -> None:
    assert problems([package("p1", cumulative=True), package("p2", cumulative=True)]) == []


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ({"donor": "act-b"}, "packages.1.supersedes: cannot update 'p1': its donor is 'act-b',"
         " 'p1''s is 'act-a'"),
        ({"currency": "EUR"}, "packages.1.supersedes: cannot update 'p1': it counts EUR, 'p1'"
         " counts USD"),
        ({"status": "received"}, "packages.1.supersedes: cannot update 'p1': it is received, 'p1'"
         " is pledged: what was pledged, committed and paid are separate totals"),
        ({"status": "committed"}, "cannot update 'p1': it is committed, 'p1' is pledged"),
        ({"period_start": "2025"}, "packages.1.supersedes: cannot update 'p1': its period"
         " differs from 'p1''s"),
        ({"as_of": "2023-12"}, "packages.1.supersedes: as of 2023-12, it cannot update 'p1', as"
         " of 2024-01, a later date"),
        ({"as_of": "2024-01"}, "packages.1.as_of: 'p1' is an update of the same running total"
         " as of 2024-01 too: give each update its own as_of"),
    ],
    ids=["donor", "currency", "paid-updates-pledged", "family", "period", "earlier", "same-date"],
)  # fmt: skip
def test_an_update_must_be_of_a_like_entry(changed: dict[str, Any], expected: str) -> None:
    first = package("p1", cumulative=True, as_of="2024-01")
    second = package("p2", cumulative=True, as_of="2024-02", supersedes="p1") | changed
    found = problems([first, second])
    assert any(expected in p for p in found), found


def test_an_announcement_may_be_updated_by_a_pledge() -> None:
    """One family: what was announced and then pledged is one running total."""
    first = package("p1", status="announced", as_of="2024-01")
    assert (
        problems([first, package("p2", status="pledged", as_of="2024-02", supersedes="p1")]) == []
    )


def test_a_line_update_counts_the_same_unit_and_item() -> None:
    first = line("l1", amount=None, currency=None, quantity=5, unit="kits", item="relief kits")
    second = {**first, "id": "l2", "item": "hygiene kits", "supersedes": "l1"}
    found = problems(pledges=[first, second])
    assert found == [
        "pledges.1.supersedes: cannot update 'l1': it counts kits of hygiene kits, 'l1' counts"
        " kits of relief kits"
    ]


def test_dates_of_other_precisions_are_compared_as_far_as_both_go() -> None:
    """A year is not before a month within it; a month is before a later year's day."""
    year = package("p2", as_of="2024", supersedes="p1")
    assert problems([package("p1", as_of="2024-06"), year]) == []
    earlier = package("p2", as_of="2023-12-31", supersedes="p1")
    assert problems([package("p1", as_of="2024"), earlier]) == [
        "packages.1.supersedes: as of 2023-12-31, it cannot update 'p1', as of 2024, a later date"
    ]


def test_a_running_total_cannot_fork() -> None:
    found = problems([
        package("p1", as_of="2024-01"),
        package("p2", as_of="2024-02", supersedes="p1"),
        package("p3", as_of="2024-03", supersedes="p1"),
    ])  # fmt: skip
    assert found == [
        "packages.1.supersedes: 'p1' is updated by 'p3' too: a running total is one chain;"
        " supersede the latest update instead",
        "packages.2.supersedes: 'p1' is updated by 'p2' too: a running total is one chain;"
        " supersede the latest update instead",
    ]


def test_two_updates_at_one_date_are_refused_even_far_apart_in_the_chain() -> None:
    found = problems([
        package("p1", as_of="2024-01"),
        package("p2", supersedes="p1"),  # undated in between
        package("p3", as_of="2024-01", supersedes="p2"),
    ])  # fmt: skip
    assert found == [
        "packages.2.as_of: 'p1' is an update of the same running total as of 2024-01 too:"
        " give each update its own as_of"
    ]


def test_a_loop_through_a_mix_of_links_is_refused() -> None:
    """A line of a package that is part of the line: package and part_of make a loop."""
    found = problems([package("p1", part_of="l1")], [line("l1", package="p1")])
    assert "packages.0.part_of: part_of leads back to 'p1'" in found[0]
    assert "pledges.0.package: package leads back to 'l1'" in found[1]


def test_a_whole_whose_later_update_is_part_of_its_part_is_a_loop() -> None:
    """l1 is part of p1; p2 updates p1 and is part of l1: each link points back, yet the
    totals, following p1 to p2, would come round to l1 again."""
    found = problems(
        [package("p1", as_of="2024-01"), package("p2", as_of="2024-02", supersedes="p1",
                                                   part_of="l1")],
        [line("l1", part_of="p1")],
    )  # fmt: skip
    assert found == [
        "packages.1.part_of: part_of 'l1', whose latest update is 'l1', leads back to 'p2': a"
        " whole's later update cannot be part of its own part",
        "pledges.0.part_of: part_of 'p1', whose latest update is 'p2', leads back to 'l1': a"
        " whole's later update cannot be part of its own part",
    ]


def test_an_update_cannot_be_part_of_what_it_updates() -> None:
    found = problems([package("p1", as_of="2024-01"),
                      package("p2", as_of="2024-02", supersedes="p1", part_of="p1")])  # fmt: skip
    assert found == [
        "packages.1.part_of: part_of 'p1', whose latest update is 'p2', leads back to 'p2': a"
        " whole's later update cannot be part of its own part"
    ]


def test_a_part_must_count_what_its_whole_counts() -> None:
    found = problems([package("p1")], [line("l1", currency="EUR", part_of="p1")])
    assert found == [
        "pledges.0.part_of: cannot be part of 'p1': it counts EUR, 'p1' counts USD: the same"
        " money in another currency is `converted`; money that may be the same is `overlaps`"
    ]
    kits = line("l2", amount=None, currency=None, quantity=3, unit="kits", part_of="p1")
    assert problems([package("p1")], [kits]) == [
        "pledges.0.part_of: cannot be part of 'p1': it counts kits, 'p1' counts USD"
    ]


def test_a_figure_updates_only_its_own_claimant_and_measure() -> None:
    assert problems(figures=[figure("f1"), figure("f2", supersedes="f1")]) == []
    other = problems(figures=[figure("f1"), figure("f2", claimant="act-b", supersedes="f1")])
    assert other == [
        "figures.1.supersedes: cannot update 'f1': its claimant is act-b, 'f1''s is act-a:"
        " another claimant's figure stands beside it, it does not update it"
    ]
    measure = problems(figures=[figure("f1"), figure("f2", measure="asked", supersedes="f1")])
    assert measure == [
        "figures.1.supersedes: cannot update 'f1': it counts 'asked', 'f1' counts 'funded'"
    ]


def test_validate_locates_each_problem_on_its_line(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["packages"] = [
        package("p1", as_of="2024-01"),
        package("p2", as_of="2024-02", supersedes="p1", donor="act-b"),
    ]
    path = tmp_path / "briefing.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    [error] = [x for x in result.stderr.splitlines() if "supersedes" in x]
    text = path.read_text(encoding="utf-8").splitlines()
    line_number = int(error.split(":")[3])
    assert "supersedes: p1" in text[line_number - 1], error


def entries(*specs: tuple[str, str | None]) -> list[Package]:
    """Packages with ids and what each supersedes."""
    return [
        Package(id=i, title=i, donor="act-a", status="pledged", source="src-a", supersedes=s)
        for i, s in specs
    ]


def test_the_latest_update_is_the_one_nobody_supersedes_whatever_the_order() -> None:
    chain = entries(("p3", "p2"), ("p1", None), ("p2", "p1"), ("q", None))
    for order in (chain, chain[::-1], sorted(chain)):
        graph = Graph(order)
        assert [graph.head(i) for i in ("p1", "p2", "p3", "q")] == ["p3", "p3", "p3", "q"]
        assert graph.earlier("p3") == ["p2", "p1"]
        assert graph.superseded("p1") and not graph.superseded("p3")


def test_a_long_chain_is_walked_once() -> None:
    """Each entry's head is found with one step per link: 20,000 links, not 20,000 squared."""
    chain = entries(*((f"p{i}", f"p{i - 1}" if i else None) for i in range(20_000)))
    graph = Graph(chain[::-1])
    assert all(graph.head(e.id) == "p19999" for e in chain)
    assert len(graph.earlier("p19999")) == 19_999


def test_a_figure_graph_ignores_links_to_other_sections() -> None:
    first = Figure(id="f1", measure="m", counts="c", unit="u", source="s", value=1)
    second = first._replace(id="f2", supersedes="f1")
    assert Graph([second, first]).head("f1") == "f2"


# -- version 1: what it cannot say is said ---------------------------------------------------

TOTALS_V1 = Path(__file__).parent.parent / "data" / "totals.yaml"


def test_version_1_totals_say_they_cannot_tell_updates_or_periods() -> None:
    result = CliRunner().invoke(app, ["aid", "--totals", "-f", str(TOTALS_V1), "--format", "json"])
    [gbp] = [r for r in json.loads(result.stdout) if r["unit"] == "GBP"]
    assert gbp["entry_ids"] == ["l-cash", "pkg-a"]
    assert (
        "l-cash, pkg-a are added as separate amounts: schema_version 1 cannot say whether one"
        " updates another (schema_version 2: supersedes) or they are for different periods"
    ) in gbp["note"]


def test_validate_suggests_the_version_2_fields_for_a_version_1_sum() -> None:
    result = CliRunner().invoke(app, ["validate", str(TOTALS_V1)])
    assert result.exit_code == 0
    [warning] = [x for x in result.stderr.splitlines() if "version-1-sum" in x]
    assert warning.endswith(
        "pledges[0].id: [version-1-sum] the totals add l-cash to pkg-a (one donor, status and"
        " unit): if one updates another, or they are for different periods, declare"
        " schema_version: 2 and say so with supersedes and cumulative, or period_start and"
        " period_end"
    )
    strict = CliRunner().invoke(app, ["validate", "--strict", str(TOTALS_V1)])
    assert strict.exit_code == 1


def test_a_version_2_file_is_not_told_to_declare_version_2() -> None:
    data = copy.deepcopy(BASE)
    data["packages"] = [package("p1"), package("p2")]
    from raqqa_cli.review.checks import version_one_sums

    briefing, _ = check_briefing(data)
    assert briefing is not None and list(version_one_sums(briefing)) == []
    one, _ = check_briefing({**data, "schema_version": 1})
    assert one is not None and len(list(version_one_sums(one))) == 1
