"""One remark, several renderings; one figure, several claimants (issue 21, item 4).

A statement or reaction keeps its own wording under its own source, and may carry the same
remark as other sources give it (`renderings`), each checked against its own source's
archived text and shown under its own source. A figure may be one claim made by several
actors together (`claimants`); `conflicts` reads equal values as agreement.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.cli.app import app
from raqqa_cli.reports.conflicts import conflicts_report
from raqqa_cli.terminal import Terminal
from tests.briefing.test_load import refused
from tests.conftest import DATA, MINIMAL, invoked, json_records

RENDERINGS = DATA / "renderings.yaml"


def copy_of(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The fixture and its archives in `tmp_path`, with each change made once."""
    text = RENDERINGS.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    shutil.copytree(
        DATA / "renderings-sources", tmp_path / "renderings-sources", dirs_exist_ok=True
    )
    path = tmp_path / "renderings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def run(runner: CliRunner, path: Path, *args: str) -> str:
    return invoked(runner, ["-f", str(path), *args]).stdout


def test_the_fixture_passes_strict_review_with_every_rendering_checked(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["validate", str(RENDERINGS), "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # the mission's own words and the agency's partial quote, each in its own archive
    assert result.stdout.splitlines()[1].endswith(": 2 quotes checked")


def test_a_rendering_is_checked_against_its_own_sources_text(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The mission's words, credited to the agency: in the wrong archive is not found.
    path = copy_of(
        tmp_path,
        ("quote: never accept an inquiry with its verdict written in advance",
         "quote: whose conclusions are written before it begins"),
    )  # fmt: skip
    at = line_of(path, "quote: whose conclusions are written before it begins")
    column = path.read_text().splitlines()[at - 1].index("quote: whose") + 1
    assert refused(runner, path) == [
        f"{path}:{at}:{column}: statements[0].renderings[0].quote: partial quote not found in"
        " the archived text of src-agency"
    ]


def test_a_rendering_under_the_entrys_own_source_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = copy_of(
        tmp_path, ("{source: src-record, paraphrase:", "{source: src-mission, paraphrase:")
    )
    [error] = refused(runner, path)
    assert ": statements[0].renderings[1].source: 'src-mission' is the entry's own source" in error


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("{source: src-record, paraphrase: The representative of Northland said that his"
          " delegation would not accept an investigation whose conclusions were decided in"
          " advance.}", "{source: src-record}"),
         "statements[0].renderings[1].quote", "a rendering needs a quote, a paraphrase or both"),
        ((", quote_kind: partial}", "}"),
         "statements[0].renderings[0].quote_kind", "a quote needs quote_kind"),
        (("claimants: [act-rescue], source: src-record}",
          "claimants: [act-rescue, act-doctors], source: src-record}"),
         "figures[0].claimants", "'act-doctors' is the claimant already"),
        (("claimants: [act-rescue], source: src-agency}",
          "claimants: [act-rescue, act-rescue], source: src-agency}"),
         "figures[1].claimants", "names 'act-rescue' more than once"),
        (("claimants: [act-rescue], source: src-agency}",
          "claimants: [act-nobody], source: src-agency}"),
         "figures[1].claimants[0]", "act-nobody"),
    ],
)  # fmt: skip
def test_a_malformed_rendering_or_claim_is_located(
    runner: CliRunner, tmp_path: Path, change: tuple[str, str], where: str, message: str
) -> None:
    path = copy_of(tmp_path, change)
    errors = refused(runner, path)
    assert any(f": {where}: " in e and message in e for e in errors), errors


