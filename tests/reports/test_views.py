"""Issue 14 item 4: every entry's note, and the fields of schema version 2, reach the views
that show the entry: as fields in JSON, CSV and plain, and for people as `id: note` lines
under the table or the Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.cli.app import app
from raqqa_cli.reports.phrases import period_text

DATA = Path(__file__).parent.parent / "data"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
VERSION2 = DATA / "version2.yaml"


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def records(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(run(runner, *args, "--format", "json"))
    return found


def test_version2_aid_fields_reach_machines(runner: CliRunner) -> None:
    rows = {r["id"]: r for r in records(runner, "aid", "-f", str(VERSION2))}
    package = rows["pkg-2021"]
    assert package["period_start"] == "2021"
    assert package["period_end"] == "2021"
    assert package["condition"] == "a ceasefire holds"
    assert package["new_money"] == "unclear"
    assert package["converted"] == ["USD 1400000000 rate 2021-04-05 source src-b"]
    kits = rows["aid-kits"]
    assert kits["channel"] == "the agency and partners"
    assert kits["channel_actor_id"] == "act-agency"
    assert kits["channel_actor"] == "Delivery Agency"
    assert kits["modality"] == "in kind"
    assert kits["as_of"] == "2021-04-10"
    assert (rows["aid-range"]["low"], rows["aid-range"]["high"]) == (100, 200)
    # CSV and plain carry the same columns
    header = next(
        csv.reader(io.StringIO(run(runner, "aid", "-f", str(VERSION2), "--format", "csv")))
    )
    assert {"channel_actor_id", "modality", "new_money", "condition", "converted"} <= set(header)
    plain = run(runner, "aid", "-f", str(VERSION2), "--format", "plain")
    assert "USD 1400000000 rate 2021-04-05 source src-b" in plain


def test_version2_aid_reads_for_people(runner: CliRunner) -> None:
    text = run(runner, "aid", "-f", str(VERSION2), "--format", "markdown")
    # the conversion beside the amount, with its own source
    assert "about EUR 1,300,000,000 (about USD 1,400,000,000 at the rate of 2021-04-05," in text
    assert "- pkg-2021: for 2021; new money: unclear; on condition that a ceasefire holds\n" in text
    assert (
        "- aid-kits: a running total; as of 2021-04-10; through Delivery Agency (the agency and"
        " partners); in kind; in Bay District\n"
    ) in text
    assert "EUR 100 to 200" in text  # a range of money keeps its numbers


def test_a_converted_amount_reads_as_the_issue_asks(runner: CliRunner, tmp_path: Path) -> None:
    text = (
        VERSION2.read_text(encoding="utf-8")
        .replace(
            "    amount: 1300000000\n    currency: EUR\n    qualifier: about\n",
            "    amount: 1300000000\n    currency: EUR\n",
        )
        .replace(
            "{amount: 1400000000, currency: USD, rate_date: 2021-04-05, source: src-b}",
            "{amount: 1390000000, currency: USD, rate_date: 2017-04-05}",
        )
    )
    path = tmp_path / "converted.yaml"
    path.write_text(text, encoding="utf-8")
    shown = run(runner, "aid", "-f", str(path), "--format", "markdown")
    assert "EUR 1,300,000,000 (about USD 1,390,000,000 at the rate of 2017-04-05)" in shown


def test_a_period_reads_start_to_end() -> None:
    assert period_text("2018", "2020") == "2018 to 2020"
    assert period_text("2017", "2017") == "2017"  # not "2017 to 2017"
    assert period_text("2017-06", None) == "from 2017-06"


# Each listing and the sections whose entries it shows (issues ID: an issue's parts).
LISTINGS: list[tuple[list[str], tuple[str, ...]]] = [
    (["aid"], ("packages", "pledges")),
    (["figures"], ("figures",)),
    (["reactions"], ("reactions",)),
    (["statements"], ("statements",)),
    (["timeline"], ("events",)),
    (["outlook"], ("assessments",)),
    (["places"], ("places",)),
    (["actors"], ("actors",)),
]
BRIEFINGS = [
    None,  # the embedded briefing
    EXAMPLES / "brussels-2017.yaml",
    EXAMPLES / "idai-2019.yaml",
]


def notes_of(briefing: Path | None, sections: tuple[str, ...]) -> dict[str, str]:
    loaded = load_briefing(str(briefing) if briefing else None)
    return {
        entry.id: entry.note
        for section in sections
        for entry in getattr(loaded, section)
        if getattr(entry, "note", None)
    }


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda b: b.name if b else "embedded")
@pytest.mark.parametrize(("command", "sections"), LISTINGS, ids=lambda x: str(x))
def test_every_note_reaches_its_listing(
    runner: CliRunner, briefing: Path | None, command: list[str], sections: tuple[str, ...]
) -> None:
    where = ["-f", str(briefing)] if briefing else []
    notes = notes_of(briefing, sections)
    shown = {r["id"]: r.get("note") for r in records(runner, *command, *where)}
    for entry_id, note in notes.items():
        if entry_id in shown:  # aid lists every entry; the others too
            assert shown[entry_id] == note, entry_id
    assert set(notes) <= set(shown), sorted(set(notes) - set(shown))
    # for people: one `id: note` per entry under the Markdown table
    text = run(runner, *command, *where, "--format", "markdown")
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    for entry_id in notes:
        assert any(line.startswith(f"- {entry_id}: ") for line in lines), entry_id


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda b: b.name if b else "embedded")
def test_every_note_of_an_issue_reaches_issues_id(runner: CliRunner, briefing: Path | None) -> None:
    where = ["-f", str(briefing)] if briefing else []
    loaded = load_briefing(str(briefing) if briefing else None)
    for issue in loaded.issues:
        parts = {*issue.actors, *issue.statements, *issue.figures, *issue.pledges}
        notes = {
            entry.id: entry.note
            for section in ("actors", "statements", "figures", "pledges")
            for entry in getattr(loaded, section)
            if entry.id in parts and entry.note
        }
        shown = {r["id"]: r["note"] for r in records(runner, "issues", issue.id, *where)}
        assert {k: shown[k] for k in notes} == notes
        text = run(runner, "issues", issue.id, *where, "--format", "markdown")
        for entry_id in notes:
            assert f"\n- {entry_id}: " in text, (issue.id, entry_id)


def test_the_chart_draws_only_the_latest_of_a_running_total(runner: CliRunner) -> None:
    idai = EXAMPLES / "idai-2019.yaml"
    drawn = {r["id"] for r in records(runner, "aid", "--chart", "-f", str(idai))}
    earlier = {"aid-wfp-food-0322", "aid-wfp-food-0403", "aid-wfp-food-0411", "aid-wfp-food-0418"}
    assert not drawn & earlier
    assert "aid-wfp-food-0512" in drawn
    assert not drawn & (earlier | {"pkg-usg-0329", "pkg-usg-0403", "pkg-usg-0405"})
    assert "pkg-usg-0418" in drawn
    text = run(runner, "aid", "--chart", "-f", str(idai), "--format", "markdown")
    assert "earlier updates of running totals are not drawn" in text


def test_a_role_names_its_organisation_once() -> None:
    """A title that names its organisation ("Chairman, Conservative Middle East Council")
    is not followed by the organisation's name again; one that does not is."""
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.briefing.model import Role
    from raqqa_cli.reports.phrases import role_text

    index = Index(load_briefing(None))
    council = index.get("act-cmec")
    named = Role(
        title=f"Chairman, {council.name.upper()}",
        source="src-article",
        organisation="act-cmec",
        start="2016-09",
    )
    assert role_text(index, named) == f"Chairman, {council.name.upper()} (from 2016-09)"
    bare = Role(title="Chairman", source="src-article", organisation="act-cmec")
    assert role_text(index, bare) == f"Chairman, {council.name}"
    inside = Role(
        title=f"Chairman, {council.name}s Forum", source="src-article", organisation="act-cmec"
    )
    assert role_text(index, inside).endswith(f"Forum, {council.name}")  # whole words only
    for actor in index.briefing.actors:
        for role in actor.roles:
            shown = role_text(index, role)
            where = index.actor_name(role.organisation)
            assert shown.count(where or "\0") <= 1, shown


def test_as_of_is_said_once_and_only_for_whole_words() -> None:
    from raqqa_cli.reports.phrases import says_as_of

    assert says_as_of("USG funding, FY 2019 (As of 18 April)")
    assert not says_as_of("gas offered to households")
    assert not says_as_of("people displaced")


def test_an_issues_money_counts_its_packages_and_lines(runner: CliRunner) -> None:
    # The issue's money is a package: "Aid lines 0" said it had none (issue 21).
    table = run(runner, "-f", str(VERSION2), "issues", "--format", "markdown")
    [row] = [line for line in table.splitlines() if line.startswith("| iss-aid ")]
    assert "| 1 package |" in row
    # and an issue with no aid says nothing, rather than a column of zeros
    from raqqa_cli.reports.issues import _aid_count

    assert (_aid_count(0, 0), _aid_count(0, 1), _aid_count(2, 3)) == (
        "",
        "1 aid line",
        "2 packages, 3 aid lines",
    )
