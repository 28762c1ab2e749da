"""Quotes against the archived text of their source: what `raqqa validate` checks beyond
the schema, at every run (the archives are other files, so the cache cannot vouch for them).

Every passage that claims to be a source's words is checked, and what could not be checked
is counted and said, never passed over in silence:

- a `verbatim` or `partial` quote of a statement or reaction, or of one of its
  `renderings`, against its own source's `archive`; an erratum's `says` (`article_says` in
  version 1), against the archive of the claim's own source (`claim_source`, by default the
  briefing's own source);
- a `translation` quote, against the source's `translation_archive` (an archived
  translation) when it gives one;
- a quote is a run of the archived text, or several: an ellipsis (`...`, `…`) marks a gap,
  and so does an editor's `[bracketed insertion]`; each run must occur, in order, as whole
  words (`every cas` is not in "every case"). Quotation marks of any style compare as plain
  ones, and every run of whitespace as one space; letters and their case must match.

A quote whose source has no archive (or, for a translation, no archived translation) is
unchecked: `unchecked_quotes` lists them, `validate` counts them, and its review warns of
each (`unchecked-quote`), so `validate --strict` fails on any quote it could not check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from raqqa_cli.briefing import model
from raqqa_cli.errors import BriefingError, Path, Problem, plural
from raqqa_cli.record import Struct

# Curly, low and angle quotation marks compare as the plain ones: a page and a YAML file
# rarely agree on which marks they use, and the words are what must match.
_PLAIN_QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)  # fmt: skip
# What marks a gap in a quote: an ellipsis (three dots, spaced or not, or the character)
# and an editor's insertion in square brackets.
_GAP = re.compile(r"\.\s?\.\s?\.|\u2026|\[[^\]]*\]")


def normalise_quoted(text: str) -> str:
    """Text as quotes are compared: plain quote marks, every run of whitespace one space."""
    return " ".join(text.translate(_PLAIN_QUOTE_MARKS).split())


def runs_of(quote: str) -> list[str]:
    """The runs of source text a quote claims, in order: split at its gaps."""
    return [run for part in _GAP.split(normalise_quoted(quote)) if (run := part.strip())]


def _whole_word_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] begins and ends at word boundaries where it begins or ends
    with a letter or digit (a quote may begin or end with punctuation)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    return not (first.isalnum() and before.isalnum()) and not (last.isalnum() and after.isalnum())


def found_in(quote: str, text: str) -> bool:
    """Whether every run of `quote` occurs in `text` (normalised), in order, words whole."""
    at = 0
    for run in runs_of(quote):
        while True:
            start = text.find(run, at)
            if start < 0:
                return False
            if _whole_word_at(text, start, start + len(run)):
                at = start + len(run)
                break
            at = start + 1
    return True


class Passage(Struct):
    """A passage that claims to be a source's words."""

    path: Path  # where it is in the briefing
    source: str  # whose words it claims to be
    words: str
    kind: str  # verbatim, partial or translation


def quoted_passages(briefing: model.Briefing) -> Iterable[Passage]:
    """Every passage that claims to be its source's words, in the file's order.

    A statement's or reaction's quote belongs to the entry's source, and each rendering's
    quote to the rendering's own source; what an erratum says
    a source says (its `claim_source`, else the briefing's own) belongs to that source, word
    for word.
    """
    for section in ("statements", "reactions"):
        for position, entry in enumerate(getattr(briefing, section)):
            if entry.quote is not None and entry.quote_kind is not None:
                here: Path = (section, position, "quote")
                yield Passage(here, entry.source, entry.quote, entry.quote_kind)
            for number, said in enumerate(entry.renderings):
                if said.quote is not None and said.quote_kind is not None:
                    there: Path = (section, position, "renderings", number, "quote")
                    yield Passage(there, said.source, said.quote, said.quote_kind)
    says = model.field_name("says", briefing.schema_version)
    for position, erratum in enumerate(briefing.errata):
        claimed_by = model.claim_source_of(erratum, briefing.briefing.source)
        yield Passage(("errata", position, says), claimed_by, erratum.says, "verbatim")


