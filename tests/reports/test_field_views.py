"""Every field a knowledge file gives reaches a view beyond `show` and `search` (issue 21).

A date read roughly or worked out from the text says so to people ("about 2021-03",
"2021-04-06, inferred"), while machines keep `date` as written and get `date_precision`
beside it; a source's author, the site it was read on, when it was read and its note reach
`sources` and the brief's list of sources.
"""

from __future__ import annotations

import json
import re
import typing
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.reports.phrases import dated_text, said_when
from tests.conftest import DATA

VERSION2 = DATA / "version2.yaml"
EVERY_FIELD = DATA / "every-field.yaml"  # what version2.yaml and minimal.yaml leave unset


def run(runner: CliRunner, *args: str) -> str:
    """The output; HTML as a reader sees its text, without the spans that keep each date
    on one line."""
    result = runner.invoke(app, [*args, "-f", str(VERSION2)])
    assert result.exit_code == 0, result.output
    if "html" in args:
        return re.sub(r'<span class="date">([^<]*)</span>', r"\1", result.stdout)
    return result.stdout


def records(runner: CliRunner, command: str) -> dict[str, dict[str, Any]]:
    rows = json.loads(run(runner, command, "--format", "json"))
    return {row["id"]: row for row in rows}


@pytest.mark.parametrize(
    ("date", "precision", "shown"),
    [
        ("2022-06", None, "2022-06"),
        ("2022-06", "approximate", "about 2022-06"),
        ("2022-06-03", "inferred", "2022-06-03, inferred"),
        (None, "inferred", None),
    ],
)
def test_a_date_says_how_it_is_known(date: str | None, precision: str | None, shown: str) -> None:
    assert dated_text(date, precision) == shown


# (command, entry id, what people read, the date as written, its precision)
DATED = [
    ("statements", "st-partial", "about 2021-04", "2021-04", "approximate"),
    ("timeline", "ev-storm", "about 2021-03", "2021-03", "approximate"),
    ("aid", "aid-kits", "2021-04-11, inferred", "2021-04-11", "inferred"),
    ("sources", "src-a", "2021-04-06, inferred", "2021-04-06", "inferred"),
]


@pytest.mark.parametrize(("command", "entry", "shown", "date", "precision"), DATED)
def test_people_read_how_a_date_is_known(
    runner: CliRunner, command: str, entry: str, shown: str, date: str, precision: str
) -> None:
    for output in ("table", "markdown", "html"):
        assert shown in run(runner, command, "--format", output), output
    assert shown in run(runner, "brief")


@pytest.mark.parametrize(("command", "entry", "shown", "date", "precision"), DATED)
def test_machines_keep_the_date_and_get_its_precision_apart(
    runner: CliRunner, command: str, entry: str, shown: str, date: str, precision: str
) -> None:
    record = records(runner, command)[entry]
    assert (record["date"], record["date_precision"]) == (date, precision)
    assert shown not in run(runner, command, "--format", "csv")
    assert f"\t{precision}" in run(runner, command, "--format", "plain")


def test_a_stated_date_reads_as_written(runner: CliRunner) -> None:
    record = records(runner, "statements")["st-partial"]
    assert record["date_precision"] == "approximate"
    stated = [r for r in records(runner, "statements").values() if r["date"] == "2021-04-20"]
    assert stated and stated[0]["date_precision"] is None
    assert "2021-04-20 " in run(runner, "statements", "--format", "markdown")


def test_the_timeline_groups_by_the_year_of_the_date_as_written(runner: CliRunner) -> None:
    table = run(runner, "timeline", "--format", "table")
    assert "2021 │" in table
    assert "about 2021-03 ●" in table


def test_sources_show_author_via_accessed_and_note_to_people(runner: CliRunner) -> None:
    details = "src-b: by Jo Writer; via Daily Mirror Site; accessed 2021-05-01"
    for output in ("table", "markdown", "html"):
        assert details in run(runner, "sources", "--format", output), output
    record = records(runner, "sources")["src-b"]
    assert (record["author"], record["via_publisher"], record["accessed"]) == (
        "Jo Writer",
        "Daily Mirror Site",
        "2021-05-01",
    )


def test_the_brief_lists_a_source_with_author_via_and_accessed(runner: CliRunner) -> None:
    brief = run(runner, "brief")
    assert (
        "**Wire story**. Jo Writer. Wire Service, via Daily Mirror Site. 2021-04. news report."
        " <https://example.org/wire>. accessed 2021-05-01. `src-b`"
    ) in brief
    html = run(runner, "brief", "--format", "html")
    assert "Jo Writer. Wire Service, via Daily Mirror Site." in html
    assert "accessed 2021-05-01." in html


