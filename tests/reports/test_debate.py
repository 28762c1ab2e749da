"""The debate example (issue 21, item 9): the Security Council's 8228th meeting, 10 April
2018, written from the public record in `examples/unsc-8228-2018.yaml`.

What its views say is checked against its data: the tally counted from the votes, how each
state voted and what its delegates said for it, the disputes under each side's source; and
`validate --strict` passes it as written and fails on each mistake outsiders made, planted
one at a time.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from tests.conftest import json_records
from tests.reports.test_examples import DEBATE

MEMBERS = {
    "act-bolivia", "act-china", "act-cotedivoire", "act-eqguinea", "act-ethiopia",
    "act-france", "act-kazakhstan", "act-kuwait", "act-netherlands", "act-peru",
    "act-poland", "act-russia", "act-sweden", "act-uk", "act-us",
}  # fmt: skip
# How the Russian Federation voted on each draft, as the record gives it.
RUSSIA_VOTED = {
    "dec-321": "voted against",
    "dec-175": "voted for",
    "dec-322": "voted for",
    "dec-8233": "voted for",
}


def data() -> dict[str, Any]:
    loaded = yaml.safe_load(DEBATE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def records(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    return json_records(runner, ["-f", str(DEBATE), *args])


def test_strict_review_passes_with_every_quote_checked(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(DEBATE), "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    said = result.stdout.splitlines()[1]
    assert said.endswith(" quotes checked"), said  # and none "not checked"


def test_each_tally_is_counted_from_fifteen_votes_and_matches_the_stated_one(
    runner: CliRunner,
) -> None:
    decisions = {d["id"]: d for d in data()["decisions"]}
    rows = records(runner, "votes")
    assert [r["id"] for r in rows] == list(decisions)  # the author's order
    for row in rows:
        votes = decisions[row["id"]]["votes"]
        assert {v["actor"] for v in votes} == MEMBERS, row["id"]
        counted = Counter(v["vote"] for v in votes)
        assert (row["recorded_for"], row["recorded_against"], row["recorded_abstain"]) == (
            counted["for"], counted["against"], counted["abstain"],
        )  # fmt: skip
        assert (row["stated_for"], row["stated_against"], row["stated_abstain"]) == (
            row["recorded_for"], row["recorded_against"], row["recorded_abstain"],
        )  # fmt: skip
        assert row["votes_recorded"] == row["members"] == 15
    results = {r["id"]: (r["result"], r["recorded_for"]) for r in rows}
    assert results == {
        "dec-321": ("vetoed", 12),  # 12 in favour, and still not adopted: a veto
        "dec-175": ("rejected", 6),  # short of the nine votes needed
        "dec-322": ("rejected", 5),
        "dec-8233": ("rejected", 3),
    }


def test_the_veto_is_a_permanent_members_vote_against(runner: CliRunner) -> None:
    [vetoed] = [r for r in records(runner, "votes") if r["result"] == "vetoed"]
    against = {
        v["actor_id"] for v in records(runner, "votes", vetoed["id"]) if v["vote"] == "against"
    }
    assert against == {"act-russia", "act-bolivia"}
    assert "Russian Federation" in vetoed["why"]


def test_actors_show_how_a_state_voted_on_each_draft(runner: CliRunner) -> None:
    rows = records(runner, "actors", "Russian Federation")
    voted = {r["id"]: r["what"] for r in rows if r["role"] == "voted"}
    assert set(voted) == set(RUSSIA_VOTED)
    for decision, words in RUSSIA_VOTED.items():
        assert voted[decision].startswith(words), (decision, voted[decision])


def test_a_states_delegates_speak_for_it_once_per_statement(runner: CliRunner) -> None:
    statements = data()["statements"]
    by_russians = {s["id"] for s in statements if s["speaker"] in ("act-nebenzia", "act-lavrov")}
    listed = [r["id"] for r in records(runner, "statements", "--actor", "Russian Federation")]
    assert set(listed) == by_russians and len(listed) == len(set(listed))
    linked = [r["id"] for r in records(runner, "actors", "Russian Federation")
              if r["section"] == "statements"]  # fmt: skip
    assert Counter(linked) == Counter(by_russians)  # once each, however many roles match
    for row in records(runner, "statements", "--actor", "Russian Federation"):
        assert row["speaker_for_id"] == "act-russia", row["id"]


def test_replies_name_what_they_answer(runner: CliRunner) -> None:
    rows = {r["id"]: r for r in records(runner, "statements")}
    replies = {i: r["in_reply_to_id"] for i, r in rows.items() if r["in_reply_to_id"]}
    assert replies and all(target in rows for target in replies.values())
    assert all(rows[t]["speaker_id"] != rows[i]["speaker_id"] for i, t in replies.items())


def test_one_remark_in_two_translations_each_under_its_own_source(runner: CliRunner) -> None:
    [row] = [r for r in records(runner, "statements") if r["rendering_source_ids"]]
    assert row["source_id"] == "src-tass-after"
    assert row["rendering_source_ids"] == ["src-sputnik-fr"]
    assert row["rendering_quote_kinds"] == ["translation"]


def test_errata_list_every_dispute_under_the_claims_own_source(runner: CliRunner) -> None:
    errata = {e["id"]: e for e in data()["errata"]}
    rows = records(runner, "errata")
    assert {r["id"] for r in rows} == set(errata)  # nothing disputed is hidden
    for row in rows:
        written = errata[row["id"]]
        assert row["kind"] == written["kind"]
        assert row["claim_source_id"] == written["claim_source"]
        assert row["claim_source_id"] != row["source_id"]  # two sides, two sources
    kinds = Counter(r["kind"] for r in rows)
    assert kinds == {"contradicted": 3, "disputed": 1}


# Each mistake outsiders made, planted in a copy: (what is changed, the check that fails).
PLANTED = [
    pytest.param(
        ("      - {actor: act-china, vote: abstain, source: src-sc13288}\n",
         "      - {actor: act-china, vote: for, source: src-sc13288}\n"),
        "error", "stated 12 in favour",
        id="a tally the recorded votes contradict",
    ),
    pytest.param(
        ("    in_reply_to: st-haley-eov322\n    paraphrase: >-\n      Commenting on",
         "    in_reply_to: st-haley-eov322\n    on_behalf_of: [act-lavrov]\n    paraphrase: >-\n"
         "      Commenting on"),
        "warning", "[behalf-not-group]",
        id="a statement on behalf of a person",
    ),
    pytest.param(
        ("    source: src-sc13296\n    also: [src-star]\n",
         "    source: src-fox6\n"),
        "warning", "[one-sided-dispute]",
        id="a dispute with one side only",
    ),
    pytest.param(
        ("      - {actor: act-us, vote: for, source: src-sc13288, explanation: st-haley-after}",
         "      - {actor: act-us, vote: for, source: src-sc13288, explanation: st-lavrov}"),
        "warning", "[explanation-not-voter]",
        id="an explanation of vote that is not the member's",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("change", "level", "said"), PLANTED)
def test_strict_review_fails_on_each_planted_mistake(
    runner: CliRunner, tmp_path: Path, change: tuple[str, str], level: str, said: str
) -> None:
    text = DEBATE.read_text(encoding="utf-8")
    assert text.count(change[0]) == 1, change[0]
    shutil.copytree(DEBATE.parent / "sources", tmp_path / "sources")
    shutil.copytree(DEBATE.parent / "registry", tmp_path / "registry")
    path = tmp_path / DEBATE.name
    path.write_text(text.replace(*change), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--strict"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"raqqa: {level}: ") and said in line for line in lines), lines
