"""Shared fixtures: a CLI runner, the test briefings, and a way to write variants of them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# The test command is a gate, so its generated examples are the same on every run
# (derandomized); HYPOTHESIS_PROFILE=hunt draws new ones, for looking rather than gating.
settings.register_profile("gate", derandomize=True)
settings.register_profile("hunt", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
MINIMAL = DATA / "minimal.yaml"


@pytest.fixture
def runner() -> CliRunner:
    """A runner whose environment does not leak the developer's settings in."""
    return CliRunner(env={"RAQQA_BRIEFING": None, "NO_COLOR": None, "FORCE_COLOR": None})


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str | bytes], Path]:
    """Write a knowledge file into a temporary folder and return its path."""

    def write_file(content: str | bytes, name: str = "briefing.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write_file


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test session caches briefings in its own folder, never the user's."""
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