def test_a_source_note_reaches_sources_and_the_brief(runner: CliRunner, write: Any) -> None:
    path = write(
        (DATA / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: article", "kind: article\n    note: Read in the print edition.", 1)
    )
    result = runner.invoke(app, ["sources", "-f", str(path), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert ": Read in the print edition." in result.stdout
    result = runner.invoke(app, ["brief", "-f", str(path)])
    assert "Read in the print edition." in result.stdout


def test_a_target_reads_as_a_target_and_a_figure_says_what_it_counts_toward(
    runner: CliRunner,
) -> None:
    for output in ("table", "markdown", "html"):
        shown = " ".join(run(runner, "figures", "--format", output).split())  # as wrapped
        assert "target: USD 2,000,000,000" in shown, output
        assert (
            "USD 500,000,000 (about EUR 420,000,000), toward money asked for: USD 2,000,000,000"
        ) in shown, output
    assert "target: USD 2,000,000,000" in run(runner, "brief")
    figures = records(runner, "figures")
    assert (figures["fig-appeal"]["target"], figures["fig-funded"]["target"]) == (True, False)
    assert figures["fig-funded"]["toward_id"] == "fig-appeal"
    assert figures["fig-funded"]["converted"] == ["EUR 420000000"]
    assert "\ntrue," not in run(runner, "figures", "--format", "csv")
    assert ",true," in run(runner, "figures", "--format", "csv")


def test_figures_say_which_they_revise_and_which_they_are_part_of(runner: CliRunner) -> None:
    shown = run(runner, "figures", "--format", "markdown")
    assert "fig-people-2: revises fig-people-1 (100 people)" in shown
    assert "fig-people-bay: part of fig-people-2 (150 people)" in shown
    figures = records(runner, "figures")
    assert figures["fig-people-2"]["supersedes_id"] == "fig-people-1"
    assert figures["fig-people-bay"]["part_of_id"] == "fig-people-2"


# The walk: every field of every record set in the fixtures (version 2, and the minimal
# version-1 file) reaches a view for people other than `show` and `search`, and the JSON
# records of the command that lists its section.
FIXTURES = (VERSION2, EVERY_FIELD, DATA / "minimal.yaml")
LISTED_BY = {
    "sources": "sources", "actors": "actors", "places": "places", "issues": "issues",
    "statements": "statements", "packages": "aid", "pledges": "aid", "reactions": "reactions",
    "figures": "figures", "events": "timeline", "assessments": "outlook", "errata": "errata",
    "decisions": "votes",
}  # fmt: skip
PEOPLES_VIEWS = sorted({*LISTED_BY.values(), "brief", "conflicts"})
# Fields no view but `show` and `search` need carry, each with why.
NOT_LISTED = {
    # paths to the archived text next to the briefing: read by `validate`, which checks
    # every quote against them; the text itself is not a finding to list
    "Source.archive",
    "Source.translation_archive",
}
# Fields machines get and people read in other words, each with why.
FOR_MACHINES_ONLY = {
    # a key that groups figures counting the same thing: people read `counts`, the words
    # for what is counted, and see one measure's figures side by side
    "Figure.measure",
}
# Fields still unseen. Empty now; kept so that the test fails when a new field joins
# unseen, and says which (add it here only with an issue to show it).
UNSEEN_BY_PEOPLE: set[str] = set()
UNSEEN_BY_MACHINES: set[str] = set()


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, tuple | list):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


def _set_fields(entry: Any) -> Any:
    """(Class.field, value, record) for each field set to other than its default; a field
    that holds records (roles, conversions, votes) is walked field by field instead."""
    defaults = type(entry)._field_defaults
    for name, value in zip(entry._fields, entry, strict=True):
        if name in defaults and value == defaults[name]:
            continue
        nested = (
            [item for item in value if hasattr(item, "_fields")] if isinstance(value, tuple) else []
        )
        if nested:
            for item in nested:
                yield from _set_fields(item)
        else:
            yield f"{type(entry).__name__}.{name}", value, entry


def _people_forms(by_id: dict[str, Any], name: str, value: Any, record: Any) -> list[str]:
    """The ways a person may read a value: as written, a number grouped, an entry's name."""
    from raqqa_cli.render.text import format_number

    if name.endswith(".date_precision"):
        return [str(dated_text(record.date, value))]
    if name.endswith(".quote_kind") and value == "verbatim":
        return [f"\u201c{record.quote}\u201d"]  # an unmarked quote is a verbatim one
    if name == "Figure.target":
        return ["target: "]
    if name.endswith(".new_money"):
        from raqqa_cli.reports.aid import NEW_MONEY

        return [NEW_MONEY[value]]
    if name == "Erratum.kind" and value in ("contradicted", "difference"):
        return [record.topic]  # what `errata` lists, unless disputes stand beside it
    if name.endswith(".reported"):
        return [f"reported {value}"]
    if name.endswith(".cumulative"):
        return ["a running total"]
    if isinstance(value, bool):
        return [name.split(".")[1].replace("_", " ")]
    if isinstance(value, int | float):
        return [format_number(value)]
    forms = [str(value)]
    entry = by_id.get(value)
    for attr in ("name", "title", "counts", "what", "topic", "symbol"):
        if isinstance(getattr(entry, attr, None), str):
            forms.append(getattr(entry, attr))
    return forms


def _in_record(value: Any, record: dict[str, Any] | None) -> bool:
    if record is None:
        return False
    found = _leaves(record)
    if isinstance(value, bool):
        return any(v is value for v in found)
    text = repr(value) if isinstance(value, int | float) else str(value)
    return any(v == value or (isinstance(v, str) and text in v) for v in found)


def unseen_fields(runner: CliRunner, path: Any) -> tuple[set[str], set[str]]:
    """The fields set in the file at `path` that people, and machines, never see."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.model import SECTIONS

    def output(*args: str) -> str:
        result = runner.invoke(app, [*args, "-f", str(path)])
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    briefing = load_briefing(str(path), use_cache=False)
    by_id = {e.id: e for section in SECTIONS for e in getattr(briefing, section)}
    people = " ".join(
        " ".join(output(view, "--format", "markdown").replace("\\", "").split())
        for view in PEOPLES_VIEWS
    )
    for_people, for_machines = set(), set()
    for section in SECTIONS:
        command = LISTED_BY[section]
        records = {r["id"]: r for r in json.loads(output(command, "--format", "json"))}
        for entry in getattr(briefing, section):
            votes = None
            for name, value, record in _set_fields(entry):
                if name in NOT_LISTED:
                    continue
                machine = records.get(entry.id)
                if name.startswith("Vote."):  # each member's vote: in `votes ID`'s records
                    if votes is None:
                        votes = json.loads(output("votes", entry.id, "--format", "json"))
                    machine = next((v for v in votes if v["actor_id"] == record.actor), None)
                if not all(_in_record(leaf, machine) for leaf in _leaves(value)):
                    for_machines.add(name)
                if name in FOR_MACHINES_ONLY:
                    continue
                forms = [_people_forms(by_id, name, leaf, record) for leaf in _leaves(value)]
                if not all(any(f in people for f in leaf) for leaf in forms):
                    for_people.add(name)
    return for_people, for_machines


def _walked() -> tuple[set[str], set[str]]:
    """Every field of every record in the sections, and those the fixtures set."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.model import SECTIONS, Briefing, is_record

    every: set[str] = set()
    hints = typing.get_type_hints(Briefing)
    classes = [typing.get_args(hints[section])[0] for section in SECTIONS]
    while classes:
        cls = classes.pop()
        for name, hint in typing.get_type_hints(cls).items():
            inner = [a for a in typing.get_args(hint) if is_record(a)]
            if inner:  # records inside (roles, conversions, votes): walked field by field
                classes += inner
            else:
                every.add(f"{cls.__name__}.{name}")
    set_somewhere = {
        name
        for path in FIXTURES
        for section in SECTIONS
        for entry in getattr(load_briefing(str(path), use_cache=False), section)
        for name, _, _ in _set_fields(entry)
    }
    return every, set_somewhere


def test_the_fixtures_set_every_field() -> None:
    every, set_somewhere = _walked()
    assert every - set_somewhere == set()


def test_every_field_reaches_people_and_machines(runner: CliRunner) -> None:
    people: set[str] = set()
    machines: set[str] = set()
    for path in FIXTURES:
        seen = unseen_fields(runner, path)
        people |= seen[0]
        machines |= seen[1]
    assert people == UNSEEN_BY_PEOPLE
    assert machines == UNSEEN_BY_MACHINES


@pytest.mark.parametrize(
    ("date", "precision", "reported", "shown"),
    [
        ("2017-10-20", None, "2017-10-23", "2017-10-20, reported 2017-10-23"),
        (None, None, "2017-10-23", "reported 2017-10-23"),
        ("2017-10", "approximate", "2017-10", "about 2017-10"),
        (None, None, None, None),
    ],
)
def test_words_say_when_said_and_when_reported(
    date: str | None, precision: str | None, reported: str | None, shown: str | None
) -> None:
    assert said_when(date, precision, reported) == shown


def test_reactions_say_what_they_are_about_and_the_language_translated(
    runner: CliRunner,
) -> None:
    shown = run(runner, "reactions", "--format", "markdown")
    assert "| About |" in shown
    assert "money asked for: USD 2,000,000,000; Fund package for 2021" in shown
    assert "“Good” (translation from French)" in shown
    record = records(runner, "reactions")["re-donors"]
    assert (record["about_ids"], record["original_language"]) == (
        ["fig-appeal", "pkg-2021"],
        "French",
    )
    assert records(runner, "statements")["st-translated"]["original_language"] == "Portuguese"


def test_aid_says_a_running_total_and_machines_get_how_entries_join(runner: CliRunner) -> None:
    assert "- pkg-run-2: a running total; as of 2021-04-08" in run(runner, "aid")
    aid = records(runner, "aid")
    assert (aid["pkg-run-2"]["cumulative"], aid["pkg-run-2"]["supersedes_id"]) == (
        True,
        "pkg-run-1",
    )
    assert aid["aid-part"]["part_of_id"] == "pkg-2021"
    assert aid["aid-part"]["overlaps_ids"] == ["aid-range"]
    assert aid["pkg-paid"]["toward_id"] == "fig-appeal"


def test_votes_give_a_decisions_venue_before_its_note(runner: CliRunner) -> None:
    assert "- dec-endorse: Coast Council meeting. A made-up vote of three members." in run(
        runner, "votes"
    )
