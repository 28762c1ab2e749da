"""The whole briefing as one Markdown note, built from the same reports as the commands.

Sources are cited by number everywhere, the numbers of the list at the end, each number a
link to the source itself where it has a web address (`[[1]](<https://...>)`): no anchor
in the note, so every citation resolves in GitHub, pandoc, Word and any Markdown viewer,
and two briefs in one note never send a number to the other's list.

For analysts (the default) every entry's id appears, so a reader can ask raqqa for more;
for readers (`--for readers`) ids and raqqa's own hints are left out and entries are named
as people know them (`reports.readers`), for a note that circulates. For pandoc (`--cite
pandoc`) the sources of a citation are one `[@a; @b]`, and pandoc's citeproc writes the
list from the CSL-JSON of the same sources.

A citation reaches this renderer as a value, a `Cited` (its words and its sources' ids),
never as text to search: a role titled `Mayor [1]` is text, and stays text.

The same walk through the sections (`_parts`) writes the HTML page (`render_brief_html`).
"""

from __future__ import annotations

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Briefing
from raqqa_cli.render.markdown import (
    bullets,
    cited_markdown,
    escape_markdown,
    link_or_text,
    markdown_cell,
    markdown_table,
    source_link,
    tips,
)
from raqqa_cli.render.text import draw_citing_cell, stop_after
from raqqa_cli.report import Cited, Column, Report, Value
from raqqa_cli.reports.phrases import dated_text
from raqqa_cli.reports.sources import publisher_text
from raqqa_cli.terminal import Terminal

# A part of the brief: a heading's level, its title (None: the report's own), and the
# report shown under it (None: a heading alone, over the parts that follow).
Part = tuple[int, str | None, Report | None]


def page_key(briefing: Briefing) -> str:
    """Eight characters derived from the briefing (its title, publisher, date and source),
    which its HTML page's anchors carry: pages or parts of pages from two briefings put
    together never share an anchor, though both have a `src-report`."""
    from hashlib import blake2s

    about = briefing.briefing
    said = "\x1f".join((about.title, about.publisher, str(about.published), about.source))
    return blake2s(said.encode(), digest_size=4).hexdigest()


