"""The brief's page printed by WeasyPrint, for real: nothing clipped, nothing said twice.

WeasyPrint does not shrink a table that is wider than the page, as Chromium does (Chromium
shrinks the whole page, which is why a page with wider tables printed shorter): what
does not fit is cut off at the page's edge. So each page, for analysts and for readers,
of the embedded briefing and of every example, is laid out once (`layout`, cached) and its
boxes read: every box lies inside its page's content box, every character of the page's
text is laid out (every cell, every "Announced by"), each web address is printed once, and
no date is broken at a hyphen. The style's rules, which hold whatever the engine, are
checked in `test_html.py`; decision 0055.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing
from raqqa_cli.cli.app import app
from raqqa_cli.render.html import link_or_text, page
from raqqa_cli.terminal import Terminal

try:
    import weasyprint
    from weasyprint.formatting_structure import boxes
except (ImportError, OSError) as error:  # no WeasyPrint, or no pango for it to call
    pytest.skip(f"WeasyPrint cannot lay out pages here: {error}", allow_module_level=True)

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
BRIEFINGS = [Path(embedded_briefing()), *sorted(EXAMPLES.glob("*.yaml"))]
AUDIENCES = ["analysts", "readers"]
SLACK = 0.5  # CSS px: rounding, and half a collapsed border
# A date cut after a hyphen: `2017-` or `2017-10-` ending a line (`malaria-0506-`, an id's
# end, is no date).
BROKEN_DATE = re.compile(r"(?<![0-9A-Za-z])(?:1[89]|20)[0-9]{2}-(?:[0-9]{2}-)?$")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")


class Layout(NamedTuple):
    """What a page printed as: its number of pages, the boxes that stick out of their page
    (and are cut off), the text printed (each header cell once, though it repeats on each
    page), the text the style added (after links, between the contents' items), and the
    text of each box that holds a date."""

    pages: int
    outside: list[str]
    text: str
    added: list[str]
    dates: list[str]


class Source(HTMLParser):
    """A page's own text (not its title or style) and its links' addresses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.parts: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"meta", "br"}:
            self.open.append(tag)
        self.hrefs += [v or "" for name, v in attrs if tag == "a" and name == "href"]

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if "body" in self.open:
            self.parts.append(data)


def html_of(briefing: Path, audience: str) -> str:
    args = ["brief", "-f", str(briefing), "--format", "html", "--for", audience]
    result = CliRunner().invoke(app, args, obj=Terminal(is_tty=False))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def source_of(html: str) -> Source:
    parsed = Source()
    parsed.feed(html)
    parsed.close()
    return parsed


def squeezed(text: str) -> str:
    """Text without its white space: how lines were broken does not change it."""
    return re.sub(r"\s+", "", text)


