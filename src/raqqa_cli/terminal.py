"""Where output goes: a terminal or a pipe, how wide, in colour or not.

Decided once, from the stream and the environment, and passed down as a value so that
tests can choose either side instead of depending on how they happen to be run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple, TextIO

DEFAULT_WIDTH = 80


class Terminal(NamedTuple):
    """The output's manners: `is_tty` picks the default format, `color` the styling."""

    is_tty: bool
    width: int = DEFAULT_WIDTH
    color: bool = False


def _terminal_width(stream: TextIO) -> int:
    """The terminal's columns, or 0 if it will not say (`os`, not `shutil`: cheaper)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def detect_terminal(stream: TextIO, env: Mapping[str, str] | None = None) -> Terminal:
    """What `stream` is, following NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS."""
    env = os.environ if env is None else env
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):
        is_tty = False
    width = DEFAULT_WIDTH
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif is_tty:
        width = _terminal_width(stream) or DEFAULT_WIDTH
    if env.get("NO_COLOR"):
        color = False
    elif env.get("FORCE_COLOR"):
        color = True
    else:
        color = is_tty and env.get("TERM") != "dumb"
    return Terminal(is_tty=is_tty, width=max(width, 20), color=color)
