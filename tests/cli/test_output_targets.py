"""What `-o` (and `--bibliography`) may name, and how each kind of target is written.

- Every briefing a command reads is protected, by any name: `-f`, validate's FILE and both
  sides of `diff` (a file, a git revision `REV:PATH` and its working copy, standard input).
- A FIFO or a character device (a terminal, a null device), named or at the end of a link
  (`/dev/stdout`), is written in place and is still itself afterwards; a block device, a
  socket or a link to a regular file is refused; a read-only file needs `--force`.
- No temporary file outlives SIGTERM or SIGHUP during the write; no file the user did not
  name is written (`--cite pandoc` writes its sources only to `--bibliography FILE`).

Device nodes are made by the tests in their own folders (`os.mknod`, which needs root); the
machine's `/dev` is only looked at, to see that `/dev/stdout` is there.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli import fast
from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import MINIMAL

PIPE = Terminal(is_tty=False)
CHANGED = MINIMAL.read_text(encoding="utf-8").replace("Relief League", "Relief Union")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=PIPE)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def expected(*args: str) -> bytes:
    """What the command prints to a pipe: what every target must receive."""
    code, out, err = invoke(*args)
    assert code == 0, err
    return out.encode("utf-8")


def raqqa_process(*args: str, **popen: Any) -> subprocess.Popen[bytes]:
    """raqqa in a process of its own, for what needs real descriptors or signals."""
    env = {**os.environ, "RAQQA_NO_CACHE": "1"}
    return subprocess.Popen([sys.executable, "-m", "raqqa_cli", *args], env=env, **popen)


def refused(code: int, err: str, target: Path | str, why: str) -> bool:
    return code == 2 and err == f"raqqa: error: {target}: {why}\n"


KNOWLEDGE = "is the knowledge file; raqqa never writes to it"


def make_device(path: Path, kind: int, major: int, minor: int) -> None:
    """A device node of the test's own, or a skip saying why it cannot be made."""
    if os.geteuid() != 0:
        pytest.skip("making a device node (os.mknod) needs root")
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except PermissionError as error:  # a container without CAP_MKNOD
        pytest.skip(f"cannot make a device node here: {error}")


# -- the briefings read are never written ----------------------------------------------------


