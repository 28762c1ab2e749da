"""Where output goes is the command's `Output`, not module state (issue 24, item 3).

Each command writes through the `Output` it is handed: two in one process never share a
stream, a capture or the name a note's block gives its briefing, and `notes refresh` hands
each block its own `Output` instead of re-entering the top-level `run`.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli import commands
from raqqa_cli.cli.app import app
from raqqa_cli.cli.output import Output, Target
from raqqa_cli.render import Format
from raqqa_cli.terminal import Terminal
from tests.conftest import MINIMAL

PIPE = Terminal(is_tty=False)


def captured(name: str, **options: object) -> list[str]:
    """What `name` writes through an Output of its own, collected."""
    parts: list[str] = []
    out = Output(PIPE, Target(format=Format.plain), captured=parts)
    commands.dispatch(name, out, {"file": str(MINIMAL), **options})
    return parts


def test_two_outputs_in_one_process_share_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    first_parts = captured("timeline", since=None, until=None)
    second_parts = captured("places", match=None)
    assert first_parts and second_parts and first_parts != second_parts
    assert "ev-" in "".join(first_parts) and "ev-" not in "".join(second_parts)
    assert capsys.readouterr().out == ""  # nothing captured leaked to stdout


def test_suggestions_name_the_briefing_as_the_output_says() -> None:
    assert Output(PIPE).invocation_of("my file.yaml") == "raqqa -f 'my file.yaml'"
    assert Output(PIPE, named_as="").invocation_of("/abs/path.yaml") == "raqqa"
    assert Output(PIPE, named_as="b.yaml").invocation_of("/abs/b.yaml") == "raqqa -f b.yaml"


def test_the_commands_module_keeps_no_output_state() -> None:
    names = {name for name, _ in inspect.getmembers(commands) if name.startswith("_")}
    assert not names & {"_target", "_captured", "_named_as"}
    assert not hasattr(commands, "capturing") and not hasattr(commands, "aimed")


def test_notes_refresh_never_reenters_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(
        f"# Note\n\n<!-- raqqa: -f {MINIMAL} places -->\n<!-- /raqqa -->\n", encoding="utf-8"
    )
    real_run = commands.run
    calls: list[str] = []

    def counting(command: str, terminal: Terminal, /, **options: object) -> None:
        calls.append(command)
        real_run(command, terminal, **options)

    monkeypatch.setattr(commands, "run", counting)
    result = CliRunner().invoke(app, ["notes", "refresh", str(note)], obj=PIPE)
    assert result.exit_code == 0, result.output
    assert "Harbour Town" in note.read_text(encoding="utf-8")
    assert calls.count("places") == 0  # the block ran through dispatch, with its own Output
