"""`raqqa sources --format csl-json|bibtex`: the sources as reference managers read them.

One item per source, in CSL-JSON's terms (the CSL data schema, as Zotero, pandoc and
citeproc read it): the source's id as the item's id, so citations stay stable across runs
and a note's `[@id]` keeps working; its kind as a CSL type that Zotero imports as the same
kind of thing; its author as names where they are people's; its date and the date it was
read at the precision written (`2017-10` is `[[2017, 10]]`, never a made-up day); a locator
that is a web address as the URL, any other locator as a note; the site a syndicated copy
was read on as the `archive` (where Chicago names a database) and in the note
(docs/decisions/0053).
"""

from __future__ import annotations

import re
from typing import Any

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Source
from raqqa_cli.report import WEB_ADDRESS

# The source kinds of the schema as CSL item types, each one Zotero's CSL import maps to the
# same kind of item: a web article is a `webpage` (CSL `article` is Zotero's Preprint).
CSL_TYPE = {
    "article": "webpage",
    "news report": "article-newspaper",
    "government release": "report",
    "parliamentary record": "hearing",
    "report": "report",
    "broadcast": "broadcast",
    "web page": "webpage",
    "dataset": "dataset",
    "press release": "report",
    "statement": "speech",
    "meeting record": "report",
    "transcript": "document",
}
# Kinds whose publisher is also the author: a body that issues its own release, record,
# report or data. A news report's or a web page's author is known only when written.
AUTHORED_BY_PUBLISHER = frozenset(
    {
        "government release", "parliamentary record", "report", "dataset", "press release",
        "statement", "meeting record",
    }
)  # fmt: skip


def is_web_address(locator: str | None) -> bool:
    """Whether a locator is an http(s) address, not a description of where to look."""
    return locator is not None and WEB_ADDRESS.fullmatch(locator) is not None


def date_parts(date: str) -> list[int]:
    """`2017-10` -> [2017, 10]: the date at the precision it was written."""
    return [int(part) for part in date.split("-")]


# -- authors -------------------------------------------------------------------------------
#
# `author` is written as the source names them: people ("Bethan McKernan", "Tom Perry and
# Ellen Francis", "Perry, Tom") or a body ("Reuters staff", "UN OCHA"). It is read as
# people only when every name in it reads as a person's, and is otherwise kept whole as one
# literal name: a body split into a family and a given name is a wrong citation, people
# kept as one literal only a less tidy one (docs/decisions/0053).

# Between people: ";", "&" and "and" as words. Commas are read in `author_names`.
_BETWEEN_PEOPLE = re.compile(r"\s*;\s*|\s+&\s+|\s+and\s+")
# Lower-case words that begin a family name (Charles de Gaulle, Vincent van Gogh): CSL's
# non-dropping particle, which each style displays and sorts by its own rule.
_PARTICLES = frozenset(
    {
        "van", "von", "de", "der", "den", "del", "della", "des", "di", "da", "du", "la", "le",
        "dos", "das", "do", "ter", "ten", "bin", "ibn", "bint", "al", "el"
    }
)  # fmt: skip
# A prefix joined to the family name (al-Assad, d'Estaing): one word, the family name.
_JOINED_PREFIX = re.compile(r"(?:al|el|ad|ar|as|at|an|ash|d|l)[-'\u2019](?=\w)")
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
# Words that name a body, or open a byline, never a person's (compared without case).
_BODY_WORDS = frozenset(
    {
        "by", "staff", "news", "agency", "office", "ministry", "department", "council", "committee",
        "nations", "union", "bureau", "service", "services", "desk", "team", "reporters",
        "reporter", "correspondent", "correspondents", "editors", "editorial", "board", "press",
        "media", "group", "centre", "center", "institute", "foundation", "fund", "programme",
        "program", "mission", "embassy", "government", "parliament", "commission",
        "organisation", "organization", "association", "society", "university", "network",
        "times", "post", "daily", "journal", "radio", "television", "channel", "wire", "online",
        "international", "world", "global", "telegraph", "guardian", "herald", "tribune",
        "gazette", "chronicle", "monitor", "observer", "express", "review", "bulletin", "eye"
    }
)  # fmt: skip
# A word of a person's name: letters, inner hyphens and apostrophes (Jean-Paul, O'Neill),
# or an initial (T.).
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|[^\W\d_]\.")


def _name_word(word: str) -> bool:
    """Whether `word` reads as a word of a person's name: capitalised, not an acronym."""
    return (
        _NAME_WORD.fullmatch(word) is not None
        and word[0].isupper()
        and not (len(word.rstrip(".")) > 1 and word.isupper())  # UN, OCHA, BBC; not T.
        and word.lower() not in _BODY_WORDS
    )


