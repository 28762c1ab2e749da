"""Start-up guards that need no timing: what a command imports, and the briefing cache.

Budgets are measured by `benchmarks/bench.py`; these tests keep the cheap paths cheap by
asserting on the modules a command loads, which does not depend on the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from raqqa_cli.briefing import cache
from raqqa_cli.briefing.load import load_briefing
from tests.conftest import MINIMAL

PROBE = """
import json, sys
sys.argv = ["raqqa", *json.loads(sys.argv[1])]
from raqqa_cli.cli.main import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def modules_loaded(args: list[str], cache_dir: Path) -> set[str]:
    env = {**os.environ, "RAQQA_CACHE_DIR": str(cache_dir)}
    env.pop("RAQQA_NO_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    marker = result.stderr.rindex("MODULES ")
    return set(json.loads(result.stderr[marker + len("MODULES ") :]))


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("fmt", ["json", "csv", "plain", "markdown"])
def test_piped_formats_import_neither_rich_nor_pydantic(tmp_path: Path, fmt: str) -> None:
    loaded = roots(modules_loaded(["aid", "--totals", "--format", fmt], tmp_path))
    assert "pydantic" not in loaded
    assert "rich" not in loaded
    assert not loaded & {"typer", "click"}, "an everyday command line went through typer"


def test_help_goes_through_typer_without_the_briefing_code(tmp_path: Path) -> None:
    loaded = modules_loaded(["aid", "--help"], tmp_path)
    assert "typer" in roots(loaded)
    assert not loaded & {"raqqa_cli.briefing.model", "raqqa_cli.reports", "raqqa_cli.briefing.load"}


def test_help_and_version_are_light(tmp_path: Path) -> None:
    for args in (["--help"], ["aid", "-h"], ["--version"]):
        loaded = roots(modules_loaded(args, tmp_path))
        assert not loaded & {"rich", "pydantic", "yaml", "markdown_it"}, args


def test_a_cached_briefing_is_not_parsed_again(tmp_path: Path) -> None:
    first = roots(modules_loaded(["issues", "--format", "json"], tmp_path))
    second = roots(modules_loaded(["issues", "--format", "json"], tmp_path))
    assert "yaml" in first
    assert "yaml" not in second


def test_tables_import_rich(tmp_path: Path) -> None:
    assert "rich" in roots(modules_loaded(["issues", "--format", "table"], tmp_path))


def test_validate_takes_the_schema_verdict_on_unchanged_bytes_from_the_cache(
    tmp_path: Path,
) -> None:
    """validate parses what it has not checked, and remembers it for every command."""
    assert "yaml" in roots(modules_loaded(["validate"], tmp_path))
    assert "yaml" not in roots(modules_loaded(["issues", "--format", "json"], tmp_path))
    assert "yaml" not in roots(modules_loaded(["validate", "--format", "json"], tmp_path))
    assert "yaml" not in roots(modules_loaded(["validate"], tmp_path))


def test_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path))
    data = MINIMAL.read_bytes()
    assert cache.recall(data) is None
    briefing = load_briefing(str(MINIMAL))
    assert cache.recall(data) == briefing
    assert cache.recall(data + b"\n# changed\n") is None


def test_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path))
    briefing = load_briefing(str(MINIMAL))
    [entry] = tmp_path.glob("*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert cache.recall(MINIMAL.read_bytes()) is None
    assert load_briefing(str(MINIMAL)) == briefing


def test_cache_can_be_turned_off_and_survives_an_unwritable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAQQA_NO_CACHE", "1")
    load_briefing(str(MINIMAL))
    assert cache.cache_dir() is None
    monkeypatch.delenv("RAQQA_NO_CACHE")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(blocked / "cache"))
    assert load_briefing(str(MINIMAL)).briefing.title == "Harbour Town after the Storm"


def test_cache_keeps_a_bounded_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "KEEP", 32)  # the rule, not the shipped number: fewer files
    text = MINIMAL.read_text(encoding="utf-8")
    for n in range(cache.KEEP + 5):
        path = tmp_path / f"b{n}.yaml"
        path.write_text(text + f"# variant {n}\n", encoding="utf-8")
        load_briefing(str(path))
    assert len(list((tmp_path / "c").glob("*.marshal"))) == cache.KEEP


def test_an_invalid_file_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from raqqa_cli.errors import BriefingError

    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "c"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BriefingError):
            load_briefing(str(bad))
    assert not list((tmp_path / "c").glob("*.marshal"))


def test_writing_a_file_and_refreshing_a_note_stay_on_the_fast_path(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("<!-- raqqa: aid --totals -->\n<!-- /raqqa -->\n", encoding="utf-8")
    for args in (
        ["aid", "--totals", "--hxl", "-o", str(tmp_path / "t.csv")],
        ["notes", "refresh", str(note), "--check"],
        ["brief", "-o", str(tmp_path / "b.html")],
    ):
        loaded = roots(modules_loaded(["-f", str(MINIMAL), *args], tmp_path / "cache"))
        assert not loaded & {"typer", "click", "rich", "pydantic", "markdown_it"}, args
    assert (tmp_path / "t.csv").exists() and (tmp_path / "b.html").exists()
