"""Every string of a briefing's entries in one text: what a search, or an actor's links,
looks through before it walks any entry's fields.

Each entry's strings (its id, its fields, its nested records) are joined by line breaks,
and the entries, in the order a reader meets them (`model.entries_of`), by NUL; `ends`
says where each entry's part ends, so that a NUL inside a value cannot move a word onto
another entry. A word is found with `str.find` over the whole text, in C, and only the
entries it falls in are walked (`Matcher.candidates`), where every entry used to be joined,
folded and tested on its own at every run: a warm search across a shelf of 100 briefings
spent half its time there. The cache keeps the text with the briefing (`cache.seal`), and
`Briefing.haystack` makes it on first use where it is not kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from raqqa_cli.briefing.model import HAYSTACK_SEPARATOR as SEPARATOR
from raqqa_cli.briefing.model import Haystack


def entry_text(entry: Any) -> str:
    """Every string anywhere in `entry` (its id, its fields, its nested records), joined by
    line breaks."""
    found: list[str] = []
    append = found.append
    pending = [entry]
    while pending:  # a stack, not recursion
        for item in pending.pop():
            if type(item) is str:
                append(item)
            elif isinstance(item, tuple):  # a list, or a nested record
                pending.append(item)
    return "\n".join(found)


def haystack_of(entries: Iterable[Any]) -> Haystack:
    """The haystack of `entries` (a briefing's, in `model.entries_of`'s order)."""
    parts = [entry_text(entry) for entry in entries]
    return Haystack(SEPARATOR.join(parts), ends_of(parts))


def ends_of(parts: Iterable[str]) -> tuple[int, ...]:
    """Where each part ends in the parts joined by SEPARATOR."""
    ends = accumulate(len(part) + 1 for part in parts)
    return tuple(end - 1 for end in ends)