def _family_word(word: str) -> bool:
    """A word of a family name: a name's word, or one behind a joined prefix (al-Assad)."""
    joined = _JOINED_PREFIX.match(word)
    return _name_word(word[joined.end() :].capitalize() if joined else word)


def _name(
    given: list[str], particles: list[str], family: list[str], suffix: str | None
) -> dict[str, str] | None:
    """CSL name parts, or None where they are not a person's: given names and a family
    name, two to four words in all, every word one a name is written with."""
    if not (
        given
        and family
        and 2 <= len(given) + len(family) <= 4
        and all(map(_name_word, given))
        and all(map(_family_word, family))
    ):
        return None
    name = {"family": " ".join(family), "given": " ".join(given)}
    if particles:
        name["non-dropping-particle"] = " ".join(particles)
    if suffix:
        name["suffix"] = suffix
    return name


def _split_family(words: list[str]) -> tuple[list[str], list[str]]:
    """`van Gogh` -> (["van"], ["Gogh"]): the particles that begin a family name, the rest."""
    at = 0
    while at < len(words) - 1 and words[at] in _PARTICLES:
        at += 1
    return words[:at], words[at:]


def _written_forward(words: list[str]) -> dict[str, str] | None:
    """Given names first: "Charles de Gaulle", "Martin Luther King Jr."."""
    suffix = words[-1] if len(words) > 2 and words[-1] in _SUFFIXES else None
    if suffix:
        words = words[:-1]
    start = next((n for n, word in enumerate(words) if n and word in _PARTICLES), len(words) - 1)
    particles, family = _split_family(words[start:])
    return _name(words[:start], particles, family, suffix)


def _written_inverted(family: list[str], given: list[str]) -> dict[str, str] | None:
    """The family name first, then a comma: "Perry, Tom", "van Gogh, Vincent".

    One family word only (after particles): "Tom Perry, Reuters" is a person and a body,
    not a family name "Tom Perry"."""
    particles, family = _split_family(family)
    return _name(given, particles, family, None) if len(family) == 1 else None


def author_names(author: str) -> list[dict[str, str]]:
    """An `author` as CSL names: people's names in parts, anything else one literal name.

    Every word written is kept, in one part or another (never a separator: `;`, `&`,
    `and`, a comma); no name at all only for an author that is blank."""
    text = " ".join(author.split())
    if not text:
        return []
    people: list[dict[str, str] | None] = []
    for chunk in _BETWEEN_PEOPLE.split(text):
        parts = [part.split() for part in chunk.split(",")]
        forward = [_written_forward(part) for part in parts]
        if len(parts) == 2 and None in forward:  # "Perry, Tom", not two people
            people.append(_written_inverted(*parts))
        else:  # one name, or full names between commas: "Ellen Francis, Tom Perry"
            people.extend(forward)
    if None in people:
        return [{"literal": text}]
    return [name for name in people if name is not None]


def sentences(parts: list[str]) -> str:
    """Parts of a note as sentences: a full stop between two unless the first has one."""
    text = parts[0]
    for part in parts[1:]:
        text += (" " if text.endswith((".", "!", "?")) else ". ") + part
    return text


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item."""
    item: dict[str, Any] = {
        "id": source.id,
        "type": CSL_TYPE.get(source.kind, "document"),
        "title": source.title,
        "publisher": source.publisher,
        "genre": source.kind,
    }
    if source.kind == "news report":
        item["container-title"] = source.publisher
    names = author_names(source.author or "")
    if names:
        item["author"] = names
    elif source.kind in AUTHORED_BY_PUBLISHER:
        item["author"] = [{"literal": source.publisher}]
    if source.date:
        item["issued"] = {"date-parts": [date_parts(source.date)]}
    notes = []
    if is_web_address(source.locator):
        item["URL"] = source.locator
    elif source.locator:
        notes.append(source.locator)
    if source.accessed:
        item["accessed"] = {"date-parts": [date_parts(source.accessed)]}
    if source.via_publisher:
        # Chicago prints `archive` where it names a database; Zotero keeps it only on the
        # item types with an Archive field, and keeps the note (as Extra) on every type.
        item["archive"] = source.via_publisher
        notes.append(f"Via {source.via_publisher}")
    if notes:
        item["note"] = sentences(notes)
    return item


def citation_items(index: Index, matcher: Matcher | None = None) -> list[dict[str, Any]]:
    """Every source (those `matcher` finds, if given) as a CSL-JSON item, in file order."""
    sources = index.briefing.sources
    if matcher is not None:
        from raqqa_cli.reports.sources import sources_report

        kept = {row[0] for row in sources_report(index, matcher).rows}
        sources = tuple(s for s in sources if s.id in kept)
    return [csl_item(source) for source in sources]
