"""Every listing command in every format, through CliRunner, against golden files.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 pytest`, then
read the diff before committing it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal, detect_terminal
from tests.conftest import DATA, GOLDEN, MINIMAL

TOTALS = DATA / "totals.yaml"
COMMANDS = {
    "issues": (["issues"], MINIMAL),
    "issue-detail": (["issues", "iss-flooding"], MINIMAL),
    "aid": (["aid"], MINIMAL),
    "aid-totals": (["aid", "--totals"], TOTALS),
    "aid-by-sector": (["aid", "--by", "sector"], TOTALS),
    "reactions": (["reactions"], MINIMAL),
    "overview": ([], MINIMAL),
    "actors": (["actors"], MINIMAL),
    "actor-detail": (["actors", "Mayor Ada"], MINIMAL),
    "timeline": (["timeline"], MINIMAL),
    "timeline-since": (["timeline", "--since", "2020-03"], MINIMAL),
    "outlook": (["outlook"], MINIMAL),
    "figures": (["figures"], MINIMAL),
    "sources": (["sources"], MINIMAL),
    "errata": (["errata"], MINIMAL),
    "search": (["search", "harbor town"], MINIMAL),
    "aid-chart": (["aid", "--chart"], TOTALS),
}
EXTENSIONS = {"markdown": "md", "json": "json", "csv": "csv", "tsv": "tsv", "plain": "txt"}
PIPE = Terminal(is_tty=False, width=80, color=False)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8")


def relative(briefing: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The briefing as `tests/data/...` from the checkout's root: suggested commands name
    the file in use, and a longer checkout path would widen the columns that show it."""
    root = DATA.parent.parent
    monkeypatch.chdir(root)
    return str(briefing.relative_to(root))


def run(runner: CliRunner, args: list[str], terminal: Terminal = PIPE) -> str:
    result = runner.invoke(app, args, obj=terminal)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_golden(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: str, fmt: str) -> None:
    args, briefing = COMMANDS[command]
    text = run(runner, [*args, "-f", relative(briefing, monkeypatch), "--format", fmt])
    check_golden(f"{command}.{EXTENSIONS[fmt]}", text)
    if fmt == "json":
        assert isinstance(json.loads(text), list)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len({len(row) for row in rows}) == 1


# One drawing per layout; tests/render/test_table_properties.py carries the rest.
TABLE_GOLDENS = [
    ("aid-totals", 80),  # a grid: wrapped text, numbers right-aligned, a note
    ("issues", 60),  # cards: lists, an item that goes on indented, notes and a tip
    ("timeline", 80),  # a time line
    ("aid-chart", 60),  # bars, labels wrapped beside them, one scale per unit
]


@pytest.mark.parametrize(
    ("command", "width"), TABLE_GOLDENS, ids=[f"{c}-{w}" for c, w in TABLE_GOLDENS]
)
def test_golden_tables(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: str, width: int
) -> None:
    args, briefing = COMMANDS[command]
    terminal = Terminal(is_tty=True, width=width, color=False)
    file = relative(briefing, monkeypatch)
    text = run(runner, [*args, "-f", file, "--format", "table"], terminal)
    assert max(len(line) for line in text.splitlines()) <= width
    check_golden(f"{command}-{width}.txt", text)


def test_terminal_gets_a_table_and_a_pipe_gets_markdown(runner: CliRunner) -> None:
    tty = run(runner, ["aid", "--totals", "-f", str(TOTALS)], Terminal(True, 100, False))
    piped = run(runner, ["aid", "--totals", "-f", str(TOTALS)], PIPE)
    assert tty.startswith("Aid totals") and "\u2500" in tty
    # Markdown between blank lines, so that `>>` after other text keeps it a heading.
    assert piped.startswith("\n## Aid totals\n\n| Status | Total |")
    assert piped.endswith("\n\n") and not piped.endswith("\n\n\n")


def test_json_numbers_are_numbers(runner: CliRunner) -> None:
    records = json.loads(run(runner, ["aid", "--totals", "-f", str(TOTALS), "--format", "json"]))
    assert records[0]["total"] == 1250000 and records[0]["unit"] == "GBP"
    lines = json.loads(run(runner, ["aid", "-f", str(MINIMAL), "--format", "json"]))
    assert lines[1]["quantity"] == 2000 and lines[1]["date"] == "2020-03-03"


