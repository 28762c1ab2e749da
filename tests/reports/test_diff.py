"""`raqqa diff OLD NEW`: changes by id and field, in every format, from files, standard input
and git revisions; identical and invalid sides.

tests/data/diff/new.yaml is tests/data/minimal.yaml a week later, with one of each kind of
change: a briefing field, a source's locator, an alias list, a role's title and a role
added, a pledge moved from announced to delivered, a reaction removed, a figure revised,
an event renamed, an assessment's words, step and holder, and an erratum added.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from benchmarks.generate import generate
from raqqa_cli.briefing.load import embedded_briefing, load_briefing, load_data
from raqqa_cli.cli.app import app
from raqqa_cli.reports.diff import diff_report
from raqqa_cli.terminal import Terminal
from tests.cli.test_commands import PIPE, check_golden
from tests.conftest import DATA, MINIMAL

NEW = DATA / "diff" / "new.yaml"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
TTY = Terminal(is_tty=True, width=80, color=False)
EXTENSIONS = {"markdown": "md", "json": "json", "csv": "csv", "tsv": "tsv", "plain": "txt"}


def invoke(
    runner: CliRunner, args: list[str], terminal: Terminal = PIPE, stdin: bytes | None = None
) -> Any:
    return runner.invoke(app, ["diff", *args], obj=terminal, input=stdin)


def records(runner: CliRunner, old: Path | str, new: Path | str) -> list[dict[str, Any]]:
    result = invoke(runner, [str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def relative(text: str) -> str:
    return text.replace(str(DATA), "tests/data")


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden(runner: CliRunner, fmt: str) -> None:
    result = invoke(runner, [str(MINIMAL), str(NEW), "--format", fmt])
    assert result.exit_code == 0, result.output
    check_golden(f"diff.{EXTENSIONS[fmt]}", relative(result.stdout))


def test_golden_table(runner: CliRunner) -> None:
    result = invoke(runner, ["tests/data/minimal.yaml", "tests/data/diff/new.yaml"], TTY)
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    check_golden("diff-80.txt", result.stdout)


def test_each_kind_of_change(runner: CliRunner) -> None:
    found = {
        (r["section"], r["id"], r["change"], r["field"]): r for r in records(runner, MINIMAL, NEW)
    }

    def change(section: str, entry: str | None, kind: str, field: str | None) -> tuple[Any, Any]:
        record = found.pop((section, entry, kind, field))
        return record["old"], record["new"]

    assert change("briefing", None, "changed", "summary")[1].endswith("revised a week later.")
    assert change("sources", "src-wire", "changed", "locator") == (
        "https://example.org/wire",
        "https://example.org/wire/2",
    )
    assert change("actors", "act-town", "changed", "aliases") == (
        ["The Council", "HTC"],
        ["The Council", "HTC", "Town Council"],
    )
    assert change("actors", "act-mayor", "changed", "roles[0].title") == (
        "Mayor",
        "Mayor of Harbour Town",
    )
    assert change("actors", "act-mayor", "changed", "roles[1].title") == (None, "Flood envoy")
    assert change("actors", "act-mayor", "changed", "roles[1].start") == (None, "2020-04-02")
    assert change("actors", "act-mayor", "changed", "roles[1].source") == (None, "src-desk")
    assert change("pledges", "aid-kits", "changed", "status") == ("announced", "delivered")
    assert change("reactions", "rx-neighbour", "removed", None) == (None, None)
    assert change("figures", "fig-homes-council", "changed", "value") == (120, 140)
    assert change("assessments", "as-repeat", "changed", "words") == ("likely", "very likely")
    assert change("assessments", "as-repeat", "changed", "step") == ("likely", "very likely")
    assert change("assessments", "as-repeat", "changed", "holder") == (
        None,
        "Harbour Town Council",
    )
    assert change("errata", "err-mayor", "added", None) == (None, None)
    renamed_to = found.pop(("events", "ev-storm-season", "added", None))
    renamed_from = found.pop(("events", "ev-season", "removed", None))
    assert renamed_to["hint"] == "same content as removed ev-season: its id may have been renamed"
    assert renamed_from["hint"] == (
        "same content as added ev-storm-season: its id may have been renamed"
    )
    assert not found, f"changes nobody made: {sorted(found)}"


def test_records_have_the_same_keys_in_json_and_csv(runner: CliRunner) -> None:
    keys = ["section", "id", "change", "field", "entry", "old", "new", "hint"]
    assert all(list(r) == keys for r in records(runner, MINIMAL, NEW))
    out = invoke(runner, [str(MINIMAL), str(NEW), "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0]) == keys
    aliases = next(r for r in rows if r["field"] == "aliases")
    assert (aliases["old"], aliases["new"]) == (
        "The Council; HTC",
        "The Council; HTC; Town Council",
    )
    value = next(r for r in rows if r["field"] == "value")
    assert (value["old"], value["new"]) == ("120", "140")


def test_markdown_groups_by_section_under_one_heading(runner: CliRunner) -> None:
    out = invoke(runner, [str(MINIMAL), str(NEW)]).stdout  # piped: Markdown
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings[0] == f"## What changed since {MINIMAL}"
    assert headings[1:] == [
        "### Briefing", "### Sources", "### Actors", "### Pledges", "### Reactions",
        "### Figures", "### Events", "### Assessments", "### Errata",
    ]  # fmt: skip
    assert out.startswith("\n") and out.endswith("\n\n")


def test_identical_files_are_no_change(runner: CliRunner) -> None:
    for flags in ([], ["--exit-code"]):
        result = invoke(runner, [str(MINIMAL), str(MINIMAL), *flags])
        assert result.exit_code == 0
        assert result.stdout == ""
        assert result.stderr == f"raqqa: no changes from {MINIMAL} to {MINIMAL}\n"
    same = records(runner, embedded_briefing(), embedded_briefing())
    assert same == []


def test_exit_code_as_git_diff_has_it(runner: CliRunner) -> None:
    assert invoke(runner, [str(MINIMAL), str(NEW)]).exit_code == 0
    changed = invoke(runner, [str(MINIMAL), str(NEW), "--exit-code", "--format", "json"])
    assert changed.exit_code == 1
    assert json.loads(changed.stdout)  # the changes are still written


def test_standard_input_as_either_side(runner: CliRunner) -> None:
    result = invoke(runner, ["-", str(NEW), "--format", "json"], stdin=MINIMAL.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == records(runner, MINIMAL, NEW)
    markdown = invoke(runner, [str(MINIMAL), "-"], stdin=NEW.read_bytes()).stdout
    assert f"From {MINIMAL} to \\<stdin\\>: 2 added, 2 removed, 7 changed" in markdown
    both = invoke(runner, ["-", "-"], stdin=b"")
    assert both.exit_code == 2
    assert both.stderr == "raqqa: error: only one side of a diff can be standard input ('-')\n"


def test_an_invalid_side_is_reported_like_any_invalid_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("value: 120", "value: -1"))
    for args in ([str(bad), str(NEW)], [str(MINIMAL), str(bad)]):
        result = invoke(runner, args)
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert line.startswith(f"raqqa: error: {bad}:122:5: figures[0].value: must be at least 0")
    missing = invoke(runner, [str(tmp_path / "nope.yaml"), str(NEW)])
    assert missing.exit_code == 1
    assert missing.stderr == f"raqqa: error: {tmp_path / 'nope.yaml'}: no such file\n"
    assert invoke(runner, [str(MINIMAL)]).exit_code == 2  # NEW is required


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the minimal briefing, committed, then changed on disk."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Test Desk")
    git(folder, "config", "user.email", "desk@example.org")
    (folder / "briefing.yaml").write_bytes(MINIMAL.read_bytes())
    git(folder, "add", "briefing.yaml")
    git(folder, "commit", "-q", "-m", "last week")
    (folder / "briefing.yaml").write_bytes(NEW.read_bytes())
    monkeypatch.chdir(folder)
    return folder


def test_a_git_revision_is_read_with_git_show(runner: CliRunner, repo: Path) -> None:
    from_git = records(runner, "HEAD:briefing.yaml", "briefing.yaml")
    assert from_git == records(runner, MINIMAL, NEW)
    git(repo, "commit", "-q", "-am", "this week")
    assert records(runner, "HEAD~1:briefing.yaml", "HEAD:briefing.yaml") == from_git
    markdown = invoke(runner, ["HEAD~1:briefing.yaml", "HEAD:./briefing.yaml"]).stdout
    assert markdown.startswith("\n## What changed since HEAD\\~1:briefing.yaml\n")


def test_a_file_on_disk_wins_over_a_revision(runner: CliRunner, repo: Path) -> None:
    (repo / "HEAD:briefing.yaml").write_bytes(NEW.read_bytes())
    assert records(runner, "HEAD:briefing.yaml", "briefing.yaml") == []


@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("HEAD~5:briefing.yaml", "git show: invalid object name 'HEAD~5'."),
        ("HEAD:missing.yaml", "git show: path 'missing.yaml' does not exist in 'HEAD'"),
        ("-x:briefing.yaml", "no such file, and a git revision cannot start with '-'"),
    ],
)
def test_an_unknown_revision_is_one_line(
    runner: CliRunner, repo: Path, old: str, message: str
) -> None:
    result = invoke(runner, ["--", old, "briefing.yaml"])
    assert result.exit_code == 1
    assert result.stderr == f"raqqa: error: {old}: {message}\n"


def test_an_invalid_revision_is_reported_with_its_name(runner: CliRunner, repo: Path) -> None:
    (repo / "briefing.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    result = invoke(runner, ["HEAD:briefing.yaml", "HEAD~1:briefing.yaml"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "raqqa: error: HEAD:briefing.yaml:1:1: missing required field 'briefing'"
    )
    assert len(result.stderr.splitlines()) == 1


def test_outside_a_repository(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, ["HEAD:briefing.yaml", str(NEW)])
    assert result.exit_code == 1
    assert result.stderr == (
        "raqqa: error: HEAD:briefing.yaml: no such file, and not inside a git repository to"
        " read it as REV:PATH\n"
    )


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "plain"])
def test_examples_and_the_embedded_briefing(runner: CliRunner, fmt: str) -> None:
    terminal = TTY if fmt == "table" else PIPE
    pairs = [
        (EXAMPLES / "brussels-2017.yaml", EXAMPLES / "idai-2019.yaml"),
        (Path(embedded_briefing()), EXAMPLES / "brussels-2017.yaml"),
    ]
    for old, new in pairs:
        result = invoke(runner, [str(old), str(new), "--format", fmt], terminal)
        assert result.exit_code == 0, result.output
        assert "What changed since" in result.stdout or fmt not in ("table", "markdown")
    whole = diff_report(
        load_briefing(str(pairs[0][0])), load_briefing(str(pairs[0][1])), "a", "b"
    ).whole
    kinds = {row[2] for row in whole.rows}
    assert kinds >= {"added", "removed", "changed"}  # briefing fields change at least


def test_embedded_briefing_with_a_revised_figure(runner: CliRunner, tmp_path: Path) -> None:
    text = Path(embedded_briefing()).read_text(encoding="utf-8")
    assert text.count("value: 1873\n") == 1
    edited = tmp_path / "briefing.yaml"
    edited.write_text(text.replace("value: 1873\n", "value: 1900\n"), encoding="utf-8")
    [record] = records(runner, embedded_briefing(), edited)
    assert (record["section"], record["change"], record["field"]) == ("figures", "changed", "value")
    assert (record["old"], record["new"]) == (1873, 1900)


def briefing_of(seed: int) -> Any:
    return load_data("generated", generate(40, seed).encode(), use_cache=False)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_diff_backwards_is_the_diff_reversed(first: int, second: int) -> None:
    old, new = briefing_of(first), briefing_of(second)
    forth = diff_report(old, new, "a", "b").whole.rows
    back = diff_report(new, old, "b", "a").whole.rows
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    reversed_forth = {(r[0], r[1], swap[str(r[2])], r[3], r[6], r[5]) for r in forth}
    assert reversed_forth == {(r[0], r[1], r[2], r[3], r[5], r[6]) for r in back}
    assert (not forth) == (first == second)
    assert diff_report(old, old, "a", "a").whole.rows == ()


def test_records_say_what_an_entry_added_or_removed_is(runner: CliRunner) -> None:
    """The table showed an added entry's text; its JSON record gave only the id."""
    result = invoke(runner, [str(MINIMAL), str(NEW), "--format", "json"])
    records = json.loads(result.stdout)
    whole = [r for r in records if r["change"] in ("added", "removed")]
    assert whole and all(r["entry"] and r["id"] for r in whole)
    markdown = invoke(runner, [str(MINIMAL), str(NEW), "--format", "markdown"]).stdout
    assert all(r["entry"] in markdown.replace("\\", "") for r in whole)
    assert all(r["entry"] is None for r in records if r["change"] == "changed")


def test_a_missing_side_is_said_before_standard_input_is_read(tmp_path: Path) -> None:
    """`raqqa diff - missing.yaml` waited for the end of standard input first."""
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "raqqa_cli", "diff", "-", str(tmp_path / "missing.yaml")],
        stdin=subprocess.PIPE,  # held open: reading it would never end
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        process.wait(timeout=60)  # a hang guard only; communicate() would close stdin
        assert process.stderr is not None
        err = process.stderr.read()
    finally:
        process.kill()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == 1 and "missing.yaml: no such file" in err
