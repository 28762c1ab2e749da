"""Decisions and votes (issue 21): drafts, resolutions and motions, each member's vote under
its own source, the tally counted from the votes recorded beside the stated one.

tests/data/decisions.yaml is a made-up council of seven: Northland's draft (S/2024/101) is
vetoed by Eastland with every vote recorded; Eastland's rival draft (S/2024/102) falls short
of the four votes it needs, with two votes not recorded; a procedural motion is withdrawn.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.briefing import model
from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Decision, Vote
from raqqa_cli.briefing.schema import json_schema
from raqqa_cli.briefing.tally import tally_of, tally_problems
from raqqa_cli.briefing.yamldoc import parse_yaml
from raqqa_cli.cli.app import app
from raqqa_cli.cli.completion import values
from raqqa_cli.reports.votes import tally_text, votes_report
from raqqa_cli.terminal import Terminal
from tests.briefing.test_load import refused
from tests.conftest import DATA, MINIMAL, invoked, json_records

DECISIONS = DATA / "decisions.yaml"
VERSION2 = DATA / "version2.yaml"
Write = Callable[..., Path]
WIDE = Terminal(is_tty=True, width=220, color=False)


def text() -> str:
    return DECISIONS.read_text(encoding="utf-8")


def variant(*changes: tuple[str, str]) -> str:
    source = text()
    for old, new in changes:
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


def run(runner: CliRunner, *args: str, terminal: Terminal | None = None) -> Any:
    return invoked(runner, [*args, "-f", str(DECISIONS)], terminal)


def records(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    return json_records(runner, [*args, "-f", str(DECISIONS)])


def located(line: str, path: Path, source: str, needle: str) -> None:
    """`line` is `PATH:LINE:COL: ...` and LINE is the line of `needle` in `source`."""
    match = re.match(rf"^{re.escape(str(path))}:([0-9]+):([0-9]+): ", line)
    assert match, line
    expected = next(n for n, text in enumerate(source.splitlines(), 1) if needle in text)
    assert int(match[1]) == expected, (line, needle)


# -- the file: checked, located, gated ---------------------------------------------------


def test_the_fixture_validates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(DECISIONS)])
    assert result.exit_code == 0, result.output
    assert "3 decisions" in result.stdout


def test_a_second_vote_by_one_member_is_refused_where_it_is(
    runner: CliRunner, write: Write
) -> None:
    changed = variant(
        ("      - {actor: act-high, vote: for}\n", "      - {actor: act-high, vote: for}\n"
         "      - {actor: act-north, vote: against, source: src-wire}\n"),
        ("    members: 7\n", "    members: 8\n"),
        ("    stated_against: 1\n", "    stated_against: 2\n"),
    )  # fmt: skip
    path = write(changed)
    [line] = refused(runner, path)
    located(line, path, changed, "{actor: act-north, vote: against, source: src-wire}")
    assert line.endswith(
        "decisions[0].votes[4].actor: 'act-north' has a vote already, at votes[0]:"
        " one vote per member"
    )


@pytest.mark.parametrize(
    ("change", "needle", "expected"),
    [
        (("    stated_for: 5\n", "    stated_for: 6\n"), "stated_for: 6",
         "decisions[0].stated_for: stated 6 in favour; the votes recorded give 5 (a vote is"
         " recorded for every member)"),
        (("    stated_against: 3\n", "    stated_against: 0\n"), "stated_against: 0",
         "decisions[1].stated_against: stated 0 against; the votes recorded give 2"),
        (("    stated_abstain: 1\n", "    stated_abstain: 2\n"), "stated_abstain: 2",
         "decisions[0].stated_abstain: stated 2 abstentions; the votes recorded give 1 (a vote"
         " is recorded for every member)"),
        (("    members: 7\n", "    members: 6\n"), "    votes:",
         "decisions[0].votes: 7 votes recorded, but the body has 6 members"),
        (("{actor: act-east, vote: against, explanation: st-east-eov}",
          "{actor: act-east, vote: against, explanation: ev-vote}"), "explanation: ev-vote",
         "decisions[0].votes[5].explanation: 'ev-vote' is in events, but this must name one of"
         " statements"),
        (("    body: act-council\n", "    body: act-counsil\n"), "body: act-counsil",
         "decisions[0].body: no entry has the id 'act-counsil' in actors; did you mean"
         " 'act-council'?"),
        (("{actor: act-low, vote: for, source: src-wire}",
          "{actor: act-low, vote: for, source: src-wirex}"), "source: src-wirex",
         "decisions[0].votes[4].source: no entry has the id 'src-wirex' in sources"),
        (("{actor: act-south, vote: for}", "{actor: act-south, vote: yes}"),
         "act-south, vote: yes",
         "decisions[0].votes[1].vote: expected one of: for, against, abstain, absent, did not"
         " vote; got the text 'yes'"),
        (("    sponsors: [act-east]\n    date", "    sponsors: [act-east, act-east]\n    date"),
         "sponsors: [act-east, act-east]",
         "decisions[1].sponsors: names 'act-east' more than once"),
        (("    stated_for: 2\n", "    stated_for: '2'\n"), "stated_for: '2'",
         "decisions[1].stated_for: expected a whole number, got the text '2'"),
        (("    stated_for: 2\n", "    stated_for: -1\n"), "stated_for: -1",
         "decisions[1].stated_for: must be at least 0, got -1"),
    ],
    ids=["for", "against at least", "abstain", "members", "explanation section", "body",
         "vote source", "vote value", "sponsor twice", "not a number", "negative"],
)  # fmt: skip
def test_each_problem_is_located(
    runner: CliRunner, write: Write, change: tuple[str, str], needle: str, expected: str
) -> None:
    changed = variant(change)
    path = write(changed)
    lines = refused(runner, path)
    [line] = [li for li in lines if expected in li]
    located(line, path, changed, needle)


def test_fewer_votes_recorded_than_stated_is_no_error() -> None:
    """Two members' votes on S/2024/102 are not recorded: 2 stated in favour beside 1
    recorded only means the record is incomplete (rule 3)."""
    briefing = load_briefing(str(DECISIONS))
    east = next(d for d in briefing.decisions if d.id == "dr-east")
    tally = tally_of(east)
    assert (tally.votes_for, east.stated_for) == (1, 2)
    assert tally_problems(east) == []


def test_a_version_1_file_may_not_use_decisions(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    added = minimal_text + (
        "decisions:\n  - {id: dec-a, title: A motion, kind: motion, source: src-wire}\n"
    )
    assert "schema_version: 1" in minimal_text and "id: src-wire" in minimal_text
    path = write(added)
    [line] = refused(runner, path)
    assert line.endswith(
        "decisions: 'decisions' is new in schema_version 2; this file declares schema_version 1"
        " (declare schema_version: 2 to use it)"
    )
    located(line, path, added, "decisions:")


def test_the_version_2_fixture_uses_every_field_of_a_decision_and_a_vote() -> None:
    data: Any = parse_yaml(VERSION2.read_text(encoding="utf-8")).data
    [decision] = data["decisions"]
    assert set(Decision._fields) <= set(decision)
    assert set(Vote._fields) <= {key for vote in decision["votes"] for key in vote}


def test_the_json_schema_describes_decisions() -> None:
    schema = json_schema()
    described = schema["properties"]["decisions"]["description"]
    assert "new in schema version 2" in described
    fields = schema["$defs"]["Decision"]["properties"]
    assert fields["stated_for"]["anyOf"][0]["type"] == "integer"
    assert schema["$defs"]["Vote"]["properties"]["vote"]["enum"] == [
        "for", "against", "abstain", "absent", "did not vote"
    ]  # fmt: skip


# -- the tally: the same in any order, a mismatch always caught ---------------------------

VOTES = st.sampled_from(["for", "against", "abstain", "absent", "did not vote"])


def decision(casts: list[Any], **fields: Any) -> Decision:
    votes = tuple(Vote(actor=f"act-{n}", vote=cast) for n, cast in enumerate(casts))
    return Decision(
        id="dec-x", title="A text", kind="draft resolution", source="src-a", votes=votes, **fields
    )


@given(st.lists(VOTES, max_size=30), st.randoms())
def test_the_tally_is_the_same_in_any_order(casts: list[str], random: Any) -> None:
    shuffled = list(casts)
    random.shuffle(shuffled)
    assert tally_of(decision(casts)) == tally_of(decision(shuffled))
    assert tally_of(decision(casts)).recorded == len(casts)


@settings(max_examples=200)
@given(
    st.lists(VOTES, min_size=1, max_size=20),
    st.sampled_from(["stated_for", "stated_against", "stated_abstain"]),
    st.integers(min_value=-5, max_value=5).filter(bool),
    st.booleans(),
)
def test_a_stated_count_the_votes_contradict_is_always_caught(
    casts: list[str], field: str, off: int, whole: bool
) -> None:
    """Complete (a vote for every member): any stated count off the recorded one is an
    error. Not complete: a stated count below the recorded one is, one above is not."""
    vote = {"stated_for": "for", "stated_against": "against", "stated_abstain": "abstain"}
    recorded = casts.count(vote[field])
    stated = recorded + off
    if stated < 0:
        return
    members = len(casts) if whole else len(casts) + 1
    found = tally_problems(decision(casts, members=members, **{field: stated}))
    caught = [message for where, message in found if where == field]
    if whole or off < 0:
        assert caught == [
            f"{caught[0].split(';')[0]}; the votes recorded give {recorded}"
            + (" (a vote is recorded for every member)" if off > 0 else "")
        ]
    else:
        assert caught == []
    # The same verdict whatever the order of the votes.
    again = tally_problems(decision(list(reversed(casts)), members=members, **{field: stated}))
    assert again == found


@given(st.permutations(["dr-north", "dr-east", "mo-adjourn"]))
def test_the_listing_counts_the_same_whatever_the_order_of_the_decisions(
    order: list[str],
) -> None:
    briefing = load_briefing(str(DECISIONS))
    by_id = {d.id: d for d in briefing.decisions}
    moved = briefing._replace(decisions=tuple(by_id[i] for i in order))
    counted = {row[0]: row[13:19] for row in votes_report(Index(moved)).rows}
    assert counted == {row[0]: row[13:19] for row in votes_report(Index(briefing)).rows}


# -- raqqa votes --------------------------------------------------------------------------


def test_votes_records_carry_ids_sources_and_every_count(runner: CliRunner) -> None:
    north, east, motion = records(runner, "votes")
    assert north["id"] == "dr-north" and north["symbol"] == "S/2024/101"
    assert (north["body"], north["body_id"]) == ("Test Council", "act-council")
    assert north["sponsors"] == ["Northland", "Southland"]
    assert north["sponsor_ids"] == ["act-north", "act-south"]
    assert (north["result"], north["why"]) == ("vetoed", "vetoed by Eastland")
    counts = [
        north[k]
        for k in (
            "recorded_for",
            "recorded_against",
            "recorded_abstain",
            "recorded_absent",
            "recorded_not_voting",
            "votes_recorded",
        )
    ]
    assert counts == [5, 1, 1, 0, 0, 7]  # fmt: skip
    assert [north["stated_for"], north["stated_against"], north["stated_abstain"]] == [5, 1, 1]
    assert north["members"] == 7
    assert north["source_id"] == "src-record"
    assert north["vote_source_ids"] == ["src-record", "src-wire"]
    assert (east["recorded_for"], east["stated_for"], east["votes_recorded"]) == (1, 2, 5)
    assert east["note"] == "The record does not give the votes of Westland and Highland."
    assert (motion["symbol"], motion["votes_recorded"], motion["stated_for"]) == (None, 0, None)
    assert motion["source_id"] == "src-wire" and motion["vote_source_ids"] == []


def test_votes_csv_and_plain_lose_nothing(runner: CliRunner) -> None:
    found = records(runner, "votes")
    table = list(csv.DictReader(io.StringIO(run(runner, "votes", "--format", "csv").stdout)))
    assert [row["id"] for row in table] == [r["id"] for r in found]
    assert table[0]["recorded_for"] == "5" and table[0]["sponsor_ids"] == "act-north; act-south"
    lines = run(runner, "votes", "--format", "plain").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [r["id"] for r in found]
    assert all(len(line.split("\t")) == len(found[0]) for line in lines)


def test_votes_for_people_set_the_recorded_tally_beside_the_stated(runner: CliRunner) -> None:
    shown = run(runner, "votes", "--format", "markdown").stdout
    assert "7 votes (all 7 members): 5 for, 1 against, 1 abstention" in shown
    assert "5 for, 1 against, 1 abstention" in shown
    assert "5 votes of 7 members: 1 for, 2 against, 2 abstentions" in shown
    assert "2 for, 3 against, 2 abstentions" in shown
    assert "not enough votes: 4 needed" in shown
    assert "no votes recorded" in shown
    # the venue opens the decision's line, then its note
    assert (
        "dr-east: 9100th meeting. The record does not give the votes of Westland and Highland."
    ) in shown


def test_one_vote_is_counted_in_the_singular() -> None:
    one = decision(["for"], stated_for=1)
    index = Index(load_briefing(str(MINIMAL)))
    assert tally_text(tally_of(one), None) == "1 vote: 1 for"
    assert tally_text(tally_of(decision(["abstain"])), 1) == "1 vote (its one member): 1 abstention"
    assert tally_text(tally_of(decision(["for"])), 2) == "1 vote of 2 members: 1 for"
    assert index.briefing.decisions == ()


def test_votes_id_lists_each_members_vote_under_its_own_source(runner: CliRunner) -> None:
    briefing = load_briefing(str(DECISIONS))
    north = next(d for d in briefing.decisions if d.id == "dr-north")
    found = records(runner, "votes", "dr-north")
    assert [r["actor_id"] for r in found] == [v.actor for v in north.votes]
    assert all(r["id"] == "dr-north" for r in found)
    assert [r["source_id"] for r in found] == [v.source or north.source for v in north.votes]
    assert [r["explanation_id"] for r in found] == [v.explanation for v in north.votes]
    assert [r["vote"] for r in found] == [v.vote for v in north.votes]
    assert found[0]["actor"] == "Northland"
    # The symbol names the decision too.
    assert records(runner, "votes", "S/2024/101") == found


def test_votes_id_for_people(runner: CliRunner) -> None:
    shown = run(runner, "votes", "dr-north", "--format", "table", terminal=WIDE).stdout
    assert "Votes on S/2024/101: Renewal of the harbour inquiry (vetoed, vetoed by Eastland)" in (
        shown
    )
    explained = (
        r"Islandia +abstain +Islandia abstained for want of a common text\."
        r" \[Wire Service, 2024-03-01\] \(st-isle-eov\) +Wire Service"
    )
    assert re.search(explained, shown)
    assert re.search(r"Lowland +for +Wire Service, 2024-03-01", shown)
    assert "Recorded: 7 votes (all 7 members): 5 for, 1 against, 1 abstention." in shown
    east = run(runner, "votes", "dr-east", "--format", "markdown").stdout
    assert "Not every member's vote is recorded: the counts may differ." in east


def test_an_unknown_decision_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["votes", "dr-nort", "-f", str(DECISIONS)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "raqqa: error: no decision has the id 'dr-nort'; did you mean 'dr-north'?\n"
    )
    result = runner.invoke(app, ["votes", "x", "-f", str(MINIMAL)])
    assert result.exit_code == 2
    assert "this briefing records no decisions" in result.stderr


def test_votes_on_a_briefing_without_decisions_is_empty_and_fine(runner: CliRunner) -> None:
    result = runner.invoke(app, ["votes", "-f", str(MINIMAL), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr == (
        "raqqa: this briefing records no decisions or votes (`decisions`, schema version 2)\n"
    )
    # with decisions, a filter that finds none says so
    result = runner.invoke(app, ["votes", "-f", str(DECISIONS), "--match", "zzzz"])
    assert result.exit_code == 0 and result.stderr == "raqqa: no decisions match\n"


def test_votes_match(runner: CliRunner) -> None:
    found = records(runner, "votes", "--match", "the Eastern Federation")  # an alias
    assert [r["id"] for r in found] == ["dr-north", "dr-east", "mo-adjourn"]
    assert [r["id"] for r in records(runner, "votes", "--match", "S/2024/102")] == ["dr-east"]


# -- the rest of raqqa knows the section ----------------------------------------------------


def test_actors_name_shows_how_it_voted(runner: CliRunner) -> None:
    rows = [r for r in records(runner, "actors", "Islandia") if r["section"] == "decisions"]
    assert [(r["id"], r["role"], r["source_id"]) for r in rows] == [
        ("dr-north", "voted", "src-wire"),
        ("dr-east", "voted", "src-wire"),
    ]
    assert rows[0]["what"].startswith("abstained on S/2024/101: Renewal of the harbour inquiry")
    east = records(runner, "actors", "Eastland")
    assert [(r["id"], r["role"]) for r in east if r["section"] == "decisions"] == [
        ("dr-north", "voted"), ("dr-east", "sponsors"), ("dr-east", "voted"),
        ("mo-adjourn", "sponsors"),
    ]  # fmt: skip
    assert any(r["what"].startswith("voted against S/2024/101") for r in east)
    council = records(runner, "actors", "Test Council")
    assert {r["id"] for r in council if r["role"] == "body"} == {
        "dr-north", "dr-east", "mo-adjourn"
    }  # fmt: skip
    table = run(runner, "actors", "Eastland", "--format", "markdown").stdout
    assert "| vote |" in table and "| sponsor |" in table


def test_show_gives_each_vote_under_its_own_source(runner: CliRunner) -> None:
    rows = records(runner, "show", "dr-north")
    fields = {r["field"]: r for r in rows if r["part"] == "field"}
    assert fields["votes[4].actor"]["source_id"] == "src-wire"
    assert fields["votes[0].actor"]["source_id"] == "src-record"
    assert fields["stated_for"]["value"] == 5
    assert fields["symbol"]["value"] == "S/2024/101"
    # What refers to it: the erratum that disputes its tally.
    assert any(r["id"] == "er-tally" for r in rows if r["part"] != "field")


def test_search_finds_decisions(runner: CliRunner) -> None:
    found = records(runner, "search", "S/2024/102")
    assert [(r["section"], r["id"], r["field"]) for r in found] == [
        ("decisions", "dr-east", "symbol")
    ]
    why = records(runner, "search", "vetoed by")
    assert ("decisions", "dr-north", "why") in {(r["section"], r["id"], r["field"]) for r in why}


def test_brief_has_the_decisions_and_the_votes(runner: CliRunner) -> None:
    shown = run(runner, "brief").stdout
    assert "## Decisions and votes" in shown
    assert "## Votes on S/2024/101: Renewal of the harbour inquiry" in shown
    assert "## Votes on S/2024/102" in shown
    assert "Adjourn the meeting" in shown and "## Votes on Adjourn" not in shown


def test_the_overview_has_decisions_only_where_there_are_some(runner: CliRunner) -> None:
    rows = records(runner)
    assert {"section": "Decisions and votes", "count": 3,
            "command": f"raqqa -f {DECISIONS} votes"} in rows  # fmt: skip
    result = runner.invoke(app, ["-f", str(MINIMAL), "--format", "json"])
    assert "Decisions" not in result.stdout


def test_diff_names_changed_votes(runner: CliRunner, write: Write) -> None:
    new = write(
        variant(
            ("    result: rejected\n", "    result: withdrawn\n"),
            ("{actor: act-low, vote: abstain}", "{actor: act-low, vote: against}"),
            ("    stated_against: 3\n", "    stated_against: 3\n"),
        )
    )
    result = runner.invoke(app, ["diff", str(DECISIONS), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    changed = {(r["section"], r["id"], r["field"]) for r in json.loads(result.stdout)}
    assert ("decisions", "dr-east", "result") in changed
    assert any(f.startswith("votes") for s, i, f in changed if i == "dr-east")


def test_completion_offers_decision_ids() -> None:
    briefing = load_briefing(str(DECISIONS))
    assert values("decisions", briefing) == [
        ("dr-north", "S/2024/101"), ("dr-east", "S/2024/102"), ("mo-adjourn", "Adjourn the meeting")
    ]  # fmt: skip
    assert ("dr-north", "decisions") in values("entries", briefing)


def test_completion_through_the_shell(runner: CliRunner) -> None:
    env = {
        "_RAQQA_COMPLETE": "complete_bash",
        "COMP_WORDS": "\n".join(["raqqa", "votes", "-f", str(DECISIONS), "dr-"]),
        "COMP_CWORD": "4",
        "RAQQA_NO_CACHE": "1",
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="raqqa")
    assert result.exit_code == 0, result.output
    assert {"dr-north", "dr-east"} <= set(re.findall(r"dr-[a-z]+", result.stdout))


def test_model_registers_the_section() -> None:
    assert "decisions" in model.SECTIONS


def test_text_from_the_file_stays_text(runner: CliRunner, write: Write) -> None:
    hostile = "[bold]Veto[/bold] | :smile: =cmd|"
    path = write(variant(("    why: vetoed by Eastland\n", f"    why: {json.dumps(hostile)}\n")))
    table = runner.invoke(app, ["votes", "-f", str(path), "--format", "table"], obj=WIDE)
    assert table.exit_code == 0, table.output
    assert "[bold]Veto[/bold]" in table.stdout and ":smile:" in table.stdout
    markdown = runner.invoke(app, ["votes", "-f", str(path), "--format", "markdown"]).stdout
    assert "\\[bold\\]Veto" in markdown or "[bold]Veto" in markdown
    assert "\\|" in markdown  # a pipe in a cell cannot end it
    found = json.loads(runner.invoke(app, ["votes", "-f", str(path), "--format", "json"]).stdout)
    assert found[0]["why"] == hostile


@pytest.mark.parametrize(
    ("count", "word", "said"),
    [(0, "vote", "0 votes"), (1, "vote", "1 vote"), (2, "vote", "2 votes"),
     (1000, "more problem", "1,000 more problems"), (1, "abstention", "1 abstention")],
)  # fmt: skip
def test_every_count_says_its_word_in_the_singular_or_the_plural(
    count: int, word: str, said: str
) -> None:
    from raqqa_cli.errors import plural

    assert plural(count, word) == said