def _archive_of(source: model.Source | None, kind: str) -> str | None:
    """The archived text a passage of this kind is checked against, if its source has one."""
    if source is None:
        return None
    return source.translation_archive if kind == "translation" else source.archive


def why_unchecked(source: model.Source | None, kind: str) -> str | None:
    """Why a passage of this kind from `source` cannot be checked; None if it can be."""
    if _archive_of(source, kind) is not None:
        return None
    if kind == "translation":
        return "a translation, and its source gives no archived translation"
    return "its source has no archived text"


def unchecked_quotes(briefing: model.Briefing) -> list[tuple[Passage, str]]:
    """Every passage that cannot be checked, with why (see `why_unchecked`)."""
    sources = {source.id: source for source in briefing.sources}
    found = []
    for passage in quoted_passages(briefing):
        why = why_unchecked(sources.get(passage.source), passage.kind)
        if why is not None:
            found.append((passage, why))
    return found


class QuoteCount(Struct):
    """What validate checked: how many passages, and those it could not check."""

    checked: int
    unchecked: list[tuple[Passage, str]]

    def summary(self) -> str:
        """`12 quotes checked; 3 not checked: 2 from sources with no archived text (src-a,
        src-b), 1 translation with no archived translation (src-c)`."""
        said = f"{plural(self.checked, 'quote')} checked"
        if not self.unchecked:
            return said
        groups: dict[str, list[str]] = {}
        for passage, why in self.unchecked:
            groups.setdefault(why, []).append(passage.source)
        parts = []
        for why, ids in groups.items():
            named = ", ".join(dict.fromkeys(ids))
            if why.startswith("a translation"):
                parts.append(f"{plural(len(ids), 'translation')} with no archived translation"
                             f" ({named})")  # fmt: skip
            else:
                whose = "sources" if len(set(ids)) != 1 else "a source"
                parts.append(f"{len(ids)} from {whose} with no archived text ({named})")
        return f"{said}; {len(self.unchecked)} not checked: {', '.join(parts)}"


def check_quotes(
    briefing: model.Briefing, read: Callable[[str], str]
) -> tuple[list[Problem], QuoteCount]:
    """Every passage its source's archived text does not hold, every archive that cannot be
    read, and the count of what was checked; `read(archive)` returns an archived text or
    raises `BriefingError`."""
    texts: dict[str, str | None] = {}  # archive path -> normalised text, None if unreadable
    problems: list[Problem] = []
    sources = {source.id: source for source in briefing.sources}
    for position, source in enumerate(briefing.sources):
        for field in ("archive", "translation_archive"):
            archive = getattr(source, field)
            if archive is None or archive in texts:
                continue
            try:
                texts[archive] = normalise_quoted(read(archive))
            except BriefingError as error:
                texts[archive] = None
                why = error.problems[0].message if error.problems else "cannot be read"
                where = ("sources", position, field)
                problems.append(Problem(f"archived text {archive!r}: {why}", where))
    checked = 0
    unchecked = []
    for passage in quoted_passages(briefing):
        cited = sources.get(passage.source)
        unable = why_unchecked(cited, passage.kind)
        if unable is not None:
            unchecked.append((passage, unable))
            continue
        archived = _archive_of(cited, passage.kind)
        text = texts.get(archived) if archived is not None else None
        if text is None:
            continue  # unreadable: reported above
        checked += 1
        if not found_in(passage.words, text):
            what = "translation" if passage.kind == "translation" else "archived text"
            problems.append(
                Problem(
                    f"{passage.kind} quote not found in the {what} of {passage.source}",
                    passage.path,
                )
            )
    return problems, QuoteCount(checked, unchecked)
