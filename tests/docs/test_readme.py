"""The README's short tour, and the whole tour in docs/, show what raqqa prints today.

Each ```console block starting `$ raqqa ...`, in README.md and in every page under docs/, is
run on the embedded briefing: as a table at 80 columns, or piped when the line redirects
(`>>`, `>`, `|`). After an intended change, `UPDATE_README=1 pytest tests/docs/test_readme.py`
rewrites the blocks; read the diff.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal

ROOT = Path(__file__).parent.parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
# `$ raqqa ...`, or `$ COLUMNS=120 raqqa ...` for a block drawn at another width.
BLOCK = re.compile(r"```console\n\$ ((?:COLUMNS=[0-9]+ )?raqqa[^\n]*)\n(.*?)```", re.DOTALL)


def output_of(line: str) -> str:
    """What `line` prints, as a person at an 80-column terminal (or the width `COLUMNS=`
    gives, or a pipe) sees it."""
    width = 80
    if line.startswith("COLUMNS="):
        setting, line = line.split(" ", 1)
        width = int(setting.removeprefix("COLUMNS="))
    piped = any(mark in line for mark in (">>", " > ", " | "))
    words = shlex.split(re.split(r"\s(?:>>|>|\|)\s", line)[0])[1:]
    terminal = Terminal(False, width) if piped else Terminal(True, width, color=False)
    result = CliRunner().invoke(app, words, obj=terminal, env={"RAQQA_NO_CACHE": "1"})
    assert result.exit_code == 0, (line, result.output)
    text = result.stdout
    if piped and "--format" not in line:
        text = text.strip("\n") + "\n"  # the blank lines around a note do not show in a block
    return text


def blocks() -> list[tuple[Path, str, str]]:
    return [
        (page, line, shown)
        for page in PAGES
        for line, shown in BLOCK.findall(page.read_text(encoding="utf-8"))
    ]


def test_the_tour_has_blocks() -> None:
    found = blocks()
    assert len([b for b in found if b[0] == README]) >= 2
    assert len([b for b in found if b[0].name == "tour.md"]) >= 5


@pytest.mark.parametrize(
    ("page", "line", "shown"),
    blocks(),
    ids=[f"{page.name}: {line}" for page, line, _ in blocks()],
)
def test_each_block_shows_what_raqqa_prints(page: Path, line: str, shown: str) -> None:
    actual = output_of(line)
    if os.environ.get("UPDATE_README"):
        text = page.read_text(encoding="utf-8")
        page.write_text(
            text.replace(f"$ {line}\n{shown}```", f"$ {line}\n{actual}```", 1), encoding="utf-8"
        )
        return
    assert shown == actual
