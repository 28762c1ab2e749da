"""The whole briefing as one Markdown note, built from the same reports as the commands.

Sources are cited by number everywhere, each number a link to its entry in the numbered
list at the end (`[[1]](#src-bbc)`), so every citation resolves in GitHub, pandoc's HTML
and any Markdown viewer. For analysts (the default) every entry's id appears, so a reader
can ask raqqa for more; for readers (`--for readers`) ids and raqqa's own hints are left
out, for a note that circulates.
"""

from __future__ import annotations

import re

from raqqa_cli.lookup import Index
from raqqa_cli.model import Briefing
from raqqa_cli.render.markdown import (
    bullets,
    escape_markdown,
    link_or_text,
    markdown_cell,
    markdown_table,
    tips,
)
from raqqa_cli.report import Column, Report, Value

# Columns whose cells hold citations: `[3]` there becomes a link to source 3.
_CITING = frozenset({"source", "sources", "roles", "held_by"})
_NUMBER = re.compile(r"\\\[([0-9]+)\\\]")


def anchor(source_id: str) -> str:
    """The anchor of a source in the list (ids are `[a-z0-9-]`, safe in HTML and URLs)."""
    return f"cite-{source_id}"


class _Note:
    """One brief being written: its index (numbered citations) and its audience."""

    def __init__(self, briefing: Briefing, readers: bool) -> None:
        self.index = Index(briefing, numbered_citations=True)
        self.readers = readers
        self.by_number = {n: s for s, n in self.index.citation_numbers.items()}

    def cite(self, text: str) -> str:
        """Escaped citation text with each `[n]` a link to its source."""

        def link(number: re.Match[str]) -> str:
            source = self.by_number.get(int(number[1]))
            return f"[\\[{number[1]}\\]](#{anchor(source)})" if source else number[0]

        return _NUMBER.sub(link, text)

    def cell(self, column: Column, value: Value) -> str:
        text = markdown_cell(column, value)
        return self.cite(text) if column.key in _CITING else text

    def columns(self, report: Report) -> list[int]:
        """People's columns; ids shown for analysts, hints and ids left out for readers."""
        keep = []
        for i, column in enumerate(report.columns):
            is_id = column.key == "id"
            if self.readers and (is_id or column.hint):
                continue
            if column.audience != "machines" or (is_id and not self.readers):
                keep.append(i)
        return keep

    def section(self, report: Report, level: int = 2, title: str | None = None) -> list[str]:
        heading = title or (report.title if self.readers else report.heading)
        lines = ["#" * level + " " + escape_markdown(heading), ""]
        if report.rows:
            lines += markdown_table(report, self.columns(report), self.cell)
        else:
            lines.append(f"_{escape_markdown(report.empty.capitalize())}._")
        extra = [*bullets(report.notes), *([] if self.readers else tips(report.tips))]
        if extra:
            lines += ["", *extra]
        return [*lines, ""]

    def sources(self) -> list[str]:
        lines = ["## Sources", ""]
        index = self.index
        for number, source in enumerate(index.briefing.sources, 1):
            parts = [f"**{escape_markdown(source.title)}**", escape_markdown(source.publisher)]
            if source.date:
                parts.append(source.date)
            parts.append(escape_markdown(source.kind))
            if source.grade:
                parts.append(f"Graded {source.grade}")
            if source.locator:
                parts.append(link_or_text(source.locator))
            text = ". ".join(parts) + "."
            if source.cites:
                text += " Cites " + self.cite(
                    ", ".join(index.source_label(c) for c in source.cites)
                )
                text += "."
            own_id = "" if self.readers else f" `{source.id}`"
            lines.append(f'{number}. <a id="{anchor(source.id)}"></a>{text}{own_id}')
        return [*lines, ""]


def render_brief(briefing: Briefing, readers: bool = False) -> str:
    """The briefing as GitHub-flavoured Markdown between blank lines: title block,
    sections, citations linked to the numbered sources."""
    from raqqa_cli.reports import (
        actors,
        aid,
        figures,
        issues,
        outlook,
        overview,
        reactions,
        sections,
        sources,
        timeline,
    )

    note = _Note(briefing, readers)
    index = note.index
    about = briefing.briefing
    lines = [
        "",
        f"# {escape_markdown(about.title)}",
        "",
        f"_{escape_markdown(about.publisher)}, {about.published}_"
        f" {note.cite(escape_markdown(index.citation(about.source)))}",
        "",
        escape_markdown(about.summary),
        "",
    ]
    lines += note.section(overview.overview_report(index), title="At a glance")
    lines += ["## Issues", ""]
    for issue in briefing.issues:
        lines += note.section(issues.issue_detail(index, issue.id), level=3)
    chosen = aid.AidFilter()
    lines += note.section(aid.aid_report(index, chosen))
    lines += note.section(aid.aid_totals(index, chosen))
    lines += note.section(reactions.reactions_report(index))
    lines += note.section(sections.statements_report(index))
    lines += note.section(figures.figures_report(index))
    lines += note.section(timeline.timeline_report(index))
    lines += note.section(outlook.outlook_report(index))
    lines += note.section(actors.actors_report(index))
    lines += note.section(sections.places_report(index))
    lines += note.section(sources.errata_report(index))
    context = sources.context_report(index)
    if context.rows:
        lines += note.section(context)
    lines += note.sources()
    return "\n".join(lines).rstrip("\n") + "\n\n"
