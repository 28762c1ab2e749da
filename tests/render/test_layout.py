"""Tables for people at 40 to 200 columns: the shorter readable view, no word cut, and a pager
only when a terminal asks for one."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line, words
from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.cli.output import Output
from raqqa_cli.cli.pager import pager_for
from raqqa_cli.render.terminal.table import (
    _divide,
    render_table,
    wrap,
)
from raqqa_cli.render.terminal.wrap import divide_line as raqqa_divide_line
from raqqa_cli.render.text import _NEUTRALISE, UNSAFE_CODES, neutralise
from raqqa_cli.report import Report
from raqqa_cli.terminal import Terminal
from tests.conftest import MINIMAL

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
BRIEFINGS = {"embedded": None, "minimal": MINIMAL, "idai": EXAMPLES / "idai-2019.yaml"}


def report_of(args: list[str], path: Path | None) -> Report:
    """The Report a listing renders, built as the command builds it."""
    from raqqa_cli.cli import commands

    shown: list[Report] = []

    class Keeping(Output):
        def show(self, report: Report) -> None:
            shown.append(report)

    options = {**_defaults(args), "file": str(path) if path else None}
    for key in (*commands.WRITES, "audience"):  # the Output's, as `commands.run` takes them
        options.pop(key, None)
    commands.dispatch(args[0], Keeping(Terminal(False)), options)
    return shown[0]


def _defaults(args: list[str]) -> dict[str, object]:
    from raqqa_cli.cli.fast import parse

    call = parse(args, {})
    assert call is not None
    return dict(call.options)


# -- the pager -----------------------------------------------------------------------------

TALL = "line\n" * 100
SHORT = "line\n" * 5
SCREEN = Terminal(is_tty=True, width=80, color=True, height=40, page=True)


def test_a_tall_output_on_a_terminal_is_paged_by_less(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    assert pager_for(TALL, SCREEN, {}) == ["/usr/bin/less", "-FRX"]


def test_raqqa_pager_comes_before_pager() -> None:
    assert pager_for(TALL, SCREEN, {"RAQQA_PAGER": "most -s", "PAGER": "more"}) == ["most", "-s"]
    assert pager_for(TALL, SCREEN, {"PAGER": "more"}) == ["more"]


@pytest.mark.parametrize(
    ("text", "terminal", "env"),
    [
        (SHORT, SCREEN, {}),  # fits the screen
        (TALL, SCREEN._replace(is_tty=False), {}),  # piped
        (TALL, SCREEN._replace(page=False), {}),  # --no-pager
        (TALL, SCREEN._replace(height=0), {}),  # a height nobody told us
        (TALL, SCREEN, {"PAGER": "cat"}),  # cat is no pager
        (TALL, SCREEN, {"PAGER": ""}),  # nor is an empty one
        (TALL, SCREEN, {"RAQQA_PAGER": "", "PAGER": "less"}),  # RAQQA_PAGER says none
        (TALL, SCREEN, {"PAGER": "less '"}),  # unreadable: write it straight out
    ],
    ids=["short", "piped", "no-pager", "no-height", "cat", "empty", "raqqa-empty", "bad"],
)
def test_when_there_is_no_pager(text: str, terminal: Terminal, env: dict[str, str]) -> None:
    assert pager_for(text, terminal, env) is None


def test_no_pager_reaches_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Terminal] = []
    monkeypatch.setattr(Output, "emit", lambda out, text: seen.append(out.terminal))
    for argv in (["sources", "--no-pager"], ["--no-pager", "sources"], ["sources"]):
        CliRunner().invoke(app, [*argv, "--format", "table"], obj=SCREEN)
    assert [t.page for t in seen] == [False, False, True]


def test_paged_output_goes_through_the_pager(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "paged.txt"
    monkeypatch.setenv("RAQQA_PAGER", f"tee {out}")
    small = SCREEN._replace(height=10)
    result = CliRunner().invoke(app, ["sources", "--format", "plain"], obj=small)
    assert result.exit_code == 0
    paged = out.read_text(encoding="utf-8")
    assert paged.count("\n") > small.height and paged.startswith("src-")
    # What the pager was given is the command's whole output, as piped output would be.
    monkeypatch.setattr(Output, "emit", Output.write)
    assert paged == CliRunner().invoke(app, ["sources", "--format", "plain"], obj=small).stdout


def test_a_plain_pager_is_given_no_escape_codes(tmp_path: Path) -> None:
    """From the tmux walk: `PAGER=more` counted colour codes in a line's width and broke
    words ("offensi" / "ve"). `more` and `pg` get the text without colour or hyperlinks;
    less (told -R) and other pagers get it as the terminal would."""
    from raqqa_cli.cli.pager import page

    coloured = "\x1b[1mTimeline\x1b[0m \x1b]8;;https://x.org\x1b\\x.org\x1b]8;;\x1b\\\n"
    for name, kept in (("more", False), ("cat", True)):
        out = tmp_path / f"{name}.txt"
        pager = tmp_path / name
        pager.write_text(f"#!/bin/sh\ncat > {out}\n", encoding="utf-8")
        pager.chmod(0o755)
        assert page(coloured, [str(pager)]) is None
        assert out.read_text(encoding="utf-8") == (coloured if kept else "Timeline x.org\n")


# -- the word wrap, against rich's -----------------------------------------------------------


def rich_divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """rich's word wrap (`rich._wrap.divide_line`) as raqqa's copy is meant to diverge from
    it (render/terminal/wrap.py): where rich, folding a word longer than `width`, folds the
    spaces after it onto a line of their own (a blank line inside a cell, or a next word
    that starts a space in), they stay at the end of the word's last line, and the next
    word starts the next line. Everywhere else, rich's breaks unchanged."""
    if fold:
        for start, end, word in words(text):
            stripped = word.rstrip()
            if cell_len(stripped) > width and not chop_cells(word, width)[-1].strip():
                head = [b for b in divide_line(text, width) if b < start + len(stripped)]
                if end == len(text):
                    return head
                # The rest as rich goes on after a line filled past its width: after a
                # first word that fills a line, and a space.
                full = "a" * width + " "
                rest = rich_divide_line(full + text[end:], width)
                return [*head, *(end + b - len(full) for b in rest)]
    return divide_line(text, width, fold=fold)


