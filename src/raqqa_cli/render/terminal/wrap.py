"""Where a line breaks to fit a width: rich's word wrap, kept here so that raqqa imports no
private module of rich's (`rich._wrap`), whatever rich version is installed.

`divide_line` and `words` are copied from rich 15.0.0 (`rich/_wrap.py`), with its
`loop_last` written out, and one divergence: rich folds a word longer than the line together
with the spaces after it, so when the word fills its last line exactly (or the spaces run past
it) the spaces are folded onto a line of their own, which shows as a blank line inside a cell
(or a word that starts one space in). Here only the word is folded and its spaces stay at the
end of its last line, past the width, where they are dropped as rich drops any.
`tests/render/test_layout.py` checks them against rich's own (`rich_divide_line` there: rich's
breaks, but for that divergence), and the table engine's breaks against rich's rendering.

Copyright (c) 2020 Will McGugan. Licensed under the MIT License:

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells

_WORD = re.compile(r"\s*\S+\s*")


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word of `text` as (start, end, word), a word with the spaces that follow it."""
    position = 0
    found = _WORD.match(text, position)
    while found is not None:
        start, end = found.span()
        yield start, end, found.group(0)
        found = _WORD.match(text, end)


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets at which to break `text` so that each line fits `width` cells; a word
    longer than `width` is folded over several lines (`fold`) or cropped."""
    breaks: list[int] = []
    offset = 0
    for start, _end, word in words(text):
        length = cell_len(word.rstrip())
        if width - offset >= length:  # it fits on this line
            offset += cell_len(word)
        elif length > width:  # it fits on no line
            if fold:  # the word alone: its spaces stay on its last line (rich folds them)
                stripped = word.rstrip()
                pieces = chop_cells(stripped, width=width)
                for number, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if number == len(pieces) - 1:
                        offset = cell_len(piece) + cell_len(word[len(stripped) :])
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:  # it fits on the next line
            breaks.append(start)
            offset = cell_len(word)
    return breaks
