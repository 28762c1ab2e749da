"""One remark as several sources give it: a statement's or reaction's `renderings`.

People read each rendering after the entry's own wording, under its own source: `... — in
UN News, 2018-04-10: "..."`. Machines get the renderings as parallel lists, one item per
rendering in the file's order, an absent value as "" (a list of text holds no null), under
the same keys in every listing that carries them.
"""

from __future__ import annotations

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Reaction, Rendering, Statement
from raqqa_cli.report import Column, Value
from raqqa_cli.reports.phrases import quote_text

RENDERING_COLUMNS = (
    Column("rendering_source_ids", "Rendering source ids", audience="machines"),
    Column("rendering_via_ids", "Rendering via ids", audience="machines"),
    Column("rendering_quotes", "Rendering quotes", audience="machines"),
    Column("rendering_quote_kinds", "Rendering quote kinds", audience="machines"),
    Column("rendering_paraphrases", "Rendering paraphrases", audience="machines"),
    Column("rendering_languages", "Rendering original languages", audience="machines"),
)


def rendering_values(entry: Statement | Reaction) -> tuple[Value, ...]:
    """The values of `RENDERING_COLUMNS` for one entry."""
    said = entry.renderings
    return (
        tuple(r.source for r in said),
        tuple(r.via or "" for r in said),
        tuple(r.quote or "" for r in said),
        tuple(r.quote_kind or "" for r in said),
        tuple(r.paraphrase or "" for r in said),
        tuple(r.original_language or "" for r in said),
    )


def rendering_text(index: Index, rendering: Rendering) -> str:
    """`in UN News, 2018-04-10: the ambassador said ... "..."`: one rendering, its source
    first, so that its words are never read as the entry's own source's."""
    parts = [rendering.paraphrase] if rendering.paraphrase else []
    if rendering.quote:
        parts.append(quote_text(rendering.quote, rendering.quote_kind, rendering.original_language))
    return f"in {index.citation(rendering.source, rendering.via)}: {' '.join(parts)}"


def with_renderings(index: Index, entry: Statement | Reaction, said: str) -> str:
    """The entry's own wording, then each rendering under its own source."""
    return " \u2014 ".join([said, *(rendering_text(index, r) for r in entry.renderings)])
