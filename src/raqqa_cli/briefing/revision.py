"""A knowledge file as it was at a git revision: `HEAD~1:briefing.yaml`, read with `git show`.

Only `raqqa diff` reads revisions. The revision's bytes then go through the same loader as
any file (`load.load_data`), so an invalid side is reported as an invalid file is.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from raqqa_cli.briefing.includes import Reader
from raqqa_cli.briefing.load import MAX_FILE_BYTES, STDIN, Where, read_bytes, size_limit
from raqqa_cli.errors import BriefingError, Problem

if TYPE_CHECKING:
    import subprocess

    from raqqa_cli.briefing.model import Briefing


def is_revision(spec: str) -> bool:
    """Whether `spec` names a file at a git revision (`REV:PATH`) rather than a file.

    A file that exists is always the file, so `notes:v2.yaml` on disk is read from disk."""
    # os.path: importing pathlib would cost diff about 4 ms of start-up.
    return spec != STDIN and ":" in spec and not os.path.exists(spec)


def read_side(spec: str) -> tuple[str, bytes]:
    """The name and bytes of one side of a diff: a file, `-` (standard input) or REV:PATH."""
    if is_revision(spec):
        return spec, read_revision(spec)
    return read_bytes(spec)


def load_side(spec: str) -> Briefing:
    """One side of a diff, checked, with the files it includes as they were at the same
    revision (`REV:PATH`) or as they are (a file, standard input)."""
    from raqqa_cli.briefing.load import load_data, where_of

    name, data = read_side(spec)
    if not is_revision(spec):
        return load_data(name, data, where=where_of(spec))
    import subprocess

    revision, _, path = spec.partition(":")
    if path.startswith(("./", "../")):  # git reads these from the current folder
        here = subprocess.run(
            ["git", "rev-parse", "--show-prefix"],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        ).stdout.strip()  # fmt: skip
        path = os.path.join(here, path)
    folder = os.path.dirname(os.path.normpath(path))
    return load_data(name, data, where=Where(folder, spec, _at_revision(revision)))


def _at_revision(revision: str) -> Reader:
    """Files as they were at `revision` (paths from the repository's top): read with `git
    show`, found with `git ls-tree`."""
    import fnmatch
    import subprocess

    def spec(path: str) -> str:
        return f"{revision}:{os.path.normpath(path)}"

    def read(path: str) -> tuple[str, bytes]:
        return spec(path), read_revision(spec(path))

    def matches(pattern: str) -> list[str]:
        listed = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", "--full-tree", revision],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        ).stdout.splitlines()  # fmt: skip
        return sorted(p for p in listed if fnmatch.fnmatchcase(p, os.path.normpath(pattern)))

    def exists(path: str) -> bool:
        try:
            read_revision(spec(path))
        except BriefingError:
            return False
        return True

    return Reader(read, matches, exists, os.path.normpath, None)


def read_revision(spec: str) -> bytes:
    """The bytes of `REV:PATH` from the git repository around the current folder."""
    import subprocess

    def refuse(message: str) -> BriefingError:
        return BriefingError(spec, [Problem(message)])

    if spec.startswith("-"):  # git would take it for an option (`--output=...`)
        raise refuse("no such file, and a git revision cannot start with '-'")
    # C messages, so that "not a git repository" can be recognised; no text conversion
    # filters, so the bytes are the ones committed.
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        git = subprocess.Popen(
            ["git", "show", "--no-textconv", spec],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise refuse("no such file, and git (to read it as REV:PATH) is not installed") from None
    except OSError as error:
        raise refuse(f"cannot run git show: {error.strerror or error}") from None
    with git:
        data = _read_at_most(git, MAX_FILE_BYTES)
        said = git.stderr.read().decode("utf-8", "replace").strip() if git.stderr else ""
        status = git.wait()
    if data is None:
        raise refuse(f"larger than the {size_limit(MAX_FILE_BYTES)} limit")
    if status != 0:
        if "not a git repository" in said:
            raise refuse("no such file, and not inside a git repository to read it as REV:PATH")
        first = said.splitlines()[0] if said else f"exit status {status}"
        raise refuse(f"git show: {first.removeprefix('fatal: ')}")
    return data


def _read_at_most(git: subprocess.Popen[bytes], limit: int) -> bytes | None:
    """What git writes, or None (git stopped) as soon as it is more than `limit` bytes: a
    blob of 256 MiB is never held whole to be told it is too large."""
    assert git.stdout is not None
    chunks: list[bytes] = []
    size = 0
    while chunk := git.stdout.read(1 << 20):
        size += len(chunk)
        if size > limit:
            git.kill()
            return None
        chunks.append(chunk)
    return b"".join(chunks)
