"""The benchmark's generator makes briefings the loader and the JSON Schema both accept.

If it did not, the benchmark would time the error path instead of the commands.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from benchmarks import generate
from raqqa_cli.briefing.load import Text, load_briefing, parse
from raqqa_cli.briefing.model import SECTIONS
from raqqa_cli.briefing.schema import json_schema
from raqqa_cli.briefing.yamldoc import parse_yaml
from raqqa_cli.cli.app import app


@pytest.mark.parametrize("entries", [1, 12, 600])
def test_generated_briefings_load_and_match_the_schema(entries: int) -> None:
    text = generate.generate(entries)
    briefing = parse(Text("generated.yaml", text))
    jsonschema.validate(parse_yaml(text).data, json_schema())
    counts = {section: len(getattr(briefing, section)) for section in SECTIONS}
    assert all(count >= 1 for count in counts.values()), counts
    assert abs(sum(counts.values()) - entries) <= max(len(SECTIONS), entries // 50), counts


def test_the_same_seed_gives_the_same_briefing() -> None:
    assert generate.generate(200, seed=3) == generate.generate(200, seed=3)
    assert generate.generate(200, seed=3) != generate.generate(200, seed=4)


def test_the_benchmark_subjects_exist(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(generate.generate(600), encoding="utf-8")
    for args in (
        ["issues", generate.SAMPLE_ISSUE],
        ["actors", generate.SAMPLE_ACTOR],
        ["search", generate.SAMPLE_TEXT],
    ):
        result = runner.invoke(app, [*args, "-f", str(path), "--format", "json"])
        assert result.exit_code == 0, (args, result.output)
        assert json.loads(result.stdout), args


# -- a shelf: briefings that include one registry ----------------------------------------

SHELF_BRIEFINGS = 3
SHELF_ENTRIES = 60


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate.generate_shelf(
        tmp_path_factory.mktemp("shelf"), SHELF_BRIEFINGS, SHELF_ENTRIES, seed=5
    )


def own_ids(path: Path) -> set[str]:
    """The ids a file defines itself, not those of the files it includes."""
    data = parse_yaml(path.read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return {entry["id"] for section in SECTIONS for entry in data.get(section, [])}


def registry_of(shelf: list[Path]) -> Path:
    return shelf[0].parent / generate.REGISTRY_PATH


def test_every_briefing_of_a_shelf_loads_with_its_registry(shelf: list[Path]) -> None:
    assert [p.name for p in shelf] == ["brief-1.yaml", "brief-2.yaml", "brief-3.yaml"]
    registry = own_ids(registry_of(shelf))
    assert len(registry) >= 250, len(registry)  # a few hundred shared actors and sources
    assert all(i.startswith(generate.REGISTRY_IDS) for i in registry)
    for path in shelf:
        assert f"include: [{generate.REGISTRY_PATH}]" in path.read_text(encoding="utf-8")
        briefing = load_briefing(str(path), use_cache=False)
        own = own_ids(path)
        assert not own & registry, path  # no id defined twice within a briefing
        counts = {section: len(getattr(briefing, section)) for section in SECTIONS}
        assert all(count >= 1 for count in counts.values()), counts
        loaded = {e.id for section in SECTIONS for e in getattr(briefing, section)}
        assert loaded == own | registry, path  # the registry's entries count as its own
        assert abs(len(own) - SHELF_ENTRIES) <= len(SECTIONS), (path, len(own))


def test_the_shelf_registry_is_a_valid_registry(runner: CliRunner, shelf: list[Path]) -> None:
    result = runner.invoke(app, ["validate", str(registry_of(shelf))])
    assert result.exit_code == 0, result.output
    assert "valid registry" in result.stdout, result.stdout


def test_briefings_refer_to_their_own_and_the_registry_actors_and_sources(
    shelf: list[Path],
) -> None:
    registry = own_ids(registry_of(shelf))
    shared = 0
    total = 0
    for path in shelf:
        briefing = load_briefing(str(path), use_cache=False)
        actors = {a.id: a for a in briefing.actors}
        sources = {s.id: s for s in briefing.sources}
        speakers = [s.speaker for s in briefing.statements]
        donors = [p.donor for p in briefing.pledges] + [r.actor for r in briefing.reactions]
        cited = [e.source for section in ("statements", "pledges", "reactions", "figures")
                 for e in getattr(briefing, section)]  # fmt: skip
        for refs, resolved in ((speakers + donors, actors), (cited, sources)):
            assert all(ref in resolved for ref in refs), path
            theirs = [ref for ref in refs if ref in registry]
            assert theirs, path  # some refer to the registry's entries...
            assert len(theirs) < len(refs), path  # ... and some to the briefing's own
            shared += len(theirs)
            total += len(refs)
        speaker = next(s for s in speakers if s in registry)
        assert actors[speaker].kind == "person"  # what it names is a registry person
    assert 0.2 < shared / total < 0.5, (shared, total)  # about a third


def test_briefings_of_a_shelf_reuse_each_other_own_ids(shelf: list[Path]) -> None:
    first, second, *_ = (own_ids(path) for path in shelf)
    assert {"act-1", "src-1", generate.SAMPLE_ISSUE} <= first & second


def test_every_briefing_of_a_shelf_has_the_benchmark_subjects(
    runner: CliRunner, shelf: list[Path]
) -> None:
    for path in shelf:
        briefing = load_briefing(str(path), use_cache=False)
        named = [a for a in briefing.actors if a.name == generate.SHELF_ACTOR]
        assert [a.id for a in named] == [generate.SHELF_ACTOR_ID], path
        assert generate.SHELF_ACTOR_ID in path.read_text(encoding="utf-8")  # referred to
        for args in (
            ["actors", generate.SHELF_ACTOR],
            ["actors", generate.SAMPLE_ACTOR],
            ["issues", generate.SAMPLE_ISSUE],
            ["search", generate.SAMPLE_TEXT],
        ):
            result = runner.invoke(app, [*args, "-f", str(path), "--format", "json"])
            assert result.exit_code == 0, (path, args, result.output)
            assert json.loads(result.stdout), (path, args)


def test_the_same_seed_gives_the_same_shelf(tmp_path: Path) -> None:
    def files(folder: str, seed: int) -> dict[str, bytes]:
        generate.generate_shelf(tmp_path / folder, 2, 40, seed=seed, registry_entries=30)
        return {
            str(p.relative_to(tmp_path / folder)): p.read_bytes()
            for p in sorted((tmp_path / folder).rglob("*.yaml"))
        }

    assert files("a", 1) == files("b", 1)
    assert files("a", 1) != files("c", 2)
    assert sorted(files("a", 1)) == ["brief-1.yaml", "brief-2.yaml", generate.REGISTRY_PATH]


def test_a_shelf_numbers_its_briefings_to_one_width(tmp_path: Path) -> None:
    paths = generate.generate_shelf(tmp_path, 10, 1, registry_entries=3)
    assert [p.name for p in paths[:2]] == ["brief-01.yaml", "brief-02.yaml"]
    assert paths[-1].name == "brief-10.yaml"
    for path in (paths[0], paths[-1]):
        load_briefing(str(path), use_cache=False)


def test_the_command_line_writes_a_shelf(tmp_path: Path) -> None:
    generate.main(["12", "--shelf", str(tmp_path / "cli"), "--briefings", "2", "--seed", "4"])
    expected = generate.generate_shelf(tmp_path / "api", 2, 12, seed=4)
    for path in [*expected, tmp_path / "api" / generate.REGISTRY_PATH]:
        written = tmp_path / "cli" / path.relative_to(tmp_path / "api")
        assert written.read_bytes() == path.read_bytes(), path.name


def test_the_shelf_s_cold_rows_are_judged_against_ten_times_the_warm_budget() -> None:
    """A shelf from no cache has 10x the warm budget (15 s of CPU), as issue 27 puts it;
    a warm path made faster does not fail the cold row, and a cold run past 15 s fails."""
    from benchmarks import bench

    def measured(cpu: float) -> bench.Measurement:
        case = bench.Case("search", "shelf", "json", ("raqqa",))
        return bench.Measurement(case, times=[cpu], cpus=[cpu])

    warm = measured(0.5)
    assert bench.judge_shelf_cold(measured(6.0), warm).passed  # 12x the warm time measured
    assert "12.0x warm" in bench.judge_shelf_cold(measured(6.0), warm).actual
    assert not bench.judge_shelf_cold(measured(15.5), warm).passed
    assert bench.judge_shelf_cold(measured(15.0), warm).budget == "15 s CPU"
