"""HTML: one self-contained page to share, for a report or for the whole brief.

No script, no network: the style is inline, and a Content-Security-Policy says the page
may load nothing at all, so even a mistake here could not fetch or run anything. Text from
the file is escaped (`html.escape`) after control and direction characters are made
visible, as everywhere. Tables scroll sideways on a narrow screen, and below 40em each
row becomes a card whose cells carry their column's title; printed, links show where they
go and rows are not split across pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.render.text import draw_cited, draw_citing_cell, human, neutralise, stop_after
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.phrases import dated_text
from raqqa_cli.reports.sources import publisher_text

_WEB_ADDRESS = re.compile(r"https?://[!#-;=?-~]+")

STYLE = """
:root { color-scheme: light dark; --rule: #8884; --muted: #666; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  margin: 0 auto; max-width: 72rem; padding: 1rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.byline { color: var(--muted); margin-top: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid var(--rule); }
th { white-space: nowrap; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.notes { font-size: .9rem; }
ol.sources li { margin-bottom: .4rem; }
a.cite { text-decoration: none; white-space: nowrap; }
code { font-size: .85em; }
@media (max-width: 40em) {
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead tr { position: absolute; left: -9999px; }
  tr { border: 1px solid var(--rule); margin: 0 0 .6rem; padding: .2rem .4rem; }
  td { border: 0; padding: .15rem 0; }
  td.num { text-align: left; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
@media print {
  body { max-width: none; font-size: 10pt; padding: 0; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .85em; }
}
"""
# Nothing may be loaded, fetched or run: only the inline style applies.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def text(value: str) -> str:
    """Text from the file as HTML shows it: control and format characters made visible,
    then escaped."""
    return escape(neutralise(value), quote=True)


def link_or_text(address: str) -> str:
    """A web address as a link to it; anything else as text."""
    shown = text(address)
    if _WEB_ADDRESS.fullmatch(address):
        return f'<a href="{shown}" rel="noopener noreferrer">{shown}</a>'
    return shown


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


def cell(column: Column, value: Value) -> str:
    """One cell's HTML: a link where the column holds addresses, code for a command."""
    if column.link and isinstance(value, str):
        return link_or_text(value)
    if column.hint and isinstance(value, str):
        return f"<code>{text(value)}</code>"
    return text(human(value)).replace("\n", "<br>")


def html_table(report: Report, columns: list[int], write: CellWriter = cell) -> list[str]:
    """A report's table: a header row, then one row per record, each cell labelled with
    its column's title (a phone shows rows as cards)."""
    heads = [report.columns[i] for i in columns]
    lines = ['<div class="table-wrap">', "<table>", "<thead><tr>"]
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
    items = [f"<li>{text(note)}</li>" for note in notes]
    for tip in tips:
        parts = tip.split("`")
        shown = "".join(
            text(part) if n % 2 == 0 else f"<code>{text(part)}</code>"
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
    """The brief as a page: sections as the note has them, citations linked to sources."""

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
        self.body: list[str] = []
        self.sections = 0

    def link(self, source_id: str) -> str:
        """A citation of one source: a link to it, `[3]`, in the list of sources."""
        number = self.index.citation_numbers.get(source_id)
        if number is None:
            return text(source_id)
        return f'<a class="cite" href="#{self.anchor(source_id)}">[{number}]</a>'

    def cite(self, cited: str) -> str:
        """A `Cited` in HTML, each source a link; any other text escaped."""
        return draw_cited(cited, self.link, text)

    def cell(self, column: Column, value: Value) -> str:
        drawn = draw_citing_cell(value, self.cite)
        return cell(column, value) if drawn is None else drawn

    def title_block(self, title: str, byline: str, summary: str, citation: str) -> None:
        self.title = title
        self.body += [
            "<header>",
            f"<h1>{text(title)}</h1>",
            f'<p class="byline">{text(byline)} {self.cite(citation)}</p>',
            f"<p>{text(summary)}</p>",
            "</header>",
        ]

    def heading(self, level: int, title: str) -> None:
        self.sections += 1
        self.body.append(f'<h{level} id="part-{self.sections}">{text(title)}</h{level}>')

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

    def sources(self, with_ids: bool) -> None:
        index = self.index
        self.body += ["<section>", '<h2 id="sources">Sources</h2>', '<ol class="sources">']
        for source in index.briefing.sources:
            parts = [text(source.author)] if source.author else []
            parts.append(text(publisher_text(source)))
            if source.date:
                parts.append(text(str(dated_text(source.date, source.date_precision))))
            parts.append(text(source.kind))
            if source.locator:
                parts.append(link_or_text(source.locator))
            if source.accessed:
                parts.append(f"accessed {text(source.accessed)}")
            if source.note:
                parts.append(text(source.note))
            title = f"<strong>{text(source.title)}</strong>{stop_after(source.title)}"
            item = f"{title} {'. '.join(parts)}{stop_after(parts[-1])}"
            if source.cites:
                item += " Cites " + ", ".join(self.link(c) for c in source.cites) + "."
            if with_ids:
                item += f" <code>{text(source.id)}</code>"
            self.body.append(f'<li id="{self.anchor(source.id)}">{item}</li>')
        self.body += ["</ol>", "</section>"]

    def render(self) -> str:
        return page(self.title, self.body)
