"""Source grades: `grade: B2` on a source, shown beside every citation of it, `--min-grade`
on the listings, `sources --by-grade`; ungraded sources stay ungraded."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.cli.app import app
from raqqa_cli.errors import QueryError
from raqqa_cli.reports.grades import grade_order, meets, parse_grade
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

GRADED = DATA / "graded.yaml"
PIPE = Terminal(is_tty=False, width=80, color=False)
TTY = Terminal(is_tty=True, width=120, color=False)
Write = Callable[..., Path]


def invoke(runner: CliRunner, args: list[str], terminal: Terminal = PIPE) -> str:
    result = runner.invoke(app, args, obj=terminal)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_grades_load_and_stay_as_written() -> None:
    briefing = load_briefing(str(GRADED))
    grades = {s.id: s.grade for s in briefing.sources}
    assert grades == {"src-desk": "B2", "src-wire": "D3", "src-radio": None}
    assert briefing.sources[0].last_verified == "2020-03-10"


@pytest.mark.parametrize("bad", ["b2", "G1", "A7", "A", "AB", "2B", "A10"])
def test_a_malformed_grade_is_one_located_line(runner: CliRunner, write: Write, bad: str) -> None:
    text = GRADED.read_text(encoding="utf-8").replace("grade: B2", f"grade: {bad}")
    result = runner.invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert ":17:5: sources[0].grade: " in line and "Admiralty grade" in line, line
    assert "Traceback" not in result.output


def test_ungraded_sources_get_no_grade(runner: CliRunner) -> None:
    """No default grade: the minimal briefing's citations are as they always were."""
    index = Index(load_briefing(str(MINIMAL)))
    assert (
        index.citation("src-desk", "src-wire")
        == "Test Desk, 2020-03-04, citing Wire Service, 2020-03"
    )
    records = json.loads(invoke(runner, ["sources", "-f", str(MINIMAL), "--format", "json"]))
    assert [r["grade"] for r in records] == [None, None]
    markdown = invoke(runner, ["sources", "-f", str(MINIMAL), "--format", "markdown"])
    assert "Grade" not in markdown  # no empty column for people


def test_citations_carry_the_grade() -> None:
    index = Index(load_briefing(str(GRADED)))
    assert index.source_label("src-desk") == "Test Desk, 2020-03-04, B2"
    assert index.citation("src-desk", "src-wire") == (
        "Test Desk, 2020-03-04, B2, citing Wire Service, 2020-03, D3"
    )
    assert index.source_label("src-radio") == "Harbour Radio, 2020-03-02"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "plain"])
def test_the_grade_shows_in_every_format(runner: CliRunner, fmt: str) -> None:
    terminal = TTY if fmt == "table" else PIPE
    out = invoke(runner, ["sources", "-f", str(GRADED), "--format", fmt], terminal)
    if fmt == "json":
        assert {r["id"]: r["grade"] for r in json.loads(out)}["src-wire"] == "D3"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert [r["grade"] for r in rows] == ["B2", "D3", ""]
        assert rows[0]["last_verified"] == "2020-03-10"
    elif fmt == "plain":
        assert out.splitlines()[1].split("\t")[5] == "D3"
    else:
        assert "Grade" in out and "D3" in out and "2020-03-10" in out
    figures = invoke(runner, ["figures", "-f", str(GRADED), "--format", fmt], terminal)
    if fmt == "markdown":
        assert "| Test Desk, 2020-03-04, B2 |" in figures
    elif fmt == "table":  # the citation wraps in its column: the grade ends its words
        assert re.search(r"Test Desk, 2020-03-04,\s+B2\s", figures), figures


def test_the_brief_lists_each_grade(runner: CliRunner) -> None:
    out = invoke(runner, ["brief", "-f", str(GRADED)])
    assert "news report. Graded D3." in out
    assert "broadcast. `src-radio`" in out


