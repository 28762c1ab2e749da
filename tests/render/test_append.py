"""Markdown that appends safely: `cmd1 >> n.md; echo text >> n.md; cmd2 >> n.md`.

Read by markdown-it, pandoc (its own reader and its gfm reader) and cmark-gfm as GitHub
uses it (tests/renderers.py: all come with the test dependencies), the appended note must
be exactly the blocks of each part in turn: every heading still a heading, every table
with its own rows and no more, the person's line a paragraph of its own. Where each
citation then links is tests/render/test_links.py's.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL
from tests.renderers import (
    NEEDS_CMARK_GFM,
    NEEDS_PANDOC,
    Block,
    cmark_gfm_blocks,
    run_pandoc,
)

PIPE = Terminal(is_tty=False)
TOTALS = DATA / "totals.yaml"
PERSON = "A line the analyst typed, then more output."

# Pairs of outputs appended with a person's line between: a table with notes, a list
# ending a note (figures), the whole brief (a numbered source list at its end).
PAIRS = {
    "totals then reactions": (["aid", "--totals", "-f", str(TOTALS)], ["reactions"]),
    "figures then brief": (["figures"], ["brief"]),
    "brief then aid": (["brief"], ["aid"]),
    "outlook then actors": (["outlook"], ["actors", "--match", "Mayor"]),
}


def output(args: list[str]) -> str:
    if "-f" not in args:
        args = [*args, "-f", str(MINIMAL)]
    result = CliRunner().invoke(app, args, obj=PIPE)
    assert result.exit_code == 0, result.output
    return result.stdout


def markdown_it_blocks(text: str) -> list[Block]:
    """The top-level blocks as markdown-it reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    for at, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1:
            continue
        if token.type == "heading_open":
            blocks.append(("heading", token.tag, tokens[at + 1].content))
        elif token.type == "paragraph_open":
            blocks.append(("paragraph", tokens[at + 1].content))
        elif token.type == "table_open":
            end = next(n for n in range(at, len(tokens)) if tokens[n].type == "table_close")
            rows = [t for t in tokens[at:end] if t.type == "tr_open"]
            blocks.append(("table", len(rows) - 1))  # the header row is not a row of data
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = next(n for n in range(at, len(tokens)) if tokens[n].level == 0 and n > at)
            items = [t for t in tokens[at:end] if t.type == "list_item_open" and t.level == 1]
            blocks.append(("list", len(items)))
        elif token.type == "html_block":
            blocks.append(("html", token.content))
        else:
            blocks.append((token.type,))
    return blocks


def pandoc_blocks(text: str, reader: str) -> list[Block]:
    """The top-level blocks of pandoc's AST (`-f markdown`, pandoc's own reader, or `gfm`)."""
    ast = json.loads(run_pandoc(["-f", reader, "-t", "json"], text).stdout)
    blocks: list[Block] = []
    for block in ast["blocks"]:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            blocks.append(("heading", content[0], json.dumps(content[2])))
        elif kind in ("Para", "Plain"):
            blocks.append(("paragraph", json.dumps(content)))
        elif kind == "Table":
            bodies = content[4]
            blocks.append(("table", sum(len(body[3]) for body in bodies)))
        elif kind in ("BulletList", "OrderedList"):
            items = content if kind == "BulletList" else content[1]
            blocks.append(("list", len(items)))
        else:
            blocks.append((kind, json.dumps(content)))
    return blocks


READERS: dict[str, Callable[[str], list[Block]]] = {
    "markdown-it": markdown_it_blocks,
    "pandoc markdown": lambda text: pandoc_blocks(text, "markdown"),
    "pandoc gfm": lambda text: pandoc_blocks(text, "gfm"),
    "cmark-gfm": cmark_gfm_blocks,
}
INSTALLED = {
    "markdown-it": pytest.param("markdown-it"),
    "pandoc markdown": pytest.param("pandoc markdown", marks=NEEDS_PANDOC),
    "pandoc gfm": pytest.param("pandoc gfm", marks=NEEDS_PANDOC),
    "cmark-gfm": pytest.param("cmark-gfm", marks=NEEDS_CMARK_GFM),
}


@pytest.mark.parametrize("reader", INSTALLED.values())
@pytest.mark.parametrize("pair", PAIRS)
def test_appended_outputs_keep_their_blocks(reader: str, pair: str) -> None:
    first, second = (output(args) for args in PAIRS[pair])
    note = first + PERSON + "\n" + second  # as `>>`, `echo`, `>>` leave it
    read = READERS[reader]
    alone = read(PERSON + "\n")
    assert len(alone) == 1 and alone[0][0] == "paragraph"
    expected = read(first) + alone + read(second)
    assert read(note) == expected
    # The check has teeth: the same outputs without their blank lines do not pass.
    squeezed = first.strip("\n") + "\n" + PERSON + "\n" + second.strip("\n") + "\n"
    assert read(squeezed) != expected
