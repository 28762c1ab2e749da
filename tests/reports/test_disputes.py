"""Disputes between any sources (issue 21): a claim quoted from its own source, checked
against that source's archived text, contradicted or disputed, under source-neutral keys in
schema version 2 and the version-1 keys in version-1 files."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing import model
from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.schema import json_schema
from raqqa_cli.briefing.yamldoc import parse_yaml
from raqqa_cli.cli.app import app
from tests.briefing.test_load import refused
from tests.conftest import DATA, MINIMAL, invoked, json_records

DISPUTES = DATA / "disputes.yaml"
V2_KEYS = ["id", "kind", "topic", "says", "claim_source_id", "record_says", "source_id"]
V2_KEYS += ["via_id", "source_ids", "concern_ids", "account_says", "account_source_ids"]
V1_KEYS = ["id", "kind", "topic", "article_says", "says_source_id", "record_says", "source_id"]
V1_KEYS += ["via_id", "source_ids", "concern_ids"]


def run(runner: CliRunner, path: Path, *args: str) -> str:
    return invoked(runner, ["-f", str(path), *args]).stdout


def records(runner: CliRunner, path: Path, *args: str) -> list[dict[str, Any]]:
    return json_records(runner, ["-f", str(path), *args])


def copy_of(tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    """The disputes fixture and its archives in `tmp_path`, with `change` made once."""
    text = DISPUTES.read_text(encoding="utf-8")
    if change is not None:
        assert text.count(change[0]) == 1, change[0]
        text = text.replace(*change)
    shutil.copytree(DATA / "disputes-sources", tmp_path / "disputes-sources")
    path = tmp_path / "disputes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_fixture_passes_strict_review_with_every_claim_checked(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(DISPUTES), "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # 2 statements' quotes, 4 claims: every claim checked against its own source's text.
    assert result.stdout.splitlines()[1].endswith(": 6 quotes checked")
    jsonschema.validate(parse_yaml(DISPUTES.read_text(encoding="utf-8")).data, json_schema())


def test_says_and_article_says_are_one_field() -> None:
    briefing = load_briefing(str(DISPUTES))
    [pledges] = [e for e in briefing.errata if e.id == "er-pledges"]  # written article_says
    assert pledges.says.startswith("Donors at last year's conference")
    assert model.claim_source_of(pledges, briefing.briefing.source) == "src-outlet"
    [votes] = [e for e in briefing.errata if e.id == "er-votes"]  # no claim_source
    assert model.claim_source_of(votes, briefing.briefing.source) == "src-record"


def test_a_claim_is_checked_against_its_own_source_and_located(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Words of the record, not of the agency: found in the wrong archive is not found.
    path = copy_of(
        tmp_path,
        ("    says: three permanent members vetoed the draft\n",
         "    says: failed to obtain the required number of votes\n"),
    )  # fmt: skip
    at = line_of(path, "says: failed to obtain")
    assert refused(runner, path) == [
        f"{path}:{at}:5: errata[0].says: verbatim quote not found in the archived text of"
        " src-agency"
    ]


def test_a_miss_under_article_says_is_located_where_the_file_wrote_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = copy_of(tmp_path, ("pledged some 4 billion dollars", "pledged some 6.4 billion"))
    at = line_of(path, "article_says: Donors")
    assert refused(runner, path) == [
        f"{path}:{at}:5: errata[1].says: verbatim quote not found in the archived text of"
        " src-outlet"
    ]


def test_the_default_claim_source_is_the_briefings_own(runner: CliRunner, tmp_path: Path) -> None:
    # er-votes names no claim_source: its words must be the meeting record's.
    path = copy_of(tmp_path, ("    says: seven votes in favour", "    says: nine votes in favour"))
    at = line_of(path, "says: nine votes")
    assert refused(runner, path) == [
        f"{path}:{at}:5: errata[3].says: verbatim quote not found in the archived text of"
        " src-record"
    ]


def test_giving_both_names_is_an_error_at_the_second(runner: CliRunner, tmp_path: Path) -> None:
    path = copy_of(
        tmp_path,
        ("    says: three permanent members vetoed the draft\n",
         "    says: three permanent members vetoed the draft\n"
         "    article_says: three permanent members vetoed the draft\n"),
    )  # fmt: skip
    at = line_of(path, "article_says: three")
    assert refused(runner, path) == [
        f"{path}:{at}:5: errata[0].article_says: give 'says' or 'article_says', not both: they"
        " are the same field"
    ]


def test_version_1_writes_article_says_and_knows_no_new_kinds(
    runner: CliRunner, write: Callable[..., Path], minimal_text: str
) -> None:
    renamed = write(minimal_text.replace("    article_says:", "    says:"))
    at = line_of(renamed, "    says: the storm")
    assert refused(runner, renamed) == [
        f"{renamed}:{at}:5: errata[0].says: 'says' is new in schema_version 2; this file"
        " declares schema_version 1 (declare schema_version: 2 to use it); or write"
        " 'article_says'"
    ]
    typo = write(minimal_text.replace("    article_says:", "    article_say:"))
    assert refused(runner, typo)[-1].endswith(
        "errata[0].article_say: unknown field 'article_say'; did you mean 'article_says'?"
    )
    missing = write(minimal_text.replace("    article_says: the storm came on the 1th\n", ""))
    [line] = refused(runner, missing)
    assert line.endswith("errata[0]: missing required field 'article_says'")
    for kind in ("contradicted", "disputed"):
        erratum = "    concerns: [ev-storm]\n"
        newer = write(minimal_text.replace(erratum, f"{erratum}    kind: {kind}\n"))
        [line] = refused(runner, newer)
        assert f"errata[0].kind: kind: {kind} is new in schema_version 2" in line, line
    claimed = write(
        minimal_text.replace(
            "    concerns: [ev-storm]\n", "    concerns: [ev-storm]\n    claim_source: src-wire\n"
        )
    )
    [line] = refused(runner, claimed)
    assert "errata[0].claim_source: 'claim_source' is new in schema_version 2" in line


def test_the_json_schema_takes_one_name_or_the_other() -> None:
    data: Any = parse_yaml(DISPUTES.read_text(encoding="utf-8")).data
    erratum = data["errata"][0]
    erratum["article_says"] = erratum["says"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())
    del erratum["says"], erratum["article_says"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_errata_lists_contradicted_and_disputed_and_counts_them(runner: CliRunner) -> None:
    found = records(runner, DISPUTES, "errata")
    assert [r["id"] for r in found] == ["er-veto", "er-pledges", "er-term"]
    assert [r["kind"] for r in found] == ["contradicted", "difference", "disputed"]
    assert [r["claim_source_id"] for r in found] == ["src-agency", "src-outlet", "src-northland"]
    assert found[2]["source_ids"] == ["src-southland"]
    overview = {r["section"]: r["count"] for r in records(runner, DISPUTES)}
    assert overview["Errata"] == 3  # context stays out
    table = run(runner, DISPUTES, "errata", "--format", "markdown")
    assert "1 entry is disputed" in table
    assert "is not listed here (1 entry)" in table
    assert "| The claim |" in table and "| Other sources say |" in table
    assert "The briefing says" not in table
    assert "| Kind |" in table  # people see which claims are only disputed
    assert "| Kind |" not in run(runner, MINIMAL, "errata", "--format", "markdown")


def test_one_other_claimant_names_the_column(runner: CliRunner) -> None:
    table = run(runner, DISPUTES, "errata", "--match", "vetoed", "--format", "markdown")
    assert "| What Wire Agency says |" not in table  # the header follows the whole listing
    assert "| The claim |" in table
    path = DATA / "version2.yaml"  # every claim the wire service's
    assert "| What Wire Service says |" in run(runner, path, "errata", "--format", "markdown")


@pytest.mark.parametrize(
    ("path", "keys", "says"),
    [(DISPUTES, V2_KEYS, "says"), (MINIMAL, V1_KEYS, "article_says")],
    ids=["version-2", "version-1"],
)
def test_output_keys_follow_the_schema_version(
    runner: CliRunner, path: Path, keys: list[str], says: str
) -> None:
    for record in records(runner, path, "errata"):
        assert list(record) == keys
    header = next(csv.reader(io.StringIO(run(runner, path, "errata", "--format", "csv"))))
    assert header == keys
    erratum = load_briefing(str(path)).errata[0]
    rows = records(runner, path, "show", erratum.id)
    shown = {r["field"]: r for r in rows if r["part"] == "field"}
    assert shown[says]["value"] == erratum.says
    assert ({"says", "article_says"} - {says}).isdisjoint(shown)
    word = erratum.says.split()[-1]
    found = [r for r in records(runner, path, "search", word) if r["id"] == erratum.id]
    assert says in {r["field"] for r in found}


def test_further_accounts_each_under_its_own_source(runner: CliRunner, tmp_path: Path) -> None:
    eastland = "Eastland says the draft left the term to a later decision."
    [term] = [r for r in records(runner, DISPUTES, "errata") if r["id"] == "er-term"]
    assert term["account_says"] == [eastland]
    assert term["account_source_ids"] == ["src-eastland"]
    table = run(runner, DISPUTES, "errata", "--format", "markdown")
    assert "| Further accounts |" in table
    assert "decision. (Permanent Mission of Eastland, 2025-03-13) |" in table
    found = records(runner, DISPUTES, "search", "Eastland says")
    cited = [(r["field"], r["source_id"]) for r in found if r["id"] == "er-term"]
    assert cited == [("accounts[0].says", "src-eastland")]
    # An account from another source is the other side: the dispute is not one-sided.
    southland = "    source: src-southland\n"
    path = copy_of(tmp_path, (southland, "    source: src-northland\n"))
    result = runner.invoke(app, ["validate", str(path), "--strict"])
    assert result.exit_code == 0, result.output
    account = f"    accounts:\n      - {{says: {eastland}, source: src-eastland}}\n"
    lone = copy_of(tmp_path / "lone", (southland + account, "    source: src-northland\n"))
    result = runner.invoke(app, ["validate", str(lone), "--strict"])
    assert result.exit_code == 1
    assert "errata[2].source: [one-sided-dispute] this claim is disputed" in result.stderr


def test_show_cites_the_claim_to_its_own_source(runner: CliRunner) -> None:
    rows = records(runner, DISPUTES, "show", "er-term")
    fields = {r["field"]: r for r in rows if r["part"] == "field"}
    assert fields["says"]["source_id"] == "src-northland"
    assert fields["record_says"]["source_id"] == "src-southland"
    assert fields["claim_source"]["value"] == "src-northland"
    chain = {(r["field"], r["id"]) for r in rows if r["part"] == "source chain"}
    assert ("claim_source", "src-northland") in chain
    assert ("accounts", "src-eastland") in chain


def test_diff_names_the_field_as_the_new_files_version(
    runner: CliRunner, write: Callable[..., Path], minimal_text: str, tmp_path: Path
) -> None:
    old = write(minimal_text, "old.yaml")
    new = write(minimal_text.replace("on the 1th", "on the first"), "new.yaml")
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    [change] = json.loads(result.stdout)
    assert change["field"] == "article_says"
    old2 = copy_of(tmp_path)
    new2 = tmp_path / "new2.yaml"
    new2.write_text(old2.read_text().replace("vetoed the draft\n", "vetoed it\n"))
    result = runner.invoke(app, ["diff", str(old2), str(new2), "--format", "json"])
    [change] = json.loads(result.stdout)
    assert change["field"] == "says"