def test_version_1_knows_neither_renderings_nor_claimants(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = copy_of(tmp_path, ("schema_version: 2", "schema_version: 1"))
    errors = refused(runner, path)
    assert any("statements[0].renderings" in e and "schema_version 2" in e for e in errors)
    assert any("figures[0].claimants" in e and "schema_version 2" in e for e in errors)


def test_people_read_each_rendering_under_its_own_source(runner: CliRunner) -> None:
    wide = Terminal(is_tty=True, width=400, color=False)
    outputs = {
        "table": invoked(runner, ["-f", str(RENDERINGS), "statements"], wide).stdout,
        # As a reader sees it: a citation's link drawn as its text.
        "markdown": re.sub(
            r"\[([^\]]*)\]\(<[^>]*>\)",
            r"\1",
            run(runner, RENDERINGS, "statements", "--format", "markdown"),
        ),
        "html": html.unescape(
            re.sub(  # as a reader sees it: a date's span keeps it on one line, no more
                r'<span class="date">([^<]*)</span>',
                r"\1",
                run(runner, RENDERINGS, "statements", "--format", "html"),
            )
        ),
    }
    for fmt, output in outputs.items():
        said = " ".join(output.split())
        own = said.index("We will not accept an investigation")
        agency = said.index("in Wire, 2024-05-10: Northland's envoy said his country would")
        record = said.index("in Council Press Office, 2024-05-10: The representative")
        assert own < agency < record, fmt
        assert "never accept an inquiry with its verdict written in advance" in said
        assert "(partial)" in said


def test_machines_get_the_renderings_in_parallel_lists_that_resolve(runner: CliRunner) -> None:
    [record] = json_records(runner, ["-f", str(RENDERINGS), "statements"])
    assert record["source_id"] == "src-mission"
    assert record["rendering_source_ids"] == ["src-agency", "src-record"]
    assert record["rendering_quote_kinds"] == ["partial", ""]
    assert (
        record["rendering_quotes"][0]
        == "never accept an inquiry with its verdict written in advance"
    )
    assert record["rendering_paraphrases"][1].startswith("The representative of Northland")
    assert record["rendering_via_ids"] == ["", ""]
    # every list has one item per rendering, and every source id resolves
    lists = [v for k, v in record.items() if k.startswith("rendering_")]
    assert {len(v) for v in lists} == {2}
    briefing = load_briefing(str(RENDERINGS))
    assert set(record["rendering_source_ids"]) <= {s.id for s in briefing.sources}
    # the CSV row carries the same, the lists joined as every list cell is
    [row] = csv.DictReader(io.StringIO(run(runner, RENDERINGS, "statements", "--format", "csv")))
    assert row["rendering_source_ids"] == "src-agency; src-record"


def test_a_translated_rendering_names_its_language_and_credited_source(
    runner: CliRunner,
) -> None:
    path = DATA / "every-field.yaml"
    said = " ".join(run(runner, path, "statements", "--format", "markdown").split())
    assert "in Wire Service, 2021-04, citing Harbour Fund, 2021-04-02:" in said
    assert "\u201cMerci aux donateurs\u201d (translation from French)" in said
    [record] = json_records(runner, ["-f", str(path), "statements"])
    assert record["rendering_via_ids"] == ["", "src-fund-text"]
    assert record["rendering_languages"] == ["", "French"]


def test_a_renderings_quote_is_found_by_search(runner: CliRunner) -> None:
    found = run(runner, RENDERINGS, "search", "verdict written", "--format", "plain")
    assert "st-envoy" in found


def test_a_joint_claim_names_every_claimant(runner: CliRunner) -> None:
    figures = {r["id"]: r for r in json_records(runner, ["-f", str(RENDERINGS), "figures"])}
    ngo = figures["fig-deaths-ngo"]
    assert (ngo["claimant_id"], ngo["joint_claimant_ids"]) == ("act-doctors", ["act-rescue"])
    assert ngo["claimant"] == "Harbour Doctors"  # the name beside claimant_id is its own
    assert ngo["joint_claimants"] == ["Coast Rescue"]
    assert figures["fig-deaths-office"]["joint_claimant_ids"] == []
    table = run(runner, RENDERINGS, "figures", "--format", "markdown")
    assert "Harbour Doctors and Coast Rescue" in table


def test_every_claimant_finds_the_figure_under_actors(runner: CliRunner) -> None:
    for name in ("Harbour Doctors", "Coast Rescue"):
        rows = json_records(runner, ["-f", str(RENDERINGS), "actors", name])
        assert {"fig-deaths-ngo", "fig-deaths-wire"} <= {r.get("id") for r in rows}, name


def test_conflicts_read_equal_values_as_agreement(runner: CliRunner) -> None:
    rows = json_records(runner, ["-f", str(RENDERINGS), "conflicts"])
    assert sorted(r["id"] for r in rows) == [
        "fig-deaths-ngo",
        "fig-deaths-office",
        "fig-deaths-wire",
    ]
    notes = run(runner, RENDERINGS, "conflicts", "--format", "markdown")
    assert (
        "Agree, and stand as one value beside the others: deaths: 2 figures agree on 40"
        " people (fig-deaths-ngo, fig-deaths-wire)."
    ) in notes
    # with the Health Office's 42 gone, the rest agree: no conflict at all
    briefing = load_briefing(str(RENDERINGS))
    kept = tuple(f for f in briefing.figures if f.id != "fig-deaths-office")
    report = conflicts_report(Index(briefing._replace(figures=kept)))
    assert report.rows == ()
    assert "agree, so not listed: deaths: 2 figures agree on 40 people" in report.empty


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(3)), joint=st.permutations(["act-doctors", "act-rescue"]))
def test_conflicts_do_not_depend_on_the_order_of_figures_or_of_claimants(
    order: list[int], joint: list[str]
) -> None:
    briefing = load_briefing(str(RENDERINGS))
    base = conflicts_report(Index(briefing))
    figures = []
    for f in (briefing.figures[i] for i in order):
        if f.claimants:  # the same joint claim, its claimants written in another order
            f = f._replace(claimant=joint[0], claimants=(joint[1],))
        figures.append(f)
    moved = conflicts_report(Index(briefing._replace(figures=tuple(figures))))

    def meaning(report: Any) -> Any:
        keep = [c.key for c in report.columns]
        drop = {"claimed_by", "claimant", "claimant_id", "joint_claimants", "joint_claimant_ids"}
        return sorted(
            repr(tuple(v for k, v in zip(keep, row, strict=True) if k not in drop))
            for row in report.rows
        ), report.notes

    assert meaning(moved) == meaning(base)


def test_minimal_files_carry_empty_rendering_lists(runner: CliRunner) -> None:
    for record in json_records(runner, ["-f", str(MINIMAL), "statements"]):
        assert record["rendering_source_ids"] == []
