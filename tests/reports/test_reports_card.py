"""Queries: filters, details and honest totals, checked value by value on small fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.errors import QueryError
from raqqa_cli.report import Report
from raqqa_cli.reports import aid, issues, phrases, reactions, totals
from tests.conftest import DATA, MINIMAL


@pytest.fixture(scope="module")
def totals_index() -> Index:
    return Index(load_briefing(str(DATA / "totals.yaml")))


@pytest.fixture(scope="module")
def minimal_index() -> Index:
    return Index(load_briefing(str(MINIMAL)))


def records(report: Report) -> list[dict[str, Any]]:
    keep = report.for_machines()
    return [{report.columns[i].key: row[i] for i in keep} for row in report.rows]


def brief(report: Report) -> list[tuple[Any, ...]]:
    return [
        (
            r.get("sector", r.get("donor")),
            r["status"],
            r["total"],
            r["unit"],
            r["item"],
            r["qualifier"],
            r["lines"],
        )
        for r in records(report)
    ]


def test_totals_never_mix_units_currencies_or_statuses(totals_index: Index) -> None:
    report = totals.aid_totals(totals_index, aid.aid_filter(totals_index))
    assert brief(report) == [
        (None, "announced", 1_250_000, "GBP", None, "exact", 2),
        (None, "announced", 1000, "consultations", None, "exact", 1),
        (None, "announced", 30, "kits", "delivery kits", "exact", 1),
        (None, "announced", 150, "kits", "hygiene kits", "exact", 2),
        (None, "announced", 300, "people", "people given support", "exact", 1),
        (None, "announced", 200, "people", "people with clean water", "exact", 1),
        (None, "pledged", 500_000, "USD", None, "exact", 1),
        (None, "delivered", 10, "kits", "hygiene kits", "exact", 1),
        (None, "delivered", 2000, "parcels", None, "exact", 1),
        (None, "delivered", 5000, "parcels", None, "more than", 1),
    ]


def test_people_reached_are_never_added(totals_index: Index) -> None:
    report = totals.aid_totals(totals_index, aid.aid_filter(totals_index))
    people = [r for r in records(report) if r["unit"] == "people"]
    assert [r["total"] for r in people] == [300, 200]
    assert all("same people" in r["note"] for r in people)
    assert 500 not in [r["total"] for r in records(report)]


def test_totals_by_sector_keep_package_money_whole(totals_index: Index) -> None:
    report = totals.aid_totals(totals_index, aid.aid_filter(totals_index), by="sector")
    rows = brief(report)
    assert ("(whole package)", "announced", 1_000_000, "GBP", None, "exact", 1) in rows
    assert ("Food Security", "announced", 250_000, "GBP", None, "exact", 1) in rows
    assert ("WASH", "announced", 150, "kits", "hygiene kits", "exact", 2) in rows
    assert ("Food Security", "delivered", 5000, "parcels", None, "more than", 1) in rows
    assert ("Food Security", "delivered", 2000, "parcels", None, "exact", 1) in rows


def test_totals_by_donor(totals_index: Index) -> None:
    rows = brief(totals.aid_totals(totals_index, aid.aid_filter(totals_index), by="donor"))
    assert ("Alpha Aid", "announced", 100, "kits", "hygiene kits", "exact", 1) in rows
    assert ("Beta Fund", "announced", 50, "kits", "hygiene kits", "exact", 1) in rows
    assert ("Beta Fund", "delivered", 2000, "parcels", None, "exact", 1) in rows


def test_totals_for_people_say_more_than(totals_index: Index) -> None:
    report = totals.aid_totals(totals_index, aid.aid_filter(totals_index))
    keys = [c.key for c in report.columns]
    shown = [
        tuple(row[keys.index(k)] for k in ("shown", "counting", "when")) for row in report.rows
    ]
    assert ("more than 5,000", "parcels", "since 2019") in shown
    assert ("1,250,000", "GBP", None) in shown


def test_unknown_grouping_is_refused(totals_index: Index) -> None:
    with pytest.raises(QueryError, match="cannot total by 'colour'"):
        totals.aid_totals(totals_index, aid.aid_filter(totals_index), by="colour")


def test_aid_filters(totals_index: Index) -> None:
    def ids(**kwargs: str) -> list[Any]:
        chosen = aid.aid_filter(totals_index, **kwargs)
        return [r["id"] for r in records(aid.aid_report(totals_index, chosen))]

    assert ids(sector="wash") == ["l-hyg-1", "l-hyg-2", "l-water", "l-hyg-done"]
    assert ids(status="delivered") == ["l-hyg-done", "l-parcels-1", "l-parcels-2"]
    assert ids(donor="AA", status="pledged") == []
    assert ids(donor="beta") == ["pkg-b", "l-hyg-2", "l-parcels-2"]
    assert ids(match="PARCELS") == ["l-parcels-1", "l-parcels-2"]


def test_packages_come_before_their_lines(totals_index: Index) -> None:
    rows = records(aid.aid_report(totals_index, aid.aid_filter(totals_index)))
    assert [r["id"] for r in rows[:7]] == [
        "pkg-a", "l-hyg-1", "l-deliv", "l-consult", "l-water", "l-psych", "pkg-b",
    ]  # fmt: skip
    assert rows[0]["amount"] == 1_000_000 and rows[1]["amount"] is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sector": "helth"}, "no sector 'helth'; did you mean 'Health'?"),
        ({"status": "promised"}, "no status 'promised'"),
        ({"donor": "Gamma"}, "no donor goes by 'Gamma'"),
    ],
)
def test_unknown_filter_values_are_usage_problems(
    totals_index: Index, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        aid.aid_filter(totals_index, **kwargs)
    assert str(caught.value).startswith(message)


def test_issue_detail_has_every_part(minimal_index: Index) -> None:
    report = issues.issue_detail(minimal_index, "iss-flooding")
    rows = [dict(zip([c.key for c in report.columns], row, strict=True)) for row in report.rows]
    assert [r["part"] for r in rows] == ["summary", "actor", "actor", "statement", "figure", "aid"]
    statement = rows[3]
    assert statement["who"] == "Ada Mayor" and statement["date"] == "2020-03-02"
    assert statement["what"] == "The mayor said the town would rebuild. \u201cWe will rebuild\u201d"
    assert statement["source"] == "Test Desk, 2020-03-04, citing Wire Service, 2020-03"
    assert statement["source_id"] == "src-desk" and statement["via_id"] == "src-wire"
    # An actor's role is cited to the role's own source, not the issue's or the actor's.
    assert rows[2]["what"] == "Mayor, Harbour Town Council (2018-05 to 2020-04-01)"
    role = minimal_index.get("act-mayor").roles[0]
    assert rows[2]["source_id"] == role.source


def test_unknown_issue_lists_the_known_ids(minimal_index: Index) -> None:
    with pytest.raises(QueryError, match="no issue has the id 'iss-x'; known issues: iss-flooding"):
        issues.issue_detail(minimal_index, "iss-x")


def test_reactions_by_actor_alias_and_source(minimal_index: Index) -> None:
    assert len(reactions.reactions_report(minimal_index, actor="relief league").rows) == 1
    assert reactions.reactions_report(minimal_index, actor="Mayor Ada").rows == ()
    assert len(reactions.reactions_report(minimal_index, source="src-desk").rows) == 1
    with pytest.raises(QueryError):
        reactions.reactions_report(minimal_index, source="nowhere")


def test_matcher_is_alias_aware(minimal_index: Index) -> None:
    matcher = minimal_index.matcher("harbor town")
    assert matcher("Flooding in Harbourtown")
    assert matcher("HARBOR TOWN")
    assert not matcher("Testland")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("more than", "relief packages", 660000), "more than 660,000 relief packages"),
        (("exact", "people", 1130), "1,130 people"),
        (("estimated", "homes", None, 150, 180), "an estimated 150 to 180 homes"),
        (("at least", None, None, 5), "at least 5"),
        (("exact", "kits", None), ""),
    ],
)
def test_quantity_text(args: tuple[Any, ...], text: str) -> None:
    assert phrases.quantity_text(*args) == text


def test_a_package_s_note_is_keyed_by_its_id_as_every_note_is() -> None:
    """Issue 26: one aid note named a package by its label, the next by its id."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.reports import aid

    index = Index(load_briefing(None))
    report = aid.aid_report(index, aid.AidFilter())
    ids = {p.id for p in index.briefing.packages} | {p.id for p in index.briefing.pledges}
    assert report.notes and all(note.split(":")[0].split(" (")[0] in ids for note in report.notes)
    whole = [n for n in report.notes if "for the package as a whole" in n]
    assert whole == [
        "pkg-raqqa-2017 (£10 million package of support): GBP 10,000,000 for the package as a"
        " whole; none of its 7 lines carries an amount of its own."
    ]


