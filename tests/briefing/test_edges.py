"""The edges issue 12 found: calendar limits, format characters, Markdown that could change
structure, encodings named right, and limits by effect rather than by count."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from raqqa_cli.briefing.lookup import Matcher, fold
from raqqa_cli.cli.app import app
from raqqa_cli.render.markdown import escape_markdown
from raqqa_cli.render.text import FORMAT_CHARACTERS, neutralise

Write = Callable[..., Path]


# -- dates at the edges of the calendar ----------------------------------------------------


EDGE_DATES = ["9999-12", "9999", "9999-12-31", "0001", "0001-01", "0001-01-01"]


@pytest.mark.parametrize("date", EDGE_DATES)
@pytest.mark.parametrize(
    "command",
    [["timeline"], ["timeline", "--format", "json"], ["brief"], ["search", "storm"], ["issues"]],
)
def test_edge_dates_in_the_file_work_in_every_command(
    runner: CliRunner, write: Write, minimal_text: str, date: str, command: list[str]
) -> None:
    path = write(minimal_text.replace("date: 2020-02\n", f"date: '{date}'\n", 1))
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(app, [*command, "-f", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("date", EDGE_DATES)
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_edge_dates_as_filters(
    runner: CliRunner, write: Write, minimal_text: str, date: str, option: str
) -> None:
    path = write(minimal_text.replace("date: 2020-02\n", "date: 9999-12\n", 1))
    result = runner.invoke(app, ["timeline", option, date, "-f", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    kept = "9999-12" in result.stdout
    assert kept == (option == "--since" or date.startswith("9999"))


# -- format characters ---------------------------------------------------------------------


def test_every_format_character_of_this_python_is_escaped() -> None:
    known = {code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"}
    missing = known - set(FORMAT_CHARACTERS)
    assert not missing, f"Unicode {unicodedata.unidata_version}: add {sorted(map(hex, missing))}"


@pytest.mark.parametrize("char", ["\u061c", "\u200b", "\u200d", "\u2060", "\ufeff", "\U000e0041"])
def test_format_characters_are_escaped_in_terminal_text(char: str) -> None:
    assert neutralise(f"a{char}b") == f"a\\u{ord(char):04x}b"


def test_format_characters_are_visible_in_a_table(runner: CliRunner, write: Write) -> None:
    text = (Path(__file__).parent.parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
    path = write(text.replace("Ada Mayor", "Ada\u061c\u200bMayor", 1))
    result = runner.invoke(app, ["actors", "--format", "table", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert "\u061c" not in result.stdout and "\u200b" not in result.stdout
    assert "Ada\\u061c\\u200bMayor" in result.stdout.replace("\n", "")


def test_search_folding_ignores_format_characters() -> None:
    assert fold("Ra\u200bqqa\u2060") == fold("Raqqa") == "raqqa"
    assert Matcher("raqqa")("Liberation of Ra\u200dq\u00adqa")
    assert Matcher("Ra\u200bqqa")("Raqqa")


def test_zero_width_characters_do_not_hide_a_name(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    path = write(minimal_text.replace("Relief League", "Relief\u200b League", 1))
    for args in (["search", "relief league"], ["actors", "--match", "Relief League"]):
        result = runner.invoke(app, [*args, "-f", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert "Relief" in result.stdout, args


# -- Markdown structure ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["  # heading", "   - item", "  1. item", "    code block", "\t# tab", "  > quote", "   ==="],
)
def test_leading_spaces_cannot_make_structure(text: str) -> None:
    escaped = escape_markdown(text)
    for document in (escaped, f"- {escaped}", f"1. {escaped}", f"| {escaped} |\n|---|"):
        tokens = [t.type for t in MarkdownIt("commonmark").enable("table").parse(document)]
        assert "heading_open" not in tokens, document
        assert "code_block" not in tokens, document
        assert "blockquote_open" not in tokens, document
        assert tokens.count("bullet_list_open") <= document.startswith("- "), document
        assert tokens.count("ordered_list_open") <= document.startswith("1. "), document


def test_a_summary_that_begins_indented_stays_a_paragraph(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    old = "  summary: A made-up briefing about a made-up town, for raqqa's tests."
    assert old in minimal_text
    for summary in ("'    # not a heading'", "'   - not a list'", "'    not code'"):
        path = write(minimal_text.replace(old, f"  summary: {summary}"))
        result = runner.invoke(app, ["brief", "-f", str(path)])
        assert result.exit_code == 0, result.output
        tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
        headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
        assert [t.type for t in tokens].count("heading_open") == len(headings)
        assert "code_block" not in [t.type for t in tokens]
        assert summary.strip("' ").lstrip("#- ") in result.stdout


# -- encodings, keys and aliases -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_named_utf32(
    runner: CliRunner, write: Write, minimal_text: str, encoding: str
) -> None:
    data = minimal_text.encode(encoding)
    if encoding != "utf-32":  # the explicit-endian codecs write no mark: add one
        data = "\ufeff".encode(encoding) + data
    path = write(data)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"raqqa: error: {path}: is UTF-32; save it as UTF-8\n"


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("null", "null (quote it)"),
        ("~", "null (quote it)"),
        ("true", "the boolean true (quote it)"),
        ("12", "the number 12 (quote it)"),
    ],
)
def test_a_key_that_is_not_text_is_named_as_yaml_names_it(
    runner: CliRunner, write: Write, minimal_text: str, key: str, named: str
) -> None:
    path = write(minimal_text + f"{key}: x\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"a key must be text, not {named}" in result.stderr
    assert "NoneType" not in result.stderr


def test_more_than_a_thousand_aliases_of_a_source_id_are_accepted(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    events = "".join(
        f"  - id: ev-extra-{n}\n    date: 2020-01\n    what: Entry {n}.\n    source: *desk\n"
        for n in range(1_500)
    )
    text = minimal_text.replace("    source: src-desk\n", "    source: &desk src-desk\n", 1)
    text = text.replace("events:\n", "events:\n" + events, 1)
    path = write(text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "1502 events" in result.stdout
