"""`raqqa sources --format csl-json|bibtex`: the sources as reference managers read them.

One item per source, in CSL-JSON's terms (the CSL data schema, as Zotero, pandoc and
citeproc read it): the source's id as the item's id, so citations stay stable across runs
and a note's `[@id]` keeps working; its kind as a CSL type; its date at the precision
written (`2017-10` is `[[2017, 10]]`, never a made-up day); a locator that is a web
address as the URL, any other locator as a note.
"""

from __future__ import annotations

import re
from typing import Any

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Source

# The source kinds of the schema as CSL item types.
CSL_TYPE = {
    "article": "article",
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
# report or data. A news report's or a web page's author is not known from the file.
AUTHORED_BY_PUBLISHER = frozenset(
    {
        "government release", "parliamentary record", "report", "dataset", "press release",
        "statement", "meeting record",
    }
)  # fmt: skip


# A web address as Markdown and HTML link it: printable ASCII, no space, no quote, no `<>`.
_WEB_ADDRESS = re.compile(r"https?://[!#-;=?-~]+")


def is_web_address(locator: str | None) -> bool:
    """Whether a locator is an http(s) address, not a description of where to look."""
    return locator is not None and _WEB_ADDRESS.fullmatch(locator) is not None


def date_parts(date: str) -> list[int]:
    """`2017-10` -> [2017, 10]: the date at the precision it was written."""
    return [int(part) for part in date.split("-")]


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
    if source.kind in AUTHORED_BY_PUBLISHER:
        item["author"] = [{"literal": source.publisher}]
    if source.date:
        item["issued"] = {"date-parts": [date_parts(source.date)]}
    if is_web_address(source.locator):
        item["URL"] = source.locator
    elif source.locator:
        item["note"] = source.locator
    return item


def citation_items(index: Index, matcher: Matcher | None = None) -> list[dict[str, Any]]:
    """Every source (those `matcher` finds, if given) as a CSL-JSON item, in file order."""
    sources = index.briefing.sources
    if matcher is not None:
        from raqqa_cli.reports.sources import sources_report

        kept = {row[0] for row in sources_report(index, matcher).rows}
        sources = tuple(s for s in sources if s.id in kept)
    return [csl_item(source) for source in sources]