def test_show_piped_is_a_record_too() -> None:
    """From the tmux walk: `raqqa show ID | cat` was one Markdown row per field, each
    repeating the entry's id and source. It is the record, as on a terminal: a table of
    field and value (other entries named beside their ids), the id once, in the heading."""
    from typer.testing import CliRunner

    from raqqa_cli.cli.app import app
    from raqqa_cli.terminal import Terminal

    out = CliRunner().invoke(app, ["show", "pl-mine-clearance"], obj=Terminal(False, 80)).stdout
    assert out.count("(pl-mine-clearance)") == 1 and "pl-mine-clearance |" not in out
    tables = [line for line in out.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == 1 for line in tables if "\\|" not in line), tables
    assert "| package | £10 million package of support (pkg-raqqa-2017) |" in tables
    assert "### Source chain" in out and "### Referred to by" in out


def test_an_aid_note_after_the_phrases_starts_its_sentence_with_a_capital() -> None:
    """From the tmux walk: 'in Raqqa. not in the article: ...' glued a lowercase note on."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.reports.aid import aid_details

    index = Index(load_briefing(None))
    line = next(p for p in index.briefing.pledges if p.id == "pl-mine-clearance")
    assert line.note and line.note.startswith("not in the article")
    assert aid_details(index, line).startswith("in Raqqa. Not in the article: ")


def test_a_lowercase_word_is_not_an_acronym_s_alias() -> None:
    """From the tmux walk: `search is` expanded to IS's aliases (Daesh, Islamic State), so
    hits on the English word came mixed with hits on the group. Written in capitals, `IS`
    names the group; `isil`, a name of it however written, does too; `is` does not."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.lookup import Index

    index = Index(load_briefing(None))
    assert index.matcher("is").aliases == ()
    assert not index.matcher("is")("Daesh fighters")
    assert index.matcher("IS")("Daesh fighters")
    assert index.matcher("isil")("Daesh fighters")