def test_a_long_word_s_spaces_are_not_folded_onto_a_line_of_their_own() -> None:
    """36 zeros at 18 a line are two lines exactly: rich then folds the space after them
    onto a third, blank in a cell, before the next word; raqqa goes on with the next word."""
    text = "x " + "0" * 36 + " " + "y" * 18
    assert divide_line(text, 18) == [2, 20, 38, 39]  # rich's: a line of one space at 38
    assert raqqa_divide_line(text, 18) == _divide(text, 18) == [2, 20, 39]
    assert rich_divide_line(text, 18) == [2, 20, 39]
    wrapped = [line.plain.rstrip() for line in wrap(Text(text), 18)]
    assert wrapped == ["x", "0" * 18, "0" * 18, "y" * 18]
    # And spaces that run past a long word's last line: rich gives them a line ("  ").
    text = "0" * 39 + "   y"
    assert divide_line(text, 20) == [20, 40] and _divide(text, 20) == [20, 42]


WORDS = st.lists(
    st.sampled_from([*"abc de\n\t", "  ", "longerword", "\u4e2d", "\u00e9", "-", "\u3000"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=WORDS, width=st.integers(min_value=1, max_value=30), styled=st.booleans())
def test_wrap_is_rich_s_word_wrap(text: str, width: int, styled: bool) -> None:
    console = Console(width=80, file=io.StringIO())
    line = Text(text, style="bold")
    if styled and text:
        line.stylize("reverse", 0, max(1, len(text) // 2))  # a highlighted match
    ours = wrap(line, width)
    with mock.patch("rich.text.divide_line", rich_divide_line):  # see rich_divide_line
        theirs = line.wrap(console, width, overflow="fold")
    assert [(t.plain, t.style, t.spans) for t in ours] == [
        (t.plain, t.style, t.spans) for t in theirs
    ]


@settings(max_examples=500, deadline=None)
@given(
    line=st.lists(
        st.sampled_from(["a", "bc", " ", "   ", "longerword", "x-y", "!"]), max_size=30
    ).map("".join),
    width=st.integers(min_value=1, max_value=25),
)
def test_the_ascii_word_wrap_breaks_where_rich_s_does(line: str, width: int) -> None:
    assert _divide(line, width) == rich_divide_line(line, width, fold=True)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_neutralise_changes_only_what_it_must(text: str) -> None:
    assert neutralise(text) == text.translate(_NEUTRALISE)


def test_neutralise_finds_every_unsafe_character() -> None:
    unsafe = set(UNSAFE_CODES)
    assert [c for c in range(0x110000) if (neutralise(chr(c)) != chr(c)) != (c in unsafe)] == []


# -- what the layout promises a reader -------------------------------------------------------


def test_a_list_item_that_goes_on_is_indented_so_it_reads_as_one_item() -> None:
    from raqqa_cli.report import Column, Report

    report = Report(
        "Actors",
        (Column("name", "Name"), Column("aliases", "Aliases")),
        (("Ministry", ("Russian Ministry of Defence", "MoD")),),
    )
    out = render_table(report, Terminal(True, 24))
    assert "  Russian Ministry of\n" not in out  # the item's first line is not indented
    lines = [line.rstrip() for line in out.splitlines()]
    start = next(n for n, line in enumerate(lines) if line.endswith("Russian Ministry"))
    assert lines[start + 1].endswith("  of Defence")  # the rest: indented under it
    assert lines[start + 2].endswith("MoD")  # the next item starts where items start
    assert len(lines[start + 2]) - len("MoD") == len(lines[start]) - len("Russian Ministry")


def test_a_word_that_would_be_cut_beside_its_label_goes_below_it() -> None:
    from raqqa_cli.report import Column, Report

    path = "/work/briefings/examples/idai-2019.yaml"  # 39 characters: one word
    report = Report(
        "Sections",
        (Column("section", "Section"), Column("hint", "Dig in with")),
        (("Issues", f"raqqa -f {path} issues"),),
    )
    out = render_table(report, Terminal(True, 42))
    assert f"\n  {path}\n" in out  # whole, on a line of its own, under its label
    assert "\nDig in with\n  raqqa -f\n" in out
    assert max(len(line) for line in out.splitlines()) <= 42


@pytest.mark.parametrize("width", [160, 200])
def test_on_a_wide_terminal_a_name_is_not_wrapped_beside_a_paragraph(width: int) -> None:
    from raqqa_cli.report import Column, Report

    name = "US-led coalition against Isil"  # 29 characters
    report = Report(
        "Statements",
        (Column("who", "Who"), Column("what", "What")),
        ((name, "word " * 120), ("Someone", "short")),
    )
    assert name in render_table(report, Terminal(True, width))


@pytest.mark.parametrize(
    ("pager", "said"),
    [
        ("no-such-pager-anywhere", "cannot start the pager 'no-such-pager-anywhere': "),
        ("false", "the pager 'false' failed (exit status 1)"),
    ],
    ids=["missing", "failing"],
)
def test_a_pager_that_cannot_show_the_output_is_reported(
    monkeypatch: pytest.MonkeyPatch, pager: str, said: str
) -> None:
    # Before, both exited 0: the missing one silently, the failing one with nothing shown.
    monkeypatch.setenv("RAQQA_PAGER", pager)
    small = SCREEN._replace(height=10)
    result = CliRunner().invoke(app, ["sources", "--format", "plain"], obj=small)
    assert result.exit_code == 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"raqqa: warning: {said}")
    assert line.endswith("; the output follows without it (--no-pager, or set RAQQA_PAGER)")
    assert result.stdout.startswith("src-") and result.stdout.count("\n") > small.height


@settings(max_examples=300, deadline=None)
@given(
    line=st.text(alphabet=st.sampled_from(list("ab ,-\u00e9\u4e2d\u6587\u200b\t")), max_size=40),
    width=st.integers(min_value=1, max_value=25),
    fold=st.booleans(),
)
def test_the_vendored_word_wrap_is_rich_s(line: str, width: int, fold: bool) -> None:
    """raqqa's copy of rich's `divide_line` (render/wrap.py) breaks where rich's own does,
    wide characters included: the copy spares raqqa a private import, not rich's rule;
    except that it folds no spaces onto a line of their own (see `rich_divide_line`)."""
    assert raqqa_divide_line(line, width, fold=fold) == rich_divide_line(line, width, fold=fold)


def test_a_column_of_a_few_words_is_whole_before_a_paragraph_takes_the_rest() -> None:
    """Issue 26: spare width was shared in proportion to need, so a paragraph's large need
    squeezed a source of forty characters to twenty beside a text of 114. Now the columns
    share evenly, each up to its whole width: the source is whole, the text takes the rest."""
    from raqqa_cli.render.terminal.table import column_widths
    from raqqa_cli.report import Column, Report

    source = "UK Parliament, House of Commons Hansard, 2017-10-24"  # 51 characters
    report = Report(
        "Search",
        (Column("text", "Text"), Column("source", "Source")),
        (("word " * 120, source), ("short", "BBC News, 2017-10")),
    )
    text, shown = column_widths(report, 200) or []
    assert shown == len(source) and text == 200 - 3 - len(source)
    assert f"   {source}" in render_table(report, Terminal(True, 200))


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_number_is_never_broken_and_stands_right(width: int) -> None:
    """Issue 26: `more than 660,000 relief packages since 2012` was one left-aligned phrase,
    broken over lines. A numeric column's least width is its whole number: in a grid it
    stands on one line, right-aligned; in cards, on one line too."""
    from raqqa_cli.report import Column, Report

    report = Report(
        "Totals",
        (Column("total", "Total", numeric=True), Column("note", "Note")),
        (("more than 1,660,000,000,000", "word " * 60), ("1,000", "short")),
    )
    out = render_table(report, Terminal(True, width))
    assert "more than 1,660,000,000,000" in out  # 27 characters, past a short column
    lines = out.splitlines()
    if lines[1].startswith("Total"):  # the grid: numbers right-aligned under the title
        right = lines[1].index("Total") + len("Total")
        assert any(line[:right].endswith("1,000") for line in lines[3:]), out


def test_the_overview_s_title_wraps_at_the_terminal_not_the_table() -> None:
    """Issue 26: the title wrapped at the table's width (43 of 80 columns), in three lines."""
    out = CliRunner().invoke(app, ["--format", "table"], obj=Terminal(True, 80)).stdout
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("\u2500"))
    assert rule == 3  # the title's two lines, then the titles of the columns
    assert len(lines[0]) > len(lines[rule])  # wider than the table under it


def test_a_column_of_commands_is_not_held_to_running_text_s_width() -> None:
    """Issue 26: at 40 columns the overview was 55 lines of cards, because the commands'
    column kept the 16 characters running text needs. Commands are not running text: whole
    words are enough, and the overview is a grid of one line or two a section."""
    out = CliRunner().invoke(app, ["--format", "table"], obj=Terminal(True, 40)).stdout
    assert "\u2500" * 30 in out and "\nIssues " in out
    assert len(out.splitlines()) < 30
