"""Exit statuses and the located problems a knowledge file can have."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from enum import IntEnum
from typing import TextIO

from raqqa_cli.record import Struct

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


def shell_word(text: str) -> str:
    """`text` as one shell word on one line: POSIX quoting when it prints, else bash's and
    zsh's `$'...'` with each unprintable character escaped (`$'a\\nb.yaml'`), so that a file
    name with a line break in it cannot break a table or put a line of its own in a note."""
    import shlex

    if text.isprintable():
        return shlex.quote(text)
    escaped = (
        "\\" + char
        if char in "\\'"
        else char
        if char.isprintable()
        else repr(char)[1:-1]
        if char in "\n\t\r" or ord(char) < 0x100
        else f"\\u{ord(char):04x}"
        if ord(char) < 0x10000
        else f"\\U{ord(char):08x}"
        for char in text
    )
    return "$'" + "".join(escaped) + "'"


def quoted(text: str) -> str:
    """`'Michael\\ Fallon'`: what the user typed, in quotes, as typed. `repr` would show a
    backslash doubled (`'Michael\\\\ Fallon'`), which is not what they typed; what would not
    print is still escaped."""
    return f"'{printable(text)}'"


def plural(count: int, word: str) -> str:
    """`1 vote`, `2 votes`, `1,000 more problems`: a count and the word it counts, the last
    word plural unless the count is one. Every count raqqa says to people says it so."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


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


class Problem(Struct):
    """One thing wrong with a knowledge file, located as precisely as it can be."""

    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None
    file: str | None = None  # the file that holds it, where not the one reported on

    def located(self, file: str) -> str:
        """The one-line form users see: `FILE:LINE:COL: path: message` (the problem's own
        file where it has one: a registry the briefing includes)."""
        where = printable(self.file or file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        message = shorten(printable(self.message))  # it may quote a tag, a key, a value
        if self.path:
            return f"{where}: {shorten(format_path(self.path))}: {message}"
        return f"{where}: {message}"


# A file can hold a million unknown keys; the problems kept stop here and the rest are
# counted, so that reading it costs no more memory than the file (each problem ~300 bytes).
MAX_PROBLEMS = 1000


class Problems(list[Problem]):
    """Problems as they are found: the first `MAX_PROBLEMS` kept, the rest counted."""

    def __init__(self, found: Iterable[Problem] = (), unlisted: int = 0) -> None:
        super().__init__()
        self.unlisted = unlisted
        for problem in found:
            self.add(problem)

    def add(self, problem: Problem) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(problem)
        else:
            self.unlisted += 1

    def joined(self, other: list[Problem]) -> Problems:
        """These problems, then `other`'s, under the same limit."""
        return Problems([*self, *other], self.unlisted + getattr(other, "unlisted", 0))


class BriefingError(Exception):
    """A knowledge file that cannot be used, with the problems found in it: every one, or
    the first `MAX_PROBLEMS` and the number of the others (`unlisted`)."""

    def __init__(self, file: str, problems: list[Problem], unlisted: int = 0) -> None:
        super().__init__(problems[0].located(file) if problems else file)
        self.file = file
        self.problems = problems
        self.unlisted = unlisted + getattr(problems, "unlisted", 0)

    def lines(self) -> list[str]:
        """Each problem as the one line users see, then how many more were not kept."""
        lines = [problem.located(self.file) for problem in self.problems]
        if self.unlisted:
            lines.append(f"{printable(self.file)}: {self.unlisted_message()}")
        return lines

    def unlisted_message(self) -> str:
        return (
            f"and {plural(self.unlisted, 'more problem')} not"
            f" listed (raqqa keeps the first {MAX_PROBLEMS:,}): fix these and check again"
        )


class QueryError(Exception):
    """The command asked for something the briefing does not have (an unknown id or sector).

    Reported like a usage error: one line, exit status 2.
    """


def tell(line: str) -> None:
    """Say `line` on stderr (nothing if it is closed): on a terminal narrower than the line,
    wrapped at its words, the rest indented, so the terminal does not break a word; piped,
    captured or in a file, one line, for grep."""
    stream = sys.stderr
    if stream is None:  # else print() would write to stdout instead
        return
    print(wrapped(line, terminal_width(stream)), file=stream)


def wrapped(line: str, width: int) -> str:
    """`line` for a person at a terminal `width` wide (0: not a terminal): wrapped at its
    words (never at a hyphen: ids and dates stay whole), the rest indented; as it is when it
    fits, or for no terminal."""
    if width < 20 or len(line) <= width:
        return line
    import textwrap

    return textwrap.fill(line, width, subsequent_indent="  ", break_on_hyphens=False)


def terminal_width(stream: TextIO) -> int:
    """The width of the terminal `stream` writes to, or 0 if it is not one."""
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 0
    except (AttributeError, ValueError, OSError):
        return 0
