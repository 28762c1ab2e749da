"""Markdown notes whose raqqa blocks stay current: finding the blocks, and replacing them.

A block is a line `<!-- raqqa: aid --totals --by sector -->`, the command's output, and a
line `<!-- /raqqa -->`. Markers count only on a line of their own (indented at most three
spaces, as CommonMark has HTML blocks) and never inside a fenced code block, so a note can
show the syntax without being refreshed. Everything outside the blocks' bodies, markers
included, is kept byte for byte.

A block only reads: it runs one of the reports (`BLOCK_COMMANDS`), with the options its
command declares but those that write or send output elsewhere (`block_options`), and reads
regular files only (`read_refusal`). This module opens no file; `read_refusal` only looks.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from raqqa_cli.cli import commandline
from raqqa_cli.cli.commandline import Command, Opt
from raqqa_cli.errors import BriefingError, Problem, printable
from raqqa_cli.record import Struct

OPEN = re.compile(r" {0,3}<!--\s*raqqa:(?P<args>.*?)-->[ \t]*\r?\n?")
CLOSE = re.compile(r" {0,3}<!--\s*/raqqa\s*-->[ \t]*\r?\n?")
FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


class Block(Struct):
    """One block: the command in its opening marker, where it is, and its body's span."""

    args: str  # as written between `raqqa:` and `-->`
    line: int  # of the opening marker, from 1
    start: int  # the body: text[start:end]
    end: int
    newline: str  # the opening marker's line ending, which the new body keeps


def _split_lines(text: str) -> list[str]:
    """Lines ending at `\\n` only: a form feed or U+2028 in a note is text, not a line break."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def find_blocks(text: str, name: str) -> list[Block]:
    """Every block of the note `text`, or a located `BriefingError` (named `name`) for an
    opening marker never closed, a block inside a block, or a closing marker alone."""

    def refuse(line: int, message: str) -> BriefingError:
        return BriefingError(name, [Problem(message, line=line, column=1)])

    blocks: list[Block] = []
    fence: str | None = None
    opened: tuple[str, int, int, str] | None = None  # args, line, body start, newline
    offset = 0
    for number, line in enumerate(_split_lines(text), 1):
        end = offset + len(line)
        fenced = FENCE.match(line)
        if fence is not None:
            closes = (
                fenced and fenced["fence"][0] == fence[0] and len(fenced["fence"]) >= len(fence)
            )
            if closes and fenced and not line[fenced.end() :].strip():
                fence = None
        elif fenced and opened is None:
            fence = fenced["fence"]
        elif OPEN.fullmatch(line):
            if opened is not None:
                raise refuse(
                    number,
                    f"a block inside the block opened on line {opened[1]}: close that one first",
                )
            match = OPEN.fullmatch(line)
            assert match is not None
            newline = "\r\n" if line.endswith("\r\n") else "\n"
            opened = (match["args"].strip(), number, end, newline)
        elif CLOSE.fullmatch(line):
            if opened is None:
                raise refuse(number, "<!-- /raqqa --> closes no block")
            args, first, start, newline = opened
            blocks.append(Block(args, first, start, offset, newline))
            opened = None
        offset = end
    if opened is not None:
        raise refuse(opened[1], "this block is never closed: end it with <!-- /raqqa -->")
    return blocks


def body_for(output: str, block: Block) -> str:
    """A command's output as a block's body, in the note's line endings."""
    return output if block.newline == "\n" else output.replace("\n", "\r\n")


def replaced(text: str, blocks: Sequence[Block], bodies: Sequence[str]) -> str:
    """`text` with each block's body replaced, everything else as it was."""
    parts: list[str] = []
    at = 0
    for block, body in zip(blocks, bodies, strict=True):
        parts += [text[at : block.start], body]
        at = block.end
    parts.append(text[at:])
    return "".join(parts)


# -- what a block may run ---------------------------------------------------------------

