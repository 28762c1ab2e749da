"""Honest totals over tests/data/totals-traps.yaml, a briefing built to trap a naive sum."""

from __future__ import annotations

from typing import Any

import pytest

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.reports import aid, totals
from tests.conftest import DATA

TRAPS = DATA / "totals-traps.yaml"


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load_briefing(str(TRAPS)))


def rows(index: Index, by: str = "status") -> list[dict[str, Any]]:
    report = totals.aid_totals(index, aid.aid_filter(index), by=by)
    keep = report.for_machines()
    return [
        {report.columns[i].key: list(v) if isinstance(v := row[i], tuple) else v for i in keep}
        for row in report.rows
    ]


def only(found: list[dict[str, Any]], **wanted: Any) -> list[dict[str, Any]]:
    return [r for r in found if all(r.get(k) == v for k, v in wanted.items())]


def test_differing_periods_are_separate_rows(index: Index) -> None:
    eur = only(rows(index), unit="EUR")
    assert [(r["period_start"], r["period_end"], r["total"], r["lines"]) for r in eur] == [
        (None, None, 1000, 1),
        ("2017", "2017", 150, 2),
        ("2018", "2020", 300, 1),
    ]
    shown = [r["note"] for r in eur]
    assert "other periods (for 2017, for 2018 to 2020)" in shown[0]
    assert "other periods (a period not given, for 2018 to 2020)" in shown[1]


def test_the_period_is_shown_to_people(index: Index) -> None:
    report = totals.aid_totals(index, aid.aid_filter(index))
    keys = [c.key for c in report.columns]
    shown = [
        tuple(row[keys.index(k)] for k in ("shown", "counting", "when")) for row in report.rows
    ]
    assert ("150", "EUR", "for 2017") in shown
    assert ("300", "EUR", "for 2018 to 2020") in shown


def test_a_part_is_never_added_to_its_whole(index: Index) -> None:
    [chf] = only(rows(index), unit="CHF")
    assert (chf["total"], chf["entry_ids"], chf["not_added_ids"]) == (
        5000,
        ["pkg-whole"],
        ["l-part"],
    )
    assert "not added: l-part (CHF 700), part of pkg-whole" in chf["note"]


def test_entries_that_may_overlap_are_not_added(index: Index) -> None:
    [gbp] = only(rows(index), unit="GBP")
    assert (gbp["total"], gbp["qualifier"], gbp["not_added_ids"]) == (40, "at least", ["l-maybe-2"])
    assert "l-maybe-2 (GBP 30) may be the same money as l-maybe-1" in gbp["note"]


def test_mixed_qualifiers(index: Index) -> None:
    [jpy] = only(rows(index), unit="JPY")
    assert (jpy["total"], jpy["qualifier"]) == (30, "about")
    [kits] = only(rows(index), item="first aid kits")
    assert (kits["total"], kits["qualifier"]) == (11, "more than")
    assert all(r["qualifier"] == "exact" for r in only(rows(index), unit="EUR"))


def test_successive_cumulative_updates_are_one_row_as_of_the_latest(index: Index) -> None:
    [kits] = only(rows(index), item="shelter kits")
    assert (kits["total"], kits["entry_ids"], kits["as_of"]) == (400, ["l-kits-3"], "2022-03-03")
    assert kits["not_added_ids"] == ["l-kits-1", "l-kits-2"]
    assert "l-kits-3 is the latest update of a running total, as of 2022-03-03" in kits["note"]
    assert "its earlier updates are not added: l-kits-2, l-kits-1" in kits["note"]


def test_running_totals_with_no_chain_are_separate_totals(index: Index) -> None:
    """Two running totals of one donor and unit are never joined because they share them."""
    [households] = only(rows(index), unit="households")
    assert (households["total"], households["entry_ids"]) == (100, ["l-tents-run", "l-water-run"])
    assert households["not_added_ids"] == []


def test_lines_inside_a_package_are_a_split_of_it(index: Index) -> None:
    [usd] = only(rows(index), unit="USD")
    assert (usd["total"], usd["entry_ids"]) == (900, ["pkg-split"])
    assert usd["not_added_ids"] == ["l-split-a", "l-split-c"]


def test_by_donor_a_line_of_another_donor_does_not_vanish(index: Index) -> None:
    usd = {r["donor"]: r for r in only(rows(index, "donor"), unit="USD")}
    assert {name: r["total"] for name, r in usd.items()} == {"Alpha Aid": 700, "Gamma Agency": 200}
    assert sum(r["total"] for r in usd.values()) == 900
    assert "a split of pkg-split (USD 900 in all)" in usd["Gamma Agency"]["note"]
    assert "the rest of pkg-split" in usd["Alpha Aid"]["note"]


def test_by_sector_the_split_adds_up_to_the_package(index: Index) -> None:
    usd = {r["sector"]: r["total"] for r in only(rows(index, "sector"), unit="USD")}
    assert usd == {"(whole package)": 100, "Health": 600, "WASH": 200}


