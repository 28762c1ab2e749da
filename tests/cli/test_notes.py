"""`raqqa notes refresh NOTE.md`: blocks that stay current, every other byte kept.

A block is `<!-- raqqa: COMMAND -->`, the command's Markdown, `<!-- /raqqa -->`. Refreshing
is idempotent, never touches a byte outside the blocks' bodies, refuses a broken note with
one located line and writes nothing, and writes only the note, whole, keeping its mode.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.cli.notes import CLOSE, OPEN
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

TOTALS = DATA / "totals.yaml"
HOSTILE = DATA / "hostile" / "briefing.yaml"
PIPE = Terminal(is_tty=False)


def raqqa(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=PIPE)
    return result.exit_code, result.stdout, result.stderr


def markdown(*args: str) -> str:
    code, out, err = raqqa(*args, "--format", "markdown")
    assert code == 0, err
    return out


def refresh(note: Path, *options: str, file: Path = MINIMAL) -> tuple[int, str, str]:
    return raqqa("-f", str(file), "notes", "refresh", str(note), *options)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder: its bytes and modification time (nanoseconds)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


NOTE = """# Harbour notes

What we know.
<!-- raqqa: aid --totals -->
stale text that was here
<!-- /raqqa -->
My own paragraph, kept.

```markdown
<!-- raqqa: nonsense shown as an example -->
```

