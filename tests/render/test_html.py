"""HTML pages: `brief --format html` and `-o FILE.html` for any listing.

Read with the standard library's parser: the page is well formed, loads nothing (no
script, no external resource, no event handler; a Content-Security-Policy to be sure),
every `#` link lands on an element id, every source's web address is a link, and text from
the file never becomes markup. The style's rules for print are read too, since they must
hold in any engine (decision 0055): headers wrap, nothing is hidden, a date never breaks,
an address is printed once. WeasyPrint prints the page for real in `test_print.py`; a real
browser's view is `benchmarks/check_html.py`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing, load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.cli.app import app
from raqqa_cli.render.brief import page_key
from raqqa_cli.render.html import STYLE, HtmlNote, dates_whole, link_or_text
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
    "ul", "ol", "li", "br", "nav", "span",
}  # fmt: skip
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")


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
    # Each source has its anchor, `cite-KEY-ID`, KEY derived from this briefing (`page_key`),
    # so that two pages put together never share one.
    key = page_key(load_briefing(str(briefing)))
    anchored = {i.removeprefix(f"cite-{key}-") for i in page.ids if i.startswith(f"cite-{key}-")}
    assert {s.id for s in sources} <= anchored
    assert not [i for i in page.ids if i.startswith("cite-") and not i.startswith(f"cite-{key}-")]


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
    assert "@media screen and (max-width: 40em)" in page.style and "@media print" in page.style
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


# The style's rules, read as any engine reads them.

Rule = tuple[str, str, dict[str, str]]  # media ("" for every medium), selector, declarations


def rules(style: str) -> list[Rule]:
    """The style's rules, one per selector, each with the media it is for."""
    found: list[Rule] = []

    def read(text: str, media: str) -> None:
        at = 0
        while (start := text.find("{", at)) >= 0:
            depth, end = 1, start + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            prelude, inner = text[at:start].strip(), text[start + 1 : end - 1]
            if prelude.startswith("@media"):
                read(inner, prelude.removeprefix("@media").strip())
            else:
                pairs = (d.split(":", 1) for d in inner.split(";") if d.strip())
                said = {name.strip(): " ".join(value.split()) for name, value in pairs}
                found.extend((media, selector.strip(), said) for selector in prelude.split(","))
            at = end

    read(re.sub(r"/\*.*?\*/", "", style, flags=re.DOTALL), "")
    return found


def printed() -> list[Rule]:
    """The rules a printer applies: those for every medium and those for print."""
    return [rule for rule in rules(STYLE) if rule[0] in ("", "print")]


def test_the_style_is_read_whole() -> None:
    media = {media for media, _, _ in rules(STYLE)}
    assert media == {"", "screen", "screen and (max-width: 40em)", "print"}
    assert ("", "@page", {"size": "A4", "margin": "15mm"}) in rules(STYLE)


def test_headers_wrap_and_only_dates_and_citations_never_do() -> None:
    """A header kept on one line kept a mostly empty column wide; printed, nothing in a
    table is kept on one line but a date and a citation's number."""
    assert not [r for r in rules(STYLE) if "th" in re.split(r"[^a-z]+", r[1]) and
                r[2].get("white-space") == "nowrap"]  # fmt: skip
    kept = {selector for _, selector, said in printed() if said.get("white-space") == "nowrap"}
    assert kept == {".date", "a.cite"}
    assert ("", ".date", {"white-space": "nowrap"}) in rules(STYLE)


def test_printed_tables_fit_the_page() -> None:
    """Printed, a table is as wide as the page and its columns share it as their words
    need; only an address or an id may break inside a word; nothing is hidden."""
    table: dict[str, dict[str, str]] = {}
    for _, selector, said in printed():
        table.setdefault(selector, {}).update(said)
    assert table["table"]["width"] == "100%" and table["table"]["table-layout"] == "auto"
    assert table["td"]["word-break"] == "normal" and table["td"]["hyphens"] == "manual"
    anywhere = {s for _, s, said in printed() if said.get("overflow-wrap") == "anywhere"}
    assert anywhere == {'td a[href^="http"]', "td code"}
    assert not [
        (selector, name, value)
        for _, selector, said in printed()
        for name, value in said.items()
        if name.startswith("overflow") and name != "overflow-wrap" and value != "visible"
    ]
    # Rows as cards are for a phone's screen, never for a page.
    assert {m for m, s, _ in rules(STYLE) if s == "td[data-label]::before"} == {
        "screen and (max-width: 40em)"
    }
    assert {m for m, _, said in rules(STYLE) if "position" in said} <= {
        "screen and (max-width: 40em)"
    }
    assert ("print", "tr", {"break-inside": "avoid"}) in rules(STYLE)


def test_an_address_is_printed_only_after_a_link_in_other_words() -> None:
    after = [(m, s) for m, s, said in rules(STYLE) if "attr(href)" in said.get("content", "")]
    assert after == [("print", "a.away::after")]
    address = "https://example.org/a?b=1&c=2"
    assert link_or_text(address) == link_or_text(address, address)
    assert 'class="away"' not in link_or_text(address)
    assert link_or_text(address, "The report") == (
        '<a class="away" href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">'
        "The report</a>"
    )
    assert link_or_text("Archive box 3", "Box 3") == "Archive box 3"


