"""The pager runs as git runs it: colour through `less` whatever `PAGER` names."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from raqqa_cli.cli.pager import page, pager_environment


def test_less_is_told_to_pass_colour_through_unless_the_reader_says() -> None:
    assert pager_environment({})["LESS"] == "FRX"
    assert pager_environment({})["LV"] == "-c"
    assert pager_environment({"LESS": "-S"})["LESS"] == "-S"  # the reader's own, kept
    assert pager_environment({"LV": "-a"})["LV"] == "-a"
    assert pager_environment({"PAGER": "less"})["PAGER"] == "less"


def test_the_pager_process_gets_that_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`PAGER=less` printed `ESC[1mActorsESC[0m`: less shows escapes raw without -R."""
    seen = tmp_path / "seen"
    pager = tmp_path / "pager"
    pager.write_text(f'#!/bin/sh\ncat > /dev/null\nprintf "%s|%s" "$LESS" "$LV" > {seen}\n')
    pager.chmod(pager.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.delenv("LV", raising=False)
    assert page("\x1b[1mActors\x1b[0m\n" * 100, [str(pager)]) is None
    assert seen.read_text() == "FRX|-c"
    monkeypatch.setenv("LESS", "-i")
    assert page("text\n", [str(pager)]) is None
    assert seen.read_text() == "-i|-c"
    assert "LESS" not in os.environ or os.environ["LESS"] == "-i"  # ours is not changed
