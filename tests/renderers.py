"""The real readers the notes are checked with: pandoc and cmark-gfm (GitHub's parser).

Both come with the test dependencies, so CI runs them: pandoc as the binary that
`pypandoc-binary` ships (a `pandoc` on the PATH is preferred where there is one), and
cmark-gfm as the `cmarkgfm` bindings to GitHub's own C library. A platform without a
wheel for either still runs markdown-it; the tests that need them say why they skip.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from html.parser import HTMLParser
from typing import Any

import pytest

Block = tuple[Any, ...]


@cache
def pandoc() -> str | None:
    """The pandoc to run: the one on the PATH, else the one pypandoc-binary ships."""
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc
    except ImportError:
        return None
    try:
        path: str = pypandoc.get_pandoc_path()
    except OSError:
        return None
    return path


def run_pandoc(arguments: list[str], text: str = "") -> subprocess.CompletedProcess[str]:
    command = pandoc()
    assert command is not None
    return subprocess.run(
        [command, *arguments], input=text, capture_output=True, text=True, timeout=120, check=True
    )


NEEDS_PANDOC = pytest.mark.skipif(
    pandoc() is None,
    reason="no pandoc: pypandoc-binary (a test dependency) has no wheel for this platform"
    " and none is on the PATH",
)


def cmark_gfm_html(text: str) -> str:
    """`text` as GitHub's cmark-gfm renders it (tables on, raw HTML kept as GitHub's
    renderer receives it before its sanitiser)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    html: str = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    return html


def _has_cmarkgfm() -> bool:
    try:
        import cmarkgfm  # noqa: F401
    except ImportError:
        return False
    return True


NEEDS_CMARK_GFM = pytest.mark.skipif(
    not _has_cmarkgfm(),
    reason="cmarkgfm (a test dependency) has no wheel for this platform",
)


class TopBlocks(HTMLParser):
    """The top-level blocks of an HTML fragment, in the terms the append tests compare:
    a heading with its level and inner HTML, a paragraph with its inner HTML, a table with
    its number of body rows, a list with its number of items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[Block] = []
        self.depth = 0
        self.tag = ""
        self.inner: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.tag, self.inner, self.rows = tag, [], 0
        else:
            self.inner.append(self.get_starttag_text() or "")
            # rows of a table (any depth), items of a list (its own only)
            if (tag == "tr" and self.tag == "table") or (tag == "li" and self.depth == 1):
                self.rows += 1
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.blocks.append((tag,))
        else:
            self.inner.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1
        if self.depth > 0:
            self.inner.append(f"</{tag}>")
            return
        inner = "".join(self.inner).strip()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.blocks.append(("heading", tag, inner))
        elif tag == "p":
            self.blocks.append(("paragraph", inner))
        elif tag == "table":
            self.blocks.append(("table", self.rows - 1))  # the first row is the header
        elif tag in ("ul", "ol"):
            self.blocks.append(("list", self.rows))
        else:
            self.blocks.append((tag, inner))

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.inner.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if self.depth == 0:
            self.blocks.append(("comment", data))
        else:
            self.inner.append(f"<!--{data}-->")


def cmark_gfm_blocks(text: str) -> list[Block]:
    """The top-level blocks as cmark-gfm (GitHub's parser) reads them."""
    parser = TopBlocks()
    parser.feed(cmark_gfm_html(text))
    parser.close()
    assert parser.depth == 0, "cmark-gfm's HTML closes every element"
    return parser.blocks