class _Note:
    """One brief being written: its index (numbered citations) and its audience."""

    def __init__(
        self, briefing: Briefing, readers: bool, pandoc: bool = False, invocation: str = "raqqa"
    ) -> None:
        self.index = Index(briefing, numbered_citations=True, invocation=invocation)
        self.readers = readers
        self.pandoc = pandoc
        self.by_number = {n: s for s, n in self.index.citation_numbers.items()}

    def link(self, source_id: str) -> str:
        """A citation of one source by its number, linked to its web address where it has
        one (`source_link`)."""
        (linked,) = self.index.citation(source_id).sources or ((source_id, source_id, None),)
        return source_link(linked[1], linked[2])

    def cite(self, cited: str) -> str:
        """A `Cited` in Markdown: each source's number linked to it, or for pandoc the
        words, then every source in one citation, `[@a; @b]` (a source crediting another:
        `[@a; citing @b]`), as citeproc groups them."""
        if not self.pandoc:
            return cited_markdown(cited)
        if not isinstance(cited, Cited) or not cited.cites:
            return escape_markdown(cited)
        keys = "; ".join(f"@{s}" + (f"; citing @{via}" if via else "") for s, via in cited.cites)
        words = escape_markdown(cited.words)
        return f"{words} [{keys}]" if words else f"[{keys}]"

    def cell(self, column: Column, value: Value) -> str:
        """A cell as `markdown_cell` draws it (citations linked to their sources); for
        pandoc, each citation as `[@id]`, the sources of a cell in one group."""
        if not self.pandoc:
            return markdown_cell(column, value)
        if isinstance(value, tuple) and all(isinstance(v, Cited) for v in value):
            cites = tuple(c for v in value if isinstance(v, Cited) for c in v.cites)
            if all(not (isinstance(v, Cited) and v.words) for v in value) and cites:
                return self.cite(Cited("", "", cites))  # several sources: one group
        drawn = draw_citing_cell(value, self.cite)
        return markdown_cell(column, value) if drawn is None else drawn

    def columns(self, report: Report) -> list[int]:
        """People's columns; ids shown for analysts, hints and ids left out for readers.
        A table then leaves out those no row fills or every row fills alike
        (`Report.people_columns`)."""
        keep = []
        for i, column in enumerate(report.columns):
            is_id = column.key == "id"
            if self.readers and (is_id or column.hint):
                continue
            if column.audience != "machines" or (is_id and not self.readers):
                keep.append(i)
        return keep

    def shown(self, report: Report) -> Report:
        """`report` as this note's audience reads it: for readers, entries by name and no
        ids or hints (`for_readers`)."""
        if not self.readers:
            return report
        from raqqa_cli.reports.readers import for_readers

        return for_readers(report, self.index)

    def said(self, text: str) -> str:
        """Text from the briefing as this note's audience reads it: for readers, the ids
        in it named (`readers_text`)."""
        if not self.readers:
            return text
        from raqqa_cli.reports.readers import readers_text

        return readers_text(self.index, text)

    def section(self, report: Report, level: int = 2, title: str | None = None) -> list[str]:
        report = self.shown(report)
        heading = title or report.heading
        lines = ["#" * level + " " + escape_markdown(heading), ""]
        if report.rows:
            lines += markdown_table(report, report.people_columns(self.columns(report)), self.cell)
        else:
            lines.append(f"_{escape_markdown(report.empty.capitalize())}._")
        notes = report.notes_for_people(self.columns(report))
        extra = [*bullets(notes), *([] if self.readers else tips(report.tips))]
        if extra:
            lines += ["", *extra]
        return [*lines, ""]

    def sources(self) -> list[str]:
        lines = ["## Sources", ""]
        if self.pandoc:  # pandoc's citeproc puts the references at the end: here
            return lines
        index = self.index
        for number, source in enumerate(index.briefing.sources, 1):
            parts = [escape_markdown(source.author)] if source.author else []
            parts.append(escape_markdown(publisher_text(source)))
            if source.date:
                parts.append(escape_markdown(str(dated_text(source.date, source.date_precision))))
            parts.append(escape_markdown(source.kind))
            if source.grade:
                parts.append(f"Graded {source.grade}")
            if source.locator:
                parts.append(link_or_text(source.locator))
            if source.accessed:
                parts.append(f"accessed {source.accessed}")
            if source.note:
                parts.append(escape_markdown(self.said(source.note)))
            title = f"**{escape_markdown(source.title)}**{stop_after(source.title)}"
            text = f"{title} {'. '.join(parts)}{stop_after(parts[-1])}"
            if source.cites:
                text += " Cites " + ", ".join(self.link(c) for c in source.cites) + "."
            own_id = "" if self.readers else f" `{source.id}`"
            lines.append(f"{number}. {text}{own_id}")
        return [*lines, ""]


def _parts(note: _Note) -> list[Part]:
    """The brief's sections in order, each a report (the sources list follows them)."""
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
        totals,
        votes,
    )

    index = note.index
    parts: list[Part] = [(2, "At a glance", overview.overview_report(index)), (2, "Issues", None)]
    parts += [(3, None, issues.issue_detail(index, issue.id)) for issue in index.briefing.issues]
    chosen = aid.AidFilter()
    reports = [
        aid.aid_report(index, chosen),
        totals.aid_totals(index, chosen),
        reactions.reactions_report(index),
        sections.statements_report(index),
        figures.figures_report(index),
        timeline.timeline_report(index),
        outlook.outlook_report(index),
        actors.actors_report(index),
        sections.places_report(index),
        sources.errata_report(index, context_follows=True),
    ]
    if index.briefing.decisions:  # version 2: drafts and votes, where the briefing has any
        reports.append(votes.votes_report(index))
        reports += [votes.decision_votes(index, d.id) for d in index.briefing.decisions if d.votes]
    context = sources.context_report(index)
    if context.rows:
        reports.append(context)
    parts += [(2, None, report) for report in reports]
    return parts


