"""The files raqqa writes when asked to (`-o FILE`, `--bibliography FILE`, a refreshed note):
exactly the file named, the way it asks to be written, whole or not at all.

What is at the name decides how it is written (`check_target` refuses the rest before
anything is computed):

- *nothing yet, or a regular file:* the data goes to a `tempfile.mkstemp` file in the
  target's own folder (created with O_EXCL and mode 0600, so never through a link), flushed
  to disk, given the target's mode (a new file: the one the user's umask gives any new
  file), and renamed over the target with `os.replace`: a reader sees the old file or the
  new one, never half of either. SIGTERM, SIGINT or SIGHUP during the write removes the
  temporary file before the signal has its usual effect.
- *a FIFO or a character device* (a terminal, `/dev/null`), named or at the end of a link
  (`/dev/stdout` when standard output is a pipe or a terminal): opened for writing as it
  is, never created, truncated or renamed over, as `tee` and a shell's `>` write it.
- *refused:* a folder, a block device, a socket, a link to anything else (renaming would put
  a file where the link was rather than write where it points, and either would surprise),
  and the briefings the command reads, by any name (`os.path.samefile`, else the real
  paths; standard input by its inode when it is a file). A regular file without write
  permission is refused unless asked (`refuse_read_only`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from raqqa_cli.errors import QueryError, printable

if TYPE_CHECKING:
    from types import FrameType


def same_file(one: str, other: str) -> bool:
    """Whether two names are one file: the same inode, or (for what does not exist yet)
    the same real path."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def is_standard_input(path: str) -> bool:
    """Whether `path` is the file standard input reads (`raqqa diff - new.yaml < old.yaml`,
    `-o old.yaml`): only a regular file counts, whose bytes the output would replace; a
    pipe or a terminal that is both is no file to lose."""
    try:
        given = os.fstat(sys.stdin.fileno())
        named = os.stat(path)
    except (AttributeError, OSError, ValueError):  # closed, not a descriptor, no such file
        return False
    return stat.S_ISREG(given.st_mode) and os.path.samestat(given, named)


def streams_into(path: str) -> bool:
    """Whether `path` (or the end of the link it is) is a FIFO or a character device
    (a terminal, `/dev/null`): written as it is, in place, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def check_target(path: str, protected: Iterable[str] = (), what: str = "output file") -> None:
    """Refuse, as a usage error, a target raqqa must not write: empty, a folder, a block
    device, a socket, a link other than to a FIFO or a character device, or one of the
    `protected` files (the briefings in use; `-` is standard input)."""
    shown = printable(path)
    if not path:
        raise QueryError(f"the {what} name is empty")
    try:
        found = os.lstat(path).st_mode
    except OSError:
        found = None  # nothing there yet (or a folder in the way: the write says which)
    if found is not None and stat.S_ISLNK(found) and not streams_into(path):
        raise QueryError(
            f"{shown}: is a symbolic link; raqqa never writes through a link: name the file itself"
        )
    if os.path.isdir(path):
        raise QueryError(f"{shown}: is a folder, not a file")
    if found is not None and (stat.S_ISBLK(found) or stat.S_ISSOCK(found)):
        kind = "block device" if stat.S_ISBLK(found) else "socket"
        raise QueryError(
            f"{shown}: is a {kind}; raqqa writes a file, a FIFO or a character device (a terminal)"
        )
    for knowledge in protected:
        if is_standard_input(path) if knowledge == "-" else same_file(path, knowledge):
            raise QueryError(f"{shown}: is the knowledge file; raqqa never writes to it")


def is_read_only(path: str) -> bool:
    """Whether `path` is a regular file its owner made read-only: one this user may not
    write, or (for root, whom permissions do not stop) whose owner's write bit is off."""
    try:
        found = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    if not stat.S_ISREG(found.st_mode):
        return False
    return not found.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def refuse_read_only(path: str, force: bool) -> None:
    """Refuse, as a usage error, to replace a read-only file (`is_read_only`) unless `force`
    (`--force`); the new file then keeps the old one's mode."""
    if not force and is_read_only(path):
        raise QueryError(f"{printable(path)}: is read-only; give --force to replace it")


def _new_file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_file(path: str, data: bytes) -> None:
    """Write `data` to `path` as `check_target` allowed: into a FIFO or a character device
    as it is (`write_in_place`), else replacing the file whole (`write_atomically`)."""
    if streams_into(path):
        write_in_place(path, data)
    else:
        write_atomically(path, data)


def write_in_place(path: str, data: bytes) -> None:
    """Write `data` into the FIFO or character device at `path`: opened for writing as it
    is (no O_CREAT, O_TRUNC or rename; a FIFO waits for its reader, as `tee` does), never
    made the process's controlling terminal; OSError if it cannot."""
    handle = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        mode = os.fstat(handle).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):  # changed since it was checked
            raise OSError(0, "is no longer a FIFO or a character device")
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def write_atomically(path: str, data: bytes) -> None:
    """Replace `path` with `data` in one step, keeping its mode; OSError if it cannot.

    No temporary file outlives the write, a signal included (`_removed_on_signal`)."""
    try:
        mode = stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    folder = os.path.dirname(path) or "."
    handle, temporary = tempfile.mkstemp(prefix=".raqqa-", suffix=".tmp", dir=folder)
    with _removed_on_signal(temporary) as written:
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, path)
            written.append(True)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


@contextlib.contextmanager
def _removed_on_signal(temporary: str) -> Iterator[list[bool]]:
    """While the body runs, SIGTERM, SIGINT and SIGHUP first remove `temporary` (unless the
    body has appended to the list it is given: renamed, it is the target now), then have
    the effect they had before: the previous Python handler is called (SIGINT's raises
    KeyboardInterrupt), or the process ends of the signal, with its status. An ignored
    signal stays ignored (`nohup`); the previous handlers are put back after the body.

    Handlers can only be set in the main thread; elsewhere the body runs without them."""
    import signal

    written: list[bool] = []
    previous: dict[int, Any] = {}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)
        previous.clear()

    def remove_then_resume(number: int, frame: FrameType | None) -> None:
        if not written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        handler = previous.get(number, signal.SIG_DFL)
        restore()
        if callable(handler):
            handler(number, frame)
        else:  # the default: end of this signal, as if it had never been caught
            os.kill(os.getpid(), number)

    try:
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            current = signal.getsignal(number)
            if current is None or current is signal.SIG_IGN:
                continue  # set outside Python (cannot be put back), or ignored on purpose
            previous[number] = signal.signal(number, remove_then_resume)
    except ValueError:  # not the main thread
        restore()
    try:
        yield written
    finally:
        restore()
