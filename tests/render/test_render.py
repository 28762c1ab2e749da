"""Renderers: each format from one Report, and hostile text made harmless in every one."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from raqqa_cli.render import Format, render, resolve_format
from raqqa_cli.render.csvfmt import csv_cell
from raqqa_cli.render.markdown import escape_markdown
from raqqa_cli.render.text import neutralise
from raqqa_cli.report import Column, Report
from raqqa_cli.terminal import Terminal

HOSTILE = (
    "[bold red]boom[/] :smile: \x1b[31mred\x1b[0m | pipe\nnew line\ttab *star* _u_ "
    "<b>html</b> `code` \u202eevil\u202c \x9b31m"
)
COLUMNS = (
    Column("id", "ID"),
    Column("text", "Text"),
    Column("count", "Count", numeric=True),
    Column("tags", "Tags"),
    Column("shown", "Shown", audience="people"),
    Column("raw", "Raw", audience="machines"),
)
ROWS = (
    ("r-1", HOSTILE, 1500, ("a", "b|c"), "for people", 1.5),
    ("r-2", '=HYPERLINK("http://x")', None, (), "", None),
    ("r-3", "-2+3", 0, ("@SUM(A1)",), "+1", -7),
)
REPORT = Report("Hostile [b]title[/b]", COLUMNS, ROWS, notes=("note with | pipe",))
TTY = Terminal(is_tty=True, width=100, color=True)
PIPE = Terminal(is_tty=False, width=80, color=False)


def test_auto_is_table_on_a_terminal_and_markdown_when_piped() -> None:
    assert resolve_format(Format.auto, TTY) is Format.table
    assert resolve_format(Format.auto, PIPE) is Format.markdown
    assert resolve_format(Format.csv, TTY) is Format.csv


def test_json_round_trips_numbers_lists_and_text() -> None:
    records = json.loads(render(REPORT, Format.json, PIPE))
    assert records[0] == {
        "id": "r-1",
        "text": HOSTILE,
        "count": 1500,
        "tags": ["a", "b|c"],
        "raw": 1.5,
    }
    assert records[1]["count"] is None and records[1]["tags"] == []
    assert [r["raw"] for r in records] == [1.5, None, -7]


def test_json_escapes_what_a_terminal_would_obey() -> None:
    text = render(REPORT, Format.json, PIPE)
    for char in ("\x1b", "\x9b", "\u202e"):
        assert char not in text


def test_csv_round_trips_and_defuses_formulas() -> None:
    text = render(REPORT, Format.csv, PIPE)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["id", "text", "count", "tags", "raw"]
    assert rows[1][0] == "r-1" and rows[1][2] == "1500" and rows[1][3] == "a; b|c"
    assert rows[1][1] == neutralise(HOSTILE)
    assert "\x1b" not in text and "\x9b" not in text
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    assert rows[3][1] == "'-2+3" and rows[3][3] == "'@SUM(A1)" and rows[3][4] == "-7"


def test_csv_of_no_rows_is_the_header() -> None:
    empty = Report("Nothing", COLUMNS, ())
    assert render(empty, Format.csv, PIPE) == "id,text,count,tags,raw\r\n"
    assert json.loads(render(empty, Format.json, PIPE)) == []
    for fmt in (Format.markdown, Format.plain, Format.table):
        assert render(empty, fmt, TTY) == ""


def test_plain_is_one_line_per_record_with_tabs() -> None:
    lines = render(REPORT, Format.plain, PIPE).splitlines()
    assert len(lines) == 3
    fields = lines[0].split("\t")
    assert fields[0] == "r-1" and fields[2] == "1500" and fields[4] == "1.5"
    assert "\\n" in fields[1] and "\\t" in fields[1] and "\\x1b" in fields[1]
    assert lines[1].split("\t") == ["r-2", '=HYPERLINK("http://x")', "", "", ""]


def test_markdown_escapes_cells() -> None:
    text = render(REPORT, Format.markdown, PIPE)
    lines = text.splitlines()
    assert lines[0] == "" and lines[-1] == ""  # blank lines around: safe to append
    assert lines[1] == "## Hostile \\[b\\]title\\[/b\\]"
    assert lines[3] == "| ID | Text | Count | Tags | Shown |"
    # The separator is as wide as each column's content (converters keep proportions).
    assert re.fullmatch(r"\| -{3,} \| -{3,} \| -{2,}: \| -{3,} \| -{3,} \|", lines[4])
    row = lines[5]
    widths = [len(cell) for cell in lines[4].strip("| ").split(" | ")]
    assert widths[1] > widths[0]  # the long text gets more than the id
    assert row.count(" | ") == 4  # the data's pipes are escaped, so five cells
    assert "\\|" in row and "<br>" in row and "\\*star\\*" in row and "\\<b\\>" in row
    assert "\x1b" not in text and "\\x1b" in text
    assert "1,500" in row
    assert lines[-2] == "- note with \\| pipe"


def test_markdown_cells_parse_as_one_table() -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(render(REPORT, Format.markdown, PIPE))
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 3 * 5
    assert not [t for t in tokens if t.type in ("html_inline", "html_block")]


def test_table_prints_markup_and_emoji_codes_literally() -> None:
    text = render(REPORT, Format.table, Terminal(is_tty=True, width=200, color=False))
    assert "[bold red]boom[/]" in text
    assert ":smile:" in text and "\U0001f604" not in text
    assert "\x1b" not in text and "\\x1b[31mred" in text
    assert "\u202e" not in text and "\\u202e" in text
    assert "Hostile [b]title[/b]" in text
    assert "Raw" not in text and "Shown" in text


def test_table_colour_only_when_asked() -> None:
    plain = render(REPORT, Format.table, Terminal(is_tty=True, width=200, color=False))
    coloured = render(REPORT, Format.table, Terminal(is_tty=True, width=200, color=True))
    assert "\x1b[" not in plain
    assert "\x1b[1m" in coloured


def test_table_respects_width_and_falls_back_to_cards() -> None:
    wide = render(REPORT, Format.table, Terminal(is_tty=True, width=200, color=False))
    narrow = render(REPORT, Format.table, Terminal(is_tty=True, width=40, color=False))
    assert max(len(line) for line in narrow.splitlines()) <= 40
    assert re.search(r"^ID +r-1", narrow, re.MULTILINE)
    assert "\u2500" in wide and "\u2500" not in narrow


def test_escape_markdown_keeps_plain_words() -> None:
    assert escape_markdown("Raqqa, 2017") == "Raqqa, 2017"
    assert escape_markdown("a|b") == "a\\|b"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cell_defuses_each_formula_start(start: str) -> None:
    assert csv_cell(f"{start}1+cmd|' /C calc'!A0") == f"'{start}1+cmd|' /C calc'!A0"
    assert csv_cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


@pytest.mark.parametrize("number", ["-5%", "+12", "-1,200.5", "+0.25%"])
def test_csv_cell_keeps_a_signed_number_as_written(number: str) -> None:
    """`-5%` came out as `'-5%`: a number is no formula, and scripts want it as written."""
    assert csv_cell(number) == number
    assert csv_cell("=" + number) == "'=" + number  # `=` always starts a formula


def test_csv_cell_shows_a_leading_carriage_return() -> None:
    assert csv_cell("\r=1") == "\\x0d=1"


text_cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=200)
@given(st.lists(st.tuples(text_cells, text_cells), max_size=4))
def test_any_text_in_every_format(rows: list[tuple[str, str]]) -> None:
    report = Report("T", (Column("a", "A"), Column("b", "B")), tuple(rows))
    assert [tuple(r.values()) for r in json.loads(render(report, Format.json, PIPE))] == rows
    parsed = list(csv.reader(io.StringIO(render(report, Format.csv, PIPE), newline="")))
    assert len(parsed) == len(rows) + 1
    assert len(render(report, Format.plain, PIPE).splitlines()) == len(rows)
    markdown = render(report, Format.markdown, PIPE)
    # A blank line, the heading, a blank line, two header lines, the rows, a blank line;
    # then, where every row of several says one thing in B, that line and a blank line.
    said = report.notes_for_people()
    # (B is said once only beside a column A that says something: the first column stays)
    alike = (
        len(rows) > 1 and len({b for _, b in rows}) == 1 and rows[0][1] and any(a for a, _ in rows)
    )
    value = rows[0][1] if rows else ""
    end = "" if value.endswith((".", "!", "?", "\u2026")) else "."
    assert said == ((f"In every row, B: {value}{end}",) if alike else ())
    assert len(markdown.splitlines()) == (len(rows) + 6 + (2 if said else 0) if rows else 0)
    table = render(report, Format.table, Terminal(is_tty=True, width=60, color=False))
    for output in (markdown, table, render(report, Format.plain, PIPE)):
        assert "\x1b" not in output and "\x9b" not in output and "\u202e" not in output


def _rendered_text(markdown: str) -> str:
    """What a Markdown reader sees of `markdown`: its text, `<br>` as a line break."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    seen: list[str] = []
    for block in parser.parse(markdown):
        if block.type == "inline":
            if seen:
                seen.append("\n")
            for token in block.children or []:
                assert token.type in ("text", "html_inline", "softbreak"), (token, markdown)
                if token.type == "html_inline":
                    assert token.content == "<br>", (token, markdown)
                seen.append("\n" if token.type != "text" else token.content)
        else:
            assert block.type.endswith(("_open", "_close")), (block.type, markdown)
    return "".join(seen)


