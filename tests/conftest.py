"""Shared fixtures: a CLI runner, the test briefings, and a way to write variants of them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

# The test command is a gate, so its generated examples are the same on every run
# (derandomized); HYPOTHESIS_PROFILE=hunt draws new ones, for looking rather than gating.
settings.register_profile("gate", derandomize=True)
settings.register_profile("hunt", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
MINIMAL = DATA / "minimal.yaml"


def documentation() -> str:
    """What a reader can read about raqqa, written by hand: the README and the pages under
    docs/ (not the reference generated from the declarations, which says every option by
    construction)."""
    root = Path(__file__).parent.parent
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if p.name != "cli.md")


def invoked(runner: CliRunner, args: list[str], terminal: Any = None) -> Result:
    """`raqqa ARGS` through the CLI, which must succeed."""
    from raqqa_cli.cli.app import app

    result = runner.invoke(app, args, obj=terminal)
    assert result.exit_code == 0, result.output
    return result


def json_records(runner: CliRunner, args: list[str]) -> list[dict[str, Any]]:
    """The JSON records `raqqa ARGS --format json` prints: a list of objects."""
    import json

    found = json.loads(invoked(runner, [*args, "--format", "json"]).stdout)
    assert isinstance(found, list) and all(isinstance(r, dict) for r in found)
    return found


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


def briefing_head(title: str = "Made for the tests", target: float | None = None) -> dict[str, Any]:
    """The top of a schema-2 briefing built as data: one source, actors act-a (Alpha) and
    act-b (Beta), and, given `target`, a target figure fig-t of that many USD."""
    head: dict[str, Any] = {
        "schema_version": 2,
        "briefing": {
            "title": title,
            "publisher": "Test desk",
            "published": "2024-01-01",
            "summary": "Made for the tests.",
            "source": "src-a",
        },
        "sources": [{"id": "src-a", "title": "A", "publisher": "P", "kind": "report"}],
        "actors": [
            {"id": "act-a", "name": "Alpha", "kind": "state", "source": "src-a"},
            {"id": "act-b", "name": "Beta", "kind": "state", "source": "src-a"},
        ],
    }
    if target is not None:
        head["figures"] = [
            {"id": "fig-t", "measure": "asked", "counts": "asked", "unit": "USD",
             "value": target, "target": True, "source": "src-a"}
        ]  # fmt: skip
    return head


def with_includes(path: Path, load: Callable[[str], Any]) -> dict[str, Any]:
    """The data of the briefing at `path` as raqqa reads it, as one file's: the entries of
    every file its `include:` reaches added to its own, section by section (its own first,
    then each included file's in the order written, a glob's files sorted, depth first; a
    file reached twice read once), and no `include` key. Written apart from raqqa's reader,
    so tests of that reader can compare against it; `load` parses one file's text (the
    caller's YAML loader). A file that includes nothing is its data unchanged."""
    import glob

    data: dict[str, Any] = load(path.read_text(encoding="utf-8"))
    seen = {path.resolve()}

    def visit(patterns: list[str], folder: Path) -> None:
        for pattern in patterns:
            found = sorted(folder.glob(pattern)) if glob.has_magic(pattern) else [folder / pattern]
            for file in found:
                if file.resolve() in seen:
                    continue
                seen.add(file.resolve())
                registry = load(file.read_text(encoding="utf-8"))
                for section, entries in registry.items():
                    if section not in ("include", "schema_version"):
                        data.setdefault(section, []).extend(entries)
                visit(registry.get("include") or [], file.parent)

    visit(data.pop("include", None) or [], path.parent)
    return data
