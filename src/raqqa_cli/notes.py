"""Markdown notes whose raqqa blocks stay current: finding the blocks, and replacing them.

A block is a line `<!-- raqqa: aid --totals --by sector -->`, the command's output, and a
line `<!-- /raqqa -->`. Markers count only on a line of their own (indented at most three
spaces, as CommonMark has HTML blocks) and never inside a fenced code block, so a note can
show the syntax without being refreshed. Everything outside the blocks' bodies, markers
included, is kept byte for byte; this module never touches a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from raqqa_cli.errors import BriefingError, Problem

OPEN = re.compile(r" {0,3}<!--\s*raqqa:(?P<args>.*?)-->[ \t]*\r?\n?")
CLOSE = re.compile(r" {0,3}<!--\s*/raqqa\s*-->[ \t]*\r?\n?")
FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


class Block(NamedTuple):
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
