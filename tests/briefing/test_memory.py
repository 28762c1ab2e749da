"""Memory bounded by the file, refusal early (issue 23, item 5).

What a hostile or broken file can make raqqa hold: a top level that is a list is refused at
its first event; the values a document may hold, and the problems kept, are capped; the
second parse that locates problems records their positions alone; completion reads the
cache through a signed pointer when the file has not changed; a git blob is never read past
the size limit. The peak figures for the hostile shapes are in benchmarks/README.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing import cache, load, revision, yamldoc
from raqqa_cli.briefing.load import Text, load_seen, parse
from raqqa_cli.briefing.yamldoc import NOT_A_MAPPING, YamlError, parse_yaml
from raqqa_cli.cli.app import app
from raqqa_cli.errors import MAX_PROBLEMS, BriefingError
from tests.conftest import MINIMAL

MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


def refusal(text: str) -> BriefingError:
    with pytest.raises(BriefingError) as caught:
        parse(Text("hostile.yaml", text))
    return caught.value


# -- refused early -----------------------------------------------------------------------


def test_a_top_level_list_is_refused_at_its_first_event(monkeypatch: pytest.MonkeyPatch) -> None:
    # With room for ten values only, a list of a hundred is still told it is a list: it was
    # refused before its second value was built, not after all of them.
    monkeypatch.setattr(yamldoc, "MAX_VALUES", 10)
    with pytest.raises(YamlError) as caught:
        parse_yaml("# a list\n" + "- a\n" * 100)
    problem = caught.value.problem
    assert problem.message == f"{NOT_A_MAPPING}; found a list"
    assert (problem.line, problem.column) == (2, 1)


def test_a_scalar_or_an_empty_file_is_still_told_what_it_is() -> None:
    assert (
        refusal("just text\n").problems[0].message == f"{NOT_A_MAPPING}; found the text 'just text'"
    )


def test_the_values_a_document_holds_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamldoc, "MAX_VALUES", 50)
    text = "schema_version: 2\nsources:\n" + "".join(f"  - k{i}\n" for i in range(100))
    [line] = refusal(text).lines()
    # The mapping, two keys, 2 and the list are five values: the 51st is item 45, line 48.
    assert line == (
        "hostile.yaml:48:5: sources[45]: more than 50 values (keys, scalars, lists and"
        " mappings): far more than any briefing holds"
    )


def test_the_cap_leaves_room_for_far_larger_briefings_than_anyone_writes() -> None:
    # The benchmark's generated briefing, 1,000 entries: a 100,000-entry briefing of the same
    # make holds a hundred times its values, well under the cap.
    from benchmarks.generate import generate

    document = parse_yaml(generate(1_000))
    values = _count(document.data)
    assert 100 * values * 2 < yamldoc.MAX_VALUES


def _count(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(1 + _count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(v) for v in value)
    return 1


# -- problems kept -----------------------------------------------------------------------


def unknown_fields(count: int) -> str:
    return MINIMAL_TEXT + "".join(f"k{i}: v\n" for i in range(count))


def test_problems_past_the_limit_are_counted_not_kept() -> None:
    error = refusal(unknown_fields(MAX_PROBLEMS + 234))
    assert len(error.problems) == MAX_PROBLEMS
    assert error.unlisted == 234
    assert error.lines()[-1] == (
        f"hostile.yaml: and 234 more problems not listed (raqqa keeps the first"
        f" {MAX_PROBLEMS:,}): fix these and check again"
    )


def test_the_one_line_error_counts_every_problem(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(unknown_fields(MAX_PROBLEMS + 500), encoding="utf-8")
    result = runner.invoke(app, ["-f", str(path), "issues"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.endswith(f"(and {MAX_PROBLEMS + 499:,} more: run raqqa validate {path})")


def test_validate_records_end_with_the_count_of_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(unknown_fields(MAX_PROBLEMS + 7), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert len(records) == MAX_PROBLEMS + 1
    assert all(record["line"] is not None for record in records[:-1])
    last = records[-1]
    assert last["line"] is None and last["path"] is None and last["severity"] == "error"
    assert last["message"].startswith("and 7 more problems not listed")


# -- positions only where asked ----------------------------------------------------------


def test_positions_are_recorded_for_the_paths_asked_for_alone() -> None:
    text = "a:\n  b: 1\n  c: [x, y]\nd: 2\n"
    assert parse_yaml(text, positions={("a", "c", 1), ("d",)}).positions == {
        ("a", "c", 1): (3, 10),
        ("d",): (4, 1),
    }
    assert len(parse_yaml(text, positions=True).positions) == 7


def test_locating_problems_costs_memory_bounded_by_the_file() -> None:
    # About 1 MB of unknown fields: every one was kept and located, with every value's
    # position, at more than 60 times the file's size; now well under 20.
    text = unknown_fields(90_000)
    size = len(text.encode())
    tracemalloc.start()
    try:
        error = refusal(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.unlisted == 90_000 - MAX_PROBLEMS
    assert peak < 20 * size, f"peak {peak / size:.1f} times the file"


# -- completion reads the cache ----------------------------------------------------------


def test_completion_reads_an_unchanged_file_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "briefing.yaml"
    path.write_bytes(MINIMAL.read_bytes())
    first = load_seen(str(path))
    read: list[str] = []
    real_read = load.read_bytes

    def counting(location: str, *args: object) -> tuple[str, bytes]:
        read.append(location)
        return real_read(location)

    monkeypatch.setattr(load, "read_bytes", counting)
    assert load_seen(str(path)) == first
    assert read == [], "an unchanged file was read again"
    # Changed (even to the same size and within the same second): read again.
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n", encoding="utf-8")
    assert load_seen(str(path)) == first
    assert read == [str(path)]


def test_a_pointer_not_signed_with_the_users_key_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(folder))
    path = tmp_path / "briefing.yaml"
    path.write_bytes(MINIMAL.read_bytes())
    load_seen(str(path))
    [pointer] = folder.glob("*.seen")
    other = tmp_path / "other.yaml"
    other.write_bytes(MINIMAL.read_bytes().replace(b"\n", b"\n\n", 1))
    load_seen(str(other))  # its entry exists now; point the first file's pointer at it
    forged = bytes(32) + cache.digest(other.read_bytes()).encode()
    pointer.write_bytes(forged)
    assert cache.recall_seen(cache.file_stamp(str(path)) or "") is None


# -- git blobs ---------------------------------------------------------------------------


def test_reading_git_stops_past_the_limit() -> None:
    # An endless stream: read whole, as before, this would never return.
    endless = subprocess.Popen(["cat", "/dev/zero"], stdout=subprocess.PIPE)
    with endless:
        assert revision._read_at_most(endless, 8 << 20) is None
    assert endless.returncode is not None


def test_a_revision_past_the_limit_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "big.yaml"], ["commit", "-q", "-m", "big"]):
        if args[0] == "add":
            (repo / "big.yaml").write_text(MINIMAL_TEXT + "#" * 5000 + "\n")
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    monkeypatch.chdir(repo)
    monkeypatch.setattr(revision, "MAX_FILE_BYTES", 4 << 20)
    assert runner.invoke(app, ["diff", "HEAD:big.yaml", "big.yaml"]).exit_code == 0
    monkeypatch.setattr(revision, "MAX_FILE_BYTES", 1000)
    result = runner.invoke(app, ["diff", "HEAD:big.yaml", "big.yaml"])
    assert result.exit_code == 1
    assert result.stderr == "raqqa: error: HEAD:big.yaml: larger than the 1,000-byte limit\n"
