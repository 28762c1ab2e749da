"""Finding things in a briefing: entries by id, actors and places by any of their names.

Matching is case- and accent-insensitive and alias-aware: asking for `Daesh` also finds
text that says `ISIL`, `Isis` or `Islamic State`, because they are aliases of one actor.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from raqqa_cli.briefing.model import SECTIONS, Actor, Briefing, Place, Source
from raqqa_cli.errors import QueryError, quoted
from raqqa_cli.report import WEB_ADDRESS, Cited

if TYPE_CHECKING:
    from raqqa_cli.briefing.model import Haystack

# `Office of the ... Commissioner for Human Rights (OHCHR)`: a short name at the end.
_SHORT_NAME = re.compile(r"\(([A-Z][A-Za-z0-9&.-]{1,11})\)$")


def short_name(publisher: str) -> str:
    """`CMEC` for `Conservative Middle East Council (CMEC)`: the bracketed short name, if its
    letters are the initials of the name's words in order (so `Ministry of Defence (UK)`
    stays whole: `UK` abbreviates nothing in it, and two ministries would read alike)."""
    short = _SHORT_NAME.search(publisher)
    if short is None:
        return publisher
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", publisher[: short.start()]))
    letters = iter(initials.upper())
    if all(letter in letters for letter in short[1].upper() if letter.isalpha()):
        return short[1]
    return publisher


def fold(text: str) -> str:
    """Text for comparison: no accents, case folded (`Sérgio` -> `sergio`), and no format
    characters, so a zero-width space or a direction mark cannot hide a name."""
    if text.isascii():  # most text, and then folding is lower-casing
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_UNMARKED).casefold()


class _Unmarked(dict[int, int | None]):
    """`str.translate`'s table that drops combining marks and format characters and keeps
    every other character: each character decided once, when first met, then looked up in
    C (a search folds every field of a shelf; a generator over the characters cost it a
    tenth of its time)."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        kept = not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
        self[code] = code if kept else None
        return self[code]


_UNMARKED = _Unmarked()


def _fold_with_origin(text: str) -> tuple[str, list[int] | None]:
    """`fold(text)` and, for each of its characters, the position it came from (None: the
    same position, as for ASCII text)."""
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        folded = fold(char)
        parts.append(folded)
        origin.extend([position] * len(folded))
    return "".join(parts), origin


def names_of(entry: Actor | Place) -> tuple[str, ...]:
    """Every name an actor or place goes by, its id included."""
    return (entry.name, *entry.aliases, entry.id)


_NUL = "\0"


class _Names:
    """The names a section's entries go by (`names_of`), folded, in one text: each between
    NULs, so that a pattern finds them all in one pass (in C), and `(?<!\\w)` and `(?!\\w)`
    hold at a name's ends as at a string's. `actors Fallon` and every search ask this of
    each name of each briefing of a shelf: name by name, a shelf of 100 spent a tenth of a
    search on it."""

    def __init__(self, entries: Sequence[Actor | Place]) -> None:
        self.entries = entries
        named = [(number, name) for number, entry in enumerate(entries) for name in names_of(entry)]
        names = [name for _, name in named]
        self.owners = [number for number, _ in named]  # the number of the entry each name is of
        # Folding works character by character and keeps NUL: all names folded at once,
        # unless a name holds a NUL of its own (then they are looked at one by one).
        folded = fold(_NUL.join(names)).split(_NUL) if names else []
        self.joined = len(folded) == len(names)
        self.folded = folded if self.joined else [fold(name) for name in names]
        self.text = _NUL + _NUL.join(self.folded) + _NUL
        self.starts = list(accumulate((len(name) + 1 for name in self.folded), initial=1))

    def owning(self, needle: str, before: str = "", after: str = "") -> list[Any]:
        """The entries, in order, with a name that is `needle` (folded), or, with
        look-arounds `before` and `after`, holds it between them."""
        if needle not in self.text:  # in C: most names hold no word of a search
            return []
        from bisect import bisect_right  # not at start-up: most commands find no name

        joined = self.joined and _NUL not in needle
        found: set[int] = set()
        if not (before or after):  # the whole name
            if joined:
                at = self.text.find(f"{_NUL}{needle}{_NUL}")
                while at >= 0:
                    found.add(self.owners[bisect_right(self.starts, at + 1) - 1])
                    at = self.text.find(f"{_NUL}{needle}{_NUL}", at + 1)
            else:
                found = {
                    n for name, n in zip(self.folded, self.owners, strict=True) if name == needle
                }
        else:
            pattern = re.compile(f"{before}{re.escape(needle)}{after}")
            if joined:
                starts, owners = self.starts, self.owners
                found = {
                    owners[bisect_right(starts, m.start()) - 1] for m in pattern.finditer(self.text)
                }
            else:
                found = {
                    n
                    for name, n in zip(self.folded, self.owners, strict=True)
                    if pattern.search(name)
                }
        return [self.entries[number] for number in sorted(found)]


