"""Markdown (GitHub-flavoured): a heading, a table and the notes, ready to paste or append.

Every output begins and ends with a blank line, so `raqqa aid >> notes.md; raqqa
reactions >> notes.md` keeps each heading a heading and each table's rows its own, and a
line a person types afterwards never joins a table or a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from raqqa_cli.render.text import draw_citing_cell, draw_linked, human, neutralise
from raqqa_cli.report import WEB_ADDRESS, Cited, Column, Report, Value

# Characters that would otherwise start emphasis, code, links, HTML, entities (`&#8238;`),
# strikethrough or GitHub's `$math$`, or end a table cell, escaped; tabs and line breaks
# made harmless in a table row.
_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]<>|~&$"} | {ord("\t"): " ", ord("\n"): "<br>"}
# What starts a heading, a block quote, a list or a rule when it begins a line.
_BLOCK_START = re.compile(r"[#>+=-]|[0-9]{1,9}(?=[.)](?:\s|$))")
CellWriter = Callable[[Column, Value], str]

# How pandoc's writers (DOCX, ODT, LaTeX/PDF) size a pipe table's columns: in proportion to
# the dashes of each column's separator (once a line of the table is longer than 72). The
# dashes are sized for the page those writers fill: a body line of pandoc's default
# document holds about `PAGE_LINE` characters (Letter or A4, one-inch margins, 12 point, in
# a font as wide as DejaVu Sans, which LibreOffice puts in for Aptos), less
# `CELL_PADDING` for each cell's margins. A column gets at least its longest word (up to
# `LONGEST_FLOOR`: an address breaks anyway), then a share of what is left in proportion
# to how much wider than that its widest line is, as a browser lays out a table: short
# columns never break inside a word ("announced", "2017-10-22"), running text takes the
# rest, and a 26-character link shown as `[1]` counts as three (docs/decisions/0056).
PAGE_LINE = 66
CELL_PADDING = 2
LONGEST_FLOOR = 24
# What a reader sees of a cell this module wrote: a link's text, an autolink's address, an
# escaped character itself, code without its backticks, `<br>` a line break.
_SHOWN = re.compile(r"\]\((?:<[^>]*>|[^)\s]*)\)|(?<!\\)\[|<(https?://[^>\s]*)>|\\(.)|`|<br>")


_MARKUP = re.compile(r"[\\\[<`]")


def displayed(cell: str) -> list[str]:
    """The lines a reader sees of a Markdown cell written here."""
    if _MARKUP.search(cell) is None:  # most cells: plain words, one line
        return [cell]

    def shown(match: re.Match[str]) -> str:
        if match[0] == "<br>":
            return "\n"
        return match[1] or match[2] or ""

    return _SHOWN.sub(shown, cell).split("\n")


def dash_widths(columns: list[list[str]]) -> list[int]:
    """How many dashes each column's separator gets, from its cells (heading first), as
    Markdown: each column at least its longest word, the rest of the page in proportion to
    the widest line a reader sees in it; all of each column's lines where they fit."""
    floors: list[int] = []
    wants: list[int] = []
    for cells in columns:
        widest = word = 0
        for cell in cells:
            for line in displayed(cell):
                if len(line) > word:  # only a line longer than a word can hold a longer one
                    widest = max(widest, len(line))
                    if word < LONGEST_FLOOR:  # past it, a longer word changes nothing
                        word = max([word, *map(len, line.split())])
        floor = max(1, min(word, LONGEST_FLOOR))
        floors.append(floor)
        wants.append(max(floor, widest))
    room = PAGE_LINE - CELL_PADDING * len(columns)
    if sum(wants) <= room or sum(floors) >= room:
        shares = wants if sum(wants) <= room else floors
        return [share + CELL_PADDING for share in shares]
    spare, beyond = room - sum(floors), sum(wants) - sum(floors)
    exact = [spare * (want - floor) / beyond for want, floor in zip(wants, floors, strict=True)]
    given = [int(e) for e in exact]
    # The characters rounding left over go to the columns that lost most to it.
    for n in sorted(range(len(exact)), key=lambda n: given[n] - exact[n])[: spare - sum(given)]:
        given[n] += 1
    return [f + g + CELL_PADDING for f, g in zip(floors, given, strict=True)]


def escape_markdown(text: str) -> str:
    """Text that renders as itself wherever it is put: in a cell, a list or a paragraph.

    Active characters are escaped and line breaks become `<br>`; so is a leading `#`, `>`,
    `-`, `+`, `=` or `1.`, since the text may begin a line. Leading spaces are dropped (a
    paragraph drops them anyway): indented, `    code` or `  # x` would be a code block or
    a heading, and in a list item they would start one.
    """
    text = neutralise(text.replace("\r\n", "\n")).translate(_ESCAPES).lstrip(" ")
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if not text[0].isdigit():
        return "\\" + text
    return f"{text[: start.end()]}\\{text[start.end() :]}"  # `1\. ` for `1. `


