"""One remark as several sources give it: a statement's or reaction's `renderings`.

People read each rendering after the entry's own wording, under its own source: `... — in
UN News, 2018-04-10: "..."`. Machines get the renderings as parallel lists, one item per
rendering in the file's order, an absent value as "" (a list of text holds no null), under
the same keys in every listing that carries them.
"""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Reaction, Rendering, Statement
from raqqa_cli.report import MACHINES, Record, col
from raqqa_cli.reports.phrases import quote_text


class Renderings(Record):
    """The renderings of one statement or reaction, as parallel lists: a part of both rows."""

    rendering_source_ids: Annotated[tuple[str, ...], col("Rendering source ids", audience=MACHINES)]
    rendering_via_ids: Annotated[tuple[str, ...], col("Rendering via ids", audience=MACHINES)]
    rendering_quotes: Annotated[tuple[str, ...], col("Rendering quotes", audience=MACHINES)]
    rendering_quote_kinds: Annotated[
        tuple[str, ...], col("Rendering quote kinds", audience=MACHINES)
    ]
    rendering_paraphrases: Annotated[
        tuple[str, ...], col("Rendering paraphrases", audience=MACHINES)
    ]
    rendering_languages: Annotated[
        tuple[str, ...], col("Rendering original languages", audience=MACHINES)
    ]


def renderings_of(entry: Statement | Reaction) -> Renderings:
    """The renderings of one entry, in the file's order."""
    said = entry.renderings
    return Renderings(
        rendering_source_ids=tuple(r.source for r in said),
        rendering_via_ids=tuple(r.via or "" for r in said),
        rendering_quotes=tuple(r.quote or "" for r in said),
        rendering_quote_kinds=tuple(r.quote_kind or "" for r in said),
        rendering_paraphrases=tuple(r.paraphrase or "" for r in said),
        rendering_languages=tuple(r.original_language or "" for r in said),
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
