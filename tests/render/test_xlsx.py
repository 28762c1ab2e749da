"""`-o FILE.xlsx`, read back with openpyxl and checked for meaning against the CSV of the same
report: the same keys, numbers as number cells, full dates as date cells, partial dates as
written in a text column of their own, no formula anywhere, the same bytes every time."""

from __future__ import annotations

import csv
import datetime
import io
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.errors import QueryError
from raqqa_cli.render.csvfmt import render_csv
from raqqa_cli.render.text import neutralise
from raqqa_cli.render.xlsx import AS_WRITTEN, MAX_CELL, MAX_ROWS, MAX_WIDTH, render_xlsx
from raqqa_cli.report import Column, Report, Value

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
BRIEFINGS: dict[str, Path | None] = {
    "embedded": None,
    **{path.stem: path for path in sorted(EXAMPLES.glob("*.yaml"))},
}


def _reports() -> dict[str, Callable[[Index], Report]]:
    """Every listing, built as its command builds it (with nothing filtered), straight from
    the report functions: no command-line wiring between the data and the workbook."""
    from raqqa_cli.reports import (
        actors,
        aid,
        conflicts,
        coverage,
        figures,
        issues,
        outlook,
        reactions,
        sections,
        sources,
        timeline,
        totals,
        votes,
    )

    everything = aid.AidFilter()
    return {
        "issues": issues.issues_report,
        "aid": lambda index: aid.aid_report(index, everything),
        "aid --totals": lambda index: totals.aid_totals(index, everything),
        "aid --by sector": lambda index: totals.aid_totals(index, everything, "sector"),
        "aid --by donor": lambda index: totals.aid_totals(index, everything, "donor"),
        "aid --chart": lambda index: aid.aid_chart(index, everything),
        "aid --coverage": lambda index: coverage.aid_coverage(index, everything),
        "reactions": reactions.reactions_report,
        "actors": actors.actors_report,
        "timeline": timeline.timeline_report,
        "outlook": outlook.outlook_report,
        "figures": figures.figures_report,
        "conflicts": conflicts.conflicts_report,
        "places": sections.places_report,
        "sources": sources.sources_report,
        "errata": sources.errata_report,
        "votes": votes.votes_report,
        "statements": sections.statements_report,
    }


REPORTS = _reports()


def report_of(listing: str, name: str) -> Report:
    path = BRIEFINGS[name]
    return REPORTS[listing](Index(load_briefing(str(path) if path else None)))


FULL = re.compile(r"\d{4}-\d{2}-\d{2}")
PARTIAL = re.compile(r"\d{4}(?:-\d{2})?")
PARTIAL_OR_FULL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def excel_text(stored: str) -> str:
    """A cell's text as Excel reads it: OOXML's `_xHHHH_` is the character it names
    (ECMA-376 ST_Xstring), which openpyxl leaves as it is."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), stored)


def sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).worksheets[0]


def cells(data: bytes) -> tuple[list[str], list[list[Any]]]:
    """The header's keys and the rows of openpyxl cells under it."""
    rows = [list(row) for row in sheet(data).iter_rows()]
    return [c.value for c in rows[0]], rows[1:]


def csv_header(report: Report) -> list[str]:
    return next(csv.reader(io.StringIO(render_csv(report), newline="")))


