"""Delegations and speakers (issue 21): statements on behalf of others and in reply to others,
a delegate's statements counted for the state they speak for, and judgements held by actors.

tests/data/delegations.yaml is a made-up council meeting: Northland's delegate Ana holds two
roles for it and makes five of its six statements; one answers Eastland's envoy for two
co-sponsors; a former delegate's role has ended.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.briefing.check import check_briefing
from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Role
from raqqa_cli.briefing.yamldoc import parse_yaml
from raqqa_cli.cli.app import app
from raqqa_cli.reports.actors import actor_detail
from raqqa_cli.reports.reactions import reactions_report
from raqqa_cli.reports.sections import statements_report
from raqqa_cli.reports.speakers import held_at
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, documentation, invoked, json_records

DELEGATIONS = DATA / "delegations.yaml"
README = documentation()
Write = Callable[..., Path]


IVAN = "{id: st-ivan, speaker: act-ivan,"
HEAD = (
    "      - {title: Head of Delegation, organisation: act-north, start: 2023, source: src-wire}\n"
)


def text() -> str:
    return DELEGATIONS.read_text(encoding="utf-8")


def variant(old: str, new: str) -> str:
    source = text()
    assert old in source, old
    return source.replace(old, new, 1)


def run(runner: CliRunner, *args: str, terminal: Terminal | None = None) -> Any:
    return invoked(runner, [*args, "-f", str(DELEGATIONS)], terminal)


def records(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    return json_records(runner, [*args, "-f", str(DELEGATIONS)])


def index() -> Index:
    return Index(load_briefing(str(DELEGATIONS)))


# -- validate: each bad relation refused, located ---------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("in_reply_to: st-ivan", "in_reply_to: st-ana-2",
         ":47:5: statements[3].in_reply_to: 'st-ana-2' cannot reply to itself"),
        (IVAN, f"{IVAN} in_reply_to: st-ana-2,",
         ":47:5: statements[3].in_reply_to: in_reply_to leads back to 'st-ana-2' through other"
         " replies: a statement cannot answer a reply to itself"),
        (f"{IVAN} date: 2024-02-14", f"{IVAN} date: 2024-02-15",
         ":47:5: statements[3].in_reply_to: dated 2024-02-14, it cannot reply to 'st-ivan', dated"
         " 2024-02-15, a later date"),
        ("in_reply_to: st-ivan", "in_reply_to: act-ivan",
         ":47:5: statements[3].in_reply_to: 'act-ivan' is in actors, but this must name one of"
         " statements"),
        ("in_reply_to: st-ivan", "in_reply_to: st-nobody",
         ":47:5: statements[3].in_reply_to: no entry has the id 'st-nobody' in statements"),
        ("on_behalf_of: [act-north, act-south]", "on_behalf_of: [act-north, st-ivan]",
         ":46:31: statements[3].on_behalf_of[1]: 'st-ivan' is in statements, but this must name"
         " one of actors"),
        ("on_behalf_of: [act-north, act-south]", "on_behalf_of: [act-north, act-north]",
         ":46:5: statements[3].on_behalf_of: names 'act-north' more than once"),
    ],
    ids=["itself", "loop", "before", "actor-not-statement", "unknown", "statement-not-actor",
         "twice"],
)  # fmt: skip
def test_validate_refuses_each_bad_relation_at_its_field(
    runner: CliRunner, write: Write, old: str, new: str, expected: str
) -> None:
    path = write(variant(old, new))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"raqqa: error: {path}{expected}") for line in lines), lines


def test_a_loop_is_reported_at_every_statement_on_it(runner: CliRunner, write: Write) -> None:
    path = write(
        variant(IVAN, f"{IVAN} in_reply_to: st-ana-2,")
    )  # fmt: skip
    lines = runner.invoke(app, ["validate", str(path)]).stderr.splitlines()
    assert [line.split(": ")[3] for line in lines] == [
        "statements[2].in_reply_to",
        "statements[3].in_reply_to",
    ]


@pytest.mark.parametrize("field", ["on_behalf_of: [act-north]", "in_reply_to: st-ivan"])
def test_a_version_1_file_may_not_use_them(runner: CliRunner, write: Write, field: str) -> None:
    source = text().replace("schema_version: 2", "schema_version: 1", 1)
    source = source.replace("kind: meeting record", "kind: report")
    source = source.replace("    on_behalf_of: [act-north, act-south]\n", "")
    source = source.replace("    in_reply_to: st-ivan\n", "")
    source = source.replace("on_behalf_of: [act-union], ", "")
    assert runner.invoke(app, ["validate", str(write(source))]).exit_code == 0
    name = field.split(":")[0]
    path = write(source.replace("  - {id: st-north, ", f"  - {{id: st-north, {field}, "))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert f"statements[0].{name}: '{name}' is new in schema_version 2; this file declares" in line


def statement(number: int, date: str | None, reply: int | None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": f"st-{number}", "speaker": "act-a", "paraphrase": "said", "source": "src-a"
    }  # fmt: skip
    if date is not None:
        found["date"] = date
    if reply is not None:
        found["in_reply_to"] = f"st-{reply}"
    return found


def data(statements: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "briefing": {"title": "t", "publisher": "p", "published": "2024", "summary": "s",
                     "source": "src-a"},
        "sources": [{"id": "src-a", "title": "t", "publisher": "p", "kind": "report"}],
        "actors": [{"id": "act-a", "name": "A", "kind": "state", "source": "src-a"}],
        "statements": statements,
    }  # fmt: skip


PARTIAL_DATES = st.one_of(
    st.none(),
    st.builds(
        lambda y, m, d, n: [f"{y:04d}", f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}-{d:02d}"][n],
        st.integers(2023, 2024), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2),
    ),
)  # fmt: skip


@given(
    dates=st.lists(PARTIAL_DATES, min_size=1, max_size=8),
    replies=st.lists(st.integers(0, 7) | st.none(), min_size=8, max_size=8),
)
def test_replies_are_refused_exactly_when_they_loop_or_come_first(
    dates: list[str | None], replies: list[int | None]
) -> None:
    """Worked out here from the definitions: a reply loops when following in_reply_to
    comes back to it; it comes first when both dates give a common prefix that is earlier."""
    count = len(dates)
    targets = [r if r is not None and r < count else None for r in replies[:count]]
    entries = [statement(i, dates[i], targets[i]) for i in range(count)]
    _, problems = check_briefing(data(entries))
    found = {(p.path[1], p.message.split(":")[0].split(",")[0]) for p in problems}
    expected: set[tuple[Any, str]] = set()
    for i, target in enumerate(targets):
        if target is None:
            continue
        if target == i:
            expected.add((i, f"'st-{i}' cannot reply to itself"))
            continue
        at: int | None = target
        seen = {i}
        while at is not None and at not in seen and targets[at] != at:
            seen.add(at)
            at = targets[at]
        if at == i:
            expected.add((i, f"in_reply_to leads back to 'st-{i}' through other replies"))
        mine, theirs = dates[i], dates[target]
        if mine and theirs:
            shared = min(len(mine), len(theirs))
            if mine[:shared] < theirs[:shared]:
                expected.add((i, f"dated {mine}"))
    assert found == expected


def test_a_long_reply_chain_is_checked_in_one_pass() -> None:
    """20,000 replies, each to the one before: valid, and the loop check stays linear."""
    entries = [statement(i, None, i - 1 if i else None) for i in range(20_000)]
    briefing, problems = check_briefing(data(entries))
    assert problems == [] and briefing is not None
    entries[0]["in_reply_to"] = "st-19999"
    _, problems = check_briefing(data(entries))
    assert problems[0].path == ("statements", 0, "in_reply_to")  # the first 1,000 are kept
    assert all("leads back" in p.message for p in problems)


# -- who a speaker speaks for ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "when", "held"),
    [
        (None, None, None, True),
        (None, None, "2024-02-14", True),
        ("2022-09", None, None, True),
        ("2022-09", None, "2022-08-31", False),
        ("2022-09", None, "2022", True),  # the year may be the role's
        ("2022-09", None, "2022-09-01", True),
        (None, "2017-11-01", "2017-11", True),  # it may still be held in that month
        (None, "2017-11-01", "2017-11-02", False),
        ("2019", "2022-08", "2024-01", False),
    ],
)
def test_a_role_counts_unless_its_dates_show_it_was_not_held(
    start: str | None, end: str | None, when: str | None, held: bool
) -> None:
    role = Role(title="Ambassador", source="src-a", organisation="act-a", start=start, end=end)
    assert held_at(role, when) is held


def ids(found: list[dict[str, Any]]) -> list[str]:
    return [record["id"] for record in found]


def test_a_delegates_statements_count_for_the_state_once_each(runner: CliRunner) -> None:
    found = ids(records(runner, "statements", "--actor", "Northland"))
    # Ana holds two roles for Northland: each statement once; Olga's role had ended.
    assert found == ["st-north", "st-ana-1", "st-ana-2", "st-ana-3", "st-ana-4", "st-ana-5"]
    assert ids(records(runner, "statements", "--actor", "the northern republic")) == found
    assert ids(records(runner, "statements", "--actor", "Southland")) == ["st-ana-2"]
    assert ids(records(runner, "statements", "--actor", "CU")) == ["st-ana-3"]
    assert ids(records(runner, "statements", "--actor", "Eastland")) == ["st-ivan"]
    assert ids(records(runner, "statements", "--actor", "Olga Former")) == ["st-old"]
    assert ids(records(runner, "reactions", "--actor", "Eastland")) == ["rx-union"]


def test_actors_state_lists_each_entry_once(runner: CliRunner) -> None:
    found = records(runner, "actors", "Northland")
    rows = [(r["id"], r["role"], r["date"]) for r in found]
    assert len(rows) == len(set(rows))
    assert [(r["id"], r["role"]) for r in found if r["section"] == "statements"] == [
        ("st-north", "speaker"),
        ("st-ana-1", "speaker_for"),
        ("st-ana-2", "on_behalf_of"),
        ("st-ana-3", "speaker_for"),
        ("st-ana-4", "speaker_for"),
        ("st-ana-5", "speaker_for"),
    ]
    # Each of the delegate's roles once (it was once per role per role).
    assert [r["id"] for r in found if r["section"] == "actors"] == ["act-ana", "act-ana", "act-old"]
    assert [(r["id"], r["role"]) for r in found if r["section"] == "assessments"] == [
        ("as-north", "holder")
    ]
    shown = run(runner, "actors", "Northland", "--format", "markdown").stdout
    assert "| represented by the speaker |" in shown and "| whose judgement |" in shown
    assert "| spoken on behalf of |" in shown


ORDERINGS = st.randoms(use_true_random=False)


@given(ORDERINGS)
def test_what_the_actor_filter_counts_does_not_depend_on_the_order(random: Any) -> None:
    base = load_briefing(str(DELEGATIONS))

    def counted(briefing: Any) -> dict[str, Any]:
        ix = Index(briefing)
        found: dict[str, Any] = {}
        for actor in briefing.actors:
            rows = statements_report(ix, actor=actor.id).rows
            found[actor.id] = sorted((str(row[0]), str(row[1]), str(row[4])) for row in rows)
            found[actor.id + " reactions"] = sorted(r[0] for r in reactions_report(
                ix, actor=actor.id).rows)  # fmt: skip
            found[actor.id + " links"] = sorted(
                (str(r[3]), str(r[5])) for r in actor_detail(ix, actor.id).rows
            )
        return found

    def shuffled(items: tuple[Any, ...]) -> tuple[Any, ...]:
        out = list(items)
        random.shuffle(out)
        return tuple(out)

    actors = tuple(a._replace(roles=shuffled(a.roles)) for a in shuffled(base.actors))
    other = base._replace(
        actors=actors,
        statements=shuffled(base.statements),
        reactions=shuffled(base.reactions),
        assessments=shuffled(base.assessments),
    )
    assert counted(other) == counted(base)


# -- views for people and records for machines -------------------------------------------


def test_views_show_the_state_on_whose_behalf_and_what_it_answers(runner: CliRunner) -> None:
    said = (
        "Ana Delegate (Northland), on behalf of Northland, Southland; in reply to Ivan Envoy"
        " (st-ivan)"
    )
    markdown = run(runner, "statements", "--format", "markdown").stdout
    assert f"| {said} |" in markdown
    assert "| Ivan Envoy (Eastland) |" in markdown
    assert "| Olga Former |" in markdown  # her role had ended: no state
    assert "| Ana Delegate (Northland) |  |" in markdown  # no date: her roles name one state
    wide = Terminal(is_tty=True, width=240, color=False)
    table = run(runner, "statements", "--format", "table", "--no-pager", terminal=wide).stdout
    assert said in table
    brief = run(runner, "brief", "--format", "markdown").stdout
    assert said in brief


def test_records_carry_the_ids(runner: CliRunner) -> None:
    found = {r["id"]: r for r in records(runner, "statements")}
    reply = found["st-ana-2"]
    assert (reply["speaker"], reply["speaker_id"], reply["speaker_for_id"]) == (
        "Ana Delegate", "act-ana", "act-north"
    )  # fmt: skip
    assert reply["on_behalf_of_ids"] == ["act-north", "act-south"]
    assert reply["in_reply_to_id"] == "st-ivan"
    assert found["st-old"]["speaker_for_id"] is None
    assert found["st-north"]["speaker_for_id"] is None  # a state speaks for itself
    assert (
        found["st-ana-1"]["on_behalf_of_ids"] == [] and found["st-ana-1"]["in_reply_to_id"] is None
    )
    ix = index()
    for record in found.values():
        for actor_id in [record["speaker_for_id"], *record["on_behalf_of_ids"]]:
            assert actor_id is None or ix.section_of[actor_id] == "actors"
        assert (
            record["in_reply_to_id"] is None
            or ix.section_of[record["in_reply_to_id"]] == "statements"
        )
    csv_header = run(runner, "statements", "--format", "csv").stdout.splitlines()[0]
    assert "speaker_for_id,on_behalf_of_ids,in_reply_to_id" in csv_header
    assert "spoken_by" not in csv_header


def test_several_organisations_at_once_name_none(write: Write) -> None:
    path = write(
        variant(
            HEAD,
            HEAD + "      - {title: President of the Council, organisation: act-council,"
            " start: 2024-02, end: 2024-02, source: src-record}\n",
        )
    )  # fmt: skip
    ix = Index(load_briefing(str(path)))
    rows = {row[0]: row for row in statements_report(ix).rows}
    assert rows["st-ana-1"][1] == "Ana Delegate"  # Northland or the council: not guessed
    assert rows["st-ana-1"][4] is None
    council = {row[0] for row in statements_report(ix, actor="Test Council").rows}
    assert council == {"st-ana-1", "st-ana-2", "st-ana-3", "st-ana-4", "st-ana-5"}


# -- judgements held by actors -----------------------------------------------------------


def test_a_holder_named_by_id_name_or_alias_links_to_the_actor(runner: CliRunner) -> None:
    found = {r["id"]: (r["holder"], r["holder_id"]) for r in records(runner, "outlook")}
    assert found == {
        "as-north": ("Northland", "act-north"),  # written as an alias, any case
        "as-east": ("Eastland", "act-east"),  # written as the id
        "as-others": ("others", None),  # no actor: kept as written
    }
    shown = run(runner, "outlook", "--format", "markdown").stdout
    assert "| Eastland |" in shown and "act-east" not in shown and "| others |" in shown


def test_a_holder_two_actors_go_by_links_to_neither(write: Write) -> None:
    source = variant("aliases: [CU]", "aliases: [CU, the northern republic]")
    ix = Index(load_briefing(str(write(source))))
    assert ix.actor_called("The Northern Republic") is None
    assert ix.actor_called("Coastal Union") is not None


# -- documented ------------------------------------------------------------------------------


def test_the_readme_documents_the_fields_keys_and_check() -> None:
    for word in ("`on_behalf_of", "`in_reply_to", "`speaker_for_id`", "`on_behalf_of_ids`",
                 "`in_reply_to_id`", "`holder_id`", "`behalf-not-group`", "represented by the"
                 " speaker", "current at the statement's date"):  # fmt: skip
        assert word in README, word


def test_the_fixture_is_a_valid_version_2_briefing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(DELEGATIONS)])
    assert result.exit_code == 0, result.output
    data_copy = copy.deepcopy(parse_yaml(text()).data)
    assert check_briefing(data_copy)[1] == []
