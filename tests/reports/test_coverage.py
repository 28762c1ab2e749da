"""`raqqa aid --coverage`: per target, the requirement beside what was pledged, committed and
paid toward it, each by the totals' rule and as of its date, with the share of the requirement;
never one status added to another, nothing converted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.cli.app import app
from raqqa_cli.reports import aid, coverage
from tests.conftest import DATA

ROOT = Path(__file__).parent.parent.parent
NEPAL = ROOT / "examples" / "appeal-nepal-2015.yaml"
VERSION2 = DATA / "version2.yaml"
BRIEFINGS = [VERSION2, NEPAL, *sorted((ROOT / "examples").glob("*.yaml")), DATA / "minimal.yaml"]


def records(path: Path, *extra: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["aid", "--coverage", *extra, "-f", str(path), "--format",
                                      "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


def test_each_status_stands_beside_the_requirement_with_its_share() -> None:
    found = [(r["what"], r["value"], r["unit"], r["share"]) for r in records(VERSION2)]
    assert found == [
        ("requirement", 2_000_000_000, "USD", None),
        ("pledged", 1_300_000_000, "EUR", None),  # another currency: no share, no conversion
        ("disbursed", 50_000_000, "USD", 0.025),
        ("received", 400_000_000, "USD", 0.2),
        ("reported", 500_000_000, "USD", 0.25),
    ]


def test_a_currency_not_the_requirements_is_said_not_converted() -> None:
    report = coverage.aid_coverage(Index(load_briefing(str(VERSION2))), aid.AidFilter())
    assert any("in EUR, the requirement in USD: no share is worked out" in n for n in report.notes)


def test_the_appeal_example_answers_requirement_pledged_and_received() -> None:
    """The Nepal flash appeal: the revised requirement, received against it as of its date."""
    rows = {r["what"]: r for r in records(NEPAL)}
    requirement = rows["requirement"]
    assert (requirement["value"], requirement["unit"], requirement["as_of"]) == (
        422_000_000, "USD", "2015-05-29",
    )  # fmt: skip
    assert requirement["figure_ids"] == ["fig-req-0529"]
    assert requirement["not_added_ids"] == ["fig-req-0507", "fig-req-0429"]  # its revisions
    received = rows["received"]
    assert (received["value"], received["as_of"]) == (241_000_000, "2015-09-30")
    assert received["share"] == round(241 / 422, 4)
    assert received["entry_ids"] == ["pkg-fa-0930"]
    assert {"pkg-fa-0508", "pkg-fa-0602"} <= set(received["not_added_ids"])  # earlier updates


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.stem)
def test_every_row_cites_exactly_what_it_adds(path: Path) -> None:
    briefing = load_briefing(str(path))
    index = Index(briefing)
    targets = {f.id for f in briefing.figures if f.target}
    for record in records(path):
        assert record["target_id"] in targets
        entries = [index.get(i) for i in record["entry_ids"]]
        figures = [index.get(i) for i in record["figure_ids"]]
        assert all(index.section_of[e.id] in ("packages", "pledges") for e in entries)
        assert all(index.section_of[f.id] == "figures" for f in figures)
        assert bool(entries) != bool(figures), record  # a total, or one figure
        expected = {s for e in [*entries, *figures] for s in (e.source, e.via) if s}
        assert set(record["source_ids"]) == expected
        # What was pledged is never added to what was paid: one status a row.
        if record["status"] is not None:
            assert {e.status for e in entries} == {record["status"]}
        if record["share"] is not None:
            assert record["unit"] == next(
                r["unit"] for r in records(path) if r["target_id"] == record["target_id"]
            )


def test_coverage_is_a_view_of_its_own() -> None:
    result = CliRunner().invoke(app, ["aid", "--coverage", "--totals"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "raqqa: error: --coverage does not combine with --totals: choose one view"
    ]


def test_a_briefing_with_no_target_says_so() -> None:
    result = CliRunner().invoke(app, ["aid", "--coverage", "--format", "csv"])
    assert result.exit_code == 0
    assert "no target figures" in result.stderr
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert {"target_id", "entry_ids", "figure_ids", "source_ids"} <= set(header)