def no_formula(data: bytes) -> None:
    """No cell is a formula, read by openpyxl or in the sheet's XML itself."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(?:\w+:)?f[ >/]", archive.read(name)), name
    for row in sheet(data).iter_rows():
        assert all(c.data_type != "f" for c in row)


def _filled(value: Value) -> bool:
    return value not in (None, "", ())


def _day(value: Value) -> datetime.date | None:
    """The date a full ISO date names, if Excel can hold it (from 1 March 1900)."""
    if not isinstance(value, str) or not FULL.fullmatch(value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day >= datetime.date(1900, 3, 1) else None


def check_meaning(report: Report, data: bytes) -> None:
    """Every value of the report, column by column of the CSV, in the workbook as it means."""
    keys, rows = cells(data)
    at = {key: i for i, key in enumerate(keys)}
    split = {key.removesuffix(AS_WRITTEN) for key in keys if key.endswith(AS_WRITTEN)}
    added = {key + AS_WRITTEN for key in split}
    assert [key for key in keys if key not in added] == csv_header(report)
    assert len(rows) == len(report.rows)
    for key in split:  # the text as written right after the column of dates
        assert at[key + AS_WRITTEN] == at[key] + 1
    for i in report.for_machines():
        key = report.columns[i].key
        column = [values[i] for values in report.rows]
        dates = [v for v in column if _filled(v)]
        is_dates = bool(dates) and all(
            isinstance(v, str) and PARTIAL_OR_FULL.fullmatch(v) for v in dates
        )
        assert (key in split) == (is_dates and any(_day(v) is None for v in dates)), key
        for row, value in zip(rows, column, strict=True):
            cell = row[at[key]]
            if key in split:
                written = row[at[key + AS_WRITTEN]]
                if _filled(value):
                    assert written.data_type == "s" and written.value == value
                else:
                    assert written.value is None
            if is_dates:
                day = _day(value)
                if day is None:  # never a number, nor a date with a day made up
                    assert cell.value is None, (key, value)
                else:
                    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
                    assert cell.value.date() == day
            elif not _filled(value) or value == ("",):  # as blank as in the CSV
                assert cell.value is None, (key, value)
            elif isinstance(value, bool):
                assert cell.data_type == "b" and cell.value is value
            elif isinstance(value, int | float):
                assert cell.data_type == "n" and cell.value == value, (key, value)
                if isinstance(value, int):
                    assert cell.number_format == "#,##0"
            else:
                assert isinstance(value, str | tuple)
                joined = "; ".join(value) if isinstance(value, tuple) else value
                assert cell.data_type == "s", (key, value)
                assert excel_text(cell.value) == neutralise(joined)
                # Every item, in order, where no item holds the separator (as in the CSV).
                if isinstance(value, tuple) and not any("; " in v for v in value):
                    assert excel_text(cell.value).split("; ") == [neutralise(v) for v in value]


@pytest.mark.parametrize("listing", list(REPORTS))
@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_a_workbook_means_what_the_csv_says(name: str, listing: str) -> None:
    report = report_of(listing, name)
    data = render_xlsx(report)
    check_meaning(report, data)
    no_formula(data)
    assert render_xlsx(report) == data


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_partial_dates_have_a_column_of_their_own(name: str) -> None:
    """Every briefing here has a column of dates some of them partial ("2017-06", "2012"):
    the test above would pass vacuously were none split."""
    report = report_of("figures" if name != "idai-2019" else "aid", name)
    keys, rows = cells(render_xlsx(report))
    split = [k for k in keys if k.endswith(AS_WRITTEN)]
    if name == "unsc-8228-2018":  # its figures are all dated to the day
        assert split == []
        return
    assert split
    column = keys.index(split[0])
    assert any(PARTIAL.fullmatch(row[column].value or "") for row in rows)


def test_the_sheet_is_a_table_to_read() -> None:
    report = report_of("aid", "embedded")
    data = render_xlsx(report)
    ws = sheet(data)
    assert ws.title == "Aid"
    assert ws.freeze_panes == "A2"
    keys, rows = cells(data)
    last = ws.cell(1, len(keys)).column_letter
    assert ws.auto_filter.ref == f"A1:{last}{len(rows) + 1}"
    assert all(c.font.b for c in next(ws.iter_rows(max_row=1)))
    widths = [ws.column_dimensions[ws.cell(1, i + 1).column_letter].width for i in range(len(keys))]
    assert all(len(k) + 2 <= w <= MAX_WIDTH for k, w in zip(keys, widths, strict=True))
    note = keys.index("note")
    assert widths[note] == MAX_WIDTH
    assert all(r[note].alignment.wrap_text for r in rows if r[note].value)


SYNTHETIC = (
    Column("id", "ID"),
    Column("since", "Since", audience="machines"),
    Column("day", "Day"),
    Column("code", "Code"),
    Column("phone", "Phone"),
    Column("count", "Count", numeric=True),
    Column("tags", "Tags"),
    Column("said", "Said", audience="people"),
)


def test_dates_are_told_by_their_values_not_their_names() -> None:
    """`since` holding "2017" is a partial date, not the number 2017; "001" and "+44 20" are
    text; `day`, every value a full date, is one column of dates; the people's column is out."""
    report = Report(
        "Synthetic",
        SYNTHETIC,
        (
            ("a", "2017", "2017-10-22", "001", "+44 20 7946 0000", 1_500_000, ("x", "y"), "s"),
            ("b", "2017-10-22", None, "010", "-5", 2.5, (), "s"),
            ("c", None, "1899-12-31", "", "=1+1", None, ("=SUM(A1)",), "s"),
        ),
    )
    data = render_xlsx(report)
    check_meaning(report, data)
    no_formula(data)
    keys, rows = cells(data)
    assert keys == [
        *("id", "since", "since_as_written", "day", "day_as_written"),
        *("code", "phone", "count", "tags"),
    ]
    assert [r[1].value for r in rows] == [None, datetime.datetime(2017, 10, 22), None]
    assert [r[2].value for r in rows] == ["2017", "2017-10-22", None]
    assert all(r[2].data_type == "s" for r in rows[:2])
    # Before Excel's 1900 there is no date cell to hold it: kept as written.
    assert [r[3].value for r in rows] == [datetime.datetime(2017, 10, 22), None, None]
    assert rows[2][4].value == "1899-12-31"
    assert [r[5].value for r in rows] == ["001", "010", None]
    assert [r[6].value for r in rows] == ["+44 20 7946 0000", "-5", "=1+1"]
    assert rows[2][6].quotePrefix  # stays text if someone edits it
    assert rows[0][7].number_format == "#,##0" and rows[1][7].value == 2.5
    assert [r[8].value for r in rows] == ["x; y", None, "=SUM(A1)"]


