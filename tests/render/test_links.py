"""Citations that reach their own source in every renderer, whatever else shares the note.

A note collects briefs and refreshed blocks from several briefings. Each citation is a link
to the source itself (its web address), never to an anchor in the note: GitHub, pandoc,
cmark-gfm in safe mode, markdown-it's default preset and Word all keep such a link, no raw
HTML is needed, and a brief's `[2]` cannot land on another brief's source. A source without
a web address is cited as plain text, its number that of the list under its own brief.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.cli.app import app
from raqqa_cli.render.brief import render_brief
from raqqa_cli.report import WEB_ADDRESS
from raqqa_cli.terminal import Terminal
from tests.renderers import NEEDS_CMARK_GFM, NEEDS_PANDOC, run_pandoc

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"
PERSON = "A line the analyst typed between two outputs."


def output(args: list[str]) -> str:
    result = CliRunner().invoke(app, args, obj=Terminal(is_tty=False))
    assert result.exit_code == 0, result.output
    return result.stdout


class Links(HTMLParser):
    """Every link of an HTML page: its text and where it goes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []
        self._href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href.append(dict(attrs).get("href") or "")
            self._open.append([])

    def handle_data(self, data: str) -> None:
        for text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            # As a reader sees it: a renderer may wrap a link's text over lines.
            self.links.append((" ".join("".join(self._open.pop()).split()), self._href.pop()))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def _cmark_gfm_safe(text: str) -> str:
    """cmark-gfm in its safe mode, the default since 0.29: raw HTML and unsafe links dropped."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    html: str = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_DEFAULT)
    return html


def _cmark_gfm_github(text: str) -> str:
    from tests.renderers import cmark_gfm_html

    return cmark_gfm_html(text)


RENDERERS: dict[str, Any] = {
    # The default preset: tables on, raw HTML off (shown as text).
    "markdown-it default": pytest.param(lambda text: MarkdownIt().render(text)),
    "pandoc": pytest.param(
        lambda text: run_pandoc(["-f", "markdown", "-t", "html"], text).stdout, marks=NEEDS_PANDOC
    ),
    "pandoc gfm": pytest.param(
        lambda text: run_pandoc(["-f", "gfm", "-t", "html"], text).stdout, marks=NEEDS_PANDOC
    ),
    "cmark-gfm safe": pytest.param(_cmark_gfm_safe, marks=NEEDS_CMARK_GFM),
    "cmark-gfm as GitHub": pytest.param(_cmark_gfm_github, marks=NEEDS_CMARK_GFM),
}


def addresses(location: Path | None) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """A briefing's web addresses by the number its brief gives each source (`[3]`) and by
    the label its reports cite it by (`BBC News, 2017-10-23`, which two sources of one
    publisher and day share: which of them a row cites is `test_every_cell_links_...`'s)."""
    briefing = load_briefing(None if location is None else str(location))
    index = Index(briefing)
    by_number: dict[str, set[str]] = {}
    by_label: dict[str, set[str]] = {}
    for number, source in enumerate(briefing.sources, 1):
        if source.locator and WEB_ADDRESS.fullmatch(source.locator):
            by_number[f"[{number}]"] = {source.locator}
            by_label.setdefault(index.source_label(source.id), set()).add(source.locator)
    return by_number, by_label


@pytest.fixture(scope="module")
def note_parts(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path | None, str]]:
    """The parts of one note: two briefs, blocks from two other briefings, a person's line,
    and a brief of `raqqa init`'s template (whose source is `src-report`, as in every
    briefing begun that way), each with the briefing it comes from."""
    template = tmp_path_factory.mktemp("init") / "mine.yaml"
    output(["init", str(template)])
    unsc, idai = EXAMPLES / "unsc-8228-2018.yaml", EXAMPLES / "idai-2019.yaml"
    return [
        ("brief", None, output(["brief"])),
        ("person", None, PERSON + "\n"),
        ("brief", unsc, output(["brief", "-f", str(unsc)])),
        ("report", idai, output(["aid", "-f", str(idai)])),
        ("report", unsc, output(["statements", "-f", str(unsc)])),
        ("report", None, output(["errata"])),
        ("brief", template, output(["brief", "-f", str(template)])),
        ("brief", idai, output(["brief", "--for", "readers", "-f", str(idai)])),
    ]


def test_no_part_needs_raw_html(note_parts: list[tuple[str, Path | None, str]]) -> None:
    """No anchor is written as HTML: markdown-it's default preset would print it and
    cmark-gfm's safe mode drop it."""
    for _kind, _where, text in note_parts:
        assert not re.search(r"<a[\s>]|</a>", text)
        assert "](#" not in text, "no link to an anchor in the note"


@pytest.mark.parametrize("to_html", RENDERERS.values(), ids=list(RENDERERS))
def test_each_citation_links_to_its_own_source(
    to_html: Callable[[str], str], note_parts: list[tuple[str, Path | None, str]]
) -> None:
    whole: list[tuple[str, str]] = []
    for kind, where, text in note_parts:
        found = links_of(to_html(text))
        whole += found
        if kind == "person":
            assert not found
            continue
        by_number, by_label = addresses(where)
        cited = by_number if kind == "brief" else by_label
        citations = [(t, href) for t, href in found if t in cited]
        assert citations, f"{kind} of {where}: its sources cited as links"
        for shown, href in citations:
            assert href in cited[shown], f"{kind} of {where}: {shown} goes to {href}"
        for shown, href in found:
            assert not href.startswith("#"), f"{shown} links into the note"
        if kind == "brief":  # every source with an address is reached by its number
            assert {t for t, _ in citations} <= set(by_number)
    # Put together, the note links exactly as its parts do: nothing lands elsewhere.
    assert links_of(to_html("".join(text for _k, _w, text in note_parts))) == whole