def test_min_grade_keeps_sources_at_least_that_good_on_both_scales(runner: CliRunner) -> None:
    def ids(args: list[str]) -> list[str]:
        out = invoke(runner, [*args, "-f", str(GRADED), "--format", "json"])
        return [r["id"] for r in json.loads(out)]

    assert ids(["figures"]) == [
        "fig-homes-council", "fig-homes-league", "fig-homes-radio", "fig-homes-wire",
    ]  # fmt: skip
    assert ids(["figures", "--min-grade", "B2"]) == ["fig-homes-council", "fig-homes-league"]
    assert ids(["figures", "--min-grade", "D3"]) == [
        "fig-homes-council", "fig-homes-league", "fig-homes-wire",
    ]  # fmt: skip
    assert ids(["figures", "--min-grade", "C6"]) == ["fig-homes-council", "fig-homes-league"]
    assert ids(["figures", "--min-grade", "F2"]) == ["fig-homes-council", "fig-homes-league"]
    assert ids(["sources", "--min-grade", "d3"]) == ["src-desk", "src-wire"]
    assert ids(["sources", "--min-grade", "A1"]) == []
    assert ids(["statements", "--min-grade", "B2"]) == ["st-mayor"]
    assert ids(["reactions", "--min-grade", "A2"]) == []
    assert ids(["outlook", "--min-grade", "B2"]) == ["as-repeat"]


def test_min_grade_says_what_it_left_out(runner: CliRunner) -> None:
    out = invoke(runner, ["figures", "-f", str(GRADED), "--min-grade", "B2"])
    assert (
        "- Only entries whose own source is graded B2 or better (reliability A-B, credibility"
        " 1-2): 1 graded lower and 1 with an ungraded source left out.\n"
    ) in out
    result = runner.invoke(app, ["sources", "-f", str(GRADED), "--min-grade", "A1"], obj=PIPE)
    assert result.exit_code == 0
    assert result.stderr == "raqqa: nothing has a source graded A1 or better (1 ungraded)\n"


def test_min_grade_on_an_ungraded_briefing_leaves_everything_out(runner: CliRunner) -> None:
    result = runner.invoke(app, ["figures", "-f", str(MINIMAL), "--min-grade", "F6"], obj=PIPE)
    assert result.exit_code == 0 and result.stdout == ""
    assert "(2 ungraded)" in result.stderr


@pytest.mark.parametrize("bad", ["", "Z1", "B0", "B22", "2"])
def test_a_bad_min_grade_is_a_usage_error(runner: CliRunner, bad: str) -> None:
    result = runner.invoke(app, ["figures", "-f", str(GRADED), "--min-grade", bad], obj=PIPE)
    assert result.exit_code == 2
    assert result.stderr.startswith("raqqa: error: --min-grade ")
    assert len(result.stderr.splitlines()) == 1


def test_sources_by_grade_best_first_ungraded_last(runner: CliRunner, write: Write) -> None:
    def order(path: Path) -> list[str | None]:
        args = ["sources", "--by-grade", "-f", str(path), "--format", "json"]
        return [r["grade"] for r in json.loads(invoke(runner, args))]

    assert order(GRADED) == ["B2", "D3", None]
    text = GRADED.read_text(encoding="utf-8").replace("grade: D3", "grade: A3")
    assert order(write(text)) == ["A3", "B2", None]
    assert sorted(["B2", None, "A3", "A1", "B1"], key=grade_order) == ["A1", "A3", "B1", "B2", None]


grades = st.builds(lambda r, c: r + c, st.sampled_from("ABCDEF"), st.sampled_from("123456"))


@given(grades, grades)
def test_meets_is_both_scales_at_once(grade: str, minimum: str) -> None:
    assert meets(grade, minimum) == (grade[0] <= minimum[0] and grade[1] <= minimum[1])
    assert meets(grade, "F6") and not meets(None, minimum)
    assert meets(minimum, minimum)
    assert parse_grade(grade.lower()) == grade


@given(st.text(max_size=4).filter(lambda t: t.strip().upper() not in {
    r + c for r in "ABCDEF" for c in "123456"
}))  # fmt: skip
def test_parse_grade_refuses_everything_else(text: str) -> None:
    with pytest.raises(QueryError):
        parse_grade(text)
