"""Note blocks only read: what a `<!-- raqqa: ... -->` block may run, and what it may read.

A block runs one of the reports and fills itself with its Markdown. It never writes a file
(no `init`, no `-o`), never reads standard input under any name nor anything that is not a
regular file, and reads every path it names from the note's folder, wherever `notes
refresh` is run from. `--check` and `--diff` write nothing at all, raqqa's cache included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import MINIMAL

PIPE = Terminal(is_tty=False)
GOOD = "<!-- raqqa: reactions -->\n<!-- /raqqa -->\n"  # lines 1-2 of every note below


def raqqa(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=PIPE)
    return result.exit_code, result.stdout, result.stderr


def refresh(note: Path, *options: str) -> tuple[int, str, str]:
    return raqqa("-f", str(MINIMAL), "notes", "refresh", str(note), *options)


def tree(folder: Path) -> dict[str, object]:
    """Everything under `folder`, links not followed: each file's bytes, each link's target,
    each folder's and file's modification time (a file made and removed again shows in its
    folder's)."""
    found: dict[str, object] = {}
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        if path.is_symlink():
            found[str(path)] = ("link", str(path.readlink()))
        elif path.is_file():
            found[str(path)] = ("file", path.read_bytes(), info.st_mtime_ns, info.st_mode)
        else:
            found[str(path)] = ("other", info.st_mtime_ns, info.st_mode)
    return found


def changed_copy(path: Path) -> None:
    """MINIMAL with one reaction's words changed, so that a diff has something to show."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert "more help is needed" in text
    path.write_text(text.replace("more help is needed", "more help is urgently needed"), "utf-8")


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder for the note, `tmp/notes`, run from another folder, `tmp/cwd`; the cache
    inside `tmp`, so that a cache written shows as a change to the tree."""
    folder = tmp_path / "notes"
    folder.mkdir()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "cache"))
    yield folder


def refused(note: Path, line: int, message: str, *options: str) -> None:
    """The note is refused with one located line starting with `message`; nothing written."""
    top = note.parent.parent
    before = tree(top)
    code, out, err = refresh(note, *options)
    assert (code, out) == (1, ""), err
    assert err.startswith(f"raqqa: error: {note}:{line}:1: {message}"), err
    assert err.count("\n") == 1
    assert tree(top) == before


# -- nothing but the reports -----------------------------------------------------------------

MODES = [(), ("--check",), ("--diff",), ("--check", "--diff")]


@pytest.mark.parametrize("options", MODES, ids=lambda o: " ".join(o) or "refresh")
@pytest.mark.parametrize(
    "command",
    ["init made.yaml --schema", "init", "init ../cwd/made.yaml", "raqqa init made.yaml"],
)
def test_an_init_block_creates_nothing(place: Path, command: str, options: tuple[str]) -> None:
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: {command} -->\n<!-- /raqqa -->\n", encoding="utf-8")
    refused(note, 3, "init is not allowed in a raqqa block: blocks run only the reports", *options)


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("schema", "schema"),
        ("validate data.yaml", "validate"),
        ("notes refresh other.md", "notes refresh"),
        ("notes", "notes"),
        ("--version", "--version"),
    ],
)
def test_only_the_reports_run_in_a_block(place: Path, command: str, name: str) -> None:
    (place / "data.yaml").write_bytes(MINIMAL.read_bytes())
    (place / "other.md").write_text(GOOD, encoding="utf-8")
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: {command} -->\n<!-- /raqqa -->\n", encoding="utf-8")
    refused(note, 3, f"{name} is not allowed in a raqqa block: blocks run only the reports (")


# Options that write a file, replace one, or send output past the note (some not declared yet).
NEVER_IN_BLOCKS = {"-o", "--output", "--excel", "--hxl", "--no-pager", "--version", "--force"}
NEVER_IN_BLOCKS |= {"--bibliography", "--pager"}


def test_the_allow_list_is_the_reports() -> None:
    from raqqa_cli.cli import commandline, notes

    reports = "overview issues aid reactions statements actors places timeline outlook figures"
    assert sorted(notes.BLOCK_COMMANDS) == sorted(
        f"{reports} conflicts sources errata search show brief diff votes".split()
    )
    for command in notes.BLOCK_COMMANDS.values():
        allowed = notes.block_options(command)
        flags = {flag for option in allowed for flag in option.flags}
        assert not flags & NEVER_IN_BLOCKS
        # The only file an option names is the briefing read (-f); arguments naming files
        # are files read (diff's two sides).
        file = commandline.FILE._replace(param="file")
        assert all(o.complete != "files" or o == file for o in allowed)
        assert all(a.reads for a in command.args if a.complete == "files")


