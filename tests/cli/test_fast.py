"""The fast reader of command lines agrees with typer wherever it answers.

`fast.parse` spares everyday commands the import of typer. The contract: for any command
line, it either declines (None) or produces exactly the command and options that typer's
reading would run, top-level `--file`/`--format` and RAQQA_BRIEFING included.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.cli import commands, fast
from raqqa_cli.cli.app import app
from raqqa_cli.cli.commandline import BY_NAME, COMMANDS
from raqqa_cli.cli.fast import Call
from raqqa_cli.render import Format
from raqqa_cli.terminal import Terminal

REAL_PARSE = fast.parse
PIPE = Terminal(is_tty=False)


@contextlib.contextmanager
def typer_only() -> Iterator[list[Call]]:
    """Every command line read by typer; the commands it would run, recorded, not run."""
    calls: list[Call] = []

    def record(command: str, terminal: Terminal, /, **options: Any) -> None:
        calls.append(Call(command, options))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast, "parse", lambda argv, env: None)
        patch.setattr(commands, "run", record)
        yield calls


def through_typer(argv: list[str], env: Mapping[str, str | None]) -> tuple[Call | None, int]:
    with typer_only() as calls:
        result = CliRunner(env={"NO_COLOR": None, **env}).invoke(app, argv, obj=PIPE)
    assert len(calls) <= 1
    return (calls[0] if calls else None), result.exit_code


COMMAND_NAMES = [*BY_NAME, "nosuch", "Aid", "notes", "refresh"]
SPELLINGS = sorted(
    {flag for command in COMMANDS for option in command.options for flag in option.flags}
)
OTHER_OPTIONS = ["--version", "-h", "--help", "--", "-x", "--bogus", "--file=", "--by=sector"]
VALUES = [
    "x.yaml", "-", "", "json", "JSON", "Table", "auto", "csv", "markdown", "plain", "bogus",
    "sector", "donor", "status", "Sector", "health", "Daesh", "2017-10", "a=b", "\u0131",
    "\uff2a\uff33\uff2f\uff2e", "--format=json", "--file=y.yaml", "--totals=1", "-fz.yaml",
    "-mDaesh", "--match=", "--format=CSV",
]  # fmt: skip
tokens = st.sampled_from(COMMAND_NAMES + SPELLINGS + OTHER_OPTIONS + VALUES)
command_lines = st.one_of(
    st.lists(tokens, max_size=7),
    st.tuples(st.lists(tokens, max_size=2), st.sampled_from(COMMAND_NAMES), st.lists(tokens))
    .filter(lambda parts: len(parts[2]) <= 6)
    .map(lambda parts: [*parts[0], parts[1], *parts[2]]),
    # A group's subcommand: `notes refresh NOTE` with what may follow.
    st.tuples(st.lists(tokens, max_size=2), st.lists(tokens, max_size=4)).map(
        lambda parts: [*parts[0], "notes", "refresh", *parts[1]]
    ),
)
environments = st.sampled_from([{"RAQQA_BRIEFING": None}, {"RAQQA_BRIEFING": ""},
                                {"RAQQA_BRIEFING": "env.yaml"}])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(command_lines, environments)
def test_fast_reads_every_command_line_as_typer_does(
    argv: list[str], env: dict[str, str | None]
) -> None:
    call = REAL_PARSE(argv, {k: v for k, v in env.items() if v is not None})
    if call is None:
        return
    expected, code = through_typer(argv, env)
    assert code == 0, f"fast accepted {argv!r}, typer refused it"
    assert call == expected, argv


EVERYDAY = [
    [],
    ["--format", "json"],
    ["-f", "x.yaml"],
    ["--version"],
    ["issues"],
    ["issues", "iss-foreign-fighters", "--format", "json"],
    ["aid", "--totals"],
    ["aid", "--by", "sector", "--format", "csv"],
    ["aid", "--sector", "health", "-m", "kits", "--status", "delivered", "--donor", "UK"],
    ["aid", "--chart"],
    ["-f", "x.yaml", "aid", "--totals"],
    ["--format", "plain", "reactions", "--actor", "Russia"],
    ["reactions", "--source", "BBC", "--format=markdown"],
    ["actors", "Daesh"],
    ["actors", "--match", "UK"],
    ["timeline", "--since", "2017-10", "--until", "2017-10-31"],
    ["outlook"],
    ["figures", "--file", "-"],
    ["sources", "--format", "CSV"],
    ["errata"],
    ["search", "Raqqah", "--format", "table"],
    ["brief"],
    ["validate", "x.yaml"],
    ["validate", "-f", "x.yaml"],
    ["schema"],
    ["notes", "refresh", "n.md"],
    ["-f", "x.yaml", "notes", "refresh", "n.md", "--check", "--diff"],
    ["aid", "--totals", "-o", "totals.csv", "--hxl", "--excel"],
    ["-o", "brief.html", "brief", "--for", "readers"],
    ["sources", "--format", "csl-json"],
    ["brief", "--cite", "pandoc", "-o", "brief.md"],
]


@pytest.mark.parametrize("argv", EVERYDAY, ids=lambda argv: " ".join(argv) or "(none)")
def test_everyday_command_lines_take_the_fast_path(argv: list[str]) -> None:
    call = REAL_PARSE(argv, {})
    assert call is not None, "declined: this command line would import typer"
    assert (call, 0) == through_typer(argv, {"RAQQA_BRIEFING": None})


@pytest.mark.parametrize(
    "argv",
    [["-h"], ["aid", "--help"], ["aid", "--bogus"], ["aid", "--by", "place"], ["search"],
     ["issues", "a", "b"], ["nosuch"], ["aid", "--", "x"], ["-fx.yaml", "aid"],
     ["aid", "--totals=yes"], ["aid", "--format"], ["aid", "--format", "yaml"],
     ["aid", "--match", "--totals"], ["schema", "--format", "json"]],
    ids=lambda argv: " ".join(argv),
)  # fmt: skip
def test_help_and_mistakes_are_left_to_typer(argv: list[str]) -> None:
    assert REAL_PARSE(argv, {}) is None


def test_the_top_level_file_and_format_reach_the_command() -> None:
    call = REAL_PARSE(["-f", "top.yaml", "--format", "csv", "aid"], {"RAQQA_BRIEFING": "e"})
    assert call is not None
    assert (call.options["file"], call.options["fmt"]) == ("top.yaml", Format.csv)
    call = REAL_PARSE(["-f", "top.yaml", "aid", "-f", "own.yaml"], {"RAQQA_BRIEFING": "e"})
    assert call is not None and call.options["file"] == "own.yaml"
    call = REAL_PARSE(["aid"], {"RAQQA_BRIEFING": "env.yaml"})
    assert call is not None and call.options["file"] == "env.yaml"


@pytest.mark.parametrize(
    "argv",
    [["aid", "--totals", "--format", "json"], ["-f", "MINIMAL", "issues"], ["brief"],
     ["search", "Daesh", "--format", "plain"], ["validate"], ["--version"]],
)  # fmt: skip
def test_both_readers_give_the_same_output(argv: list[str]) -> None:
    from tests.conftest import MINIMAL

    argv = [str(MINIMAL) if arg == "MINIMAL" else arg for arg in argv]
    runner = CliRunner(env={"RAQQA_BRIEFING": None})
    fast_result = runner.invoke(app, argv, obj=PIPE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast, "parse", lambda argv, env: None)
        typer_result = runner.invoke(app, argv, obj=PIPE)
    assert fast_result.exit_code == typer_result.exit_code == 0
    assert fast_result.stdout == typer_result.stdout != ""


def test_the_console_script_runs_without_typer(tmp_path: Path) -> None:
    probe = (
        "import sys, json\n"
        "from raqqa_cli.cli.main import main\n"
        "try:\n    main(['aid', '--totals', '--format', 'table'])\n"
        "except SystemExit as end:\n    code = end.code\n"
        "sys.stderr.write('\\nRESULT ' + json.dumps([code, sorted(sys.modules)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"RAQQA_CACHE_DIR": str(tmp_path), "PATH": ""},
        check=False,
    )
    code, modules = json.loads(result.stderr.rsplit("RESULT ", 1)[1])
    # the embedded briefing's totals: the number, and what it counts beside it
    assert code == 0 and re.search(r"10,000,000 +GBP\b|10,000,000\nUnit +GBP\b", result.stdout)
    roots = {name.split(".")[0] for name in modules}
    assert not roots & {"typer", "click", "shellingham"}, sorted(roots & {"typer", "click"})
