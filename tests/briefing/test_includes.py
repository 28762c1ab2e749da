"""Briefings split across files: `include:` and the registries it names.

A briefing's top-level `include:` lists paths (glob patterns allowed) relative to the folder
of the file holding it; the entries of the files it reaches count as the briefing's own, in
order: the file's own entries first, then each included file's, depth-first. Every problem
is one located line, in the file that holds it. These tests go through the CLI, as a user
would, and hold the feature to that: located errors, order, the cache, `validate` on a
registry alone, standard input, and (a property over every shipped briefing) the same output
for a briefing split into registries as for the same briefing written as one file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from raqqa_cli.briefing.model import SECTIONS
from raqqa_cli.cli.app import app
from tests.conftest import briefing_head, with_includes

ROOT = Path(__file__).parent.parent.parent
SHIPPED = [ROOT / "data" / "briefing.yaml", *sorted(ROOT.glob("examples/*.yaml"))]
PREFIX = "raqqa: error: "


@pytest.fixture(autouse=True)
def no_shelf_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's RAQQA_SHELF_ROOT, if any, does not leak into these tests."""
    monkeypatch.delenv("RAQQA_SHELF_ROOT", raising=False)


def clean_runner() -> CliRunner:
    """As conftest's `runner`, for the property test (hypothesis and function fixtures)."""
    return CliRunner(env={"RAQQA_BRIEFING": None, "NO_COLOR": None, "FORCE_COLOR": None})


# -- helpers ----------------------------------------------------------------------------