def sides(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_bytes(MINIMAL.read_bytes())
    new.write_text(CHANGED, encoding="utf-8")
    return old, new


@pytest.mark.parametrize("side", ["old", "new"])
@pytest.mark.parametrize("naming", ["itself", "dot", "hard link", "linked folder"])
def test_neither_side_of_a_diff_is_ever_written(tmp_path: Path, side: str, naming: str) -> None:
    old, new = sides(tmp_path)
    chosen = old if side == "old" else new
    target = {
        "itself": str(chosen),
        "dot": f"{chosen.parent}/./{chosen.name}",
        "hard link": str(tmp_path / "hard.md"),
        "linked folder": str(tmp_path / "through" / chosen.name),
    }[naming]
    if naming == "hard link":
        os.link(chosen, target)
    if naming == "linked folder":
        (tmp_path / "through").symlink_to(tmp_path)
    code, _, err = invoke("diff", str(old), str(new), "-o", target, "--format", "json")
    assert refused(code, err, target, KNOWLEDGE)
    assert old.read_bytes() == MINIMAL.read_bytes()
    assert new.read_text(encoding="utf-8") == CHANGED


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_revision_side_protects_its_name_and_its_working_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    briefing = repo / "b.yaml"
    briefing.write_bytes(MINIMAL.read_bytes())
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "b.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    briefing.write_text(CHANGED, encoding="utf-8")  # work not yet committed
    monkeypatch.chdir(repo / "sub")  # REV:PATH is from the top of the work tree
    for target in ("../b.yaml", str(briefing), "HEAD:b.yaml"):
        code, _, err = invoke(
            "diff", "HEAD:b.yaml", "HEAD:b.yaml", "-o", target, "--format", "json"
        )
        assert refused(code, err, target, KNOWLEDGE), target
    code, _, err = invoke(
        "diff", "HEAD:./near.yaml", "HEAD:b.yaml", "-o", "near.yaml", "--format", "json"
    )
    assert refused(code, err, "near.yaml", KNOWLEDGE)  # `./`: from here, as git reads it
    assert briefing.read_text(encoding="utf-8") == CHANGED
    assert sorted(p.name for p in (repo / "sub").iterdir()) == []


def test_the_file_standard_input_reads_is_protected(tmp_path: Path) -> None:
    old, new = sides(tmp_path)
    with old.open("rb") as stdin:
        process = raqqa_process(
            "diff", "-", str(new), "-o", str(old), "--format", "json",
            stdin=stdin, stderr=subprocess.PIPE,
        )  # fmt: skip
        _, err = process.communicate()
    assert process.returncode == 2
    assert err.decode() == f"raqqa: error: {old}: {KNOWLEDGE}\n"
    assert old.read_bytes() == MINIMAL.read_bytes()


# -- written in place: FIFOs, character devices, terminals ----------------------------------


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    args = ("aid", "-f", str(MINIMAL), "--format", "json")
    # Open for reading first (without waiting for a writer), so that raqqa's open does not
    # wait; then read until raqqa closes its end, or until it has finished without ever
    # opening it (a FIFO replaced by a file never gets a writer).
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    received = bytearray()
    finished = threading.Event()

    def drain() -> None:
        poller = select.poll()
        poller.register(reader, select.POLLIN)
        while True:
            if poller.poll(50):
                chunk = os.read(reader, 65536)
                if not chunk:  # the writer closed its end
                    return
                received.extend(chunk)
            elif finished.is_set():
                return

    thread = threading.Thread(target=drain)
    thread.start()
    try:
        code, out, err = invoke(*args, "-o", str(fifo))
    finally:
        finished.set()
        thread.join()
        os.close(reader)
    assert (code, out, err) == (0, "", "")
    assert bytes(received) == expected(*args)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_a_character_device_is_written_in_place(tmp_path: Path) -> None:
    null = tmp_path / "null"
    make_device(null, stat.S_IFCHR, 1, 3)  # a null device of the test's own
    code, out, err = invoke("aid", "-f", str(MINIMAL), "-o", str(null), "--format", "json")
    assert (code, out, err) == (0, "", "")
    assert stat.S_ISCHR(null.lstat().st_mode) and null.lstat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_full_device_fails_with_its_reason_and_stays_a_device(tmp_path: Path) -> None:
    full = tmp_path / "full"
    make_device(full, stat.S_IFCHR, 1, 7)  # writes fail with ENOSPC
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(full), "--format", "json")
    assert code == 1
    assert err == f"raqqa: error: cannot write output: {full}: No space left on device\n"
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_a_link_to_a_device_writes_into_it_and_replaces_nothing(tmp_path: Path) -> None:
    null = tmp_path / "null"
    make_device(null, stat.S_IFCHR, 1, 3)
    file_link, device_link = tmp_path / "to-file", tmp_path / "to-null"
    device_link.symlink_to(null)
    code, out, err = invoke("aid", "-f", str(MINIMAL), "-o", str(device_link), "--format", "json")
    assert (code, out, err) == (0, "", "")
    assert device_link.is_symlink() and stat.S_ISCHR(null.lstat().st_mode)
    # A link to a file is still refused: renaming would replace the link.
    real = tmp_path / "real.md"
    real.write_text("mine\n", encoding="utf-8")
    file_link.symlink_to(real)
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(file_link))
    assert code == 2 and "is a symbolic link" in err
    assert real.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.skipif(not os.path.lexists("/dev/stdout"), reason="no /dev/stdout here")
