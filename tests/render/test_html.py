"""HTML pages: `brief --format html` and `-o FILE.html` for any listing.

Read with the standard library's parser: the page is well formed, loads nothing (no
script, no external resource, no event handler; a Content-Security-Policy to be sure),
every `#` link lands on an element id, every source's web address is a link, and text from
the file never becomes markup. A real browser's view is `benchmarks/check_html.py`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing, load_briefing
from raqqa_cli.cli.app import app
from raqqa_cli.reports.citations import is_web_address
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

HOSTILE = DATA / "hostile" / "briefing.yaml"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
BRIEFINGS = [MINIMAL, HOSTILE, Path(embedded_briefing()), *sorted(EXAMPLES.glob("*.yaml"))]
PIPE = Terminal(is_tty=False)
VOID = {"meta", "br", "hr", "img", "link", "input", "wbr"}
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "section", "h1", "h2",
    "h3", "p", "em", "strong", "code", "a", "div", "table", "thead", "tbody", "tr", "th", "td",
    "ul", "ol", "li", "br",
}  # fmt: skip


class Page(HTMLParser):
    """What a page holds: its tags, ids, links and text, and whether its tags nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # tag, attribute, value
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.open: list[str] = []
        self.errors: list[str] = []
        self.text_outside_links: list[str] = []
        self.style = ""
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "id":
                self.ids.append(value or "")
            if name == "href":
                self.hrefs.append(value or "")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open[-1:] == ["style"]:
            self.style += data
        elif "a" not in self.open:
            self.text_outside_links.append(data)


def html_of(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--format", "html"], obj=PIPE)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def parsed(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert page.errors == [] and page.open == [], (page.errors, page.open)
    return page


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda p: p.stem)
def test_the_brief_page_is_self_contained_and_its_links_resolve(briefing: Path) -> None:
    text = html_of("brief", "-f", str(briefing))
    page = parsed(text)
    assert page.doctype.lower() == "doctype html"
    assert set(page.tags) <= ALLOWED, set(page.tags) - ALLOWED
    metas = {(name, value) for tag, name, value in page.attrs if tag == "meta"}
    assert ("name", "viewport") in metas and ("charset", "utf-8") in metas
    assert ("http-equiv", "Content-Security-Policy") in metas
    # Nothing to run or fetch: no src, no handler, nothing loaded from the style.
    assert not [a for a in page.attrs if a[1] == "src" or a[1].startswith("on")]
    assert "url(" not in page.style and "@import" not in page.style
    # Every in-page link lands, ids are unique, and the rest go to the sources' addresses.
    assert len(page.ids) == len(set(page.ids))
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and set(internal) <= set(page.ids)
    sources = load_briefing(str(briefing)).sources
    addresses = {s.locator for s in sources if is_web_address(s.locator)}
    external = {h for h in page.hrefs if not h.startswith("#")}
    assert external == addresses  # every web locator is a link, and nothing else is
    assert {f"cite-{s.id}" for s in sources} <= set(page.ids)


def test_every_citation_is_a_link() -> None:
    page = parsed(html_of("brief", "-f", embedded_briefing()))
    bare = [t for t in page.text_outside_links if re.search(r"\[[0-9]+\]", t)]
    assert bare == []
    assert sum(h.startswith("#cite-") for h in page.hrefs) > 50


def test_text_from_the_file_never_becomes_markup() -> None:
    text = html_of("brief", "-f", str(HOSTILE))
    page = parsed(text)
    assert "b" not in page.tags and "img" not in page.tags and "script" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\x1b" not in text and "\u202e" not in text  # shown as \x1b and \u202e
    assert "\\x1b" in text


def test_a_page_for_readers_has_no_ids_or_tool_hints() -> None:
    analysts = html_of("brief", "-f", str(MINIMAL))
    readers = html_of("brief", "-f", str(MINIMAL), "--for", "readers")
    assert "<code>src-desk</code>" in analysts and "(iss-flooding)" in analysts
    assert "<code>src-desk</code>" not in readers and "iss-flooding" not in readers
    assert "raqqa " not in readers
    parsed(readers)


def test_phone_and_print_styles() -> None:
    page = parsed(html_of("brief", "-f", str(MINIMAL)))
    assert "@media (max-width: 40em)" in page.style and "@media print" in page.style
    # Each cell carries its column's title, which a phone shows when rows become cards.
    labels = [v for tag, name, v in page.attrs if tag == "td" and name == "data-label"]
    assert "Source" in labels


@pytest.mark.parametrize(
    "args",
    [["aid"], ["aid", "--totals"], ["reactions"], ["sources"], ["timeline"], ["figures"], []],
)
def test_every_listing_writes_a_page(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "page.html"
    result = CliRunner().invoke(app, [*args, "-f", str(HOSTILE), "-o", str(target)], obj=PIPE)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    page = parsed(text)
    assert set(page.tags) <= ALLOWED
    assert all(not h.startswith("#") or h[1:] in page.ids for h in page.hrefs)
    assert all(is_web_address(h) for h in page.hrefs if not h.startswith("#"))


def test_pandoc_citations_are_for_markdown() -> None:
    result = CliRunner().invoke(
        app, ["brief", "-f", str(MINIMAL), "--cite", "pandoc", "--format", "html"], obj=PIPE
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "raqqa: error: --cite pandoc writes a Markdown note for pandoc: use --format markdown\n"
    )
