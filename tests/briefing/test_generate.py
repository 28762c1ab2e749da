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
from raqqa_cli.briefing.load import Text, parse
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
