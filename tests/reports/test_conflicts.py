"""`raqqa conflicts`: measures with more than one claimant or value, their spread, and why
they may not be comparable, on the test briefings, the embedded one and the examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing
from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

GRADED = DATA / "graded.yaml"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
BRIEFINGS = [
    Path(embedded_briefing()),
    EXAMPLES / "brussels-2017.yaml",
    EXAMPLES / "idai-2019.yaml",
    MINIMAL,
]
PIPE = Terminal(is_tty=False, width=80, color=False)
Write = Callable[..., Path]


def conflicts(runner: CliRunner, path: Path, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["conflicts", "-f", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def by_measure(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        found.setdefault(record["measure"], []).append(record)
    return found


def test_the_embedded_briefing(runner: CliRunner) -> None:
    found = by_measure(conflicts(runner, Path(embedded_briefing())))
    # A computed answer, so in the order of measures and ids, never the file's.
    assert list(found) == ["britons-gone-to-join-isil", "civilian-deaths-raqqa"]
    deaths = found["civilian-deaths-raqqa"]
    assert [r["id"] for r in deaths] == [
        "fig-civilian-deaths-activists", "fig-civilian-deaths-rbss", "fig-civilian-deaths-sohr",
    ]  # fmt: skip
    assert {(r["spread_low"], r["spread_high"]) for r in deaths} == {(1130, 1873)}
    # The article names no place for its range (issue 22); the monitors' figures are Raqqa's.
    assert deaths[0]["differs"] == ["what is counted", "place", "period", "as-of date"]
    assert [r["claimant_id"] for r in deaths][1:] == ["act-rbss", "act-sohr"]
    britons = found["britons-gone-to-join-isil"]
    assert {(r["spread_low"], r["spread_high"]) for r in britons} == {(850, 850)}
    assert "qualifier" in britons[0]["differs"]


def test_the_people_see_the_reasons_once_per_measure(runner: CliRunner) -> None:
    result = runner.invoke(app, ["conflicts", "-f", str(MINIMAL), "--format", "markdown"])
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("| homes")]
    assert rows == [
        "| homes-flooded | about 120 homes | Harbour Town Council | 2020-03-02 |"
        " Test Desk, 2020-03-04 | 120 to 180 homes | qualifier differs (about, estimated);"
        " as-of date differs (2020-03-02, not given) | fig-homes-council |"
    ]
    # the scope both figures share is said once, not in each row
    assert "- In every row, Scope: Harbour Town." in result.stdout
    assert "| | an estimated 150 to 180 homes | Relief League |" in result.stdout.replace(
        "|  |", "| |"
    )
    assert "- No winner is picked" in result.stdout
    assert "- Statements are not compared" in result.stdout


def test_grades_stand_beside_each_claimant(runner: CliRunner) -> None:
    records = conflicts(runner, GRADED)
    assert [(r["id"], r["grade"]) for r in records] == [
        ("fig-homes-council", "B2"),
        ("fig-homes-league", "B2"),
        ("fig-homes-radio", None),
        ("fig-homes-wire", "D3"),
    ]
    assert {(r["spread_low"], r["spread_high"]) for r in records} == {(120, 200)}
    table = runner.invoke(
        app, ["conflicts", "-f", str(GRADED), "--format", "table"], obj=Terminal(True, 80, False)
    ).stdout  # cards at 80 columns: each value on one line
    assert "Wire Service, 2020-03, D3" in table


@pytest.mark.parametrize(
    ("change", "listed", "differs"),
    [
        # the same claimant, source and value twice: no conflict
        (lambda t: t.replace("low: 150\n    high: 180", "value: 120").replace(
            "claimant: act-relief", "claimant: act-town"), False, None),
        # one figure only: no conflict
        (lambda t: t.replace("measure: homes-flooded\n    counts: homes flooded\n    low",
                             "measure: homes-other\n    counts: homes flooded\n    low"),
         False, None),
        # one claimant, two values: a conflict
        (lambda t: t.replace("claimant: act-relief", "claimant: act-town"), True,
         ["qualifier", "as-of date"]),
        # units differ: no spread
        (lambda t: t.replace("high: 180\n    unit: homes", "high: 180\n    unit: houses"), True,
         ["unit", "qualifier", "as-of date"]),
    ],
)  # fmt: skip
def test_what_is_a_conflict(
    runner: CliRunner,
    write: Write,
    change: Callable[[str], str],
    listed: bool,
    differs: list[str] | None,
) -> None:
    text = change(MINIMAL.read_text(encoding="utf-8"))
    assert text != MINIMAL.read_text(encoding="utf-8")
    records = conflicts(runner, write(text))
    assert bool(records) == listed
    if records:
        assert records[0]["differs"] == differs
        if "unit" in records[0]["differs"]:
            assert records[0]["spread_low"] is None and records[0]["spread_high"] is None


def test_no_conflicts_is_said_and_exits_0(runner: CliRunner, write: Write) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "measure: homes-flooded\n    counts: homes flooded\n    low",
        "measure: homes-other\n    counts: homes flooded\n    low",
    )
    result = runner.invoke(app, ["conflicts", "-f", str(write(text))], obj=PIPE)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "raqqa: no measure has more than one claimant or value\n"


def test_match_keeps_whole_measures(runner: CliRunner) -> None:
    records = conflicts(runner, Path(embedded_briefing()), "--match", "Soufan")
    assert {r["measure"] for r in records} == {"britons-gone-to-join-isil"}
    assert len(records) == 2


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "plain"])
@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.name)
def test_every_briefing_in_every_format(runner: CliRunner, path: Path, fmt: str) -> None:
    terminal = Terminal(is_tty=fmt == "table", width=100, color=False)
    result = runner.invoke(app, ["conflicts", "-f", str(path), "--format", fmt], obj=terminal)
    assert result.exit_code == 0, result.output
    assert result.stdout, "every one of these briefings has a measure in conflict"


def test_examples_name_their_reasons(runner: CliRunner) -> None:
    brussels = by_measure(conflicts(runner, EXAMPLES / "brussels-2017.yaml"))
    assert brussels["pledged-for-2017"][0]["differs"] == ["unit"]
    assert brussels["pledged-for-2017"][0]["spread_low"] is None
    idai = by_measure(conflicts(runner, EXAMPLES / "idai-2019.yaml"))
    assert "as-of date" in idai["people-reached-food"][0]["differs"]


def test_a_superseded_figure_is_history_not_a_conflict(runner: CliRunner, write: Write) -> None:
    """The appeal example's requirement is revised twice and OCHA's coverage updated once:
    updates of one claimant, so nothing is in conflict, and the empty result says why."""
    nepal = EXAMPLES / "appeal-nepal-2015.yaml"
    result = runner.invoke(app, ["conflicts", "-f", str(nepal)], obj=PIPE)
    assert result.exit_code == 0 and result.stdout == ""
    assert "fig-req-0429, fig-req-0507" in result.stderr and "history" in result.stderr


def test_equal_values_from_several_sources_agree(runner: CliRunner, write: Write) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    same = text.replace("low: 150\n    high: 180", "value: 120").replace(
        "qualifier: estimated", "qualifier: about"
    )
    assert same != text
    result = runner.invoke(app, ["conflicts", "-f", str(write(same))], obj=PIPE)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (
        "raqqa: no measure has more than one claimant or value; agree, so not listed:"
        " homes-flooded: 2 figures agree on about 120 homes (fig-homes-council,"
        " fig-homes-league)\n"
    )


def test_two_values_of_one_claimant_at_one_date_are_a_contradiction(
    runner: CliRunner, write: Write
) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    twice = text.replace("claimant: act-relief", "claimant: act-town\n    as_of: 2020-03-02")
    assert twice != text
    result = runner.invoke(app, ["conflicts", "-f", str(write(twice)), "--format", "markdown"])
    assert "one claimant gives two values at one date (act-town, as of 2020-03-02): a" in (
        result.stdout
    )
    figures = runner.invoke(app, ["figures", "-f", str(write(twice)), "--format", "markdown"])
    assert "(+" not in figures.stdout and "(-" not in figures.stdout
    assert (
        "homes-flooded: 2 figures from Harbour Town Council, all as of 2020-03-02, with"
        " different values: a contradiction, not a change" in figures.stdout
    )