def test_dev_stdout_to_a_pipe_gets_the_output() -> None:
    args = ("aid", "-f", str(MINIMAL), "--format", "json")
    process = raqqa_process(*args, "-o", "/dev/stdout", stdout=subprocess.PIPE)
    out, _ = process.communicate()
    assert process.returncode == 0
    assert out == expected(*args)


@pytest.mark.skipif(not os.path.lexists("/dev/stdout"), reason="no /dev/stdout here")
def test_dev_stdout_to_a_terminal_gets_the_output() -> None:
    master, slave = os.openpty()
    args = ("aid", "-f", str(MINIMAL), "--format", "json")
    try:
        process = raqqa_process(*args, "-o", "/dev/stdout", stdout=slave, stderr=subprocess.PIPE)
        _, err = process.communicate()
        os.close(slave)
        seen = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer gone and everything read
                break
            if not chunk:
                break
            seen.extend(chunk)
    finally:
        os.close(master)
    assert (process.returncode, err) == (0, b"")
    assert bytes(seen).replace(b"\r\n", b"\n") == expected(*args)  # the terminal's CRLF


# -- refused --------------------------------------------------------------------------------


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    make_device(disk, stat.S_IFBLK, 7, 250)  # never opened: refused by its kind
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(disk), "--format", "json")
    why = "is a block device; raqqa writes a file, a FIFO or a character device (a terminal)"
    assert refused(code, err, disk, why)
    assert stat.S_ISBLK(disk.lstat().st_mode)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(path), "--format", "json")
    why = "is a socket; raqqa writes a file, a FIFO or a character device (a terminal)"
    assert refused(code, err, path, why)
    assert stat.S_ISSOCK(path.lstat().st_mode)


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o044])
def test_a_read_only_file_is_replaced_only_with_force(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "aid.md"
    target.write_text("kept\n", encoding="utf-8")
    target.chmod(mode)  # root may write it anyway: the owner's write bit is what counts
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(target))
    assert refused(code, err, target, "is read-only; give --force to replace it")
    assert target.read_text(encoding="utf-8") == "kept\n"
    for args in (("aid", "--force"), ("--force", "aid")):  # before the command, as -o
        assert invoke(*args, "-f", str(MINIMAL), "-o", str(target))[0] == 0
        assert target.read_bytes() == expected("aid", "-f", str(MINIMAL), "--format", "markdown")
        assert stat.S_IMODE(target.stat().st_mode) == mode
        target.write_text("kept\n", encoding="utf-8")


def test_force_without_a_target_is_a_usage_error() -> None:
    code, _, err = invoke("aid", "-f", str(MINIMAL), "--force")
    assert code == 2
    assert (
        err
        == "raqqa: error: --force lets -o replace a read-only file; without -o it does nothing\n"
    )


def test_the_fast_path_reads_force_as_typer_does() -> None:
    for argv in (["aid", "-o", "x.md", "--force"], ["--force", "-o", "x.md", "aid"]):
        call = fast.parse(argv, {})
        assert call is not None and call.options["force"] is True, argv
    call = fast.parse(["brief", "--cite", "pandoc", "--bibliography", "r.json"], {})
    assert call is not None and call.options["bibliography"] == "r.json"


# -- signals ---------------------------------------------------------------------------------

STALLED_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from raqqa_cli.cli import writefile

    target = sys.argv[1]
    before = signal.getsignal(signal.SIGTERM)
    writefile.write_atomically(target, b"first\\n")
    assert signal.getsignal(signal.SIGTERM) == before  # the handlers are put back

    def stall(handle):  # the data is in the temporary file, not yet renamed
        print("writing", flush=True)
        sys.stdin.read()  # until the signal, or the test ends

    writefile.os.fsync = stall
    writefile.write_atomically(target, b"second\\n")
    print("not stopped", flush=True)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_write_leaves_no_temporary_file(
    tmp_path: Path, signum: signal.Signals
) -> None:
    target = tmp_path / "aid.md"
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED_WRITE, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline() == b"writing\n"
    assert any(p.name.startswith(".raqqa-") for p in tmp_path.iterdir())  # mid-write
    child.send_signal(signum)
    out, _ = child.communicate()
    assert child.returncode == -signum  # ended by the signal, as if never caught
    assert out == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aid.md"]
    assert target.read_bytes() == b"first\n"