def test_a_filter_that_leaves_the_package_out_keeps_its_lines(index: Index) -> None:
    chosen = aid.aid_filter(index, donor="Gamma Agency")
    report = totals.aid_totals(index, chosen)
    keep = report.for_machines()
    found = [{report.columns[i].key: row[i] for i in keep} for row in report.rows]
    [usd] = only(found, unit="USD")
    assert usd["total"] == 200 and "part of pkg-split, which the filter leaves out" in usd["note"]


def test_every_entry_with_a_number_is_added_or_said_not_to_be(index: Index) -> None:
    for by in ("status", "donor", "sector"):
        found = rows(index, by)
        said = {i for r in found for i in [*r["entry_ids"], *r["not_added_ids"]]}
        numbered = {p.id for p in index.briefing.pledges} | {p.id for p in index.briefing.packages}
        assert said == numbered, (by, numbered - said)


def test_one_claimants_figures_at_several_dates_are_a_series(index: Index) -> None:
    from raqqa_cli.reports.figures import figures_report

    notes = figures_report(index).notes
    assert "deaths: figures from 2 claimants, side by side" in notes[0]
    assert notes[1] == (
        "deaths: Gamma Agency, over time, latest first: 180 people as of 2022-03-03 (+30);"
        " 150 people as of 2022-03-02 (+50); 100 people as of 2022-03-01."
    )
    assert not any("houses" in note for note in notes)


def test_a_whole_listed_before_its_part_at_one_date_ends_and_adds_the_whole_once() -> None:
    """The file that hung: two running totals of one donor at one date, the second part of
    the first. Either order gives one row: the whole, with the part named as not added."""
    from raqqa_cli.briefing.check import check_briefing

    whole = {"id": "pkg-all", "title": "All funding", "donor": "act-a", "status": "received",
             "amount": 100, "currency": "USD", "cumulative": True, "as_of": "2024-03",
             "source": "src-t"}  # fmt: skip
    part = {**whole, "id": "pkg-in", "title": "In the plan", "amount": 60, "part_of": "pkg-all"}
    data: dict[str, Any] = {
        "schema_version": 2,
        "briefing": {"title": "t", "publisher": "p", "published": "2024", "summary": "s",
                     "source": "src-t"},
        "sources": [{"id": "src-t", "title": "T", "publisher": "P", "kind": "report"}],
        "actors": [{"id": "act-a", "name": "Alpha", "kind": "group", "source": "src-t"}],
    }  # fmt: skip
    found = []
    for packages in ([whole, part], [part, whole]):
        briefing, problems = check_briefing({**data, "packages": packages})
        assert briefing is not None, problems
        report = totals.aid_totals(Index(briefing), aid.AidFilter())
        keep = report.for_machines()
        found.append([{report.columns[i].key: row[i] for i in keep} for row in report.rows])
    assert found[0] == found[1]
    [row] = found[0]
    assert (row["total"], row["entry_ids"], row["not_added_ids"]) == (
        100,
        ("pkg-all",),
        ("pkg-in",),
    )
    assert "not added: pkg-in (USD 60), part of pkg-all" in str(row["note"])


def test_by_donor_splits_what_it_can_and_says_why_not_for_the_rest() -> None:
    """A line in another currency, or two lines that may overlap, no longer stop the split:
    the other lines are counted by donor, and each that stays in the rest says why."""
    from raqqa_cli.briefing.check import check_briefing

    def line(i: str, donor: str, amount: int, **more: Any) -> dict[str, Any]:
        return {"id": i, "donor": donor, "status": "pledged", "sector": "Health",
                "description": i, "amount": amount, "currency": "USD", "package": "pkg",
                "source": "src-t", **more}  # fmt: skip

    data: dict[str, Any] = {
        "schema_version": 2,
        "briefing": {"title": "t", "publisher": "p", "published": "2024", "summary": "s",
                     "source": "src-t"},
        "sources": [{"id": "src-t", "title": "T", "publisher": "P", "kind": "report"}],
        "actors": [{"id": f"act-{n}", "name": n.title(), "kind": "state", "source": "src-t"}
                   for n in ("a", "b", "c", "d")],
        "packages": [{"id": "pkg", "title": "All", "donor": "act-a", "status": "pledged",
                      "amount": 1000, "currency": "USD", "source": "src-t"}],
        "pledges": [
            line("l-b", "act-b", 300),
            line("l-eur", "act-c", 50, currency="EUR"),
            line("l-d1", "act-d", 100),
            line("l-d2", "act-d", 80, overlaps=["l-d1"]),
        ],
    }  # fmt: skip
    briefing, problems = check_briefing(data)
    assert briefing is not None, problems
    report = totals.aid_totals(Index(briefing), aid.AidFilter(), by="donor")
    keep = report.for_machines()
    found = {row[keep[0]]: {report.columns[i].key: row[i] for i in keep} for row in report.rows}
    assert found["B"]["total"] == 300 and "l-b is a split of pkg" in str(found["B"]["note"])
    rest = found["A"]
    assert (rest["total"], rest["qualifier"]) == (700, "exact")
    note = str(rest["note"])
    assert "l-eur is counted in the rest of pkg: its money is in EUR, the package's in USD" in note
    assert "l-d1 is counted in the rest of pkg: it may overlap other money" in note
    assert rest["not_added_ids"] == ("l-d1", "l-d2", "l-eur")
    assert sum(float(str(r["total"])) for r in found.values() if r["unit"] == "USD") == 1000


