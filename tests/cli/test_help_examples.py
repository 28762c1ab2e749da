"""Every example that help gives runs as written (issue 26: `raqqa search TEXT` was a
placeholder, not a command anyone could paste)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.cli.commandline import COMMANDS, OVERVIEW
from raqqa_cli.terminal import Terminal

EXAMPLES = [example for command in (*COMMANDS, OVERVIEW) for example in command.examples]
PLACEHOLDERS = ("TEXT", "NAME", "ID", "ISSUE-ID", "FILE", "PATH")


def test_no_example_is_a_placeholder() -> None:
    for example in EXAMPLES:
        assert not set(example.split()) & set(PLACEHOLDERS), example


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding what the examples name: a briefing (mine.yaml, old.yaml, new.yaml,
    b.yaml in git with one earlier commit) and notes with a block."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RAQQA_BRIEFING", raising=False)
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    assert runner.invoke(app, ["init", "mine.yaml"], obj=Terminal(False)).exit_code == 0
    template = (tmp_path / "mine.yaml").read_text(encoding="utf-8")
    for name in ("old.yaml", "new.yaml", "b.yaml"):
        (tmp_path / name).write_text(template, encoding="utf-8")
    block = "# Note\n\n<!-- raqqa: aid --totals -->\n<!-- /raqqa -->\n"
    for name in ("notes.md", "n.md"):
        (tmp_path / name).write_text(block, encoding="utf-8")
    git = shutil.which("git")
    assert git is not None
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@t", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "b.yaml"], ["commit", "-qm", "one"]):
        subprocess.run([git, *args], cwd=tmp_path, env=env, check=True)
    (tmp_path / "b.yaml").write_text(template + "# the second version\n", encoding="utf-8")
    subprocess.run([git, "commit", "-qam", "two"], cwd=tmp_path, env=env, check=True)
    # `--check` exits 1 on a stale note: n.md is current, as after a refresh.
    refreshed = runner.invoke(app, ["notes", "refresh", "n.md"], obj=Terminal(False))
    assert refreshed.exit_code == 0, refreshed.output
    return tmp_path


def test_every_example_runs(folder: Path) -> None:
    runner = CliRunner()
    assert EXAMPLES
    for example in EXAMPLES:
        words = shlex.split(example)
        assert words[0] == "raqqa"
        if ">" in words or ">>" in words:  # the shell's redirection: run what it redirects
            words = words[: min(words.index(w) for w in (">", ">>") if w in words)]
        mine = folder / "mine.yaml"
        if words[1:2] == ["init"]:
            mine.unlink(missing_ok=True)  # init never replaces a file
        elif not mine.exists():
            runner.invoke(app, ["init", "mine.yaml"], obj=Terminal(False))
        result = runner.invoke(app, words[1:], obj=Terminal(False, 80))
        assert result.exit_code == 0, (example, result.output)