def test_a_citation_without_an_address_stays_text() -> None:
    """A source with no web address is cited by its number alone, a plain `[n]` that the
    numbered list under the same brief resolves."""
    briefing = load_briefing(None)
    plain = [
        n for n, s in enumerate(briefing.sources, 1) if not WEB_ADDRESS.fullmatch(s.locator or "")
    ]
    assert plain, "the embedded briefing has sources without addresses"
    note = render_brief(briefing)
    for number in plain:
        assert f"\\[{number}\\]" in note
        assert f"[\\[{number}\\]](" not in note
        assert re.search(rf"^{number}\. \*\*", note, re.MULTILINE), "listed under its number"


@NEEDS_PANDOC
def test_word_gets_no_link_to_a_missing_bookmark(tmp_path: Path) -> None:
    """In the DOCX pandoc writes of two briefs in one note, every internal link lands on a
    bookmark that exists, and every citation with an address is an external link to it."""
    unsc = EXAMPLES / "unsc-8228-2018.yaml"
    note = output(["brief", "--for", "readers"]) + output(["brief", "-f", str(unsc)])
    docx = tmp_path / "note.docx"
    run_pandoc(["-f", "markdown", "-o", str(docx)], note)
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode()
        relations = archive.read("word/_rels/document.xml.rels").decode()
    anchors = set(re.findall(r'<w:hyperlink [^>]*w:anchor="([^"]+)"', document))
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', document))
    assert anchors <= bookmarks
    targets = set(re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', relations))
    targets |= set(re.findall(r'TargetMode="External"[^>]*Target="([^"]+)"', relations))
    wanted = {a for one in (None, unsc) for both in addresses(one)[0].values() for a in both}
    assert {t.replace("&amp;", "&") for t in targets} >= wanted


@pytest.mark.parametrize(
    "location", [None, *sorted(EXAMPLES.glob("*.yaml"))], ids=lambda p: p.name if p else "embedded"
)
def test_every_cell_links_each_of_its_sources_in_order(location: Path | None) -> None:
    """Every citation in every citing report's Markdown links to the web address of each
    source it names, the source first and then the one it credits, as the record says."""
    import importlib

    from raqqa_cli.render.markdown import cited_markdown
    from raqqa_cli.report import Cited

    briefing = load_briefing(None if location is None else str(location))
    index = Index(briefing)
    web = {
        s.id: s.locator for s in briefing.sources if s.locator and WEB_ADDRESS.fullmatch(s.locator)
    }
    from raqqa_cli.reports import aid as aid_module

    reports = [aid_module.aid_report(index, aid_module.AidFilter())]
    for name, function in (
        ("reactions", "reactions_report"),
        ("sections", "statements_report"),
        ("figures", "figures_report"),
        ("timeline", "timeline_report"),
        ("outlook", "outlook_report"),
    ):
        reports.append(
            getattr(importlib.import_module(f"raqqa_cli.reports.{name}"), function)(index)
        )
    checked = 0
    for report in reports:
        for row in report.rows:
            for value in row:
                for cited in value if isinstance(value, tuple) else (value,):
                    if not isinstance(cited, Cited) or not cited.cites:
                        continue
                    wanted = [web[i] for s, via in cited.cites for i in (s, via) if i in web]
                    drawn = cited_markdown(cited)
                    assert re.findall(r"\]\(<([^>]+)>\)", drawn) == wanted, drawn
                    checked += 1
    assert checked, "the briefing's reports cite sources"


@pytest.mark.parametrize("to_html", RENDERERS.values(), ids=list(RENDERERS))
def test_refreshed_blocks_from_several_briefings_link_their_own_sources(
    to_html: Callable[[str], str], tmp_path: Path
) -> None:
    """A note whose blocks read different briefings (`-f` in each block), refreshed: each
    block's citations reach its own briefing's sources, in every renderer."""
    unsc, idai = EXAMPLES / "unsc-8228-2018.yaml", EXAMPLES / "idai-2019.yaml"
    note = tmp_path / "note.md"
    note.write_text(
        "# Desk note\n\n"
        f"<!-- raqqa: errata -->\n<!-- /raqqa -->\n\n"
        f"<!-- raqqa: statements -f {unsc} -->\n<!-- /raqqa -->\n\n"
        f"<!-- raqqa: aid -f {idai} --for readers -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    output(["notes", "refresh", str(note)])
    text = note.read_text(encoding="utf-8")
    assert "](#" not in text and not re.search(r"<a[\s>]", text)
    blocks = re.findall(r"<!-- raqqa: [^>]*-->\n(.*?)<!-- /raqqa -->", text, re.DOTALL)
    assert len(blocks) == 3
    for where, body in zip((None, unsc, idai), blocks, strict=True):
        _by_number, by_label = addresses(where)
        found = [(t, href) for t, href in links_of(to_html(body)) if t in by_label]
        assert found, where
        for shown, href in found:
            assert href in by_label[shown], (where, shown, href)
        others = {a for other in (None, unsc, idai) if other != where
                  for both in addresses(other)[1].values() for a in both}  # fmt: skip
        mine = {a for both in by_label.values() for a in both}
        assert not {href for _t, href in links_of(to_html(body))} & (others - mine)
