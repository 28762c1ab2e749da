"""Schema version 2: new optional fields, gated by the declared version, each documented."""

from __future__ import annotations

import typing
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing import model
from raqqa_cli.briefing.schema import json_schema
from raqqa_cli.briefing.yamldoc import parse_yaml
from raqqa_cli.cli.app import app
from tests.briefing.test_load import Write, refused
from tests.conftest import DATA, MINIMAL

VERSION2 = DATA / "version2.yaml"
RECORDS: list[Any] = [
    model.About, model.Source, model.Actor, model.Place, model.Issue, model.Statement,
    model.Package, model.Pledge, model.Reaction, model.Figure, model.Event, model.Erratum,
]  # fmt: skip


def new_fields() -> set[tuple[str, str]]:
    """(record, field) for every field the model marks new in version 2."""
    found = set()
    for record in RECORDS:
        hints = typing.get_type_hints(record, include_extras=True)
        for name in record._fields:
            if model.V2 in getattr(hints[name], "__metadata__", ()):
                found.add((record.__name__, name))
    return found


def keys_in(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in keys_in(value)}
    if isinstance(data, list):
        return {k for item in data for k in keys_in(item)}
    return set()


def test_the_version_2_fixture_validates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(VERSION2)])
    assert result.exit_code == 0, result.output
    assert ": valid briefing (schema_version 2): " in result.stdout


def test_the_version_2_fixture_uses_every_new_field_and_value() -> None:
    text = VERSION2.read_text(encoding="utf-8")
    keys = keys_in(parse_yaml(text).data)
    assert {name for _, name in new_fields()} <= keys
    for values in model.V2_VALUES.values():
        for value in values:
            assert f": {value}" in text, value


def test_the_version_2_fixture_validates_under_the_json_schema() -> None:
    jsonschema.validate(parse_yaml(VERSION2.read_text(encoding="utf-8")).data, json_schema())


def test_the_json_schema_describes_every_new_field() -> None:
    defs = json_schema()["$defs"]
    for record, name in new_fields():
        description = defs[record]["properties"][name]["description"]
        assert "new in schema version 2" in description, (record, name)
        assert len(description) > len("new in schema version 2") + 10, (record, name)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("  - id: pkg-relief\n", "  - id: pkg-relief\n    period_start: 2020\n"),
            "packages[0].period_start: 'period_start' is new in schema_version 2; this file"
            " declares schema_version 1 (declare schema_version: 2 to use it)",
        ),
        (
            ("  - id: act-relief\n    name: Relief League\n    kind: organisation",
             "  - id: act-relief\n    name: Relief League\n    kind: group"),
            "actors[2].kind: kind: group is new in schema_version 2",
        ),
        (
            ("    kind: news report\n", "    kind: meeting record\n"),
            "sources[1].kind: kind: meeting record is new in schema_version 2",
        ),
        (
            ("    kind: city\n", "    kind: border crossing\n"),
            "places[1].kind: kind: border crossing is new in schema_version 2",
        ),
    ],
    ids=["field", "value", "source kind", "place kind"],
)  # fmt: skip
def test_a_version_1_file_may_not_use_version_2(
    runner: CliRunner, write: Write, minimal_text: str, change: tuple[str, str], expected: str
) -> None:
    assert change[0] in minimal_text
    path = write(minimal_text.replace(*change, 1))
    [line] = refused(runner, path)
    assert expected in line
    assert line.startswith(f"{path}:")