# -- --cite pandoc writes only the files named -----------------------------------------------


def test_pandoc_brief_replaces_no_file_it_was_not_given(tmp_path: Path) -> None:
    note, mine = tmp_path / "notes.md", tmp_path / "notes.json"
    mine.write_text('{"mine": true}\n', encoding="utf-8")
    code, _, err = invoke("brief", "-f", str(MINIMAL), "--cite", "pandoc", "-o", str(note))
    assert (code, err) == (0, "")
    assert mine.read_text(encoding="utf-8") == '{"mine": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.json", "notes.md"]


def test_bibliography_writes_the_sources_where_it_says(tmp_path: Path) -> None:
    note, refs = tmp_path / "brief.md", tmp_path / "refs.json"
    args = ("brief", "-f", str(MINIMAL), "--cite", "pandoc")
    code, _, err = invoke(*args, "-o", str(note), "--bibliography", str(refs))
    assert (code, err) == (0, "")
    assert json.loads(refs.read_bytes()) == json.loads(
        expected("sources", "-f", str(MINIMAL), "--format", "csl-json")
    )
    assert note.read_bytes() == expected(*args)
    # To standard output too: the note piped, the sources in their file.
    refs.unlink()
    code, out, _ = invoke(*args, "--bibliography", str(refs))
    assert code == 0 and out.encode("utf-8") == expected(*args) and refs.exists()


def test_bibliography_follows_the_rules_of_o(tmp_path: Path) -> None:
    briefing = tmp_path / "b.json"  # a briefing may be JSON-named YAML
    briefing.write_bytes(MINIMAL.read_bytes())
    pandoc = ("brief", "-f", str(briefing), "--cite", "pandoc")
    code, _, err = invoke(*pandoc, "--bibliography", str(briefing))
    assert refused(code, err, briefing, KNOWLEDGE)
    locked = tmp_path / "locked.json"
    locked.write_text("[]\n", encoding="utf-8")
    locked.chmod(0o444)
    code, _, err = invoke(*pandoc, "--bibliography", str(locked))
    assert refused(code, err, locked, "is read-only; give --force to replace it")
    assert invoke(*pandoc, "--bibliography", str(locked), "--force")[0] == 0
    assert json.loads(locked.read_bytes()) != []
    same = tmp_path / "same.json"
    code, _, err = invoke(
        *pandoc, "--format", "markdown", "-o", str(same), "--bibliography", str(same)
    )
    assert refused(code, err, same, "-o and --bibliography name the same file")
    code, _, err = invoke(*pandoc, "--bibliography", str(tmp_path / "refs.bib"))
    why = "--bibliography writes CSL-JSON, which pandoc knows by the extension: name it .json"
    assert refused(code, err, tmp_path / "refs.bib", why)
    code, _, err = invoke("brief", "-f", str(briefing), "--bibliography", str(same))
    assert code == 2 and "add --cite pandoc" in err
    assert briefing.read_bytes() == MINIMAL.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json", "locked.json"]


# -- diff for Excel --------------------------------------------------------------------------


def test_diff_for_excel_begins_with_a_byte_order_mark(tmp_path: Path) -> None:
    old, new = sides(tmp_path)
    text = expected("diff", str(old), str(new), "--excel").decode("utf-8")
    plain = expected("diff", str(old), str(new), "--format", "csv").decode("utf-8")
    assert text == "\ufeff" + plain and "Relief Union" in plain
    target = tmp_path / "changes.csv"
    assert invoke("diff", str(old), str(new), "--excel", "-o", str(target))[0] == 0
    assert target.read_bytes() == text.encode("utf-8")
