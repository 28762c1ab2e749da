"""The files raqqa writes when asked to (`-o FILE`, a refreshed note): whole, or not at all.

A file is written to a `tempfile.mkstemp` file in the target's own folder (created with
O_EXCL and mode 0600, so never through a link), flushed to disk, given the target's mode,
and renamed over the target with `os.replace`: a reader sees the old file or the new one,
never half of either. A new file gets the mode the user's umask gives any new file.

A target that is a symbolic link is refused rather than replaced: renaming would put a file
where the link was, not write where it points, and either would surprise. So is the
knowledge file, by any name (`os.path.samefile`, else the real paths): raqqa never
writes it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable

from raqqa_cli.errors import QueryError, printable


def same_file(one: str, other: str) -> bool:
    """Whether two names are one file: the same inode, or (for what does not exist yet)
    the same real path."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def check_target(path: str, protected: Iterable[str] = (), what: str = "output file") -> None:
    """Refuse, as a usage error, a target raqqa must not write: empty, a link, a folder,
    or one of the `protected` files (the knowledge files in use)."""
    shown = printable(path)
    if not path:
        raise QueryError(f"the {what} name is empty")
    if os.path.islink(path):
        raise QueryError(
            f"{shown}: is a symbolic link; raqqa never writes through a link: name the file itself"
        )
    if os.path.isdir(path):
        raise QueryError(f"{shown}: is a folder, not a file")
    for knowledge in protected:
        if knowledge != "-" and same_file(path, knowledge):
            raise QueryError(f"{shown}: is the knowledge file; raqqa never writes to it")


def _new_file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: str, data: bytes) -> None:
    """Replace `path` with `data` in one step, keeping its mode; OSError if it cannot."""
    try:
        mode = stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    folder = os.path.dirname(path) or "."
    handle, temporary = tempfile.mkstemp(prefix=".raqqa-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