def render_brief(
    briefing: Briefing, readers: bool = False, pandoc: bool = False, invocation: str = "raqqa"
) -> str:
    """The briefing as GitHub-flavoured Markdown between blank lines: title block,
    sections, citations linked to the numbered sources (or `[@id]` for pandoc). Hints call
    raqqa as `invocation` does (`raqqa -f mine.yaml`)."""
    note = _Note(briefing, readers, pandoc, invocation)
    about = briefing.briefing
    lines = [
        "",
        f"# {escape_markdown(about.title)}",
        "",
        f"_{escape_markdown(about.publisher)}, {about.published}_"
        f" {note.cite(note.index.citation(about.source))}",
        "",
        escape_markdown(about.summary),
        "",
    ]
    for level, title, report in _parts(note):
        if report is None:
            lines += ["#" * level + " " + escape_markdown(title or ""), ""]
        else:
            lines += note.section(report, level, title)
    lines += note.sources()
    return "\n".join(lines).rstrip("\n") + "\n\n"


def render_brief_html(
    briefing: Briefing, readers: bool = False, invocation: str = "raqqa", made_from: str = ""
) -> str:
    """The briefing as one self-contained HTML page: the same sections as the note, each
    citation a link to its source, each source's web address a link; `made_from`, the
    provenance line under the title (`provenance_line`)."""
    from raqqa_cli.render.html import HtmlNote

    note = _Note(briefing, readers, invocation=invocation)
    key = page_key(briefing)
    page = HtmlNote(note.index, lambda source_id: f"cite-{key}-{source_id}", note.columns)
    about = briefing.briefing
    page.title_block(about.title, f"{about.publisher}, {about.published}", about.summary,
                     note.index.citation(about.source))  # fmt: skip
    for level, title, report in _parts(note):
        if report is None:
            page.heading(level, title or "")
        else:
            shown = note.shown(report)
            page.section(shown, level, title or shown.heading, with_tips=not readers)
    page.sources(with_ids=not readers, said=note.said)
    if made_from:
        page.provenance(made_from)
    return page.render()


def provenance_line(name: str, data: bytes, version: str, made: str) -> str:
    """What a circulated page was made from, so that a reader can tell which briefing, in
    which state, by which raqqa, on which day: `Made on 2026-12-07 from brief.yaml (SHA-256
    3f2a...), by raqqa, version 0.1.0.`"""
    from hashlib import sha256

    digest = sha256(data).hexdigest()
    return f"Made on {made} from {name} (SHA-256 {digest}), by raqqa, version {version}."


def render_brief_for_terminal(briefing: Briefing, terminal: Terminal) -> str:
    """The briefing as a terminal shows it: each part drawn as its command draws it (tables
    or cards at the terminal's width), citations numbered and the numbered sources last.

    For reading, not for notes: no hints of raqqa's own, no tips."""
    from raqqa_cli.render.terminal.table import render_table, safe_lines

    note = _Note(briefing, readers=True)
    index = note.index
    about = briefing.briefing
    out = [
        safe_lines(about.title, terminal, "bold"),
        safe_lines(f"{about.publisher}, {about.published} {index.citation(about.source)}",
                   terminal, "italic"),
        safe_lines(about.summary, terminal),
    ]  # fmt: skip
    for _level, title, report in _parts(note):
        if report is None:
            out.append(safe_lines(title or "", terminal, "bold underline"))
            continue
        keep = tuple(c if not c.hint else c._replace(audience="machines") for c in report.columns)
        shown = report._replace(columns=keep, tips=(), title=title or report.title, key=None)
        out.append(render_table(shown, terminal).rstrip("\n"))
    from raqqa_cli.reports.show import source_text

    out.append(safe_lines("Sources", terminal, "bold underline"))
    out.append(
        "\n".join(
            safe_lines(f"[{number}] {source_text(source)}", terminal)
            for number, source in enumerate(briefing.sources, 1)
        )
    )
    return "\n\n".join(out) + "\n"