<!-- raqqa: reactions -->
<!-- /raqqa -->
The end, without a final newline."""


def expected_note() -> str:
    return NOTE.replace(
        "stale text that was here\n", markdown("aid", "--totals", "-f", str(MINIMAL))
    ).replace(
        "<!-- raqqa: reactions -->\n",
        "<!-- raqqa: reactions -->\n" + markdown("reactions", "-f", str(MINIMAL)),
    )


def test_refresh_replaces_each_body_and_nothing_else(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text(NOTE, encoding="utf-8")
    code, out, err = refresh(note)
    assert (code, out) == (0, "")
    assert err == f"raqqa: {note}: 2 of 2 blocks refreshed\n"
    assert note.read_text(encoding="utf-8") == expected_note()


def test_refresh_is_idempotent(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text(NOTE, encoding="utf-8")
    refresh(note)
    before = snapshot(tmp_path)
    code, _, err = refresh(note)
    assert code == 0 and err == f"raqqa: {note}: 0 of 2 blocks refreshed\n"
    assert snapshot(tmp_path) == before  # not even rewritten: the same bytes, the same time


def test_the_note_keeps_its_mode_and_is_the_only_file_written(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text(NOTE, encoding="utf-8")
    note.chmod(0o604)
    (tmp_path / "other.txt").write_text("untouched\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert refresh(note)[0] == 0
    after = snapshot(tmp_path)
    assert sorted(after) == sorted(before)
    assert after["other.txt"] == before["other.txt"]
    assert stat.S_IMODE(note.stat().st_mode) == 0o604


def test_a_block_names_its_own_file_relative_to_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "data").mkdir()
    (folder / "data" / "totals.yaml").write_bytes(TOTALS.read_bytes())
    note = folder / "n.md"
    note.write_text(
        "<!-- raqqa: aid --by sector -f data/totals.yaml -->\n<!-- /raqqa -->\n"
        "<!-- raqqa: aid --by sector -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert refresh(note)[0] == 0
    text = note.read_text(encoding="utf-8")
    own = markdown("aid", "--by", "sector", "-f", str(TOTALS))
    default = markdown("aid", "--by", "sector", "-f", str(MINIMAL))
    assert own != default
    assert text == (
        f"<!-- raqqa: aid --by sector -f data/totals.yaml -->\n{own}<!-- /raqqa -->\n"
        f"<!-- raqqa: aid --by sector -->\n{default}<!-- /raqqa -->\n"
    )


def test_crlf_notes_stay_crlf(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"Intro\r\n<!-- raqqa: reactions -->\r\nold\r\n<!-- /raqqa -->\r\nEnd\r\n")
    assert refresh(note)[0] == 0
    data = note.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    body = markdown("reactions", "-f", str(MINIMAL)).replace("\n", "\r\n").encode()
    assert data == b"Intro\r\n<!-- raqqa: reactions -->\r\n" + body + b"<!-- /raqqa -->\r\nEnd\r\n"


def test_hostile_text_in_a_block_is_escaped_as_everywhere(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("<!-- raqqa: statements -->\n<!-- /raqqa -->\n", encoding="utf-8")
    assert refresh(note, file=HOSTILE)[0] == 0
    body = note.read_text(encoding="utf-8").split("\n", 1)[1].rsplit("<!-- /raqqa -->", 1)[0]
    assert body == markdown("statements", "-f", str(HOSTILE))
    assert "<script>" not in body


# -- --check and --diff ------------------------------------------------------------------


def test_check_lists_stale_blocks_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text(NOTE, encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, _ = refresh(note, "--check")
    assert code == 1
    assert out == (f"{note}:4: stale: raqqa aid --totals\n{note}:13: stale: raqqa reactions\n")
    assert snapshot(tmp_path) == before


def test_check_passes_once_refreshed_and_on_a_note_without_blocks(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text(NOTE, encoding="utf-8")
    refresh(note)
    assert refresh(note, "--check")[:2] == (0, f"{note}: 2 blocks, all current\n")
    plain = tmp_path / "plain.md"
    plain.write_text("# Nothing to refresh\n", encoding="utf-8")
    assert refresh(plain, "--check")[:2] == (0, f"{plain}: 0 blocks, all current\n")


def test_check_sees_a_briefing_that_changed(tmp_path: Path) -> None:
    briefing = tmp_path / "b.yaml"
    briefing.write_bytes(MINIMAL.read_bytes())
    note = tmp_path / "notes.md"
    note.write_text("<!-- raqqa: reactions -->\n<!-- /raqqa -->\n", encoding="utf-8")
    assert refresh(note, file=briefing)[0] == 0
    assert refresh(note, "--check", file=briefing)[0] == 0
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(
        text.replace("more help is needed", "more help is urgently needed"), "utf-8"
    )
    assert refresh(note, "--check", file=briefing)[:2] == (1, f"{note}:1: stale: raqqa reactions\n")


def test_diff_shows_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text(NOTE, encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, _ = refresh(note, "--diff")
    assert code == 0
    assert out.startswith(f"--- {note}\n+++ {note}\n@@ ")
    assert "-stale text that was here\n" in out and "+## Aid totals\n" in out
    assert snapshot(tmp_path) == before
    code, out, _ = refresh(note, "--diff", "--check")
    assert code == 1 and "+## Reactions\n" in out


# -- refusals: one located line, exit 1, nothing written -----------------------------------

REFUSALS = {
    "unclosed": (
        "# N\n\n<!-- raqqa: aid -->\nbody\n",
        "3:1: this block is never closed: end it with <!-- /raqqa -->",
    ),
    "nested": (
        "<!-- raqqa: aid -->\n<!-- raqqa: reactions -->\n<!-- /raqqa -->\n<!-- /raqqa -->\n",
        # line 3 of the note: the good block every case is put after takes lines 1 and 2
        "2:1: a block inside the block opened on line 3: close that one first",
    ),
    "stray close": ("text\n<!-- /raqqa -->\n", "2:1: <!-- /raqqa --> closes no block"),
    "unknown command": (
        "\n\n<!-- raqqa: aidd --totals -->\n<!-- /raqqa -->\n",
        "3:1: unknown command 'aidd' in a raqqa block (did you mean aid?)",
    ),
    "notes in a note": (
        "<!-- raqqa: notes refresh other.md -->\n<!-- /raqqa -->\n",
        "1:1: notes refresh is not allowed in a raqqa block: blocks run only the reports (",
    ),
    "an option the command lacks": (
        "<!-- raqqa: reactions --totals -->\n<!-- /raqqa -->\n",
        "1:1: cannot read 'reactions --totals': write it as the command line takes it"
        " (try `raqqa reactions -h`)",
    ),
    "a command that writes no Markdown": (
        "<!-- raqqa: schema -->\n<!-- /raqqa -->\n",
        "1:1: schema is not allowed in a raqqa block: blocks run only the reports (",
    ),
    "writing a file": (
        "<!-- raqqa: aid -o elsewhere.md -->\n<!-- /raqqa -->\n",
        "1:1: -o is not allowed in a raqqa block: a block's output is its command's Markdown,"
        " in the note and nowhere else",
    ),
    "another format": (
        "<!-- raqqa: aid --format json -->\n<!-- /raqqa -->\n",
        "1:1: a block holds Markdown: leave out --format",
    ),
    "standard input": (
        "<!-- raqqa: aid -f - -->\n<!-- /raqqa -->\n",
        "1:1: a block cannot read standard input ('-'): name a file, relative to the note",
    ),
    "unbalanced quotes": (
        "<!-- raqqa: search 'harbour -->\n<!-- /raqqa -->\n",
        '1:1: cannot read the command "search \'harbour": No closing quotation',
    ),
    "a bad value": (
        "ok\n<!-- raqqa: aid --sector Helth -->\n<!-- /raqqa -->\n",
        "2:1: raqqa aid --sector Helth: no sector 'Helth'; did you mean 'Health'?",
    ),
    "a missing file": (
        "<!-- raqqa: aid -f missing.yaml -->\n<!-- /raqqa -->\n",
        "1:1: raqqa aid -f missing.yaml: ",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_every_refusal_is_located_and_writes_nothing(tmp_path: Path, case: str) -> None:
    text, message = REFUSALS[case]
    note = tmp_path / "n.md"
    note.write_text("<!-- raqqa: reactions -->\n<!-- /raqqa -->\n" + text, encoding="utf-8")
    shift = 2  # the good block above it: a note refused anywhere writes nothing at all
    line, rest = message.split(":", 1)
    before = snapshot(tmp_path)
    for options in ((), ("--check",), ("--diff",)):
        code, out, err = refresh(note, *options)
        assert (code, out) == (1, ""), (case, options, err)
        assert err.startswith(f"raqqa: error: {note}:{int(line) + shift}:{rest}"), err
        assert err.count("\n") == 1
    assert snapshot(tmp_path) == before


def test_a_symbolic_link_to_a_note_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(NOTE, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(note)
    before = snapshot(tmp_path)
    code, _, err = refresh(link)
    assert code == 2 and "is a symbolic link" in err
    assert snapshot(tmp_path) == before


def test_the_knowledge_file_is_not_a_note(tmp_path: Path) -> None:
    briefing = tmp_path / "b.yaml"
    briefing.write_bytes(MINIMAL.read_bytes())
    code, _, err = refresh(briefing, file=briefing)
    assert code == 2 and err.endswith("is the knowledge file; raqqa never writes to it\n")


def test_a_note_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"ok\nbad \xff byte\n")
    code, _, err = refresh(note)
    assert code == 1
    assert err == f"raqqa: error: {note}:2:1: not UTF-8: raqqa reads and writes notes as UTF-8\n"


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "n.md"
    os.mkfifo(fifo)
    code, _, err = refresh(fifo)
    assert (code, err) == (1, f"raqqa: error: {fifo}: is not a regular file\n")


def test_a_missing_note_is_one_line(tmp_path: Path) -> None:
    code, _, err = refresh(tmp_path / "none.md")
    assert code == 1 and err.startswith(f"raqqa: error: {tmp_path / 'none.md'}: cannot be read")


# -- any note: bytes outside the blocks' bodies never change --------------------------------

COMMANDS = ["aid --totals", "reactions", "figures", "sources --match wire", "timeline"]
_lines = st.text(
    st.characters(exclude_characters="\n\r`~", exclude_categories=["Cs"]), max_size=30
).filter(lambda line: not OPEN.fullmatch(line) and not CLOSE.fullmatch(line))
_text = st.lists(st.tuples(_lines, st.sampled_from(["\n", "\r\n"])), max_size=4).map(
    lambda lines: "".join(line + end for line, end in lines)
)
_blocks = st.lists(
    st.tuples(_text, st.sampled_from(COMMANDS), _text, st.sampled_from(["\n", "\r\n"])),
    max_size=4,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_blocks, _lines)
def test_bytes_outside_blocks_never_change(
    tmp_path: Path, blocks: list[tuple[str, str, str, str]], tail: str
) -> None:
    outputs = {c: markdown(*c.split(), "-f", str(MINIMAL)) for c in COMMANDS}
    note_text, expected = "", ""
    for before, command, stale, end in blocks:
        opening, closing = f"<!-- raqqa: {command} -->{end}", f"<!-- /raqqa -->{end}"
        fresh = outputs[command].replace("\n", end)
        note_text += before + opening + stale + closing
        expected += before + opening + fresh + closing
    note_text += tail
    expected += tail
    note = tmp_path / "generated.md"
    note.write_bytes(note_text.encode("utf-8"))
    assert refresh(note)[0] == 0
    assert note.read_bytes() == expected.encode("utf-8")
    assert refresh(note, "--check")[0] == 0  # and once refreshed, it is current
    note.unlink()


def test_a_note_reads_the_same_wherever_refresh_is_run_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "notes"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "b.yaml").write_bytes(MINIMAL.read_bytes())
    note = folder / "n.md"
    note.write_text(
        "<!-- raqqa: -->\n<!-- /raqqa -->\n"
        "<!-- raqqa: issues -f data/b.yaml -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    results = []
    for cwd, name, file in (
        (folder, "n.md", "data/b.yaml"),
        (tmp_path, "notes/n.md", str(folder / "data" / "b.yaml")),
    ):
        monkeypatch.chdir(cwd)
        code, _, err = raqqa("-f", file, "notes", "refresh", name)
        assert code == 0, err
        results.append(note.read_bytes())
        assert raqqa("-f", file, "notes", "refresh", name, "--check")[0] == 0
    assert results[0] == results[1]
    text = results[0].decode()
    # Suggestions name the file as the block does: none, or its own -f.
    assert "`raqqa issues`" in text and "`raqqa -f data/b.yaml issues ID`" in text