# The commands a block may run: the reports, which render in the formats they take (each
# declares a `--format`, Markdown among them). Not validate, whose verdict is a line and its
# problems on stderr; never a command without --format (init, schema, notes refresh), which
# writes files or what is not Markdown.
BLOCK_COMMANDS: dict[str, Command] = {
    command.path: command
    for command in (*commandline.COMMANDS, commandline.OVERVIEW)
    if command.default_format is not None and command.path != "validate"
}
# The shared options that send output elsewhere or shape it for another program: what every
# listing takes after its own options (`output`) and the top level's, `-f`, `--format` and
# `--for` (who reads the note) apart, and HXL's hashtags. A block's body is its command's
# Markdown, in the note only.
# By parameter: a command declares its own `--format` (the formats it takes).
ELSEWHERE: frozenset[str] = frozenset(
    option.param
    for option in (*commandline.output(None), *commandline.OVERVIEW.options, commandline.HXL)
    if option.param not in ("file", "fmt", "audience")
)


def block_options(command: Command) -> tuple[Opt, ...]:
    """The options a block may give `command`: those it declares, but the ones in
    `ELSEWHERE` and any that names a file other than the briefing read (`-f`)."""
    return tuple(
        option
        for option in command.options
        if option.param not in ELSEWHERE and (option.complete != "files" or option.param == "file")
    )


def command_refusal(name: str, options: Mapping[str, Any], argv: Sequence[str]) -> str | None:
    """Why a block may not run the command line `argv`, read as command `name` with
    `options`; None when it may."""
    command = BLOCK_COMMANDS.get(name)
    if command is None:
        shown = "--version" if name == "version" else name
        reports = ", ".join(path for path in BLOCK_COMMANDS if path != "overview")
        return f"{shown} is not allowed in a raqqa block: blocks run only the reports ({reports})"
    allowed = block_options(command)
    for option in command.options:
        if option not in allowed and options.get(option.param) not in (None, False):
            return (
                f"{_spelled(option, argv)} is not allowed in a raqqa block: a block's output"
                " is its command's Markdown, in the note and nowhere else"
            )
    for arg in command.args:  # a file named but not read: one the command would write
        if arg.complete == "files" and not arg.reads and options.get(arg.param) is not None:
            return f"{arg.metavar} is not allowed in a raqqa block: a block writes no file"
    return None


def _spelled(option: Opt, argv: Sequence[str]) -> str:
    """The option as the block writes it (`-o`, `--output`), else its first spelling."""
    for word in argv:
        if word.partition("=")[0] in option.flags:
            return word.partition("=")[0]
    return option.flags[0]


def read_refusal(given: str, path: str, folder_ok: bool = False) -> str | None:
    """Why a block may not read `path`, the file it names as `given` found from the note's
    folder; None when it may, or when it does not exist (the command says so, as for any file).

    A block reads regular files only, or with `folder_ok` (`-f`) a folder of them (a shelf,
    whose briefings are its regular files): never standard input under any name (`-`, `/dev/stdin`,
    `/proc/self/fd/0`, a link to one, the file standard input is), a FIFO, a device, nor
    anything in /proc, /dev or /sys."""
    if given == "-":
        return "a block cannot read standard input ('-'): name a file, relative to the note"
    try:
        info = Path(path).stat()
    except OSError:
        return None
    real = os.path.realpath(path)
    if (
        not (stat.S_ISREG(info.st_mode) or (folder_ok and stat.S_ISDIR(info.st_mode)))
        or _is_standard_input(info)
        or real.startswith(("/proc/", "/dev/", "/sys/"))
    ):
        return (
            f"{printable(given)}: a block reads only regular files"
            f"{' (or a folder of them)' if folder_ok else ''}, not standard input, a FIFO,"
            " a device or /proc"
        )
    return None


def _is_standard_input(info: os.stat_result) -> bool:
    try:
        return os.path.samestat(info, os.fstat(0))
    except OSError:  # descriptor 0 closed
        return False
