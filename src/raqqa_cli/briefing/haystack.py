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

from bisect import bisect_right
from collections.abc import Collection, Iterable
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from raqqa_cli.record import Struct

if TYPE_CHECKING:
    from raqqa_cli.briefing.model import Briefing

SEPARATOR = "\0"


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


def _ends(parts: Iterable[str]) -> tuple[int, ...]:
    """Where each part ends in the parts joined by SEPARATOR."""
    ends = accumulate(len(part) + 1 for part in parts)
    return tuple(end - 1 for end in ends)


class Haystack(Struct):
    """A briefing's entries' strings: `text`, and where each entry's part of it ends."""

    text: str
    ends: tuple[int, ...]

    @classmethod
    def of(cls, entries: Iterable[Any]) -> Haystack:
        parts = [entry_text(entry) for entry in entries]
        return cls(SEPARATOR.join(parts), _ends(parts))

    def part(self, number: int) -> str:
        """The strings of the entry numbered `number`."""
        start = self.ends[number - 1] + 1 if number else 0
        return self.text[start : self.ends[number]]

    @cached_property
    def folded(self) -> Haystack:
        """The same, folded as `lookup.fold` folds (case, accents, format characters).
        Folding works character by character and keeps NUL, so the whole text is folded
        at once; where a value holds a NUL of its own, part by part."""
        from raqqa_cli.briefing.lookup import fold

        if self.text.isascii():  # folding is lower-casing, and no length changes
            return Haystack(self.text.lower(), self.ends)
        parts = fold(self.text).split(SEPARATOR)
        if len(parts) != len(self.ends):
            parts = [fold(self.part(number)) for number in range(len(self.ends))]
        return Haystack(SEPARATOR.join(parts), _ends(parts))

    def holding(self, words: Collection[str]) -> set[int]:
        """The numbers of the entries whose strings hold any of `words`, as written."""
        found: set[int] = set()
        text, ends = self.text, self.ends
        if "" in words:  # held by every entry (an alias of accents alone folds to nothing)
            return set(range(len(ends)))
        last = len(ends) - 1
        for word in words:
            at = text.find(word)
            while at >= 0:
                number = bisect_right(ends, at)
                if number > last:  # an empty word, after the last entry
                    break
                found.add(number)
                at = text.find(word, ends[number] + 1)  # the next entry that holds it
        return found


def haystack_of(briefing: Briefing) -> Haystack:
    """The haystack of every entry of `briefing`, in `model.entries_of`'s order."""
    from raqqa_cli.briefing.model import entries_of

    return Haystack.of(entry for entry, _ in entries_of(briefing))
