"""The command line as users meet it: options, environment, exit statuses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli import __version__
from raqqa_cli.briefing.load import embedded_briefing, load_briefing
from raqqa_cli.cli.app import app
from tests.conftest import MINIMAL


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"raqqa {__version__}\n"


def test_short_and_long_help(runner: CliRunner) -> None:
    for flag in ("-h", "--help"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0
        assert "validate" in result.stdout


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    from typer.main import get_command

    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        result = runner.invoke(app, [name, "-h"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout and "raqqa " in result.stdout, name


def test_usage_error_is_one_line_and_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("raqqa: error: No such option: --nope")
    assert result.stderr.endswith("(see `raqqa validate -h`)\n") and result.stderr.count("\n") == 1


def test_unknown_command_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["nonsense"])
    assert result.exit_code == 2
    assert result.stderr.startswith("raqqa: error: No such command 'nonsense'")


def test_validate_embedded_briefing_from_any_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "raqqa_cli", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "RAQQA_BRIEFING"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The embedded briefing by name: not the installed path, in a 240-character line.
    [verdict, quotes] = result.stdout.splitlines()
    assert verdict.startswith("embedded briefing: valid briefing (schema_version 2): ")
    # Errata as `raqqa errata` and the overview count them; context notes apart.
    errata = load_briefing(embedded_briefing()).errata
    context = sum(1 for e in errata if e.kind == "context")
    assert 0 < context < len(errata)
    assert verdict.endswith(f", {len(errata) - context} errata, {context} context notes")
    # every quote of the embedded briefing is checked against its source's archived text
    assert quotes.endswith(": 25 quotes checked")


def test_file_option_and_environment(runner: CliRunner) -> None:
    by_option = runner.invoke(app, ["validate", "-f", str(MINIMAL)])
    by_env = runner.invoke(app, ["validate"], env={"RAQQA_BRIEFING": str(MINIMAL)})
    assert by_option.exit_code == by_env.exit_code == 0
    assert by_option.stdout == by_env.stdout
    assert by_option.stdout.startswith(str(MINIMAL))


def test_positional_file_wins_over_environment(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(MINIMAL)], env={"RAQQA_BRIEFING": "/nonexistent"})
    assert result.exit_code == 0


def test_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "-"], input=MINIMAL.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<stdin>: valid briefing")


def test_bad_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "-f", "-"], input=b"schema_version: 1\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("raqqa: error: <stdin>:1:1: missing required field 'briefing'")


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "raqqa_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"raqqa {__version__}\n"


def test_no_traceback_on_internal_error(runner: CliRunner, monkeypatch: object) -> None:
    import raqqa_cli.briefing.load as load

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(load, "validate_document", broken)  # type: ignore[attr-defined]
    result = runner.invoke(app, ["validate", str(MINIMAL)], env={"RAQQA_DEBUG": None})
    assert result.exit_code == 3
    assert (
        result.stderr == "raqqa: error: internal error: RuntimeError: boom (please report this)\n"
    )


def test_usage_lines_write_required_arguments_bare() -> None:
    """`raqqa show [OPTIONS] ID`: braces read as "one of a set"; brackets mark what is
    optional."""
    runner = CliRunner()
    for args, usage in (
        (["show", "--help"], "Usage: raqqa show [OPTIONS] ID\n"),
        (["diff", "--help"], "Usage: raqqa diff [OPTIONS] OLD NEW\n"),
        (["issues", "--help"], "Usage: raqqa issues [OPTIONS] [ID]\n"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert result.stdout.startswith(usage), result.stdout.splitlines()[0]


def test_validate_caps_the_problems_a_terminal_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """100,000 problems scrolled past on a terminal with no cap and no count."""
    import io

    from raqqa_cli.cli.commands import validate
    from raqqa_cli.errors import BriefingError, Problem

    error = BriefingError("big.yaml", [Problem(f"problem {n}", line=n) for n in range(1, 101)])

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    validate._say_problems(error, "big.yaml")
    lines = screen.getvalue().splitlines()
    assert len(lines) == validate.SHOWN_ON_A_TERMINAL + 1
    assert lines[-1] == (
        "raqqa: error: ... 60 more (100 problems in all):"
        " raqqa validate big.yaml --format json lists them"
    )
    piped = io.StringIO()  # piped: every line, for tools
    monkeypatch.setattr(sys, "stderr", piped)
    validate._say_problems(error, "big.yaml")
    assert len(piped.getvalue().splitlines()) == 100
