"""HTML: one self-contained page to share, for a report or for the whole brief.

No script, no network: the style is inline, and a Content-Security-Policy says the page
may load nothing at all, so even a mistake here could not fetch or run anything. Text from
the file is escaped (`html.escape`) after control and direction characters are made
visible, as everywhere. Tables scroll sideways on a narrow screen, and below 40em each
row becomes a card whose cells carry their column's title. Printed, in any engine (a
browser, WeasyPrint), a table fits the page's width: headers wrap, numbers may wrap between
words, only web addresses and ids may break inside a word, and nothing relies on the
engine shrinking the page (WeasyPrint does not; Chromium does, and printed a wider page
smaller). Dates never break at their hyphens; a link says its address after it only where
its words are not the address; rows are not split across pages. The brief's page opens
with a list of its parts and, when given, where it was made from (decision 0055).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.render.text import (
    draw_cited,
    draw_citing_cell,
    draw_linked,
    human,
    neutralise,
    stop_after,
)
from raqqa_cli.report import WEB_ADDRESS, Cited, Column, Report, Value
from raqqa_cli.reports.phrases import dated_text
from raqqa_cli.reports.sources import publisher_text

# A whole or partial ISO date (2017-10-22, 2017-10), alone or ending an id
# (src-dfid-2017-10-22), not part of a longer number or word.
_ISO_DATE = re.compile(r"(?<!\w)(?<![0-9]-)[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?(?!\w)(?!-[0-9])")

STYLE = """
:root { color-scheme: light dark; --rule: #8884; --muted: #666; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  margin: 0 auto; max-width: 72rem; padding: 1rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.byline { color: var(--muted); margin-top: 0; }
.provenance { color: var(--muted); font-size: .85rem; }
nav.contents h2 { font-size: 1rem; margin: 1rem 0 .25rem; border: 0; }
nav.contents ol { columns: 16rem; margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid var(--rule); }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
.date { white-space: nowrap; }
ul.notes { font-size: .9rem; }
ol.sources li { margin-bottom: .4rem; }
a.cite { text-decoration: none; white-space: nowrap; }
code { font-size: .85em; }
@media screen {
  .table-wrap { overflow-x: auto; }
  td.num { white-space: nowrap; }
}
@media screen and (max-width: 40em) {
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead tr { position: absolute; left: -9999px; }
  tr { border: 1px solid var(--rule); margin: 0 0 .6rem; padding: .2rem .4rem; }
  td { border: 0; padding: .15rem 0; }
  td.num { text-align: left; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; font-size: 10pt; margin: 0; padding: 0; }
  table { table-layout: auto; width: 100%; font-size: 8.5pt; }
  table.wide { font-size: 7.5pt; }
  th, td { padding: 1.5pt 2.5pt; word-break: normal; hyphens: manual; }
  td a[href^="http"], td code { overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; }
  a.away::after { content: " <" attr(href) ">"; font-size: .85em; }
  nav.contents { font-size: 9pt; }
  nav.contents ol { columns: auto; padding: 0; }
  nav.contents li { display: inline; }
  nav.contents li + li::before { content: " \\b7  "; }
}
"""
# Nothing may be loaded, fetched or run: only the inline style applies.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def text(value: str) -> str:
    """Text from the file as HTML shows it: control and format characters made visible,
    then escaped."""
    return escape(neutralise(value), quote=True)


def dates_whole(shown: str) -> str:
    """Escaped text with each ISO date in it (`2017-10-22`, `2017-10`) kept on one line:
    wrapped in `<span class="date">`, which never breaks. The text itself is unchanged, so
    a copy still has the file's ASCII hyphens."""
    return _ISO_DATE.sub(lambda found: f'<span class="date">{found[0]}</span>', shown)


def prose(value: str) -> str:
    """Text from the file as HTML shows it, its dates kept whole."""
    return dates_whole(text(value))


def link_or_text(address: str, words: str | None = None) -> str:
    """A web address as a link to it, showing `words` or else the address; anything else
    as text. A link whose words are not its address is classed `away`: printed, it says
    the address after its words. One whose words are the address says nothing more."""
    shown = text(address)
    if not WEB_ADDRESS.fullmatch(address):
        return shown
    if words is None or words == address:
        return f'<a href="{shown}" rel="noopener noreferrer">{shown}</a>'
    return f'<a class="away" href="{shown}" rel="noopener noreferrer">{text(words)}</a>'


def page(title: str, body: list[str]) -> str:
    """A whole HTML document around `body`."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        f"<title>{text(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"


CellWriter = Callable[[Column, Value], str]
# A table of this many columns or more is printed smaller, so that its longest words side
# by side still fit the page: a word is never broken to make a table fit.
WIDE = 9


def cited_html(value: str) -> str:
    """A `Cited` as HTML: the words a terminal shows, each source's label a link to its
    web address where it has one (as Markdown links it: `markdown.cited_markdown`)."""
    if not isinstance(value, Cited):
        return prose(value)
    return draw_linked(value, _source_link, prose)


def _source_link(label: str, address: str | None) -> str:
    return link_or_text(address, label) if address else prose(label)


def cell(column: Column, value: Value) -> str:
    """One cell's HTML: a citation linked to its sources, a link where the column holds
    addresses, code for a command, its dates kept whole."""
    drawn = draw_citing_cell(value, cited_html)
    if drawn is not None:
        return drawn
    if column.link and isinstance(value, str):
        return link_or_text(value)
    if column.hint and isinstance(value, str):
        return f"<code>{text(value)}</code>"
    return prose(human(value)).replace("\n", "<br>")


def html_table(report: Report, columns: list[int], write: CellWriter = cell) -> list[str]:
    """A report's table: a header row, then one row per record, each cell labelled with
    its column's title (a phone shows rows as cards)."""
    heads = [report.columns[i] for i in columns]
    wide = ' class="wide"' if len(heads) >= WIDE else ""
    lines = ['<div class="table-wrap">', f"<table{wide}>", "<thead><tr>"]
    for head in heads:
        kind = ' class="num"' if head.numeric else ""
        lines.append(f'<th scope="col"{kind}>{text(head.title)}</th>')
    lines += ["</tr></thead>", "<tbody>"]
    for row in report.rows:
        cells = []
        for i, head in zip(columns, heads, strict=True):
            kind = ' class="num"' if head.numeric else ""
            content = write(head, row[i])
            label = f' data-label="{text(head.title)}"' if content else ""
            cells.append(f"<td{kind}{label}>{content}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    return lines


def notes_list(notes: tuple[str, ...], tips: tuple[str, ...] = ()) -> list[str]:
    """The notes that travel with a report, and raqqa's tips with commands as code."""
    if not notes and not tips:
        return []
    items = [f"<li>{prose(note)}</li>" for note in notes]
    for tip in tips:
        parts = tip.split("`")
        shown = "".join(
            prose(part) if n % 2 == 0 else f"<code>{text(part)}</code>"
            for n, part in enumerate(parts)
        )
        items.append(f"<li>{shown}</li>")
    return ['<ul class="notes">', *items, "</ul>"]


def render_html(report: Report) -> str:
    """One report as a page: its heading, its table and its notes."""
    body = [f"<h1>{text(report.heading)}</h1>"]
    if report.rows:
        body += html_table(report, report.for_people())
    else:
        body.append(f"<p><em>{text(report.empty.capitalize())}.</em></p>")
    body += notes_list(report.notes_for_people(), report.tips)
    return page(report.heading, body)


class HtmlNote:
    """The brief as a page: sections as the note has them, citations linked to sources.

    `render` puts the title block first (with the provenance line last in it, if
    `provenance` gave one), then the contents: a list linking to each part of level 2, in
    order, Sources last. Both stay in print, since a circulated PDF needs them."""

    def __init__(
        self,
        index: Index,
        anchor: Callable[[str], str],
        columns: Callable[[Report], list[int]],
    ) -> None:
        self.index = index
        self.anchor = anchor
        self.columns = columns
        self.title = ""
        self.header: list[str] = []  # the title block's lines inside <header>
        self.made_from = ""
        self.body: list[str] = []
        self.sections = 0
        self.parts: list[tuple[str, str]] = []  # (id, title as HTML) of each part of level 2

    def link(self, source_id: str) -> str:
        """A citation of one source: a link to it, `[3]`, in the list of sources."""
        number = self.index.citation_numbers.get(source_id)
        if number is None:
            return text(source_id)
        return f'<a class="cite" href="#{self.anchor(source_id)}">[{number}]</a>'

    def cite(self, cited: str) -> str:
        """A `Cited` in HTML, each source a link; any other text escaped."""
        return draw_cited(cited, self.link, prose)

    def cell(self, column: Column, value: Value) -> str:
        drawn = draw_citing_cell(value, self.cite)
        return cell(column, value) if drawn is None else drawn

    def title_block(self, title: str, byline: str, summary: str, citation: str) -> None:
        self.title = title
        self.header = [
            f"<h1>{text(title)}</h1>",
            f'<p class="byline">{prose(byline)} {self.cite(citation)}</p>',
            f"<p>{prose(summary)}</p>",
        ]

    def provenance(self, line: str) -> None:
        """Where the page was made from (the briefing, its file's digest, raqqa's version,
        the date it was made): one line, last in the title block. A later call replaces
        an earlier one; none, no line."""
        self.made_from = line

    def heading(self, level: int, title: str) -> None:
        self.sections += 1
        part = f"part-{self.sections}"
        self.body.append(f'<h{level} id="{part}">{text(title)}</h{level}>')
        if level == 2:
            self.parts.append((part, text(title)))

    def section(self, report: Report, level: int, title: str, with_tips: bool) -> None:
        self.body.append("<section>")
        self.heading(level, title)
        if report.rows:
            shown = report.people_columns(self.columns(report))
            self.body += html_table(report, shown, self.cell)
        else:
            self.body.append(f"<p><em>{text(report.empty.capitalize())}.</em></p>")
        notes = report.notes_for_people(self.columns(report))
        self.body += notes_list(notes, report.tips if with_tips else ())
        self.body.append("</section>")

    def sources(self, with_ids: bool, said: Callable[[str], str] = str) -> None:
        """The numbered list of sources, each anchored for the citations; a source's note
        as `said` gives it (for readers, the ids in it named)."""
        index = self.index
        self.body += ["<section>", '<h2 id="sources">Sources</h2>', '<ol class="sources">']
        self.parts.append(("sources", "Sources"))
        for source in index.briefing.sources:
            parts = [text(source.author)] if source.author else []
            parts.append(text(publisher_text(source)))
            if source.date:
                parts.append(prose(str(dated_text(source.date, source.date_precision))))
            parts.append(text(source.kind))
            if source.locator:
                parts.append(link_or_text(source.locator))
            if source.accessed:
                parts.append(f"accessed {prose(source.accessed)}")
            if source.note:
                parts.append(prose(said(source.note)))
            title = f"<strong>{text(source.title)}</strong>{stop_after(source.title)}"
            item = f"{title} {'. '.join(parts)}{stop_after(parts[-1])}"
            if source.cites:
                item += " Cites " + ", ".join(self.link(c) for c in source.cites) + "."
            if with_ids:
                item += f" <code>{text(source.id)}</code>"
            self.body.append(f'<li id="{self.anchor(source.id)}">{item}</li>')
        self.body += ["</ol>", "</section>"]

    def contents(self) -> list[str]:
        """The list of the page's parts of level 2, each a link to it; none for fewer than
        two."""
        if len(self.parts) < 2:
            return []
        items = [f'<li><a href="#{part}">{title}</a></li>' for part, title in self.parts]
        heading = '<h2 id="contents">Contents</h2>'
        return ['<nav class="contents" aria-labelledby="contents">', heading, "<ol>", *items,
                "</ol>", "</nav>"]  # fmt: skip

    def render(self) -> str:
        header = [*self.header]
        if self.made_from:
            header.append(f'<p class="provenance">{prose(self.made_from)}</p>')
        top = ["<header>", *header, "</header>"] if header else []
        return page(self.title, [*top, *self.contents(), *self.body])
