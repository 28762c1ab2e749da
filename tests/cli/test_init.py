"""`raqqa init`: a template that validates, written only where nothing is."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli import template
from raqqa_cli.cli.app import app
from raqqa_cli.cli.template import SCHEMA_NAME


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_the_template_validates_and_names_its_schema(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Wrote briefing.yaml: edit it, then run raqqa validate briefing.yaml\n"
    text = (tmp_path / "briefing.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_NAME}"
    assert f"raqqa schema > {SCHEMA_NAME}" in text
    assert "#   raqqa validate briefing.yaml\n" in text
    checked = runner.invoke(app, ["validate", "briefing.yaml"])
    assert checked.exit_code == 0, checked.output
    assert "valid briefing (schema_version 2)" in checked.stdout
    # and every command reads it
    for command in (["aid", "--format", "json"], ["aid", "--totals"], ["issues", "iss-first"]):
        shown = runner.invoke(app, [*command, "-f", "briefing.yaml"])
        assert shown.exit_code == 0, (command, shown.output)
        assert "aid-first" in shown.stdout or "| 1,000,000 | USD |" in shown.stdout, shown.stdout


def test_the_template_to_standard_output(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout == template.template()
    path = tmp_path / "piped.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0


def test_the_template_matches_the_json_schema(runner: CliRunner) -> None:
    import jsonschema

    from raqqa_cli.briefing.schema import json_schema
    from raqqa_cli.briefing.yamldoc import parse_yaml

    data = parse_yaml(template.template()).data
    jsonschema.validate(data, json_schema())


def test_init_never_replaces_a_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"raqqa: error: {path} already exists; raqqa init never replaces a file\n"
    )
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert names(tmp_path) == ["mine.yaml"]  # no temporary file left behind


@pytest.mark.parametrize("target", ["elsewhere.yaml", "missing/nowhere.yaml"])
def test_init_never_writes_through_a_link(runner: CliRunner, tmp_path: Path, target: str) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / target)  # a dangling link: following it would create the file
    result = runner.invoke(app, ["init", str(link)])
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert names(tmp_path) == ["link.yaml"]


def test_init_into_a_missing_folder_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "missing" / "mine.yaml"
    result = runner.invoke(app, ["init", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"raqqa: error: cannot write {path}: No such file or directory\n"


def test_init_refuses_an_empty_name(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", ""])
    assert result.exit_code == 2
    assert "init needs a file name" in result.stderr


def test_the_name_is_taken_between_the_look_and_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone creates the file after raqqa looked: the link fails, nothing is replaced.
    path = tmp_path / "raced.yaml"
    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_race(*, prefix: str, suffix: str, dir: str) -> tuple[int, str]:
        made = real_mkstemp(prefix=prefix, suffix=suffix, dir=dir)
        path.write_text("theirs\n", encoding="utf-8")
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_race)
    with pytest.raises(template.InitError, match="already exists"):
        template.write_new(str(path), "ours\n")
    assert path.read_text(encoding="utf-8") == "theirs\n"
    assert names(tmp_path) == ["raced.yaml"]


def test_init_writes_the_schema_beside_when_asked(runner: CliRunner, tmp_path: Path) -> None:
    from raqqa_cli.briefing.schema import json_schema

    path = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["init", str(path), "--schema"])
    assert result.exit_code == 0, result.output
    beside = tmp_path / SCHEMA_NAME
    assert json.loads(beside.read_text(encoding="utf-8")) == json_schema()
    assert result.stdout.splitlines()[1] == f"Wrote {beside}, the schema its first line names"
    # A second briefing in the same folder keeps the schema already there.
    beside.write_text("{}\n", encoding="utf-8")
    again = runner.invoke(app, ["init", str(tmp_path / "second.yaml"), "--schema"])
    assert again.exit_code == 0, again.output
    assert beside.read_text(encoding="utf-8") == "{}\n"
    assert f"Kept {beside} as it is" in again.stdout


def test_init_schema_with_standard_output_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["init", "-", "--schema"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"raqqa schema > {SCHEMA_NAME}" in result.stderr