def test_empty_result_exits_0_and_says_so(runner: CliRunner) -> None:
    result = runner.invoke(app, ["aid", "-f", str(MINIMAL), "--match", "zzz"], obj=PIPE)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "raqqa: no aid lines match\n"
    as_json = runner.invoke(app, ["aid", "-f", str(MINIMAL), "-m", "zzz", "--format", "json"])
    assert as_json.stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["issues", "iss-nope"],
            "raqqa: error: no issue has the id 'iss-nope'; known issues: iss-flooding\n",
        ),
        (["aid", "--sector", "helth"], "raqqa: error: no sector 'helth'; did you mean 'Health'?\n"),
        (
            ["reactions", "--actor", "Nobody"],
            "raqqa: error: no actor goes by 'Nobody'; `raqqa -f tests/data/minimal.yaml actors`"
            " lists them\n",
        ),
    ],
)
def test_unknown_names_are_usage_errors(
    runner: CliRunner, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, [*args, "-f", relative(MINIMAL, monkeypatch)])
    assert result.exit_code == 2
    assert result.stderr == message


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["actors", "Michael\\ Fallon"], "no actor goes by 'Michael\\ Fallon'"),
        (["aid", "--sector", "Mine\\ Action"], "no sector 'Mine\\ Action'"),
        (["reactions", "--source", "C:\\bbc"], "no source matches 'C:\\bbc'"),
        (["issues", "iss\\-x"], "no issue has the id 'iss\\-x'"),
        (["show", "iss\\-x"], "no entry has the id 'iss\\-x'"),
        # What would not print is still escaped: the terminal gets no escape sequence.
        (["actors", "Fal\x1b[31mlon"], "no actor goes by 'Fal\\x1b[31mlon'"),
    ],
)
def test_unknown_names_are_shown_as_typed(runner: CliRunner, args: list[str], shown: str) -> None:
    # A backslash the user typed (one left by a shell's completion) is one backslash in the
    # message, not repr's two.
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"raqqa: error: {shown}")


