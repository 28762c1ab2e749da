"""A pager for output taller than the terminal: only on a terminal, never when piped.

The pager is `$RAQQA_PAGER`, else `$PAGER`, else `less -FRX` where it is installed (`-F`
quits at once when the text fits after all, `-R` keeps colour, `-X` leaves the text on the
screen). An empty or `cat` pager means none. Whichever it is, it runs with `LESS=FRX` and
`LV=-c` unless they are set, as git and gh run theirs, so that `PAGER=less` shows colour,
not `ESC[1m`. Imported only when a terminal asks to page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping

from raqqa_cli.terminal import Terminal


def pager_for(text: str, terminal: Terminal, env: Mapping[str, str]) -> list[str] | None:
    """The pager to show `text` through, or None to write it straight out."""
    if not (terminal.is_tty and terminal.page and terminal.height):
        return None
    if text.count("\n") < terminal.height:
        return None
    chosen = env.get("RAQQA_PAGER")
    if chosen is None:
        chosen = env.get("PAGER")
    if chosen is not None:
        import shlex

        try:
            words = shlex.split(chosen)
        except ValueError:
            return None
        return words if words and words != ["cat"] else None
    less = shutil.which("less")
    return [less, "-FRX"] if less else None


def pager_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: ours, with less (and lv) told to pass colour through, quit
    when the text fits and leave it on the screen, unless the reader says otherwise."""
    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    env.setdefault("LESSCHARSET", "utf-8")
    return env


# Pagers that show escape codes' bytes as characters, and count them in a line's width
# (`more` broke "offensive" into "offensi" / "ve"): they are given the text without them.
PLAIN_PAGERS = ("more", "pg")


def plain_text(text: str) -> str:
    """`text` without colour (SGR) codes and OSC 8 hyperlinks: what a plain pager can show."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)", "", text)


def page(text: str, command: list[str]) -> str | None:
    """Show `text` through the pager: None when it was shown, else why it was not (the
    pager cannot be started, or it failed), for the caller to say and write `text` itself.

    A pager that the reader quits early, or interrupts, has done its job."""
    env = pager_environment(os.environ)
    shown = "'" + " ".join(command) + "'"
    if command[0].rsplit("/", 1)[-1] in PLAIN_PAGERS:
        text = plain_text(text)
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError as error:
        return f"cannot start the pager {shown}: {error.strerror or error}"
    try:
        assert process.stdin is not None
        process.stdin.write(text.encode("utf-8", "replace"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager early: that is fine
    while True:
        try:
            status = process.wait()
            break
        except KeyboardInterrupt:
            continue  # the pager handles Ctrl-C itself; wait for it to quit
    if status > 0:  # a signal (< 0) is the reader's doing
        return f"the pager {shown} failed (exit status {status})"
    return None
