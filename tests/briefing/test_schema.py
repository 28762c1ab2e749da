"""The JSON Schema is generated from the model and agrees with the loader."""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing
from raqqa_cli.briefing.model import Briefing
from raqqa_cli.briefing.schema import json_schema
from raqqa_cli.briefing.yamldoc import parse_yaml
from raqqa_cli.cli.app import app
from tests.conftest import MINIMAL


def plain(path: Any) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8")).data


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_schema_command_prints_the_generated_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


def test_schema_covers_every_field_of_the_model() -> None:
    schema = json_schema()
    assert set(schema["properties"]) == set(Briefing._fields)
    from raqqa_cli.briefing import model

    records = {"About", "Source", "Role", "Actor", "Place", "Issue", "Statement", "Package"}
    records |= {"Pledge", "Reaction", "Figure", "Event", "Assessment", "Erratum", "Converted"}
    records |= {"Decision", "Vote"}
    records |= {"Account"}  # an erratum's further accounts
    records |= {"Rendering"}  # a remark as another source gives it
    assert set(schema["$defs"]) == records
    for name, definition in schema["$defs"].items():
        assert definition["additionalProperties"] is False, name
        # A field with a former name (`says`, once `article_says`) takes either.
        record = getattr(model, name)
        fields = set(record._fields)
        hints = typing.get_type_hints(record, include_extras=True)
        former = {
            meta.name
            for hint in hints.values()
            for meta in getattr(hint, "__metadata__", ())
            if isinstance(meta, model.Formerly)
        }
        assert set(definition["properties"]) == fields | former, name
    assert schema["required"] == ["schema_version", "briefing", "sources"]


@pytest.mark.parametrize("path", [MINIMAL, Path(embedded_briefing())], ids=["minimal", "embedded"])
def test_briefings_validate_under_the_schema(path: Any) -> None:
    jsonschema.validate(plain(path), json_schema())


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["pledges"][0].update(colour="red"), "colour"),
        (lambda d: d["pledges"][0].update(quantity=-1), "quantity"),
        (lambda d: d["pledges"][0].update(status="promised"), "status"),
        (lambda d: d["events"][0].update(date="1 March"), "date"),
        (lambda d: d["sources"][0].pop("title"), "title"),
    ],
)
def test_schema_refuses_what_the_loader_refuses(change: Any, where: str) -> None:
    data = copy.deepcopy(plain(MINIMAL))
    change(data)
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(data, json_schema())
    error = caught.value
    assert where in [*error.absolute_path, *error.message.split("'")]