def test_one_pledge_in_two_currencies_is_never_silently_in_both_rows() -> None:
    """The same pledge reported in USD by one outlet and in EUR by another (`overlaps`):
    each currency keeps its row, and each row names the other as maybe the same money."""
    from raqqa_cli.briefing.check import check_briefing
    from tests.conftest import briefing_head

    def pledge(i: str, amount: int, currency: str, **more: Any) -> dict[str, Any]:
        return {"id": i, "donor": "act-a", "status": "pledged", "sector": "Health",
                "description": i, "amount": amount, "currency": currency, "source": "src-a",
                **more}  # fmt: skip

    data = {
        **briefing_head(),
        "pledges": [pledge("l-usd", 110, "USD"), pledge("l-eur", 100, "EUR", overlaps=["l-usd"])],
    }
    briefing, problems = check_briefing(data)
    assert briefing is not None, problems
    report = totals.aid_totals(Index(briefing), aid.AidFilter())
    keep = report.for_machines()
    found = [{report.columns[i].key: row[i] for i in keep} for row in report.rows]
    rows = {str(r["unit"]): r for r in found}
    assert rows["USD"]["total"] == 110 and rows["EUR"]["total"] == 100
    assert "l-usd may be the same money as l-eur (pledged EUR): the two rows may share it" in str(
        rows["USD"]["note"]
    )
    assert "l-eur may be the same money as l-usd (pledged USD): the two rows may share it" in str(
        rows["EUR"]["note"]
    )


def test_an_update_of_a_part_not_said_to_be_a_part_makes_the_total_at_most() -> None:
    """The March in-plan funding is part of all funding; its June update says nothing: both
    are added as declared, and the row says it may count that money twice."""
    from raqqa_cli.briefing.check import check_briefing
    from tests.conftest import briefing_head

    def package(i: str, amount: int, as_of: str, **more: Any) -> dict[str, Any]:
        return {"id": i, "title": i, "donor": "act-a", "status": "received", "amount": amount,
                "currency": "USD", "cumulative": True, "as_of": as_of, "source": "src-a",
                **more}  # fmt: skip

    packages = [
        package("p-all", 130, "2026-06"),
        package("p-in-1", 40, "2026-03", part_of="p-all"),
        package("p-in-2", 90, "2026-06", supersedes="p-in-1"),
    ]
    found = []
    for order in (packages, packages[::-1]):
        briefing, problems = check_briefing({**briefing_head(), "packages": order})
        assert briefing is not None, problems
        report = totals.aid_totals(Index(briefing), aid.AidFilter())
        keep = report.for_machines()
        found.append([{report.columns[i].key: row[i] for i in keep} for row in report.rows])
    assert found[0] == found[1]
    [row] = found[0]
    assert (row["total"], row["qualifier"]) == (220, "at most")
    assert "p-in-2 updates p-in-1, a part of p-all; the file does not say whether p-in-2" in str(
        row["note"]
    )
    # Said to be a part, the update is left out and the total is exact again.
    packages[2] = {**packages[2], "part_of": "p-all"}
    briefing, problems = check_briefing({**briefing_head(), "packages": packages})
    assert briefing is not None, problems
    report = totals.aid_totals(Index(briefing), aid.AidFilter())
    [again] = [{report.columns[i].key: r[i] for i in report.for_machines()} for r in report.rows]
    assert (again["total"], again["qualifier"]) == (130, "exact")


def test_packages_counted_whole_are_said_once_and_a_part_as_within_its_whole() -> None:
    """A row that counts several packages whole says so in one note; a package that is
    itself a part of one it adds is said to be within it, not 'as a whole' beside 'not
    added' (appeal-nepal-2015's GBP row said both of pkg-uk-flash)."""
    from raqqa_cli.reports.totals import _whole_note

    assert _whole_note(["p1"], []) == (
        "includes the money of p1 as a whole; its lines' own amounts are parts of it and not"
        " added again"
    )
    assert _whole_note(["p1", "p2", "p3"], []).startswith(
        "includes the money of p1, p2 and p3, each as a whole; their lines' own amounts"
    )
    assert _whole_note(["p0", "p1"], ["p1"]).startswith(
        "includes the money of p0 as a whole, and so of its part p1; their lines'"
    )
    assert _whole_note(["p1"], ["p1"]).startswith(
        "includes the money of p1 within what it is part of; its lines'"
    )