def test_show_suggests_the_id_whatever_its_case() -> None:
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.errors import QueryError
    from raqqa_cli.reports.show import show_report

    with pytest.raises(QueryError, match="did you mean 'st-stewart-kill'"):
        show_report(Index(load_briefing(None)), "ST-STEWART-KILL")


def test_an_actor_is_named_by_the_start_of_a_word_as_completion_offers() -> None:
    """From the tmux walk: completion offered Michael Fallon for `actors fall`, then the
    command said no actor goes by 'fall'. A name is matched as search reads it: a whole
    name, else a whole word, else (four letters or more) the start of a word."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.lookup import Index

    index = Index(load_briefing(None))
    assert [a.id for a in index.require_actors("fall")] == ["act-fallon"]
    assert [a.id for a in index.require_actors("sérg")] == ["act-pinheiro"]
    with pytest.raises(QueryError):
        index.require_actors("uk-")  # three letters or fewer: whole, as IS must be


def test_one_actor_s_links_do_not_repeat_the_actor_in_every_row() -> None:
    """From the tmux walk: `actors Stewart` repeated `Actor  Rory Stewart` in every card
    under the title `Linked to Rory Stewart`. A report about one entry names it in its
    heading, with its id; a column that says it in every row is said once, in a note."""
    from typer.testing import CliRunner

    from raqqa_cli.cli.app import app
    from raqqa_cli.terminal import Terminal

    out = CliRunner().invoke(app, ["actors", "Stewart"], obj=Terminal(True, 100)).stdout
    assert out.startswith("Linked to Rory Stewart (act-stewart)\n")
    assert "\nActor " not in out and "Note: In every row, Actor: Rory Stewart." in out
    both = CliRunner().invoke(app, ["actors", "Ministry"], obj=Terminal(True, 100)).stdout
    assert "(act-" not in both.splitlines()[0]  # two ministries: each row says whose
    assert "\nActor " in both
