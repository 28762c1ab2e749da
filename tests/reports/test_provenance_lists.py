"""Provenance in lists (issue 21, item 6): a cell that gathers entries from several sources
cites each of them, never one source for all.

`issues` gathers an issue's key figures and statements into one row, whose Source cites the
issue; each gathered entry from another source names its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Figure, Statement
from raqqa_cli.reports.issues import issues_report
from tests.conftest import invoked
from tests.reports.test_examples import ALL, EXAMPLES

BRIEFINGS = [None, *ALL]


def _issues(path: Path | None) -> tuple[Index, dict[str, dict[str, object]]]:
    index = Index(load_briefing(str(path) if path else None))
    report = issues_report(index)
    keys = [c.key for c in report.columns]
    return index, {str(row[0]): dict(zip(keys, row, strict=True)) for row in report.rows}


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.name if p else "embedded")
def test_each_gathered_entry_names_its_own_source(path: Path | None) -> None:
    index, rows = _issues(path)
    for issue in index.briefing.issues:
        row = rows[issue.id]
        for column, ids in (("figures", issue.figures), ("statements", issue.statements)):
            cells = row[column]
            assert isinstance(cells, tuple) and len(cells) == len(ids)
            for cell, entry_id in zip(cells, ids, strict=True):
                entry = index.get(entry_id)
                assert isinstance(entry, Figure | Statement)
                own = f", from {index.citation(entry.source, entry.via)}"
                if entry.source == issue.source and entry.via is None:
                    assert ", from " not in cell, (issue.id, entry_id)
                else:
                    assert cell.endswith(own), (issue.id, entry_id, cell)


def test_the_appeal_cites_its_figures_to_their_own_sources(runner: CliRunner) -> None:
    path = EXAMPLES / "appeal-nepal-2015.yaml"
    _, rows = _issues(path)
    figures = rows["iss-coverage"]["figures"]
    assert isinstance(figures, tuple)
    cited = {cell.rsplit(", from ", 1)[1] for cell in figures if ", from " in cell}
    assert len(cited) >= 2  # several sources, each named, not the issue's one
    table = invoked(runner, ["-f", str(path), "issues", "--format", "markdown"]).stdout
    assert "one from another source names its own" in table


def test_a_briefing_whose_entries_share_the_issues_source_says_nothing_more(
    runner: CliRunner,
) -> None:
    table = invoked(runner, ["issues", "--format", "markdown"]).stdout
    assert ", from " not in table
    assert "names its own" not in table
