"""Exit statuses and the located problems a knowledge file can have."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

Path = tuple[str | int, ...]


class ExitCode(IntEnum):
    """What `raqqa` exits with; scripts may rely on these."""

    OK = 0
    BAD_BRIEFING = 1
    CANNOT_WRITE = 1  # the output, like the file, is the user's to fix
    CHANGED = 1  # `raqqa diff --exit-code`, as `git diff --exit-code` has it
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130


def printable(text: str) -> str:
    """`text` if it prints as one harmless line, else with each unprintable character escaped.

    Line breaks, escape sequences, bidirectional overrides and other format characters become
    `\\n`, `\\x1b`, `\\u202e`; everything printable, quotes included, is left as it is.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def quoted(text: str) -> str:
    """`'Michael\\ Fallon'`: what the user typed, in quotes, as typed. `repr` would show a
    backslash doubled (`'Michael\\\\ Fallon'`), which is not what they typed; what would not
    print is still escaped."""
    return f"'{printable(text)}'"


def shorten(text: str, limit: int = 300) -> str:
    """`text`, its middle cut out if longer than `limit`: a 10 MB key makes no error line."""
    if len(text) <= limit:
        return text
    keep = (limit - 3) // 2
    return f"{text[:keep]} … {text[-keep:]}"


def format_path(path: Path) -> str:
    """`("pledges", 3, "donor")` -> `pledges[3].donor`; odd keys as `[' x ']`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part and all(c.isalnum() or c in "_-" for c in part) and part.isascii():
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"  # repr escapes whatever would not print
    return text or "(root)"


class Problem(NamedTuple):
    """One thing wrong with a knowledge file, located as precisely as it can be."""

    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None

    def located(self, file: str) -> str:
        """The one-line form users see: `FILE:LINE:COL: path: message`."""
        where = printable(file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        message = shorten(printable(self.message))  # it may quote a tag, a key, a value
        if self.path:
            return f"{where}: {shorten(format_path(self.path))}: {message}"
        return f"{where}: {message}"


class BriefingError(Exception):
    """A knowledge file that cannot be used, with every problem found in it."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(problems[0].located(file) if problems else file)
        self.file = file
        self.problems = problems

    def lines(self) -> list[str]:
        """Each problem as the one line users see."""
        return [problem.located(self.file) for problem in self.problems]


class QueryError(Exception):
    """The command asked for something the briefing does not have (an unknown id or sector).

    Reported like a usage error: one line, exit status 2.
    """
