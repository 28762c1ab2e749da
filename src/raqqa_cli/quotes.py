"""Verbatim quotes against the archived text of their source: what `raqqa validate` checks
beyond the schema, at every run (the archives are other files, so the cache cannot vouch
for them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from raqqa_cli import model
from raqqa_cli.errors import BriefingError, Path, Problem

# Curly, low and angle quotation marks compare as the plain ones: a page and a YAML file
# rarely agree on which marks they use, and the words are what must match.
_PLAIN_QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)  # fmt: skip


def normalise_quoted(text: str) -> str:
    """Text as quotes are compared: plain quote marks, every run of whitespace one space."""
    return " ".join(text.translate(_PLAIN_QUOTE_MARKS).split())


def quoted_passages(briefing: model.Briefing) -> Iterable[tuple[Path, str, str]]:
    """(path, source id, words) for every passage that claims to be its source's words.

    A quote marked verbatim belongs to the entry's source; what an erratum says the
    briefing's own source says belongs to that source.
    """
    for section in ("statements", "reactions"):
        for position, entry in enumerate(getattr(briefing, section)):
            if entry.quote is not None and entry.quote_kind == "verbatim":
                yield (section, position, "quote"), entry.source, entry.quote
    for position, erratum in enumerate(briefing.errata):
        yield (
            ("errata", position, "article_says"),
            briefing.briefing.source,
            erratum.article_says,
        )


def archive_problems(briefing: model.Briefing, read: Callable[[str], str]) -> list[Problem]:
    """Every quoted passage its source's archived text does not contain, and every archive
    that cannot be read; `read(archive)` returns a source's archived text or raises
    `BriefingError`. Sources without an archive are not checked."""
    archived: dict[str, str | None] = {}
    problems: list[Problem] = []
    for position, source in enumerate(briefing.sources):
        if source.archive is None:
            continue
        try:
            archived[source.id] = normalise_quoted(read(source.archive))
        except BriefingError as error:
            archived[source.id] = None
            why = error.problems[0].message if error.problems else "cannot be read"
            where = ("sources", position, "archive")
            problems.append(Problem(f"archived text {source.archive!r}: {why}", where))
    for path, source_id, words in quoted_passages(briefing):
        text = archived.get(source_id)
        if text is not None and normalise_quoted(words) not in text:
            problems.append(Problem(f"quote not found in archived text of {source_id}", path))
    return problems