def link_or_text(address: str) -> str:
    """A plain web address as an autolink; anything else as escaped text."""
    return f"<{address}>" if WEB_ADDRESS.fullmatch(address) else escape_markdown(address)


def source_link(label: str, address: str | None) -> str:
    """A source's label linked to its web address (`[BBC News, 2017-10-23](<https://...>)`,
    `[\\[3\\]](<...>)` in a brief), or the label alone where it has none.

    A citation links to the source itself, never to an anchor in the note: a link to a web
    address survives every renderer (pandoc, GitHub, cmark-gfm's safe mode, markdown-it's
    default preset, Word), needs no raw HTML, and cannot land on another brief's source when
    two briefs or blocks from different briefings share one note (docs/decisions/0057)."""
    shown = escape_markdown(label)
    return f"[{shown}](<{address}>)" if address else shown


def cited_markdown(value: str) -> str:
    """A `Cited` as Markdown: the words a terminal shows, each source's label a link to it
    (`source_link`); any other text only escaped."""
    if not isinstance(value, Cited):
        return escape_markdown(value)
    return draw_linked(value, source_link, _inline)


def markdown_cell(column: Column, value: Value) -> str:
    """One cell: escaped text, a citation linked to its sources, or a link where the column
    holds addresses."""
    drawn = draw_citing_cell(value, cited_markdown)
    if drawn is not None:
        return drawn
    if column.link and isinstance(value, str):
        return link_or_text(value)
    if column.hint and isinstance(value, str):  # a command: code, so `--totals` stays two dashes
        # One line (file names in commands are shell words: `$'a\nb'`), and a `|` escaped,
        # as GitHub's tables need even inside code.
        code = neutralise(value).replace("`", "").replace("\n", " ").replace("|", "\\|")
        return f"`{code}`"
    return escape_markdown(human(value))


def markdown_table(
    report: Report, columns: list[int] | None = None, write: CellWriter = markdown_cell
) -> list[str]:
    """The GFM table lines of a report (people's columns; numbers right-aligned), with a
    separator row sized by what a reader sees of each column (`dash_widths`), which
    pandoc's writers turn into the columns' widths on the page."""
    keep = report.for_people() if columns is None else columns
    heads = [report.columns[i] for i in keep]
    titles = [escape_markdown(c.title) for c in heads]
    body = [[write(report.columns[i], row[i]) for i in keep] for row in report.rows]
    widths = dash_widths([[title, *(cells[n] for cells in body)] for n, title in enumerate(titles)])
    rule = (
        "-" * (w - 1) + ":" if head.numeric else "-" * w
        for head, w in zip(heads, widths, strict=True)
    )
    lines = ["| " + " | ".join(titles) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return lines


def bullets(items: tuple[str, ...]) -> list[str]:
    """Notes as a list, each escaped."""
    return [f"- {escape_markdown(item)}" for item in items]


def _inline(text: str) -> str:
    """Text between code spans: escaped, the spaces around it kept."""
    core = text.strip(" ")
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return f"{lead}{escape_markdown(core)}{trail}"


def tips(items: tuple[str, ...]) -> list[str]:
    """Suggested commands as a list: `raqqa ...` spans kept as code, the rest escaped."""
    out = []
    for item in items:
        parts = item.split("`")
        text = "".join(
            _inline(part) if n % 2 == 0 else f"`{neutralise(part).replace(chr(10), ' ')}`"
            for n, part in enumerate(parts)
        )
        out.append(f"- {text}")
    return out


def record_markdown(report: Report, level: int) -> list[str]:
    """One entry's record (`raqqa show`): its fields as a table of two columns, the id said
    once, in the heading, and the source once where the fields share it; then the source
    chain and what refers to it, each a table of its own under a heading."""
    from raqqa_cli.render.text import record_lines

    lines: list[str] = []
    for heading, rows in record_lines(report):
        if heading:
            lines += ["", "#" * (level + 1) + " " + escape_markdown(heading)]
        lines += ["", "| Field | Value |", "| ----- | ----- |"]
        for label, value, citation in rows:
            said = escape_markdown(value) + (f" ({escape_markdown(citation)})" if citation else "")
            lines.append(f"| {escape_markdown(label)} | {said} |")
    return lines


def render_markdown(report: Report, level: int = 2) -> str:
    """A heading, the table (or an entry's record) and the notes between blank lines;
    nothing when there are no rows."""
    if not report.rows:
        return ""
    body = record_markdown(report, level)[1:] if report.layout == "record" else None
    table = markdown_table(report) if body is None else body
    lines = ["", "#" * level + " " + escape_markdown(report.heading), "", *table]
    notes = report.notes_for_people()
    if notes or report.tips:
        lines += ["", *bullets(notes), *tips(report.tips)]
    return "\n".join(lines) + "\n\n"
