"""`raqqa validate` as a reviewer: named checks reported as warnings, one located line each,
exit 0 unless `--strict`. tests/data/review/clean.yaml triggers none of them; each case below
breaks it in one way and must trigger exactly its check."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing
from raqqa_cli.briefing.model import Assessment
from raqqa_cli.cli.app import app
from raqqa_cli.review.checks import (
    CHECKS,
    expected_steps,
    last_day,
    likelihood_problem,
    parse_days,
)
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA

CLEAN = DATA / "review" / "clean.yaml"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
TODAY = ["--today", "2020-04-01"]  # 22 days after the clean briefing's last check
PIPE = Terminal(is_tty=False, width=80, color=False)


def text() -> str:
    return CLEAN.read_text(encoding="utf-8")


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(source: str) -> str:
        assert old in source, old
        return source.replace(old, new, 1)

    return change


EXTRA_SOURCE = """  - id: src-extra
    title: Extra notes
    publisher: Nobody
    kind: web page
actors:
"""
CASES: dict[str, tuple[Callable[[str], str], list[str], str]] = {
    # check -> (how to break the clean briefing, extra options, the warning's location)
    "single-source": (
        replace("    trend: increasing\n    condition: the sea wall is not repaired\n"
                "    source: src-desk",
                "    trend: increasing\n    condition: the sea wall is not repaired\n"
                "    source: src-wire"),
        [],
        ":161:5: assessments[0].source: [single-source] this judgement rests on src-wire"
        " alone: it cites no source and no other source backs it",
    ),
    "unused-source": (
        lambda t: replace("cites: [src-wire]", "cites: [src-wire, src-extra]")(
            replace("actors:\n", EXTRA_SOURCE)(t)
        ),
        [],
        ":26:5: sources[2].id: [unused-source] no entry names src-extra; only src-desk cites it",
    ),
    "uncited-source": (
        replace("actors:\n", EXTRA_SOURCE),
        [],
        ":26:5: sources[2].id: [uncited-source] nothing refers to src-extra: no entry names it"
        " and no source cites it",
    ),
    "citation-loop": (
        replace("    locator: https://example.org/wire\n",
                "    locator: https://example.org/wire\n    cites: [src-desk]\n"),
        [],
        ":17:5: sources[0].cites: [citation-loop] src-desk cites itself through src-desk ->"
        " src-wire",
    ),
    "dead-end": (
        lambda t: replace("    via: src-wire", "    via: src-extra")(
            replace("actors:\n", EXTRA_SOURCE)(t)
        ),
        [],
        ":81:5: statements[0].via: [dead-end] credits src-extra, but its source src-desk does"
        " not cite it, directly or through the sources it cites",
    ),
    "likelihood-mismatch": (
        replace("    words: likely\n    scale: ICD 203\n    step: likely",
                "    words: will\n    scale: ICD 203\n    step: almost certain"),
        [],
        ":158:5: assessments[0].step: [likelihood-mismatch] 'will' states no likelihood, but it"
        " is mapped to 'almost certain' (ICD 203)",
    ),
    "claimant-not-in-source": (
        replace("    claimant: act-relief", "    claimant: act-mayor"),
        [],
        ":141:5: figures[1].claimant: [claimant-not-in-source] Ada Mayor is named neither in the"
        " archived text of src-desk nor in the title or publisher of the figure's sources",
    ),
    "unchecked-quote": (
        replace('    quote: "We will rebuild"\n    quote_kind: verbatim',
                '    quote: "We will rebuild"\n    quote_kind: translation'),
        [],
        ":74:5: statements[0].quote: [unchecked-quote] this translation quote of src-desk is not"
        " checked: a translation, and its source gives no archived translation (give the source"
        " a translation_archive)",
    ),
    "version-1-sum": (
        replace("    currency: EUR\n    source: src-desk\npledges:\n",
                "    currency: EUR\n    source: src-desk\n  - id: pkg-relief-2\n"
                "    title: Relief package, as reported later\n    donor: act-relief\n"
                "    status: announced\n    amount: 600000\n    currency: EUR\n"
                "    source: src-desk\npledges:\n"),
        [],
        ":88:5: packages[1].id: [version-1-sum] the totals add pkg-relief-2 to pkg-relief (one"
        " donor, status and unit): if one updates another, or they are for different periods,"
        " declare schema_version: 2 and say so with supersedes and cumulative, or period_start"
        " and period_end",
    ),
    "behalf-not-group": (
        lambda t: replace("    speaker: act-mayor\n",
                          "    speaker: act-mayor\n    on_behalf_of: [act-town, act-mayor]\n")(
            replace("schema_version: 1", "schema_version: 2")(t)
        ),
        [],
        ":70:30: statements[0].on_behalf_of[1]: [behalf-not-group] made on behalf of Ada Mayor"
        " (act-mayor), a person: a statement is made on behalf of a group, state, organisation"
        " or coalition",
    ),
    "one-sided-dispute": (
        replace("    concerns: [ev-storm]\n    source: src-wire",
                "    concerns: [ev-storm]\n    source: src-desk"),
        [],
        ":168:5: errata[0].source: [one-sided-dispute] this claim is contradicted with one side"
        " only: what the other side says is cited to src-desk, the claim's own source; cite the"
        " source that gives it",
    ),
    "explanation-not-voter": (
        lambda t: replace("schema_version: 1", "schema_version: 2")(t)
        + "decisions:\n  - id: dec-x\n    title: A motion\n    kind: motion\n"
        "    votes: [{actor: act-relief, vote: against, explanation: st-mayor}]\n"
        "    source: src-desk\n",
        [],
        ":173:48: decisions[0].votes[0].explanation: [explanation-not-voter] st-mayor is not"
        " Relief League's statement: its speaker is Ada Mayor, who neither speaks on its behalf"
        " nor holds a role for it then",
    ),
    "stale": (
        lambda t: t,
        ["--today", "2020-07-01"],
        ":19:5: sources[0].last_verified: [stale] last verified 2020-03-10, 113 days before"
        " 2020-07-01 (more than 90)",
    ),
}  # fmt: skip


def validate(runner: CliRunner, path: Path, *args: str) -> tuple[int, str, list[str]]:
    result = runner.invoke(app, ["validate", str(path), *args], obj=PIPE)
    return result.exit_code, result.stdout, result.stderr.splitlines()


def test_the_clean_briefing_has_nothing_to_review(runner: CliRunner) -> None:
    for flags in ([], ["--strict"]):
        code, out, err = validate(runner, CLEAN, *TODAY, *flags)
        assert (code, err) == (0, [])
        assert out.startswith(f"{CLEAN}: valid briefing (schema_version 1): 2 sources")
        assert "warning" not in out


def test_every_check_has_a_case() -> None:
    assert sorted(CASES) == sorted(CHECKS)


@pytest.mark.parametrize("check", list(CASES))
def test_each_check_is_a_located_warning(runner: CliRunner, tmp_path: Path, check: str) -> None:
    change, options, where = CASES[check]
    path = tmp_path / "briefing.yaml"
    path.write_text(change(text()), encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "desk.txt").write_bytes(
        (CLEAN.parent / "sources" / "desk.txt").read_bytes()
    )
    code, out, err = validate(runner, path, *(options or TODAY))
    assert code == 0
    assert err == [f"raqqa: warning: {path}{where}"]
    [verdict, quotes] = out.splitlines()
    assert verdict.endswith("; 1 review warning")
    assert quotes.endswith(
        ": 3 quotes checked"
        if check != "unchecked-quote"
        else ": 2 quotes checked; 1 not checked: 1 translation with no archived"
        " translation (src-desk)"
    )
    strict, _, again = validate(runner, path, *(options or TODAY), "--strict")
    assert (strict, again) == (1, err)
    records = json.loads(
        runner.invoke(app, ["validate", str(path), *(options or TODAY), "--format", "json"]).stdout
    )
    [record] = records
    assert (record["severity"], record["check"]) == ("warning", check)
    assert not record["message"].startswith("[")
    assert f":{record['line']}:{record['column']}: {record['path']}: [{check}] " in where


def test_stale_follows_the_limit_and_counts_from_the_end_of_a_partial_date(
    runner: CliRunner, write: Callable[..., Path]
) -> None:
    assert validate(runner, CLEAN, "--today", "2020-07-01", "--stale", "200d")[2] == []
    assert validate(runner, CLEAN, "--today", "2020-06-08", "--stale", "90")[2] == []
    assert len(validate(runner, CLEAN, "--today", "2020-06-09", "--stale", "90")[2]) == 1
    assert last_day("2020-02") == datetime.date(2020, 2, 29)
    assert last_day("2019") == datetime.date(2019, 12, 31)
    assert last_day("2020-12") == datetime.date(2020, 12, 31)
    assert parse_days(" 30d ") == 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stale", "ninety"], "raqqa: error: --stale 'ninety' is not a number of days, as 90d"),
        (
            ["--today", "2020-13-01"],
            "raqqa: error: --today '2020-13-01' is not a date, as 2026-11-26",
        ),
    ],
)
def test_bad_limits_are_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    code, _, err = validate(runner, CLEAN, *args)
    assert (code, err) == (2, [message])


@pytest.mark.parametrize(
    ("words", "scale", "step", "agrees"),
    [
        ("likely", "ICD 203", "likely", True),
        ("increasingly likely", "ICD 203", "likely", True),
        ("very likely", "ICD 203", "very likely", True),
        ("highly likely", "PHIA", "highly likely", True),
        ("a realistic possibility", "PHIA", "realistic possibility", True),
        ("expected", "ICD 203", "almost certain", True),  # not judged: not on the list
        ("likely", "ICD 203", "almost certain", False),
        ("very likely", "ICD 203", "likely", False),
        ("unlikely", "PHIA", "likely", False),
        ("not likely", "ICD 203", "likely", False),
        ("will", "ICD 203", "almost certain", False),
        ("Will", "PHIA", "likely", False),
    ],
)
def test_likelihood_words_against_steps(words: str, scale: str, step: str, agrees: bool) -> None:
    judgement = Assessment(
        id="as-x",
        judgement="x",
        source="src-x",
        words=words,
        scale=scale,  # type: ignore[arg-type]
        step=step,  # type: ignore[arg-type]
    )
    assert (likelihood_problem(judgement) is None) == agrees


def test_a_bare_will_states_no_likelihood() -> None:
    assert expected_steps("will") == frozenset()
    assert expected_steps("will likely") == frozenset({4})
    assert expected_steps("expected") is None
    assert (
        likelihood_problem(Assessment(id="as-x", judgement="x", source="src-x", words="will"))
        is None
    )


def test_the_embedded_briefing_passes_strict_review(runner: CliRunner) -> None:
    code, out, err = validate(runner, Path(embedded_briefing()), "--strict")
    assert (code, err) == (0, []), err
    assert "review warning" not in out


@pytest.mark.parametrize("name", ["brussels-2017.yaml", "idai-2019.yaml"])
def test_the_examples_are_reviewed_with_warnings_only(runner: CliRunner, name: str) -> None:
    code, out, err = validate(runner, EXAMPLES / name)
    assert code == 0 and err
    assert all(line.startswith(f"raqqa: warning: {EXAMPLES / name}:") for line in err)
    verdict, quotes = out.splitlines()
    assert verdict.endswith(f"; {len(err)} review warning{'s' * (len(err) > 1)}")
    # their quotes' sources are not archived: each is counted, and warned of
    unchecked = sum("[unchecked-quote]" in line for line in err)
    assert unchecked and f"; {unchecked} not checked: " in quotes
    assert validate(runner, EXAMPLES / name, "--strict")[0] == 1


def test_errors_and_warnings_share_one_record_shape(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert {(r["severity"], r["check"]) for r in records} == {("error", None)}


# -- single-source: not for a holder in their own words (issue 21) -------------------------

ON_THE_WIRE = replace(
    "    condition: the sea wall is not repaired\n    source: src-desk",
    "    condition: the sea wall is not repaired\n    source: src-wire",
)


@pytest.mark.parametrize(
    ("holder", "speaks", "warned"),
    [
        (None, False, True),  # the wire's own judgement, resting on it alone
        ("Wire Service", False, False),  # its publisher: the holder's own published words
        ("the Wire Service desk", False, False),  # named within the holder's words
        ("The Council", False, True),  # an actor (by alias) that is not the source's
        ("The Council", True, False),  # ... who speaks in it: their own words
        ("HTC", True, False),  # a short alias, as written
        ("act-town", True, False),  # the id
        ("some observers", False, True),
    ],
)
def test_a_holder_in_their_own_words_is_not_single_sourced(
    runner: CliRunner, tmp_path: Path, holder: str | None, speaks: bool, warned: bool
) -> None:
    briefing = ON_THE_WIRE(text())
    if holder is not None:
        briefing = replace("  - id: as-repeat\n", f"  - id: as-repeat\n    holder: {holder}\n")(
            briefing
        )
    if speaks:  # the council's statement, as the wire reports it
        briefing = replace(
            "statements:\n",
            "statements:\n  - id: st-council-wire\n    speaker: act-town\n"
            "    paraphrase: The council said the wall comes first.\n    source: src-wire\n",
        )(briefing)
    path = tmp_path / "briefing.yaml"
    path.write_text(briefing, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "desk.txt").write_bytes(
        (CLEAN.parent / "sources" / "desk.txt").read_bytes()
    )
    code, _, err = validate(runner, path, *TODAY)
    assert code == 0
    assert any("[single-source]" in line for line in err) is warned, err
