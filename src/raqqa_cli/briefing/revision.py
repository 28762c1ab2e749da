"""A knowledge file as it was at a git revision: `HEAD~1:briefing.yaml`, read with `git show`.

Only `raqqa diff` reads revisions. The revision's bytes then go through the same loader as
any file (`load.load_data`), so an invalid side is reported as an invalid file is.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from raqqa_cli.briefing.load import MAX_FILE_BYTES, STDIN, read_bytes, size_limit
from raqqa_cli.errors import BriefingError, Problem

if TYPE_CHECKING:
    import subprocess


def is_revision(spec: str) -> bool:
    """Whether `spec` names a file at a git revision (`REV:PATH`) rather than a file.

    A file that exists is always the file, so `notes:v2.yaml` on disk is read from disk."""
    # os.path: importing pathlib would cost diff about 4 ms of start-up.
    return spec != STDIN and ":" in spec and not os.path.exists(spec)  # noqa: PTH110


def read_side(spec: str) -> tuple[str, bytes]:
    """The name and bytes of one side of a diff: a file, `-` (standard input) or REV:PATH."""
    if is_revision(spec):
        return spec, read_revision(spec)
    return read_bytes(spec)


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
