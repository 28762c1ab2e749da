"""A knowledge file as it was at a git revision: `HEAD~1:briefing.yaml`, read with `git show`.

Only `raqqa diff` reads revisions. The revision's bytes then go through the same loader as
any file (`load.load_data`), so an invalid side is reported as an invalid file is.
"""

from __future__ import annotations

import os

from raqqa_cli.errors import BriefingError, Problem
from raqqa_cli.load import MAX_FILE_BYTES, STDIN, read_bytes


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
        done = subprocess.run(
            ["git", "show", "--no-textconv", spec],
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        raise refuse("no such file, and git (to read it as REV:PATH) is not installed") from None
    except OSError as error:
        raise refuse(f"cannot run git show: {error.strerror or error}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in said:
            raise refuse("no such file, and not inside a git repository to read it as REV:PATH")
        first = said.splitlines()[0] if said else f"exit status {done.returncode}"
        raise refuse(f"git show: {first.removeprefix('fatal: ')}")
    if len(done.stdout) > MAX_FILE_BYTES:
        raise refuse(f"larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
    return done.stdout