def descendants(box: Any, within: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Each box under `box`, in the document's order, with the boxes it is inside."""
    yield box, within
    for child in getattr(box, "children", None) or ():
        yield from descendants(child, (*within, box))


def laid_out(html: str) -> Layout:
    """`html` laid out by WeasyPrint on its pages, and read back."""
    document = weasyprint.HTML(string=html).render()
    outside: list[str] = []
    text: list[str] = []
    added: list[str] = []
    dates: list[str] = []
    header_page: dict[int, int] = {}  # a header cell's element -> the page first showing it
    for number, printed in enumerate(document.pages):
        page_box = printed._page_box
        left, top = page_box.content_box_x(), page_box.content_box_y()
        right, bottom = left + page_box.width, top + page_box.height
        for box, within in descendants(page_box):
            if box is page_box or not isinstance(box, boxes.Box):
                continue
            x, y = box.border_box_x(), box.border_box_y()  # margins may run off a page
            if (
                x < left - SLACK
                or x + box.border_width() > right + SLACK
                or y + box.border_height() > bottom + SLACK
            ):
                shown = getattr(box, "text", "") or box.element_tag
                outside.append(f"page {number + 1}: {type(box).__name__} {shown!r}")
                continue  # cut off: not printed
            if not isinstance(box, boxes.TextBox):
                continue
            if "::" in box.element_tag:  # generated by the style, not the page's text
                added.append(box.text)
                continue
            cell = next((b for b in reversed(within) if isinstance(b, boxes.TableCellBox)), None)
            if cell is not None and cell.element_tag == "th":
                first = header_page.setdefault(id(cell.element), number)
                if first != number:
                    continue  # the table's header again, on a page the table goes on to
            text.append(box.text)
            in_date = "date" in (box.element.get("class") or "").split()
            if in_date or BROKEN_DATE.search(box.text):
                dates.append(box.text)
    return Layout(len(document.pages), outside, " ".join(text), added, dates)


@cache
def layout(briefing: Path, audience: str) -> tuple[str, Layout]:
    """The page of `briefing` for `audience`, and how it printed (laid out once a run)."""
    html = html_of(briefing, audience)
    return html, laid_out(html)


CASES = [(b, a) for b in BRIEFINGS for a in AUDIENCES]


def case_id(case: tuple[Path, str]) -> str:
    return f"{case[0].stem}-{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_nothing_is_clipped(case: tuple[Path, str]) -> None:
    html, printed = layout(*case)
    # No box sticks out of its page: WeasyPrint would cut it off.
    assert printed.outside == []
    # Every character of the page's text is laid out: each cell, each header, each name.
    source = source_of(html)
    assert squeezed(printed.text) == squeezed("".join(source.parts))
    # Each header is laid out whole, wrapped if it must be.
    for title in re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html):
        assert squeezed(unescape(title)) in squeezed(printed.text)


def test_every_announcer_is_printed() -> None:
    """The report: the "Announced by" column vanished, 10 of 21 "Priti Patel" survived."""
    html, printed = layout(BRIEFINGS[0], "analysts")
    words = squeezed("".join(source_of(html).parts))
    assert "Announcedby" in words and words.count("PritiPatel") > 10
    assert squeezed(printed.text).count("PritiPatel") == words.count("PritiPatel")
    assert squeezed(printed.text).count("Announcedby") == words.count("Announcedby")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_address_is_printed_once(case: tuple[Path, str]) -> None:
    html, printed = layout(*case)
    source = source_of(html)
    addresses = {h for h in source.hrefs if h.startswith("http")}
    assert addresses
    everything = squeezed(printed.text + "".join(printed.added))
    said = squeezed("".join(source.parts))
    for address in addresses:
        assert everything.count(squeezed(address)) == said.count(squeezed(address)), address
    assert not any("http" in text for text in printed.added)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_date_breaks_at_a_hyphen(case: tuple[Path, str]) -> None:
    _html, printed = layout(*case)
    assert printed.dates, "a brief has dates"
    broken = [d for d in printed.dates if not ISO_DATE.fullmatch(d)]
    assert broken == []


@pytest.mark.parametrize("briefing", BRIEFINGS[:1], ids=lambda p: p.stem)
def test_readers_do_not_print_longer(briefing: Path) -> None:
    """The readers' page has fewer columns than the analysts' (no ids): with nothing wider
    than the page, no engine prints it longer. (Where readers' notes name entries in
    words that analysts' give as ids, as the examples' do, that text can.)"""
    analysts = layout(briefing, "analysts")[1].pages
    readers = layout(briefing, "readers")[1].pages
    assert readers <= analysts, (readers, analysts)


def test_a_link_in_words_prints_its_address_once() -> None:
    """A link whose words are not its address says the address after them, once; one
    whose words are the address says nothing more."""
    address = "https://example.org/report"
    body = [
        f"<p>{link_or_text(address, 'The report')}</p>",
        f"<p>{link_or_text(address)}</p>",
    ]
    printed = laid_out(page("Links", body))
    assert printed.outside == []
    assert squeezed(printed.text) == squeezed(f"The report {address}")
    assert Counter(squeezed(t) for t in printed.added) == Counter({f"<{address}>": 1})
