"""Shell completion through the real protocol: what bash, zsh and fish are told.

Each shell's script (from `raqqa --show-completion SHELL`) runs `raqqa` with
`_RAQQA_COMPLETE=complete_SHELL` and the words typed so far (bash: COMP_WORDS/COMP_CWORD;
zsh and fish: _TYPER_COMPLETE_ARGS). These tests set exactly that and read the answer.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli import fast
from raqqa_cli.cli import app
from raqqa_cli.commandline import COMMANDS
from raqqa_cli.terminal import Terminal
from tests.conftest import MINIMAL

PIPE = Terminal(is_tty=False)


def bash(words: str, runner: CliRunner | None = None) -> list[str]:
    """What bash's completion function gets for the command line `words` (cursor at the end;
    a trailing space starts a new, empty word)."""
    parts = words.split(" ")
    env = {
        "_RAQQA_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "RAQQA_NO_CACHE": "1",
    }
    result = (runner or CliRunner()).invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def zsh(words: str) -> str:
    env = {"_RAQQA_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    result = CliRunner().invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code == 0, result.output
    return result.stdout


def fish(words: str) -> list[str]:
    env = {
        "_RAQQA_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": words,
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def test_commands_complete() -> None:
    top = [c.group or c.name for c in COMMANDS]
    assert sorted(bash("raqqa ")) == sorted(set(top))  # groups come after commands
    assert bash("raqqa notes ") == ["refresh"]
    assert bash("raqqa st") == ["statements"]
    assert "show" in fish("raqqa sh") and '"search"' in zsh("raqqa se")


def test_options_and_choices_complete() -> None:
    assert "--totals" in bash("raqqa aid --t")
    assert bash("raqqa aid --by ") == ["status", "sector", "donor"]
    assert bash("raqqa issues --format j") == ["json"]
    assert bash("raqqa brief --for r") == ["readers"]


def test_values_come_from_the_briefing_on_the_command_line() -> None:
    # Issue ids, actor names and aliases, sectors, statuses, source and entry ids: from the
    # file given with -f (before the command's name or after it).
    assert bash(f"raqqa -f {MINIMAL} issues ") == ["iss-flooding"]
    assert bash(f"raqqa issues -f {MINIMAL} iss") == ["iss-flooding"]
    # bash inserts the word as it stands, so a name with a space comes escaped, one word.
    offered = bash(f"raqqa -f {MINIMAL} aid --donor A")
    assert "Ada\\ Mayor" in offered and shlex.split("Ada\\ Mayor") == ["Ada Mayor"]
    assert '"Ada Mayor"' in zsh(f"raqqa -f {MINIMAL} aid --donor A")  # zsh quotes it itself
    assert bash(f"raqqa -f {MINIMAL} aid --status del") == ["delivered"]
    assert "Shelter/NFI" in bash(f"raqqa -f {MINIMAL} aid --sector S")
    assert [shlex.split(w) for w in bash("raqqa aid --sector Camp")] == [
        ["Camp Coordination and Camp Management"]
    ]
    assert "src-desk" in bash(f"raqqa -f {MINIMAL} reactions --source src")
    assert "st-mayor" in fish(f"raqqa -f {MINIMAL} show st-")
    assert '"iss-flooding"' in zsh(f"raqqa -f {MINIMAL} issues ")


def test_the_embedded_briefing_is_completed_without_a_file() -> None:
    ids = bash("raqqa issues iss-")
    assert ids and all(i.startswith("iss-") for i in ids)


def test_a_briefing_that_cannot_be_read_completes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("not: [a briefing", encoding="utf-8")
    assert bash(f"raqqa -f {bad} issues ") == []
    assert bash(f"raqqa -f {tmp_path / 'missing.yaml'} issues ") == []


def test_file_names_are_left_to_the_shell() -> None:
    # Nothing offered: bash (-o default), zsh (_files) and fish then complete file names.
    assert bash("raqqa -f exam") == []
    assert zsh("raqqa validate exam").strip() == "_files"


def test_words_a_shell_would_have_to_escape_are_not_offered(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("name: Ada Mayor", 'name: "Ada\\nMayor"', 1)
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(text, encoding="utf-8")
    offered = bash(f"raqqa -f {hostile} aid --donor ")
    # The name with a line break is left out (bash would read it as two words, "Ada" and
    # "Mayor"); its alias, which needs no escaping, is offered.
    assert "Mayor\\ Ada" in offered and "Ada" not in offered


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([c.name for c in COMMANDS] + ["-f", "x", "--format", "json"])))
def test_the_fast_reader_declines_every_completion_request(argv: list[str]) -> None:
    for shell in ("complete_bash", "complete_zsh", "complete_fish", "bash_complete"):
        assert fast.parse(argv, {"_RAQQA_COMPLETE": shell}) is None


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_calls_raqqa(shell: str) -> None:
    # typer reads this variable when it is imported: hence a process of its own.
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "raqqa_cli", "--show-completion", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"_RAQQA_COMPLETE=complete_{shell}" in result.stdout