# Markdown drops white space at the ends of a line; everything else must show as written.
markdown_words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
).map(lambda text: text.replace("\r", "").strip())


@settings(max_examples=300)
@given(markdown_words)
@example("0 \n0")
def test_escaped_text_renders_as_itself_at_the_start_of_a_line(text: str) -> None:
    # A paragraph (the brief's summary), a list item (a note) and a table cell.
    expected = neutralise(text).replace("\t", " ")
    if not text:
        return
    lines = [line.strip() for line in expected.split("\n")]

    def seen(markdown: str) -> list[str]:  # white space at the ends of a line is invisible
        return [line.strip() for line in _rendered_text(markdown).split("\n")]

    assert seen(escape_markdown(text)) == lines
    assert seen("- " + escape_markdown(text)) == lines
    assert seen(f"| A |\n|---|\n| {escape_markdown(text)} |\n")[1:] == lines


@pytest.mark.parametrize(
    "text", ["# not a heading", "> not a quote", "- not a list", "1. not a list", "&#8238;", "$x$"]
)
def test_escaped_text_starting_a_line_stays_text(text: str) -> None:
    assert _rendered_text(escape_markdown(text)) == text


@pytest.mark.parametrize("width", [40, 100])
@pytest.mark.parametrize("color", [False, True])
def test_tables_leave_no_spaces_at_the_ends_of_lines(width: int, color: bool) -> None:
    text = render(REPORT, Format.table, Terminal(is_tty=True, width=width, color=color))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain.strip() and all(line == line.rstrip(" ") for line in plain.splitlines())