def test_one_date_column_all_whole_is_not_split() -> None:
    report = Report("Days", (Column("date", "Date"),), (("2019-03-14",), ("2019-04-08",)))
    keys, rows = cells(render_xlsx(report))
    assert keys == ["date"]
    assert [r[0].value.date() for r in rows] == [
        datetime.date(2019, 3, 14),
        datetime.date(2019, 4, 8),
    ]


def test_no_rows_is_the_header() -> None:
    report = Report("Nothing", SYNTHETIC, ())
    keys, rows = cells(render_xlsx(report))
    assert keys == csv_header(report) and rows == []


def test_the_same_report_gives_the_same_bytes_at_another_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = report_of("figures", "embedded")
    first = render_xlsx(report)
    later = time.time() + 400 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert render_xlsx(report) == first
    properties = load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified == datetime.datetime(1980, 1, 1)


def test_source_date_epoch_stamps_the_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1508803200")  # 2017-10-24T00:00:00Z
    data = render_xlsx(report_of("issues", "embedded"))
    assert load_workbook(io.BytesIO(data)).properties.created == datetime.datetime(2017, 10, 24)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2017, 10, 24, 0, 0, 0)}


def test_without_openpyxl_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(QueryError) as raised:
        render_xlsx(Report("Nothing", SYNTHETIC, ()))
    message = str(raised.value)
    assert "pip install 'raqqa-cli[xlsx]'" in message and "\n" not in message


def test_too_many_rows_for_a_sheet_is_refused() -> None:
    report = Report("Big", (Column("id", "ID"),), (("x",),) * (MAX_ROWS + 1))
    with pytest.raises(QueryError, match=r"-o FILE\.csv"):
        render_xlsx(report)


def test_a_cell_too_long_for_excel_is_cut_visibly() -> None:
    report = Report("Long", (Column("text", "Text"),), (("word " * 10_000,), ("_x0041_" * 5000,)))
    _, rows = cells(render_xlsx(report))
    for row in rows:
        assert len(row[0].value) <= MAX_CELL
        assert row[0].value.endswith("the CSV and JSON have it all)")
    assert excel_text(rows[1][0].value).startswith("_x0041_" * 100)


FORMULA_STARTS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "_x0041_"])
hostile = st.builds(lambda start, rest: start + rest, FORMULA_STARTS, st.text(max_size=40))


def _excel_would_show(text: str) -> str:
    """neutralise's escapes, and U+FFFD for what XML 1.0 cannot hold."""
    return re.sub("[\ufffe\uffff]", "\ufffd", neutralise(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(hostile, st.lists(hostile, max_size=3)), min_size=1, max_size=4), hostile)
@example([('=HYPERLINK("http://x")', ["@SUM(A1)"]), ("\x00\x1b\x0b\x7f\u202e", [])], "[a]:*?/\\'")
def test_any_text_is_stored_as_that_text_never_as_a_formula(
    rows: list[tuple[str, list[str]]], title: str
) -> None:
    report = Report(
        title,
        (Column("text", "Text"), Column("tags", "Tags")),
        tuple((text, tuple(tags)) for text, tags in rows),
    )
    data = render_xlsx(report)
    no_formula(data)
    ws = sheet(data)
    assert 1 <= len(ws.title) <= 31 and not re.search(r"[\[\]:*?/\\]", ws.title)
    assert not ws.title.startswith("'") and not ws.title.endswith("'")
    # (A row with nothing in it is no row to openpyxl's reader: count the rows asked for.)
    written = ws.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=2)
    for row, (text, tags) in zip(written, rows, strict=True):
        for cell, value in ((row[0], text), (row[1], "; ".join(tags))):
            if value:
                assert cell.data_type == "s"
                assert excel_text(cell.value) == _excel_would_show(value)
            else:
                assert cell.value is None