@pytest.mark.parametrize("options", [(), ("--check",)], ids=["refresh", "check"])
@pytest.mark.parametrize(
    ("command", "spelled"),
    [
        ("aid -o out.md", "-o"),
        ("aid --output=out.md", "--output"),
        ("-o out.md aid", "-o"),
        ("-o out.md", "-o"),
        ("brief --cite pandoc --output out.md", "--output"),
        ("diff data.yaml data.yaml -o out.md", "-o"),
        ("aid --totals --excel", "--excel"),
        ("aid --hxl", "--hxl"),
        ("figures --no-pager", "--no-pager"),
        ("aid -o out.md --force", "-o"),
        ("aid --force", "--force"),
        ("brief --cite pandoc --bibliography refs.json", "--bibliography"),
    ],
)
def test_a_block_writes_no_file(
    place: Path, command: str, spelled: str, options: tuple[str]
) -> None:
    (place / "data.yaml").write_bytes(MINIMAL.read_bytes())
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: {command} -->\n<!-- /raqqa -->\n", encoding="utf-8")
    refused(note, 3, f"{spelled} is not allowed in a raqqa block: ", *options)


# -- nothing but regular files, found from the note's folder --------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "diff - data.yaml",
        "diff data.yaml -",
        "aid -f -",
        "-f - aid",
    ],
)
def test_a_block_never_reads_standard_input(place: Path, command: str) -> None:
    (place / "data.yaml").write_bytes(MINIMAL.read_bytes())
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: {command} -->\n<!-- /raqqa -->\n", encoding="utf-8")
    refused(note, 3, "a block cannot read standard input ('-'): name a file")


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("aid -f /dev/stdin", "/dev/stdin"),
        ("aid -f /proc/self/fd/0", "/proc/self/fd/0"),
        ("diff /dev/stdin data.yaml", "/dev/stdin"),
        ("diff data.yaml /proc/self/fd/0", "/proc/self/fd/0"),
        ("aid -f in.yaml", "in.yaml"),  # a link to /dev/stdin
        ("aid -f /dev/null", "/dev/null"),
        ("diff sub data.yaml", "sub"),  # a folder is a shelf for -f only
        ("aid -f /proc/self/environ", "/proc/self/environ"),  # regular, but not a file
    ],
)
def test_a_block_reads_only_regular_files(place: Path, command: str, shown: str) -> None:
    (place / "data.yaml").write_bytes(MINIMAL.read_bytes())
    (place / "in.yaml").symlink_to("/dev/stdin")
    (place / "sub").mkdir()
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: {command} -->\n<!-- /raqqa -->\n", encoding="utf-8")
    for options in ((), ("--check",)):
        refused(note, 3, f"{shown}: a block reads only regular files", *options)


def test_a_block_may_name_a_folder_a_shelf(place: Path) -> None:
    """`-f sub` in a block reads the shelf in `sub`: an empty one is an error naming it, as a
    missing file is, and nothing is written."""
    (place / "sub").mkdir()
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: figures -f sub -->\n<!-- /raqqa -->\n", encoding="utf-8")
    before = note.read_bytes()
    code, out, err = refresh(note)
    assert (code, out) == (1, "")
    assert err == f"raqqa: error: {place / 'sub'}: no briefing in this folder (*.yaml, *.yml)\n"
    assert note.read_bytes() == before
    (place / "sub" / "one.yaml").write_bytes(MINIMAL.read_bytes())
    result = CliRunner().invoke(app, ["notes", "refresh", str(note)], obj=PIPE)
    assert result.exit_code == 0, result.output
    # Read as a shelf: its one briefing is named, in the heading (not in a column of one name).
    assert "\n## one: Key figures" in note.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["aid -f pipe.yaml", "diff pipe.yaml data.yaml"])
def test_a_fifo_in_a_block_is_refused_not_read(place: Path, command: str) -> None:
    (place / "data.yaml").write_bytes(MINIMAL.read_bytes())
    fifo = place / "pipe.yaml"
    os.mkfifo(fifo)
    # A writer that gives the FIFO an end: a raqqa that opened it would read nothing and
    # go on (rather than wait for ever); one that refuses it leaves the writer waiting,
    # and the test opens the other end itself to let it go.
    writer = threading.Thread(target=lambda: fifo.open("wb").close(), daemon=True)
    writer.start()
    note = place / "n.md"
    note.write_text(f"{GOOD}<!-- raqqa: {command} -->\n<!-- /raqqa -->\n", encoding="utf-8")
    try:
        refused(note, 3, "pipe.yaml: a block reads only regular files")
    finally:
        release = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        writer.join(10)
        os.close(release)
    assert not writer.is_alive()


def diff_markdown(cwd: Path, old: str, new: str) -> str:
    """What `raqqa diff OLD NEW --format markdown` prints when run in `cwd`."""
    here = Path.cwd()
    os.chdir(cwd)
    try:
        code, out, err = raqqa("diff", old, new, "--format", "markdown")
    finally:
        os.chdir(here)
    assert code == 0, err
    return out


