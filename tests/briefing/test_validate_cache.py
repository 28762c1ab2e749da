"""`raqqa validate` on bytes it has checked before: the schema's verdict comes from the
signed cache, and what it prints is exactly what a full check prints.

The cache holds only briefings this raqqa parsed and checked in full (`cache.py`), so its
verdict on the same bytes is the check's own. What the cache cannot vouch for is read again
at every run: the archived texts quotes are checked against, and the date stale sources
are judged by. Warnings and problems found on a hit are located by a parse, as before.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing import check
from raqqa_cli.cli.app import app
from tests.conftest import DATA, MINIMAL, with_includes

ROOT = Path(__file__).parent.parent.parent
BRIEFINGS = [
    ROOT / "data" / "briefing.yaml",
    MINIMAL,
    DATA / "graded.yaml",  # review warnings
    DATA / "version2.yaml",
    DATA / "disputes.yaml",  # claims checked against their own sources' archives
    DATA / "totals-traps.yaml",
    DATA / "quotes" / "briefing.yaml",  # quotes checked against an archive
    DATA / "quotes" / "changed-quote.yaml",  # a quote its archive does not hold
    DATA / "review" / "clean.yaml",
    *sorted((ROOT / "examples").glob("*.yaml")),
]
OPTIONS = [[], ["--format", "json"], ["--format", "csv"], ["--strict"], ["--stale", "9000d"]]
TODAY = ["--today", "2026-11-26"]


def validate(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *TODAY, *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def refuse_to_check(*_: Any) -> Any:
    raise AssertionError("the schema was checked again: the cache was not used")


def as_one_file(path: Path, folder: Path) -> Path:
    """`path`, or, where it includes registries (the examples), the one file it reads as,
    written in `folder` beside its archived texts: `validate` keeps no briefing with
    includes in the cache (it locates its registries' problems at every run), so what a hit
    reports is compared on the same entries, written as one file."""
    import yaml

    from raqqa_cli.briefing.yamldoc import parse_yaml

    own = parse_yaml(path.read_text(encoding="utf-8")).data
    if not isinstance(own, dict) or "include" not in own:
        return path
    data = with_includes(path, lambda text: parse_yaml(text).data)  # strict: `yes` stays text
    folder.mkdir()
    (folder / "sources").symlink_to(path.parent / "sources")
    one = folder / path.name
    one.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return one


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.name)
def test_a_cache_hit_reports_exactly_what_a_full_check_reports(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    path = as_one_file(path, tmp_path / "one")
    monkeypatch.setenv("RAQQA_NO_CACHE", "1")
    full = [validate(runner, str(path), *options) for options in OPTIONS]
    monkeypatch.delenv("RAQQA_NO_CACHE")
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    assert validate(runner, str(path), *OPTIONS[0]) == full[0]  # a miss: checks, remembers
    assert list((tmp_path / "cache").glob("*.marshal")), "a valid briefing was not remembered"
    monkeypatch.setattr(check, "check_briefing", refuse_to_check)
    assert [validate(runner, str(path), *options) for options in OPTIONS] == full


def test_the_hits_include_located_warnings_and_quote_problems(runner: CliRunner) -> None:
    """The comparison above means something: some of those briefings have warnings and a
    problem that a hit must locate by line and column."""
    code, _, err = validate(runner, str(DATA / "graded.yaml"))
    assert code == 0
    assert "raqqa: warning: " + str(DATA / "graded.yaml") + ":18:5: " in err
    code, out, _ = validate(runner, str(DATA / "quotes" / "changed-quote.yaml"), "--format", "json")
    assert code == 1
    [problem] = json.loads(out)
    assert (problem["line"], problem["column"], problem["path"]) == (33, 5, "statements[0].quote")


def test_changed_bytes_are_checked_in_full(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(MINIMAL, path)
    assert validate(runner, str(path))[0] == 0
    path.write_text(MINIMAL.read_text() + "extra_key: 1\n", encoding="utf-8")
    code, _, err = validate(runner, str(path))
    assert code == 1
    assert "extra_key" in err


def test_a_changed_archive_is_read_again_on_a_hit(tmp_path: Path, runner: CliRunner) -> None:
    """The cache vouches for the briefing's bytes, never for the files beside it."""
    folder = tmp_path / "quotes"
    shutil.copytree(DATA / "quotes", folder)
    briefing = folder / "briefing.yaml"
    assert validate(runner, str(briefing))[0] == 0
    archive = folder / "sources" / "src-desk.txt"
    archive.write_text("Nothing anybody said.\n", encoding="utf-8")
    code, _, err = validate(runner, str(briefing))
    assert code == 1
    assert "verbatim quote not found in the archived text of src-desk" in err
    archive.unlink()
    code, _, err = validate(runner, str(briefing))
    assert code == 1
    assert "cannot be read" in err or "archived text" in err


def test_the_date_is_judged_again_on_a_hit(runner: CliRunner) -> None:
    path = str(DATA / "graded.yaml")
    assert validate(runner, path)[0] == 0  # remembered
    result = runner.invoke(app, ["validate", "--today", "2020-04-01", path])
    assert result.exit_code == 0
    assert "[stale]" not in result.stderr
    assert "[stale]" in validate(runner, path)[2]


def test_an_invalid_file_is_never_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL.read_text() + "extra_key: 1\n", encoding="utf-8")
    assert validate(runner, str(path))[0] == 1
    assert not list((tmp_path / "cache").glob("*.marshal"))
