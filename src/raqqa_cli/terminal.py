"""Where output goes: a terminal or a pipe, how wide, in colour or not.

Decided once, from the stream and the environment, and passed down as a value so that
tests can choose either side instead of depending on how they happen to be run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from raqqa_cli.record import Struct

DEFAULT_WIDTH = 80


class Terminal(Struct):
    """The output's manners: `is_tty` picks the default format, `color` the styling,
    `height` (0: unknown) and `page` whether output taller than the screen is paged;
    `styled`, with `color` off, keeps bold, reverse video and underline without colour
    (NO_COLOR on a terminal: a search hit stays marked)."""

    is_tty: bool
    width: int = DEFAULT_WIDTH
    color: bool = False
    height: int = 0
    page: bool = False
    styled: bool = False


def _terminal_size(stream: TextIO) -> tuple[int, int]:
    """The terminal's columns and lines, or 0 where it will not say (`os`, not `shutil`:
    cheaper)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return 0, 0
    return size.columns, size.lines


def detect_terminal(stream: TextIO, env: Mapping[str, str] | None = None) -> Terminal:
    """What `stream` is, following NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS."""
    env = os.environ if env is None else env
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):
        is_tty = False
    width, height = _terminal_size(stream) if is_tty else (0, 0)
    columns, lines = env.get("COLUMNS", ""), env.get("LINES", "")
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    if lines.isdigit() and int(lines) > 0:
        height = int(lines)
    if env.get("NO_COLOR"):
        color = False
    elif env.get("FORCE_COLOR"):
        color = True
    else:
        color = is_tty and env.get("TERM") != "dumb"
    width = width or DEFAULT_WIDTH
    capable = is_tty and env.get("TERM") != "dumb"
    return Terminal(
        is_tty,
        max(width, 20),
        color,
        height,
        page=capable,
        # NO_COLOR asks for no colour, not for no emphasis: bold and reverse video stay.
        styled=capable and not color,
    )
