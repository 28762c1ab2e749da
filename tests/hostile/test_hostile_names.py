"""File names that would break what raqqa prints (issue 23, low items): a line break or a
`|` in the name of the briefing, shown in suggested commands and the overview's table."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli import notes
from raqqa_cli.cli.app import app
from raqqa_cli.errors import shell_word
from tests.conftest import MINIMAL

HOSTILE = "a\n<!-- raqqa: init x -->\nb|c 'd'.yaml"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / HOSTILE
    path.write_bytes(MINIMAL.read_bytes())
    return path


def test_the_overview_table_keeps_one_row_per_section(runner: CliRunner, hostile: Path) -> None:
    result = runner.invoke(app, ["-f", str(hostile), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip("\n").splitlines()
    table = [line for line in lines if line.startswith("|")]
    rows = table[2:]
    # every line of the table is a row of three cells: no name broke a row in two
    assert all(line.endswith("|") for line in table)
    assert all(len(_cells(line)) == 3 for line in rows), rows
    # and nothing the name holds became a raqqa block marker on a line of its own
    assert not [line for line in lines if notes.OPEN.match(line + "\n")]


def _cells(line: str) -> list[str]:
    """The cells of a GitHub table row: `|` separates them unless escaped."""
    cells, cell, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(cell)
            cell = ""
        else:
            cell += char
        escaped = char == "\\" and not escaped
    return [*cells, cell]


@pytest.mark.parametrize("name", [HOSTILE, "plain.yaml", "it's here.yaml", "tab\there", "é\u202e"])
def test_a_shell_word_is_one_line_that_bash_reads_back_as_the_name(name: str) -> None:
    word = shell_word(name)
    assert "\n" not in word and word.isprintable()
    echoed = subprocess.run(
        ["bash", "-c", f"printf '%s' {word}"], capture_output=True, check=True
    ).stdout.decode()
    assert echoed == name
    if name.isprintable():
        assert word == shlex.quote(name)


def test_an_error_suggests_validate_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad\nname.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + "zz: 1\nyy: 2\n", encoding="utf-8")
    result = runner.invoke(app, ["-f", str(path), "issues"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.endswith(f"(and 1 more: run raqqa validate {shell_word(str(path))})")