def test_diff_in_a_block_reads_from_the_note_s_folder(place: Path) -> None:
    (place / "a.yaml").write_bytes(MINIMAL.read_bytes())
    changed_copy(place / "b.yaml")
    note = place / "n.md"
    note.write_text("<!-- raqqa: diff a.yaml b.yaml -->\n<!-- /raqqa -->\n", encoding="utf-8")
    assert not (Path.cwd() / "a.yaml").exists()
    code, _, err = refresh(note)
    assert code == 0, err
    body = diff_markdown(place, "a.yaml", "b.yaml")
    assert "urgently" in body
    assert note.read_text(encoding="utf-8") == (
        f"<!-- raqqa: diff a.yaml b.yaml -->\n{body}<!-- /raqqa -->\n"
    )
    assert refresh(note, "--check")[0] == 0


def test_a_block_s_file_is_never_one_of_the_current_folder(place: Path) -> None:
    """Same names in the current folder and the note's: the note's are read."""
    changed_copy(Path.cwd() / "a.yaml")
    (Path.cwd() / "b.yaml").write_bytes(MINIMAL.read_bytes())
    (place / "a.yaml").write_bytes(MINIMAL.read_bytes())
    changed_copy(place / "b.yaml")
    note = place / "n.md"
    note.write_text("<!-- raqqa: diff a.yaml b.yaml -->\n<!-- /raqqa -->\n", encoding="utf-8")
    assert refresh(note)[0] == 0
    assert diff_markdown(place, "a.yaml", "b.yaml") in note.read_text(encoding="utf-8")
    assert Path.cwd() != place


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_revision_in_a_block_is_read_from_the_note_s_repository(
    tmp_path: Path, place: Path
) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    (place / "b.yaml").write_bytes(MINIMAL.read_bytes())
    git("add", "notes/b.yaml")
    git("commit", "-q", "-m", "b")
    changed_copy(place / "b.yaml")
    note = place / "n.md"
    note.write_text(
        "<!-- raqqa: diff HEAD:./b.yaml b.yaml -->\n<!-- /raqqa -->\n"
        "<!-- raqqa: diff HEAD:notes/b.yaml b.yaml -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    (tmp_path / ".gitignore").write_text("cwd/\ncache/\n", encoding="utf-8")
    code, _, err = refresh(note)  # from tmp/cwd, as `place` has it
    assert code == 0, err
    here = diff_markdown(place, "HEAD:./b.yaml", "b.yaml")
    top = diff_markdown(place, "HEAD:notes/b.yaml", "b.yaml")
    assert "urgently" in here and "urgently" in top
    assert note.read_text(encoding="utf-8") == (
        f"<!-- raqqa: diff HEAD:./b.yaml b.yaml -->\n{here}<!-- /raqqa -->\n"
        f"<!-- raqqa: diff HEAD:notes/b.yaml b.yaml -->\n{top}<!-- /raqqa -->\n"
    )


# -- --check and --diff write nothing at all ------------------------------------------------------


def test_check_and_diff_leave_every_byte_as_it_was(place: Path) -> None:
    (place / "data").mkdir()
    (place / "data" / "b.yaml").write_bytes(MINIMAL.read_bytes())
    changed_copy(place / "data" / "c.yaml")
    note = place / "n.md"
    note.write_text(
        "# Notes\n<!-- raqqa: aid --totals -->\nstale\n<!-- /raqqa -->\n"
        "<!-- raqqa: figures -f data/b.yaml -->\n<!-- /raqqa -->\n"
        "<!-- raqqa: diff data/b.yaml data/c.yaml -->\n<!-- /raqqa -->\n"
        "<!-- raqqa: brief --cite pandoc -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    top = place.parent
    before = tree(top)
    for options in MODES[1:]:
        code, out, err = refresh(note, *options)
        assert code == (1 if "--check" in options else 0), err
        assert out
        assert tree(top) == before, options  # not the note, not a file, not the cache
    assert refresh(note)[0] == 0  # refreshing writes the note (and may fill the cache)
    assert tree(top) != before


@pytest.mark.parametrize("file", ["-", "/dev/stdin"])
def test_the_briefing_for_every_block_is_a_regular_file(place: Path, file: str) -> None:
    note = place / "n.md"
    note.write_text(GOOD * 2, encoding="utf-8")
    before = tree(place.parent)
    result = CliRunner().invoke(
        app, ["-f", file, "notes", "refresh", str(note)], input=MINIMAL.read_text(), obj=PIPE
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"raqqa: error: {file}: each block reads the briefing again: give notes refresh"
        " a regular file or a folder of them, not standard input, a FIFO or a device\n"
    )
    assert tree(place.parent) == before


def test_check_and_diff_leave_the_cache_as_it_was(place: Path) -> None:
    cache = place.parent / "cache"  # RAQQA_CACHE_DIR, as `place` sets it
    note = place / "n.md"
    note.write_text("<!-- raqqa: aid --totals -->\nstale\n<!-- /raqqa -->\n", encoding="utf-8")
    for options in MODES[1:]:
        assert refresh(note, *options)[1]
        assert not cache.exists(), options
    assert refresh(note)[0] == 0
    assert cache.is_dir()  # refreshing still fills it, for the next run