def test_a_column_no_row_fills_is_left_out_for_people_only() -> None:
    """An empty Trend column only squeezes the others on a terminal; machines keep every
    key, and a report with nothing in any column still shows its headings."""
    columns = (Column("who", "Held by"), Column("trend", "Trend"), Column("what", "Judgement"))
    report = Report("Outlook", columns, (("WFP", None, "likely"), ("USAID", "", "expected")))
    tty = Terminal(is_tty=True, width=80, color=False)
    for fmt, terminal in ((Format.table, tty), (Format.markdown, tty)):
        shown = render(report, fmt, terminal)
        assert "Held by" in shown and "Judgement" in shown
        assert "Trend" not in shown, fmt
    records = json.loads(render(report, Format.json, tty))
    assert [r["trend"] for r in records] == [None, ""]
    nothing = Report("Outlook", columns, (("", None, ""),))
    assert "Trend" in render(nothing, Format.markdown, tty)


SAME_COLUMNS = (
    Column("symbol", "Symbol"),
    Column("kind", "Kind"),
    Column("votes", "Votes", numeric=True),
    Column("body", "Body"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
)
SAME_ROWS = (
    ("S/1", "draft resolution", 9, "Council", "Record, 2024", "src-r"),
    ("S/2", "draft resolution", 9, "Council", "Record, 2024", "src-r"),
)


def test_a_column_every_row_fills_alike_is_said_once_for_people() -> None:
    """ "Kind: draft resolution" in every row says nothing a line cannot; the line says it.
    Kept whatever they hold: the first column, numbers, and citations (a row copied alone
    keeps its source). Machines keep every key."""
    report = Report("Decisions", SAME_COLUMNS, SAME_ROWS)
    tty = Terminal(is_tty=True, width=100, color=False)
    for fmt in (Format.table, Format.markdown, Format.html):
        shown = " ".join(render(report, fmt, tty).split())
        assert "In every row, Kind: draft resolution; Body: Council." in shown, fmt
        assert shown.count("draft resolution") == 1, fmt
        assert "Symbol" in shown and "Votes" in shown and "Source" in shown, fmt
        assert shown.count("Record, 2024") == 2, fmt  # each row keeps its citation
    records = json.loads(render(report, Format.json, tty))
    assert [(r["kind"], r["body"]) for r in records] == [("draft resolution", "Council")] * 2
    assert report.for_people() == [0, 2, 4]


@pytest.mark.parametrize(
    ("rows", "column"),
    [
        (SAME_ROWS[:1], "Kind"),  # one row: every column is "the same in every row"
        ((SAME_ROWS[0], (*SAME_ROWS[1][:1], "motion", *SAME_ROWS[1][2:])), "Kind"),
        ((SAME_ROWS[0], (*SAME_ROWS[1][:3], None, *SAME_ROWS[1][4:])), "Body"),  # not given
    ],
)
def test_a_column_is_said_once_only_when_every_row_of_several_says_it(
    rows: tuple[tuple[object, ...], ...], column: str
) -> None:
    report = Report("Decisions", SAME_COLUMNS, rows)  # type: ignore[arg-type]
    said = " ".join(report.notes_for_people())
    assert f"{column}:" not in said
    shown = render(report, Format.markdown, Terminal(is_tty=False, width=80, color=False))
    header = next(line for line in shown.splitlines() if line.startswith("| "))
    assert f"| {column} |" in header
    if len(rows) == 1:
        assert report.notes_for_people() == ()


def test_the_brief_says_a_shared_value_once_and_keeps_every_citation(runner: Any) -> None:
    from typer.testing import CliRunner

    from raqqa_cli.cli.app import app
    from tests.reports.test_examples import DEBATE

    assert isinstance(runner, CliRunner)
    brief = runner.invoke(app, ["-f", str(DEBATE), "brief"]).stdout
    votes = brief.split("## Decisions and votes", 1)[1].split("\n## ", 1)[0]
    assert "- In every row, Kind: draft resolution; Body: Security Council." in votes
    header = next(line for line in votes.splitlines() if line.startswith("| "))
    assert "Kind" not in header and "Source" in header


@pytest.mark.parametrize("args", [["aid"], ["statements"], ["actors"], ["aid", "--totals"]])
def test_tsv_has_the_header_the_tools_expect(args: list[str], tmp_path: Any) -> None:
    """`-o out.tsv` had no header row (sqlite-utils, csvkit and pandas expect one); plain
    text without one is `.txt`. Read back, the TSV holds JSON's keys and every record."""
    from typer.testing import CliRunner

    from tests.conftest import MINIMAL, invoked, json_records

    runner = CliRunner()
    records = json_records(runner, ["-f", str(MINIMAL), *args])
    target = tmp_path / "out.tsv"
    invoked(runner, ["-f", str(MINIMAL), *args, "-o", str(target)])
    text = target.read_text(encoding="utf-8")
    assert text == invoked(runner, ["-f", str(MINIMAL), *args, "--format", "tsv"]).stdout
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == list(records[0]) and len(rows) == len(records) + 1
    for row, record in zip(rows[1:], records, strict=True):
        assert row[0] == str(record[rows[0][0]] if record[rows[0][0]] is not None else "")
    plain = invoked(runner, ["-f", str(MINIMAL), *args, "-o", str(tmp_path / "o.txt")])
    assert plain.stdout == "" and (tmp_path / "o.txt").read_text() == text.split("\n", 1)[1]