def test_bad_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["issues", "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr.splitlines()[0]


def test_invalid_briefing_stops_at_the_first_problem(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    bad.write_text(
        text.replace("quantity: 2000", "quantity: -1").replace("speaker: act-mayor", "speaker: x")
    )
    result = runner.invoke(app, ["aid", "-f", str(bad)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"raqqa: error: {bad}:65:5: statements[0].speaker:")
    # The hint names the file, so following it checks this file, not the embedded one.
    assert line.endswith(f"(and 1 more: run raqqa validate {bad})")


@pytest.mark.parametrize(
    ("env", "tty", "colour", "styled"),
    [
        ({}, True, True, False),
        ({}, False, False, False),
        ({"NO_COLOR": "1"}, True, False, True),  # no colour, but bold and reverse video
        ({"FORCE_COLOR": "1"}, False, True, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False, True),
        ({"TERM": "dumb"}, True, False, False),
        ({"TERM": "dumb", "NO_COLOR": "1"}, True, False, False),
    ],
)
def test_colour_conventions(env: dict[str, str], tty: bool, colour: bool, styled: bool) -> None:
    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    terminal = detect_terminal(Stream(), env)
    assert terminal.color is colour and terminal.styled is styled


def test_under_no_color_a_search_hit_is_still_marked() -> None:
    """Issue 26: under NO_COLOR a search hit was unmarked; bold and reverse video are not
    colour. The hit is in reverse video, titles bold, and no colour code is written."""
    no_color = Terminal(True, 100, color=False, styled=True)
    out = CliRunner().invoke(app, ["search", "Stewart"], obj=no_color).stdout
    assert "\x1b[1;7mStewart\x1b[0m" in out or "\x1b[1;7mRory Stewart\x1b[0m" in out
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", out))
    colours = [c for c in codes for n in c.split(";") if n and 30 <= int(n) <= 107]
    assert codes and colours == [], codes
    plain = CliRunner().invoke(app, ["search", "Stewart"], obj=Terminal(True, 100)).stdout
    assert "\x1b[" not in plain  # piped, dumb or colourless without NO_COLOR's terminal: none


def test_columns_is_respected() -> None:
    assert detect_terminal(io.StringIO(), {"COLUMNS": "63"}).width == 63
    assert detect_terminal(io.StringIO(), {"COLUMNS": "junk"}).width == 80


def test_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "raqqa_cli", "aid", "--format", "markdown"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before raqqa writes
    error = process.stderr.read()
    assert process.wait(timeout=120) == 0  # a hang guard, not a speed check
    assert error == b""


def test_closed_pipe_through_head() -> None:
    result = subprocess.run(
        f"{sys.executable} -m raqqa_cli aid --format plain | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


class TypedIn(io.StringIO):
    """Standard input at a terminal: what a person would type, then Ctrl-D."""

    def isatty(self) -> bool:
        return True

    @property
    def buffer(self) -> io.BytesIO:
        return io.BytesIO(self.getvalue().encode("utf-8"))


@pytest.mark.parametrize(
    ("args", "waits"),
    [
        (["aid", "-f", "-", "--format", "json"], True),
        (["validate", "-"], True),
        (["diff", "-", str(MINIMAL), "--format", "json"], True),
        (["init", "-"], False),  # '-' is where init writes, not something it reads
        (["aid", "-f", str(MINIMAL), "--format", "json"], False),
        # From the tmux walk: a missing NEW is said before any waiting for standard input.
        (["diff", "-", "no-such-briefing.yaml", "--format", "json"], False),
    ],
)
def test_says_when_it_waits_for_standard_input(
    args: list[str],
    waits: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from raqqa_cli.cli import commands
    from raqqa_cli.cli.fast import parse

    monkeypatch.setattr(sys, "stdin", TypedIn(MINIMAL.read_text(encoding="utf-8")))
    call = parse(args, {})
    assert call is not None
    commands.run_safely(lambda: commands.run(call.name, Terminal(False), **call.options))
    said = "raqqa: reading the briefing from standard input (end with Ctrl-D)\n"
    assert (said in capsys.readouterr().err) is waits


@pytest.mark.parametrize("tty", [True, False])
def test_an_interrupt_exits_130_and_ends_the_line_on_a_terminal(
    tty: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from raqqa_cli.cli import commands

    class Err(io.StringIO):
        def isatty(self) -> bool:
            return tty

    err = Err()
    monkeypatch.setattr(sys, "stderr", err)

    def interrupted() -> None:
        raise KeyboardInterrupt

    assert commands.run_safely(interrupted) == 130
    assert err.getvalue() == ("\n" if tty else "")  # after the ^C the terminal echoed


# Commands that suggest others on the minimal briefing, in the formats people read.
SUGGESTING = [
    ([], "markdown"),
    ([], "table"),
    (["issues"], "markdown"),
    (["issues"], "table"),
    (["actors"], "table"),
    (["brief"], "markdown"),
    (["brief"], "html"),
]


@pytest.mark.parametrize(
    ("args", "fmt"), SUGGESTING, ids=[f"{' '.join(a) or 'overview'}-{f}" for a, f in SUGGESTING]
)
def test_every_suggested_command_names_the_file_in_use(
    runner: CliRunner, tmp_path: Path, args: list[str], fmt: str
) -> None:
    """Hints, tips and the overview's commands, the brief's included, call raqqa on the
    same file: without `-f` they would answer from the embedded briefing."""
    path = tmp_path / "my briefing.yaml"  # a space: the hint must quote it
    path.write_bytes(MINIMAL.read_bytes())
    terminal = Terminal(is_tty=fmt == "table", width=120, color=False)
    result = runner.invoke(
        app, ["-f", str(path), *args, "--format", fmt, "--no-pager"], obj=terminal
    )
    assert result.exit_code == 0, result.output
    shown = html.unescape(result.stdout) if fmt == "html" else result.stdout
    calls = re.findall(r"\braqqa ([^\s`<]+)", shown)
    assert calls, f"no suggestion in {args}: the test would prove nothing"
    assert set(calls) == {"-f"}, args
    assert f"raqqa -f '{path}'" in shown


def test_validate_s_verdict_is_wrapped_for_a_person_and_one_line_for_a_script() -> None:
    """From the tmux walk: the verdict was one 212-character line, broken mid-word by a
    terminal of 40 columns. On a terminal it wraps at words; piped it stays one line."""
    person = CliRunner().invoke(app, ["validate"], obj=Terminal(True, 40)).stdout
    assert all(len(line) <= 40 for line in person.splitlines()), person
    assert "\n  " in person and "(schema_version 2)" in person
    script = CliRunner().invoke(app, ["validate"], obj=Terminal(False, 40)).stdout
    assert script.splitlines()[0].startswith("embedded briefing: valid briefing")
    assert len(script.splitlines()) == 2


def test_a_message_is_wrapped_at_words_on_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From the tmux walk: errors were never wrapped, so a 40-column terminal broke them
    mid-word ('argum' / 'ent(s)'). On a terminal they wrap at words, the rest indented;
    piped they stay one line."""
    from raqqa_cli import errors
    from raqqa_cli.cli import commands

    said = io.StringIO()
    monkeypatch.setattr(sys, "stderr", said)
    monkeypatch.setattr(errors, "terminal_width", lambda stream: 40)
    commands.say_error("Got unexpected extra argument(s) (Stewart): to give a name of several")
    lines = said.getvalue().splitlines()
    assert len(lines) > 1 and all(len(line) <= 40 for line in lines)
    assert " ".join(line.strip() for line in lines).endswith("to give a name of several")
    monkeypatch.setattr(errors, "terminal_width", lambda stream: 0)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    commands.say_error("x " * 60)
    assert piped.getvalue().count("\n") == 1