Element = tuple[str, dict[str, str], list[str]]  # tag, attributes, text within


class Tree(HTMLParser):
    """A page's elements, each with its tag, attributes and text, and every run of text
    with the elements it is in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.runs: list[tuple[str, tuple[str, ...]]] = []  # text, "tag.class" it is in

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element: Element = (tag, {name: value or "" for name, value in attrs}, [])
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element[2].append(data)
        self.runs.append((data, tuple(f"{t}.{a.get('class', '')}" for t, a, _ in self.open)))

    def all(self, tag: str) -> list[tuple[dict[str, str], str]]:
        return [(attrs, "".join(text)) for t, attrs, text in self.elements if t == tag]


def tree_of(text: str) -> Tree:
    tree = Tree()
    tree.feed(text)
    tree.close()
    return tree


@pytest.mark.parametrize("audience", ["analysts", "readers"])
@pytest.mark.parametrize("briefing", [MINIMAL, Path(embedded_briefing())], ids=lambda p: p.stem)
def test_a_date_is_kept_whole_and_unchanged(briefing: Path, audience: str) -> None:
    """A whole or partial ISO date is one unbreakable span: printed, `2017-10-` never ends
    a line; copied, it is the same text, ASCII hyphens and all."""
    tree = tree_of(html_of("brief", "-f", str(briefing), "--for", audience))
    spans = [text for attrs, text in tree.all("span") if attrs.get("class") == "date"]
    assert spans and all(ISO_DATE.fullmatch(text) for text in spans)
    loose = [
        text
        for text, within in tree.runs
        if "span.date" not in within and "code." not in within and "a." not in within
        and re.search(r"(?<![\w-])[0-9]{4}-[0-9]{2}\b", text)
    ]  # fmt: skip
    assert loose == []


def test_dates_whole_changes_no_text() -> None:
    said = "as of 2017-10, from 2014-07-15 to 2017-11-01 (src-dfid-2017-10-22); 2017-10-223"
    shown = dates_whole(said)
    assert re.sub(r"<[^>]+>", "", shown) == said
    assert re.findall(r'<span class="date">([^<]*)</span>', shown) == [
        "2017-10", "2014-07-15", "2017-11-01", "2017-10-22",
    ]  # fmt: skip
    assert dates_whole("S/2018/175, 12:30, 2017-1, 20171022, id-0506-1") == (
        "S/2018/175, 12:30, 2017-1, 20171022, id-0506-1"
    )


@pytest.mark.parametrize("audience", ["analysts", "readers"])
def test_the_contents_list_every_part(audience: str) -> None:
    """After the title block, a list of the page's parts of level 2, each a link to it, in
    the page's order, Sources last."""
    text = html_of("brief", "-f", embedded_briefing(), "--for", audience)
    tree = tree_of(text)
    assert len(tree.all("nav")) == 1
    assert text.index("</header>") < text.index("<nav") < text.index("<section>")
    parts = [(a["id"], t) for a, t in tree.all("h2") if a.get("id") != "contents"]
    listed = [(a["href"].removeprefix("#"), t) for a, t in tree.all("a") if
              a.get("href", "").startswith("#part-") or a.get("href") == "#sources"]  # fmt: skip
    assert listed == parts
    assert parts[0][1] == "At a glance" and parts[-1] == ("sources", "Sources")
    assert len(parts) > 10


def test_provenance_ends_the_title_block() -> None:
    index = Index(load_briefing(str(MINIMAL)), numbered_citations=True)
    note = HtmlNote(index, lambda source: f"cite-{source}", lambda report: [])
    note.title_block("Flooding <b>", "Desk, 2017-10-22", "What happened.", "")
    note.heading(2, "Issues")
    note.heading(3, "One issue")
    note.heading(2, "Aid")
    assert '<p class="provenance">' not in note.render()
    note.provenance("briefing.yaml (sha256 1f3a…), raqqa 0.1.0, made 2026-12-07 <now>")
    shown = note.render()
    header = shown[shown.index("<header>") : shown.index("</header>")]
    assert header.endswith(
        '<p class="provenance">briefing.yaml (sha256 1f3a…), raqqa 0.1.0, made '
        '<span class="date">2026-12-07</span> &lt;now&gt;</p>\n'
    )
    assert "<h1>Flooding &lt;b&gt;</h1>" in header
    tree = tree_of(shown)
    assert [a["href"] for a, _ in tree.all("a")] == ["#part-1", "#part-3"]
    assert {a["id"] for a, _ in tree.all("h2")} >= {"part-1", "part-3", "contents"}


def test_two_briefings_never_share_an_anchor_key() -> None:
    """Pages of different briefings (each begun from one template, say) get different keys."""
    keys = {page_key(load_briefing(str(p))) for p in (MINIMAL, HOSTILE, embedded_briefing())}
    assert len(keys) == 3