def put(folder: Path, files: dict[str, str]) -> None:
    """Write each of `files` (a path relative to `folder` -> its text), folders made."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main_text(includes: list[str] | None = None, head: dict[str, Any] | None = None) -> str:
    """A schema-2 briefing (conftest's `briefing_head`: src-a, act-a, act-b), then its
    `include:` list, each item on a line of its own as `  - "ITEM"` so tests can find it."""
    text = yaml.safe_dump(head or briefing_head(), allow_unicode=True, sort_keys=False)
    if includes is not None:
        text += "include:\n" + "".join(f"  - {json.dumps(item)}\n" for item in includes)
    return text


def item(pattern: str) -> str:
    """The line `main_text` writes for an include item."""
    return f"  - {json.dumps(pattern)}"


def line_of(path: Path, text: str) -> int:
    """The number (from 1) of the one line of `path` that holds `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, (text, found, path)
    return found[0]


def not_crashed(result: Result) -> None:
    """The command ended as raqqa means it to, not with an exception escaping it (CliRunner
    gives an escaped exception exit status 1 too)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


def problems(runner: CliRunner, args: list[str], **kwargs: Any) -> list[str]:
    """Run `raqqa ARGS`; assert exit 1 with only `raqqa: error: ` lines on stderr, no
    traceback; return those lines without the prefix."""
    result = runner.invoke(app, args, **kwargs)
    not_crashed(result)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no error printed"
    assert all(line.startswith(PREFIX) for line in lines), lines
    return [line.removeprefix(PREFIX) for line in lines]


def one_problem(runner: CliRunner, args: list[str], **kwargs: Any) -> str:
    lines = problems(runner, args, **kwargs)
    assert len(lines) == 1, lines
    return lines[0]


def ok(runner: CliRunner, args: list[str], **kwargs: Any) -> str:
    result = runner.invoke(app, args, **kwargs)
    not_crashed(result)
    assert result.exit_code == 0, result.output
    return result.stdout


def actor_ids(runner: CliRunner, path: Path | str, **kwargs: Any) -> list[str]:
    records = json.loads(ok(runner, ["actors", "-f", str(path), "--format", "json"], **kwargs))
    return [record["id"] for record in records]


def actor_names(runner: CliRunner, path: Path) -> list[str]:
    records = json.loads(ok(runner, ["actors", "-f", str(path), "--format", "json"]))
    return [record["name"] for record in records]


def actors_yaml(*ids: str, source: str = "src-a") -> str:
    """A registry text holding one actor per id, each named after its id."""
    return "actors:\n" + "".join(
        f"  - id: {id_}\n    name: Name of {id_}\n    kind: state\n    source: {source}\n"
        for id_ in ids
    )


def at(path: Path, line: int) -> str:
    return f"{path}:{line}:"


# -- problems, each located in the file that holds it -----------------------------------


BAD_ENTRIES = {
    "unknown field": "  - {id: act-d, name: Delta, kind: state, source: src-a, colour: red}",
    "wrong type": "  - {id: act-d, name: 1984, kind: state, source: src-a}",
    "dangling reference": "  - {id: act-d, name: Delta, kind: state, source: src-zz}",
    "bad id": "  - {id: Act D, name: Delta, kind: state, source: src-a}",
}


@pytest.mark.parametrize("entry", BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
@pytest.mark.parametrize("command", [["aid"], ["actors"], ["validate"]])
def test_a_problem_in_an_included_entry_names_that_file_and_line(
    runner: CliRunner, tmp_path: Path, entry: str, command: list[str]
) -> None:
    registry = (
        "# actors the desk keeps for every briefing\n"
        "\n"
        "actors:\n"
        "  - id: act-c\n"
        "    name: Gamma\n"
        "    kind: state\n"
        "    source: src-a\n"
        f"{entry}\n"
        "  - id: act-e\n"
        "    name: Epsilon\n"
        "    kind: state\n"
        "    source: src-a\n"
    )
    put(tmp_path, {"briefing.yaml": main_text(["registry/actors.yaml"])})
    put(tmp_path, {"registry/actors.yaml": registry})
    included = tmp_path / "registry" / "actors.yaml"
    if command == ["validate"]:
        args = ["validate", str(tmp_path / "briefing.yaml")]
    else:
        args = [*command, "-f", str(tmp_path / "briefing.yaml")]
    line = one_problem(runner, args)
    assert line.startswith(at(included, line_of(included, entry))), line


def test_a_problem_in_a_registry_two_levels_down_names_that_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/first.yaml"])})
    put(tmp_path, {"reg/first.yaml": "include: [deeper/second.yaml]\n" + actors_yaml("act-c")})
    bad = "  - {id: act-d, name: Delta, kind: state, source: src-zz}"
    put(tmp_path, {"reg/deeper/second.yaml": actors_yaml("act-e") + bad + "\n"})
    second = tmp_path / "reg" / "deeper" / "second.yaml"
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(second, line_of(second, bad))), line


def test_a_missing_included_file_is_located_at_its_include_item(
    runner: CliRunner, tmp_path: Path
) -> None:
    main = tmp_path / "briefing.yaml"
    put(tmp_path, {"reg/there.yaml": actors_yaml("act-c")})
    main.write_text(main_text(["reg/there.yaml", "reg/missing.yaml"]), encoding="utf-8")
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item("reg/missing.yaml")))), line


def test_a_missing_file_included_by_a_registry_is_located_in_that_registry(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/first.yaml"])})
    put(tmp_path, {"reg/first.yaml": actors_yaml("act-c") + "include:\n  - gone.yaml\n"})
    first = tmp_path / "reg" / "first.yaml"
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(first, line_of(first, "  - gone.yaml"))), line


@pytest.mark.parametrize(
    "pattern", ["reg/*.yml", "reg/?.yaml", "reg/[xyz]*.yaml", "none/**/*.yaml"]
)
def test_a_pattern_that_matches_no_file_is_located_at_its_include_item(
    runner: CliRunner, tmp_path: Path, pattern: str
) -> None:
    main = tmp_path / "briefing.yaml"
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c")})
    main.write_text(main_text(["reg/actors.yaml", pattern]), encoding="utf-8")
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item(pattern)))), line


def test_an_include_that_is_not_a_list_of_strings_is_located(
    runner: CliRunner, tmp_path: Path
) -> None:
    main = tmp_path / "briefing.yaml"
    main.write_text(main_text() + "include:\n  - reg/a.yaml\n  - {path: b.yaml}\n", "utf-8")
    put(tmp_path, {"reg/a.yaml": actors_yaml("act-c")})
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(f"{main}:"), line  # in the briefing, at `include` or its item
    where = int(line.removeprefix(f"{main}:").split(":")[0])
    assert where in (line_of(main, "include:"), line_of(main, "{path: b.yaml}")), line


def test_a_cycle_through_the_briefing_is_located_at_the_item_that_closes_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    main = tmp_path / "a.yaml"
    main.write_text(main_text(["b.yaml"]), encoding="utf-8")
    put(tmp_path, {"b.yaml": actors_yaml("act-c") + "include:\n  - a.yaml\n"})
    closing = tmp_path / "b.yaml"
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(closing, line_of(closing, "  - a.yaml"))), line


def test_a_cycle_among_registries_is_located_at_the_item_that_closes_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/one.yaml"])})
    put(tmp_path, {"reg/one.yaml": actors_yaml("act-c") + "include:\n  - two/two.yaml\n"})
    put(tmp_path, {"reg/two/two.yaml": actors_yaml("act-d") + "include:\n  - ../one.yaml\n"})
    closing = tmp_path / "reg" / "two" / "two.yaml"
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(closing, line_of(closing, "  - ../one.yaml"))), line


def test_a_registry_including_itself_is_a_cycle(runner: CliRunner, tmp_path: Path) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/self.yaml"])})
    put(tmp_path, {"reg/self.yaml": "include:\n  - ./self.yaml\n" + actors_yaml("act-c")})
    closing = tmp_path / "reg" / "self.yaml"
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(closing, line_of(closing, "  - ./self.yaml"))), line


def test_outside_the_briefings_folder_is_refused_without_a_repository(
    runner: CliRunner, tmp_path: Path
) -> None:
    """No `.git` above: the root is the briefing's own folder."""
    put(tmp_path, {"outside.yaml": actors_yaml("act-c")})
    main = tmp_path / "shelf" / "briefing.yaml"
    put(tmp_path, {"shelf/briefing.yaml": main_text(["../outside.yaml"])})
    assert not any((p / ".git").exists() for p in main.parents), "a .git above the test folder"
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item("../outside.yaml")))), line


def test_an_absolute_path_outside_the_root_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    put(tmp_path, {"outside.yaml": actors_yaml("act-c")})
    outside = str(tmp_path / "outside.yaml")
    main = tmp_path / "shelf" / "briefing.yaml"
    put(tmp_path, {"shelf/briefing.yaml": main_text([outside])})
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item(outside)))), line


def test_a_glob_reaching_outside_the_root_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    put(tmp_path, {"outside.yaml": actors_yaml("act-c")})
    main = tmp_path / "shelf" / "briefing.yaml"
    put(tmp_path, {"shelf/briefing.yaml": main_text(["../*.yaml"])})
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item("../*.yaml")))), line


def test_the_git_repository_is_the_root(runner: CliRunner, tmp_path: Path) -> None:
    """A folder with `.git` holding the briefing is the root: above the briefing's own folder
    is allowed within it, and refused beyond it."""
    (tmp_path / "shelf" / ".git").mkdir(parents=True)
    put(tmp_path, {"shelf/common.yaml": actors_yaml("act-common")})
    put(tmp_path, {"outside.yaml": actors_yaml("act-outside")})
    inside = tmp_path / "shelf" / "desk" / "briefing.yaml"
    put(tmp_path, {"shelf/desk/briefing.yaml": main_text(["../common.yaml"])})
    assert actor_ids(runner, inside) == ["act-a", "act-b", "act-common"]

    beyond = tmp_path / "shelf" / "desk" / "beyond.yaml"
    put(tmp_path, {"shelf/desk/beyond.yaml": main_text(["../common.yaml", "../../outside.yaml"])})
    line = one_problem(runner, ["aid", "-f", str(beyond)])
    assert line.startswith(at(beyond, line_of(beyond, item("../../outside.yaml")))), line


def test_without_a_repository_the_parent_folder_is_outside(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The layout of `test_the_git_repository_is_the_root` without its `.git`: the root is
    the briefing's own folder, so the include that was allowed there is refused here."""
    put(tmp_path, {"shelf/common.yaml": actors_yaml("act-common")})
    main = tmp_path / "shelf" / "desk" / "briefing.yaml"
    put(tmp_path, {"shelf/desk/briefing.yaml": main_text(["../common.yaml"])})
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item("../common.yaml")))), line


def test_raqqa_shelf_root_names_another_root(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAQQA_NO_CACHE", "1")  # the root alone; with the cache: below
    (tmp_path / "shelf" / ".git").mkdir(parents=True)
    put(tmp_path, {"shelf/common.yaml": actors_yaml("act-common")})
    put(tmp_path, {"outside.yaml": actors_yaml("act-outside")})
    main = tmp_path / "shelf" / "desk" / "briefing.yaml"
    put(tmp_path, {"shelf/desk/briefing.yaml": main_text(["../common.yaml"])})
    far = tmp_path / "shelf" / "desk" / "far.yaml"
    put(tmp_path, {"shelf/desk/far.yaml": main_text(["../../outside.yaml"])})
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-common"]  # the repository

    # A narrower root than the repository: its parent is now outside.
    monkeypatch.setenv("RAQQA_SHELF_ROOT", str(tmp_path / "shelf" / "desk"))
    line = one_problem(runner, ["aid", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item("../common.yaml")))), line

    # A wider one: beyond the repository is now inside.
    monkeypatch.setenv("RAQQA_SHELF_ROOT", str(tmp_path))
    assert actor_ids(runner, far) == ["act-a", "act-b", "act-outside"]
    monkeypatch.delenv("RAQQA_SHELF_ROOT")
    line = one_problem(runner, ["aid", "-f", str(far)])
    assert line.startswith(at(far, line_of(far, item("../../outside.yaml")))), line


def test_an_id_in_the_briefing_and_a_registry_is_a_duplicate_in_the_registry(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/actors.yaml"])})
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c", "act-b", "act-d")})
    registry = tmp_path / "reg" / "actors.yaml"
    for command in (["aid", "-f"], ["validate"]):
        line = one_problem(runner, [*command, str(tmp_path / "briefing.yaml")])
        assert line.startswith(at(registry, line_of(registry, "- id: act-b"))), line
        assert "duplicate id 'act-b'" in line, line


def test_an_id_in_two_registries_is_a_duplicate_in_the_second(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/one.yaml", "reg/two.yaml"])})
    put(tmp_path, {"reg/one.yaml": actors_yaml("act-c", "act-twice")})
    put(tmp_path, {"reg/two.yaml": actors_yaml("act-d", "act-e", "act-twice")})
    second = tmp_path / "reg" / "two.yaml"
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(second, line_of(second, "- id: act-twice"))), line
    assert "duplicate id 'act-twice'" in line, line


def test_an_id_across_sections_and_files_is_a_duplicate(runner: CliRunner, tmp_path: Path) -> None:
    """Ids are unique across the whole briefing, not per section: a place in a registry
    with the id of an actor in the briefing is a duplicate too."""
    put(tmp_path, {"briefing.yaml": main_text(["reg/places.yaml"])})
    place = {"id": "act-a", "name": "Somewhere", "kind": "city", "source": "src-a"}
    put(tmp_path, {"reg/places.yaml": dumped({"places": [place]})})
    registry = tmp_path / "reg" / "places.yaml"
    single = tmp_path / "single.yaml"
    head = briefing_head()
    head["places"] = [place]
    single.write_text(main_text(head=head), encoding="utf-8")
    alone = one_problem(runner, ["aid", "-f", str(single)])
    assert "duplicate id 'act-a'" in alone, alone  # the rule the split must keep
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(registry, line_of(registry, "- id: act-a"))), line


@pytest.mark.parametrize(
    "extra",
    [
        "briefing:\n  title: A second briefing\n",
        "notes: what the desk thinks\n",
        "actor:\n  - id: act-z\n",  # a near miss of `actors`
    ],
    ids=["briefing", "unknown key", "near miss"],
)
def test_a_registry_holds_only_list_sections(runner: CliRunner, tmp_path: Path, extra: str) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/actors.yaml"])})
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c") + extra})
    registry = tmp_path / "reg" / "actors.yaml"
    key = extra.split(":")[0] + ":"
    lines = registry.read_text(encoding="utf-8").splitlines()
    [number] = [n for n, text in enumerate(lines, 1) if text.startswith(key)]
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(at(registry, number)), line


def test_a_registry_that_is_not_a_mapping_is_located_in_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/list.yaml"])})
    put(tmp_path, {"reg/list.yaml": "- id: act-c\n  name: Gamma\n"})
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(f"{tmp_path / 'reg' / 'list.yaml'}:"), line


def test_invalid_yaml_in_a_registry_is_located_in_it(runner: CliRunner, tmp_path: Path) -> None:
    put(tmp_path, {"briefing.yaml": main_text(["reg/broken.yaml"])})
    put(tmp_path, {"reg/broken.yaml": actors_yaml("act-c") + "  - {id: act-d, name: [Delta\n"})
    line = one_problem(runner, ["aid", "-f", str(tmp_path / "briefing.yaml")])
    assert line.startswith(f"{tmp_path / 'reg' / 'broken.yaml'}:"), line
    assert "invalid YAML" in line, line


# -- what an include brings in, and in what order ---------------------------------------


def test_entries_come_in_include_order_depth_first_globs_sorted(
    runner: CliRunner, tmp_path: Path
) -> None:
    main = tmp_path / "briefing.yaml"
    put(tmp_path, {"briefing.yaml": main_text(["reg/b/*.yaml", "reg/a.yaml", "deep/**/*.yaml"])})
    put(
        tmp_path,
        {
            # written in the opposite order to the one a sorted glob gives
            "reg/b/y.yaml": actors_yaml("act-y", source="src-from-a"),
            "reg/b/x.yaml": actors_yaml("act-x") + "include: [x/deep.yaml]\n",
            "reg/b/x/deep.yaml": actors_yaml("act-x-deep"),
            "reg/a.yaml": (
                "schema_version: 2\n"
                + actors_yaml("act-ra")
                + "sources:\n  - {id: src-from-a, title: F, publisher: P, kind: report}\n"
            ),
            "deep/m/one.yaml": actors_yaml("act-m-one"),
            "deep/m/n/two.yaml": actors_yaml("act-m-n-two"),
        },
    )
    assert actor_ids(runner, main) == [
        "act-a",
        "act-b",
        "act-x",
        "act-x-deep",
        "act-y",
        "act-ra",
        "act-m-n-two",
        "act-m-one",
    ]
    sources = json.loads(ok(runner, ["sources", "-f", str(main), "--format", "json"]))
    assert [s["id"] for s in sources] == ["src-a", "src-from-a"]
    ok(runner, ["validate", str(main)])


def test_the_include_key_may_come_before_the_sections(runner: CliRunner, tmp_path: Path) -> None:
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c")})
    main = tmp_path / "briefing.yaml"
    main.write_text("include: [reg/actors.yaml]\n" + main_text(), encoding="utf-8")
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c"]


def test_an_empty_include_list_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    main = tmp_path / "briefing.yaml"
    main.write_text(main_text() + "include: []\n", encoding="utf-8")
    assert actor_ids(runner, main) == ["act-a", "act-b"]


def test_a_file_reached_twice_is_read_once(runner: CliRunner, tmp_path: Path) -> None:
    """A diamond (two registries including one), and two patterns matching one file."""
    put(
        tmp_path,
        {
            "briefing.yaml": main_text(["reg/left.yaml", "reg/right.yaml", "reg/*.yaml"]),
            "reg/left.yaml": actors_yaml("act-left") + "include: [common/shared.yaml]\n",
            "reg/right.yaml": actors_yaml("act-right") + "include: [./common/shared.yaml]\n",
            "reg/common/shared.yaml": actors_yaml("act-shared"),
        },
    )
    main = tmp_path / "briefing.yaml"
    ids = actor_ids(runner, main)
    assert ids == ["act-a", "act-b", "act-left", "act-shared", "act-right"], ids
    ok(runner, ["validate", str(main)])


def test_a_file_reached_twice_through_a_different_spelling_is_read_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(
        tmp_path,
        {
            "briefing.yaml": main_text(["reg/actors.yaml", "reg/../reg/./actors.yaml"]),
            "reg/actors.yaml": actors_yaml("act-c"),
        },
    )
    assert actor_ids(runner, tmp_path / "briefing.yaml") == ["act-a", "act-b", "act-c"]


# -- the cache keys on every file read ---------------------------------------------------


def test_the_cache_keys_on_every_file_read(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RAQQA_NO_CACHE", raising=False)
    shelf = tmp_path / "shelf"
    put(
        shelf,
        {
            "briefing.yaml": main_text(["reg/people.yaml", "more/*.yaml"]),
            "reg/people.yaml": actors_yaml("act-c").replace("Name of act-c", "Gamma"),
            "more/one.yaml": actors_yaml("act-one"),
        },
    )
    main = shelf / "briefing.yaml"
    first = actor_names(runner, main)
    assert first == ["Alpha", "Beta", "Gamma", "Name of act-one"]
    assert actor_names(runner, main) == first  # the second, from the cache

    # The same size and the same modification time: only the bytes differ.
    registry = shelf / "reg" / "people.yaml"
    before = registry.stat()
    registry.write_text(registry.read_text("utf-8").replace("Gamma", "Delta"), "utf-8")
    os.utime(registry, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert registry.stat().st_size == before.st_size
    assert actor_names(runner, main) == ["Alpha", "Beta", "Delta", "Name of act-one"]

    # A new file the glob matches.
    put(shelf, {"more/two.yaml": actors_yaml("act-two")})
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c", "act-one", "act-two"]

    # A file the glob matched, gone.
    (shelf / "more" / "one.yaml").unlink()
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c", "act-two"]

    # A registry two levels down, changed.
    put(shelf, {"more/two.yaml": actors_yaml("act-two") + "include: [deep/three.yaml]\n"})
    put(shelf, {"more/deep/three.yaml": actors_yaml("act-three")})
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c", "act-two", "act-three"]
    put(shelf, {"more/deep/three.yaml": actors_yaml("act-tri")})
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c", "act-two", "act-tri"]


def test_a_cached_briefing_is_not_answered_once_its_registry_breaks(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RAQQA_NO_CACHE", raising=False)
    put(tmp_path, {"briefing.yaml": main_text(["reg/actors.yaml"])})
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c")})
    main = tmp_path / "briefing.yaml"
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c"]
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-c"]
    bad = "  - {id: act-d, name: Delta, kind: state, source: src-zz}"
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c") + bad + "\n"})
    registry = tmp_path / "reg" / "actors.yaml"
    line = one_problem(runner, ["actors", "-f", str(main)])
    assert line.startswith(at(registry, line_of(registry, bad))), line
    (tmp_path / "reg" / "actors.yaml").unlink()
    line = one_problem(runner, ["actors", "-f", str(main)])
    assert line.startswith(at(main, line_of(main, item("reg/actors.yaml")))), line


def test_a_change_of_root_is_never_answered_from_the_cache(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same files, read under another root, give another answer: the root is part of
    what the answer depends on, as much as the bytes of the files."""
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RAQQA_NO_CACHE", raising=False)
    put(tmp_path, {"shelf/common.yaml": actors_yaml("act-common")})
    main = tmp_path / "shelf" / "desk" / "briefing.yaml"
    put(tmp_path, {"shelf/desk/briefing.yaml": main_text(["../common.yaml"])})
    refusal = at(main, line_of(main, item("../common.yaml")))
    assert one_problem(runner, ["actors", "-f", str(main)]).startswith(refusal)
    (tmp_path / "shelf" / ".git").mkdir()  # now a repository: its top is the root
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-common"]
    monkeypatch.setenv("RAQQA_SHELF_ROOT", str(tmp_path / "shelf" / "desk"))
    assert one_problem(runner, ["actors", "-f", str(main)]).startswith(refusal)
    monkeypatch.delenv("RAQQA_SHELF_ROOT")
    assert actor_ids(runner, main) == ["act-a", "act-b", "act-common"]


# -- validate on a registry alone ---------------------------------------------------------


REGISTRY = (
    "sources:\n"
    "  - id: src-desk\n"
    "    title: Desk notes\n"
    "    publisher: Desk\n"
    "    kind: report\n"
    "actors:\n"
    "  - id: act-desk\n"
    "    name: Desk\n"
    "    kind: state\n"
    "    source: src-desk\n"
)


def test_validate_checks_a_registry_alone(runner: CliRunner, tmp_path: Path) -> None:
    put(tmp_path, {"registry.yaml": REGISTRY})
    ok(runner, ["validate", str(tmp_path / "registry.yaml")])


def test_validate_resolves_a_registrys_references_through_what_it_includes(
    runner: CliRunner, tmp_path: Path
) -> None:
    put(
        tmp_path,
        {
            "registry.yaml": "schema_version: 2\ninclude: [more/*.yaml]\n" + REGISTRY,
            "more/people.yaml": actors_yaml("act-more", source="src-desk"),
        },
    )
    ok(runner, ["validate", str(tmp_path / "registry.yaml")])


def test_validate_refuses_a_registry_whose_reference_goes_nowhere(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = REGISTRY + "  - id: act-lost\n    name: Lost\n    kind: state\n    source: src-nowhere\n"
    put(tmp_path, {"registry.yaml": bad})
    registry = tmp_path / "registry.yaml"
    line = one_problem(runner, ["validate", str(registry)])
    assert line.startswith(at(registry, line_of(registry, "source: src-nowhere"))), line
    assert "src-nowhere" in line, line


def test_validate_refuses_a_bad_entry_in_what_a_registry_includes(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = "  - {id: act-bad, name: Bad, kind: state, source: src-nowhere}"
    put(
        tmp_path,
        {
            "registry.yaml": "include: [more/people.yaml]\n" + REGISTRY,
            "more/people.yaml": actors_yaml("act-more", source="src-desk") + bad + "\n",
        },
    )
    included = tmp_path / "more" / "people.yaml"
    line = one_problem(runner, ["validate", str(tmp_path / "registry.yaml")])
    assert line.startswith(at(included, line_of(included, bad))), line


# -- standard input --------------------------------------------------------------------


def test_a_briefing_on_standard_input_includes_from_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c")})
    monkeypatch.chdir(tmp_path)
    text = main_text(["reg/actors.yaml"])
    args = ["actors", "-f", "-", "--format", "json"]
    assert [r["id"] for r in json.loads(ok(runner, args, input=text))] == [
        "act-a",
        "act-b",
        "act-c",
    ]


def test_a_problem_in_a_registry_of_standard_input_names_the_registry(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = "  - {id: act-d, name: Delta, kind: state, source: src-zz}"
    put(tmp_path, {"reg/actors.yaml": actors_yaml("act-c") + bad + "\n"})
    monkeypatch.chdir(tmp_path)
    number = line_of(tmp_path / "reg" / "actors.yaml", bad)
    line = one_problem(runner, ["aid", "-f", "-"], input=main_text(["reg/actors.yaml"]))
    names = ("reg/actors.yaml", "./reg/actors.yaml", str(tmp_path / "reg" / "actors.yaml"))
    assert any(line.startswith(f"{name}:{number}:") for name in names), line


def test_a_missing_include_of_standard_input_is_located_in_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = main_text(["reg/missing.yaml"])
    number = text.splitlines().index(item("reg/missing.yaml")) + 1
    line = one_problem(runner, ["aid", "-f", "-"], input=text)
    assert line.startswith(f"<stdin>:{number}:"), line


# -- a split briefing answers as the same briefing written as one file ----------------------


COMMANDS: tuple[tuple[str, ...], ...] = (
    ("issues",),
    ("aid", "--totals"),
    ("actors",),
    ("sources",),
    ("timeline",),
    ("figures",),
    ("conflicts",),
    ("statements",),
)


class CoreLoader(yaml.SafeLoader):
    """`yaml.safe_load` with YAML 1.2's booleans (only true and false), as raqqa reads: to
    YAML 1.1, `new_money: yes` is true, which raqqa refuses where it wants the word."""


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def shipped_data(path: Path) -> dict[str, Any]:
    """A shipped briefing as plain data, the registries it includes (examples/registry/)
    written into it (conftest's `with_includes`), without its archived texts (which
    `validate` alone reads, relative to the briefing's folder)."""
    data = with_includes(path, lambda text: yaml.load(text, Loader=CoreLoader))
    for source in data.get("sources") or []:
        source.pop("archive", None)
        source.pop("translation_archive", None)
    return data


def dumped(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def command_lines(data: dict[str, Any]) -> list[list[str]]:
    """Every command compared, each with its output format: JSON, and the brief in Markdown."""
    actor = data["actors"][-1]["name"]  # the last: the one most often in a registry
    lines = [[*command, "--format", "json"] for command in COMMANDS]
    return [*lines, ["search", actor, "--format", "json"], ["brief"]]


def outputs(
    folder: Path, data: dict[str, Any], expected: dict[str, str] | None = None
) -> dict[str, str]:
    """What each command prints for `folder`/briefing.yaml, run from `folder` (the brief
    quotes the `-f` it was given, so both sides give the same one); given `expected`, each
    output is compared as it comes, so that a failing example costs one command."""
    runner = clean_runner()
    found: dict[str, str] = {}
    with contextlib.chdir(folder):
        for args in command_lines(data):
            result = runner.invoke(app, [args[0], "-f", "briefing.yaml", *args[1:]])
            not_crashed(result)
            assert result.exit_code == 0, (args, result.output)
            command = " ".join(args)
            found[command] = result.stdout
            if expected is not None:
                assert found[command] == expected[command], (
                    f"`raqqa {command}` differs for the split briefing"
                )
    return found


@pytest.fixture(scope="module")
def as_one_file(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[Path], dict[str, str]]]:
    """Each shipped briefing's outputs, written as one file with safe_dump: once each."""
    known: dict[Path, dict[str, str]] = {}

    def of(path: Path) -> dict[str, str]:
        if path not in known:
            folder = tmp_path_factory.mktemp("one-file")
            data = shipped_data(path)
            (folder / "briefing.yaml").write_text(dumped(data), encoding="utf-8")
            known[path] = outputs(folder, data)
        return known[path]

    yield of


FIRST = ("reg/a.yaml", "reg/?.yaml", "reg/[a].yaml", "reg/*.yaml")
THIRD = ("reg/glob/*.yaml", "reg/**/c-*.yaml", "reg/glob/c-[0-9].yaml")
FILES = ("reg/a.yaml", "reg/deeper/b.yaml", "reg/glob/c-1.yaml", "reg/glob/c-2.yaml")


@st.composite
def splits(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`data` split into a main file and 1-4 registries (file name -> content): each
    section's prefix stays in the main file, the rest goes, in order, to reg/a.yaml, then
    reg/deeper/b.yaml (which reg/a.yaml includes), then reg/glob/c-1.yaml and c-2.yaml
    (both matched by one glob, so taken in sorted order); the main file includes
    reg/a.yaml (by name or a glob) and the glob."""
    count = draw(st.integers(1, 4))
    main = {key: value for key, value in data.items() if key not in SECTIONS}
    parts: list[dict[str, Any]] = [{} for _ in range(count)]
    for number, part in enumerate(parts):
        if draw(st.booleans()):
            part["schema_version"] = data["schema_version"]
        if number == 0 and count >= 2:
            part["include"] = ["deeper/b.yaml"]
    for section in SECTIONS:
        entries = data.get(section)
        if not entries:
            continue
        keep = draw(st.integers(0, len(entries)))
        if keep:
            main[section] = entries[:keep]
        rest = entries[keep:]
        cuts = sorted(
            draw(st.lists(st.integers(0, len(rest)), min_size=count - 1, max_size=count - 1))
        )
        bounds = [0, *cuts, len(rest)]
        for number, part in enumerate(parts):
            if bounds[number] < bounds[number + 1]:
                part[section] = rest[bounds[number] : bounds[number + 1]]
    includes = [draw(st.sampled_from(FIRST))]
    if count >= 3:
        includes.append(draw(st.sampled_from(THIRD)))
    main["include"] = includes
    files = {"briefing.yaml": main}
    files.update(zip(FILES, parts, strict=False))
    return files


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # No shrinking: each example runs ten commands, and shrinking a failure would run
    # hundreds; the layout of the failing example is noted instead.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(st.data())
def test_a_split_briefing_answers_as_the_one_file(
    as_one_file: Callable[[Path], dict[str, str]], path: Path, data: st.DataObject
) -> None:
    whole = shipped_data(path)
    expected = as_one_file(path)
    files = data.draw(splits(whole), label="files")
    note(f"include: {files['briefing.yaml']['include']}")
    for name, content in files.items():
        note(f"{name}: { ({k: len(v) for k, v in content.items() if k in SECTIONS}) }")
    with tempfile.TemporaryDirectory() as folder:
        # written last file first, so that no glob gets sorted order from the folder
        put(Path(folder), {name: dumped(files[name]) for name in reversed(files)})
        found = outputs(Path(folder), whole, expected)
    assert found.keys() == expected.keys()


def test_the_split_strategy_covers_every_layout() -> None:
    """The property's files: main plus 1-4 registries, ordered as a single file's lists."""
    whole = shipped_data(SHIPPED[0])

    @settings(max_examples=60, deadline=None)
    @given(splits(whole))
    def check(files: dict[str, dict[str, Any]]) -> None:
        order = ["briefing.yaml", *FILES]
        for section in SECTIONS:
            joined = [e for name in order for e in files.get(name, {}).get(section, [])]
            assert joined == (whole.get(section) or []), section
        for content in list(files.values())[1:]:
            assert "briefing" not in content

    check()


# -- diff follows includes ------------------------------------------------------------------


def _git(folder: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.email=desk@example.org", "-c", "user.name=Desk", *args],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip


def test_diff_reads_the_includes_of_a_revision_at_that_revision(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`diff HEAD:briefing.yaml briefing.yaml`: the old side's registries as they were
    committed (found by a glob in the revision's tree), the new side's as they are; from a
    subfolder too (`HEAD:./../briefing.yaml`)."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    put(
        tmp_path, {"briefing.yaml": main_text(["reg/*.yaml"]), "reg/one.yaml": actors_yaml("act-r")}
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "one")
    put(tmp_path, {"reg/one.yaml": actors_yaml("act-r").replace("Name of act-r", "Renamed")})
    put(tmp_path, {"reg/two.yaml": actors_yaml("act-new")})
    monkeypatch.chdir(tmp_path)
    for old, new in (
        ("HEAD:briefing.yaml", "briefing.yaml"),
        ("HEAD:./../briefing.yaml", "../briefing.yaml"),
    ):
        if old.startswith("HEAD:./.."):
            (tmp_path / "sub").mkdir(exist_ok=True)
            monkeypatch.chdir(tmp_path / "sub")
        changes = json.loads(ok(runner, ["diff", old, new, "--format", "json"]))
        seen = {(c["id"], c["change"], c.get("field")) for c in changes}
        assert ("act-r", "changed", "name") in seen, changes
        assert ("act-new", "added", None) in seen or any(
            c["id"] == "act-new" and c["change"] == "added" for c in changes
        ), changes
        assert len(changes) == 2, changes


def test_a_fifo_a_glob_matches_is_never_opened(runner: CliRunner, tmp_path: Path) -> None:
    """A FIFO in a registry folder would block a read forever: it is refused, located at
    the include item, without being opened."""
    import os

    put(tmp_path, {"briefing.yaml": main_text(["reg/*.yaml"]), "reg/a.yaml": actors_yaml("act-r")})
    os.mkfifo(tmp_path / "reg" / "pipe.yaml")
    main = tmp_path / "briefing.yaml"
    said = one_problem(runner, ["actors", "-f", str(main)])
    assert said.startswith(at(main, line_of(main, item("reg/*.yaml"))))
    assert "pipe.yaml: not a regular file" in said