def _bounded(pattern: str, text: str, *, end: bool) -> str:
    """`pattern` for `text` at the start of a word (and, with `end`, ending one): where
    `text` starts or ends with a word character, no word character may stand beside it."""
    before = r"(?<!\w)" if text[:1].isalnum() or text[:1] == "_" else ""
    after = r"(?!\w)" if end and (text[-1:].isalnum() or text[-1:] == "_") else ""
    return f"{before}{pattern}{after}"


def is_acronym(text: str) -> bool:
    """`IS`, `UN`, `ISIS`, `UNHCR`: one short word in capitals, which names something whole
    (`ISIS` is not the end of "crisis")."""
    return 2 <= len(text) <= 6 and text.isupper() and text.isalnum()


class Matcher:
    """Does a piece of text mention what the user asked for, or any alias of it?

    Words are matched from their start, never from inside one: `Fall` finds "Fallon",
    `isis` does not find "crisis". A query in capitals is an acronym, matched as a whole
    word (`ISIS`, not "ISIS-K"'s prefix only); up to three letters it is matched as written
    (`IS`, never the word "is"), as short aliases are."""

    def __init__(self, needle: str, aliases: tuple[str, ...] = ()) -> None:
        self.needle = needle
        self.aliases = aliases
        asked = needle.strip()
        folded: list[str] = []
        as_written: list[str] = []
        if is_acronym(asked) and len(asked) <= 3:
            as_written.append(_bounded(re.escape(asked), asked, end=True))
        else:
            whole = is_acronym(asked)
            folded.append(_bounded(re.escape(fold(asked)), asked, end=whole))
        for alias in sorted(aliases, key=len, reverse=True):  # the longest match first
            if len(alias) <= 3:  # short aliases (IS, UN, UK) only as written, whole
                as_written.append(_bounded(re.escape(alias), alias, end=True))
            else:
                folded.append(_bounded(re.escape(fold(alias)), alias, end=True))
        # One pattern per kind of text: a search runs it over every field of a briefing.
        self._on_folded = re.compile("|".join(folded)) if folded else None
        self._as_written = re.compile("|".join(as_written)) if as_written else None
        # What each pattern cannot match without: a plain substring test, in C, turns away
        # most fields before the patterns (whose look-arounds defeat re's own scan) run.
        long_names = [fold(alias) for alias in aliases if len(alias) > 3]
        asked_folded = [] if folded[:1] == [] or not asked else [fold(asked)]
        self._folded_words = tuple({*asked_folded, *long_names})
        self._written_words = tuple(
            {alias for alias in aliases if len(alias) <= 3}
            | ({asked} if is_acronym(asked) and len(asked) <= 3 else set())
        )

    def _folded_may_match(self, folded: str) -> bool:
        return any(word in folded for word in self._folded_words)

    def _written_may_match(self, text: str) -> bool:
        return any(word in text for word in self._written_words)

    def candidates(self, haystack: Haystack) -> list[int]:
        """The numbers of the entries in `haystack` that may hold a match, in order: those
        whose strings hold a word every match of some pattern needs. Substrings only,
        found by `str.find` over the whole text, so that a search walks the fields of
        those entries alone; a hypothesis property shows none that matches is left out."""
        found: set[int] = set()
        if self._on_folded is not None:
            found |= haystack.folded.holding(self._folded_words)
        if self._as_written is not None:
            found |= haystack.holding(self._written_words)
        return sorted(found)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in `text` the matches are, as (start, end) positions of `text` itself."""
        found: list[tuple[int, int]] = []
        if self._written_may_match(text) and self._as_written is not None:
            found.extend(m.span() for m in self._as_written.finditer(text) if m.end() > m.start())
        if self._on_folded is None or not self._folded_may_match(fold(text)):
            return sorted(found)
        folded, origin = _fold_with_origin(text)
        for m in self._on_folded.finditer(folded):
            start, end = m.span()
            if start == end:
                continue
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            found.append((start, end))
        return sorted(found)

    def __call__(self, text: str) -> bool:
        if self._on_folded is not None:
            folded = fold(text)
            for word in self._folded_words:  # a loop, not any(): a search calls this per field
                if word in folded:
                    if self._on_folded.search(folded):
                        return True
                    break
        return (
            self._as_written is not None
            and self._written_may_match(text)
            and self._as_written.search(text) is not None
        )


class Index:
    """Lookups over one briefing, built once."""

    def __init__(
        self, briefing: Briefing, numbered_citations: bool = False, invocation: str = "raqqa"
    ) -> None:
        self.briefing = briefing
        # How to call raqqa on this same briefing (`raqqa -f mine.yaml`), for suggestions.
        self.invocation = invocation
        # For `brief`: sources cited as [1], [2] ... in the order they are listed.
        self.citation_numbers = (
            {s.id: n for n, s in enumerate(briefing.sources, 1)} if numbered_citations else {}
        )
        self.by_id: dict[str, Any] = {}
        self.section_of: dict[str, str] = {}
        self._called: dict[str, str] | None = None  # folded name -> actor id ("": several)
        self._named: dict[str, _Names] = {}  # a section's names (`find_named`)
        self._links: dict[str, tuple[str, str, str | None]] = {}  # source id -> `_linked`'s
        self._citations: dict[tuple[str | None, str | None], Cited] = {}  # `citation`'s
        for section in SECTIONS:
            entries = getattr(briefing, section)
            self.by_id.update({entry.id: entry for entry in entries})
            self.section_of.update(dict.fromkeys([entry.id for entry in entries], section))

    def get(self, entry_id: str | None) -> Any:
        """The entry with this id, or None."""
        return self.by_id.get(entry_id) if entry_id else None

    def actor_name(self, actor_id: str | None) -> str | None:
        """An actor's name for people, from its id."""
        actor = self.get(actor_id)
        return actor.name if isinstance(actor, Actor) else None

    def claimed_by(self, claimants: tuple[str, ...] | None) -> str | None:
        """Who makes a claim, for people: `WHO`, `WHO and UNICEF`, `A, B and C` (the
        claimants of one figure, `model.claimants_of`); None when none is named."""
        names = [n for n in map(self.actor_name, claimants or ()) if n]
        if len(names) < 2:
            return names[0] if names else None
        return f"{', '.join(names[:-1])} and {names[-1]}"

    def actor_called(self, text: str | None) -> Actor | None:
        """The one actor whose id, name or alias `text` is, whole, whatever the case and
        accents; None when no actor, or more than one, goes by it."""
        if not text:
            return None
        if self._called is None:
            self._called = {}
            names = self._names("actors")
            actors = self.briefing.actors
            for name, number in zip(names.folded, names.owners, strict=True):
                held = self._called.setdefault(name, actors[number].id)
                if held != actors[number].id:  # another actor's name too
                    self._called[name] = ""
        found = self.get(self._called.get(fold(text.strip())))
        return found if isinstance(found, Actor) else None

    def place_name(self, place_id: str | None) -> str | None:
        """A place's name for people, from its id."""
        place = self.get(place_id)
        return place.name if isinstance(place, Place) else None

    def source_label(self, source_id: str | None) -> str:
        """`BBC News, 2017-10-23, B2`: who published it, when, and its grade if it has one.
        A publisher that gives its short name in brackets, `Conservative Middle East Council
        (CMEC)`, is cited by it."""
        source = self.get(source_id)
        if not isinstance(source, Source):
            return ""
        if source.id in self.citation_numbers:
            return f"[{self.citation_numbers[source.id]}]"
        publisher = short_name(source.publisher)
        return ", ".join(p for p in (publisher, source.date, source.grade) if p)

    def _linked(self, *source_ids: str | None) -> tuple[tuple[str, str, str | None], ...]:
        """Each source named: its id, its label and its web address (None: it has none),
        which Markdown and HTML draw as a link to the source itself (once per source)."""
        found = []
        for source_id in source_ids:
            if source_id is None:
                continue
            link = self._links.get(source_id)
            if link is None:
                source = self.get(source_id)
                if not isinstance(source, Source):
                    continue
                locator = source.locator
                address = locator if locator and WEB_ADDRESS.fullmatch(locator) else None
                link = self._links[source_id] = (source.id, self.source_label(source.id), address)
            found.append(link)
        return tuple(found)

    def citation(self, source_id: str | None, via: str | None = None) -> Cited:
        """Where a fact comes from, for people: `BBC News, 2017-10-23`, and the source that
        one credits: `CMEC, 2017-10-24, citing BBC News, 2017-10-23`. Every source is
        named the same way, the briefing's own included: the label comes from the data.
        A `Cited`: Markdown and HTML draw each source as a link to it."""
        key = (source_id, via)
        cited = self._citations.get(key)
        if cited is None:  # each once: a time line cites a few sources thousands of times
            label = self.source_label(source_id)
            shown = f"{label}, citing {self.source_label(via)}" if via else label
            cited = self._citations[key] = (
                Cited(shown, "", ((source_id, via),), self._linked(source_id, via))
                if source_id
                else Cited(shown)
            )
        return cited

    def cited(self, words: str, source_id: str | None) -> Cited:
        """`Mayor of Harbour Town [Test Desk, 2020-03-04]` (`... [3]` where sources are
        numbered): words, then the citation of the source they come from."""
        label = self.source_label(source_id)
        if not label or not source_id:
            return Cited(words, words, ())
        shown = f"{words} {label}" if self.citation_numbers else f"{words} [{label}]"
        return Cited(shown, words, ((source_id, None),), self._linked(source_id))

    def citations(self, source_ids: Iterable[str]) -> tuple[Cited, ...]:
        """Each distinct source's label, in the order first met, each a `Cited`."""
        ids = [s for s in dict.fromkeys(source_ids) if s]
        labels: dict[str, Cited] = {}
        for source_id in ids:
            label = self.source_label(source_id)
            if label not in labels:
                labels[label] = Cited(label, "", ((source_id, None),), self._linked(source_id))
        return tuple(labels.values())

    def citations_text(self, source_ids: Iterable[str]) -> Cited:
        """`A, 2020; B, 2021`: several sources in one cell, each still a citation."""
        cited = self.citations(source_ids)
        cites = tuple(c for one in cited for c in one.cites)
        return Cited("; ".join(cited), "", cites, tuple(s for one in cited for s in one.sources))

    def find_named(self, text: str, kind: type[Actor] | type[Place]) -> list[Actor | Place]:
        """Actors (or places) that go by `text`: a whole name, alias or id if any does,
        else those with `text` as a word of a name (`Fallon`), else, for four letters or
        more, as the start of one (`fall`)."""
        needle = fold(text.strip())
        if not needle:
            return []
        names = self._names("actors" if kind is Actor else "places")
        exact = names.owning(needle)
        if exact:  # `Isil` is ISIL, not also "US-led coalition against Isil"
            return exact
        if len(needle) <= 3:  # `IS` must not match "Raqqa Is Being ..."
            return []
        words = names.owning(needle, r"(?<!\w)", r"(?!\w)")
        if words:
            return words
        # The start of a word, as search reads it and completion offers it: `fall`, Fallon.
        return names.owning(needle, r"(?<!\w)")

    def _names(self, section: str) -> _Names:
        """Every name the entries of `section` go by, folded, read once."""
        found = self._named.get(section)
        if found is None:
            found = self._named[section] = _Names(getattr(self.briefing, section))
        return found

    def require_actors(self, text: str) -> list[Actor]:
        """The actors `text` names, or a usage problem with the nearest names."""
        found = [a for a in self.find_named(text, Actor) if isinstance(a, Actor)]
        if not found:
            raise QueryError(f"no actor goes by {quoted(text)}{self._nearest(text, 'actors')}")
        return found

    def _nearest(self, text: str, section: str) -> str:
        import difflib

        if not text.strip():
            return ": an empty name names nothing"
        names = [n for e in getattr(self.briefing, section) for n in names_of(e)]
        close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
        if not close:  # a misspelt word of a name: `Falon` for Michael Fallon
            words = {w.casefold(): n for n in names for w in n.split() if len(w) > 3}
            near = difflib.get_close_matches(text.casefold(), list(words), n=3, cutoff=0.75)
            close = list(dict.fromkeys(words[w] for w in near))
        if close:
            return f"; did you mean {', '.join(repr(c) for c in close)}?"
        return f"; `{self.invocation} {section}` lists them"

    def matcher(self, text: str) -> Matcher:
        """A matcher for `text` that also knows every alias of what `text` names."""
        if not fold(text).strip():  # "", spaces, a lone accent: it would match everywhere
            raise QueryError(f"nothing to search for in {quoted(text)}: give a word or a number")
        aliases: list[str] = []
        asked = text.strip()
        for kind in (Actor, Place):
            for entry in self.find_named(text, kind):
                names = names_of(entry)
                exact = [n for n in names if fold(n) == fold(asked)]
                # `is` is the English word: it names IS only written in capitals, as the
                # matcher reads an acronym (so `search is` is not a search for Daesh).
                if exact and all(is_acronym(n) and n != asked for n in exact):
                    continue
                aliases.extend(names)
        return Matcher(text, tuple(dict.fromkeys(aliases)))