def test_a_version_1_file_may_write_a_default_of_version_2(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    """`cumulative: false` says what a version-1 file means anyway."""
    text = minimal_text.replace(
        "  - id: pkg-relief\n", "  - id: pkg-relief\n    cumulative: false\n"
    )
    assert text != minimal_text
    result = runner.invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 0, result.output


def test_every_version_1_fixture_still_validates_as_version_1(runner: CliRunner) -> None:
    for path in [MINIMAL, DATA / "totals.yaml"]:
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, result.output
        assert ": valid briefing (schema_version 1): " in result.stdout


def v2_variant(old: str, new: str) -> str:
    text = VERSION2.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("status: expected, amount: 10, currency: USD, cumulative: true,",
         "status: expected, amount: 10, currency: USD, cumulative: true, supersedes: pkg-run-2,",
         "packages[1].supersedes: supersedes leads back to 'pkg-run-1'"),
        ("toward: fig-appeal\n", "toward: fig-funded\n",
         "packages[0].toward: 'fig-funded' is not a target: give that figure target: true"),
        ("part_of: pkg-2021,", "part_of: act-fund,",
         "pledges[1].part_of: 'act-fund' is in actors, but this must name one of packages or"
         " pledges"),
        ("part_of: pkg-2021,", "part_of: aid-part,", "pledges[1].part_of: 'aid-part' cannot name"
         " itself"),
        ("low: 100, high: 200, currency: EUR", "low: 100, high: 200",
         "pledges[0].low: a range needs a currency (money) or a unit (a quantity), not both"),
        ("low: 100, high: 200,", "low: 300, high: 200,",
         "pledges[0].high: high 200 comes before low 300"),
        ("low: 100, high: 200,", "high: 200,", "pledges[0].low: high is given, so low is needed"),
        ("low: 100, high: 200,", "low: 100, amount: 200,",
         "pledges[0].amount: give amount, or low (and high) for a range, not both"),
        ("cumulative: true, as_of: 2021-04-01", "cumulative: yes, as_of: 2021-04-01",
         "packages[1].cumulative: expected true or false, got the text 'yes'"),
        ("period_start: 2021\n    period_end: 2021", "period_start: 2021\n    period_end: 2020",
         "packages[0].period_end: period_end '2020' comes before period_start '2021'"),
    ],
    ids=["supersedes-loop", "toward-no-target", "part-of-actor", "part-of-itself",
         "range-without-currency", "range-reversed", "high-without-low", "range-and-amount",
         "boolean", "period-reversed"],
)  # fmt: skip
def test_version_2_rules(
    runner: CliRunner, write: Write, old: str, new: str, expected: str
) -> None:
    path = write(v2_variant(old, new))
    lines = refused(runner, path)
    assert any(expected in line for line in lines), lines


def test_a_part_of_loop_across_packages_and_pledges_is_refused(
    runner: CliRunner, write: Write
) -> None:
    text = v2_variant("    toward: fig-appeal\n", "    toward: fig-appeal\n    part_of: aid-part\n")
    lines = refused(runner, write(text))
    assert any("packages[0].part_of: part_of leads back to 'pkg-2021'" in x for x in lines), lines
    assert any("pledges[1].part_of: part_of leads back to 'aid-part'" in x for x in lines), lines


def test_a_long_chain_runs_through_the_command(runner: CliRunner, write: Write) -> None:
    """A hostile file's 20,000-long chain is read, checked and totalled: one row, the latest
    update, all 19,999 earlier ones named. (How the cost grows: tests/reports/test_growth.py.)"""
    full = VERSION2.read_text(encoding="utf-8")
    lines = [
        f"  - {{id: p{i}, title: t, donor: act-fund, status: pledged, amount: {i}, currency: USD,"
        f" cumulative: true{f', supersedes: p{i - 1}' if i else ''}, source: src-a}}"
        for i in range(20_000)
    ]
    text = full.replace("packages:\n", "packages:\n" + "\n".join(lines) + "\n", 1)
    args = ["aid", "--totals", "--donor", "act-fund", "-f", str(write(text)), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output[-500:]
    import json

    [usd] = [
        r for r in json.loads(result.stdout) if r["unit"] == "USD" and "p19999" in r["entry_ids"]
    ]
    assert usd["total"] == 19_999 and len(usd["not_added_ids"]) == 19_999


def test_the_version_2_fixture_runs_in_every_command(runner: CliRunner) -> None:
    for args in (["aid"], ["aid", "--totals"], ["figures"], ["reactions"], ["brief"]):
        result = runner.invoke(app, [*args, "-f", str(VERSION2), "--format", "markdown"])
        assert result.exit_code == 0, (args, result.output)
