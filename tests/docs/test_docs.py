"""The documents stay true (issue 24, item 7): the generated reference is current, the README
stays short, and every page it links to exists.

`docs/cli.md` and `docs/raqqa.1` are made from the command declarations by
`python -m raqqa_cli.cli.docgen`; this fails when either differs from what the current
declarations make (run that command, then read the diff). `UPDATE_DOCS=1` rewrites them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from raqqa_cli.cli import docgen
from raqqa_cli.cli.commandline import COMMANDS, ENVIRONMENT, EXIT_STATUSES

ROOT = Path(__file__).parent.parent.parent
README = ROOT / "README.md"


@pytest.mark.parametrize("path", sorted(docgen.GENERATED))
def test_the_generated_reference_is_current(path: str) -> None:
    made = docgen.GENERATED[path]()
    target = ROOT / path
    if os.environ.get("UPDATE_DOCS"):
        target.write_text(made, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == made, (
        f"{path} is out of date: run python -m raqqa_cli.cli.docgen"
    )


def test_the_reference_names_every_command_option_variable_and_status() -> None:
    reference = docgen.cli_markdown()
    page = docgen.man_page()
    for command in COMMANDS:
        assert f"## `raqqa {command.path}`" in reference
        assert f'.SS "raqqa {command.path}'.replace("-", "\\-") in page
        for option in command.options:
            assert option.flags[0] in reference
            assert option.flags[0].replace("-", "\\-") in page
    for name, _ in ENVIRONMENT:
        assert f"`{name}`" in reference
    for code, _ in EXIT_STATUSES:
        assert f"| {code} |" in reference and f"\\fB{code}\\fR" in page


def test_the_man_page_is_only_macros_and_text() -> None:
    known = {"TH", "SH", "SS", "B", "TP", "PP", "RS", "RE", "nf", "fi", '\\"'}
    for line in docgen.man_page().splitlines():
        if line.startswith((".", "'")):
            assert line[1:].split(" ", 1)[0] in known, line


def test_the_readme_is_short_and_its_links_resolve() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 320
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert "docs/tour.md" in links and "docs/knowledge-file.md" in links
    for link in links:
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link


def test_every_page_under_docs_is_linked_from_the_readme_or_its_index() -> None:
    text = README.read_text(encoding="utf-8")
    index = (ROOT / "docs" / "decisions" / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{page.name}" in text, page.name
    for decision in sorted((ROOT / "docs" / "decisions").glob("0*.md")):
        assert f"]({decision.name})" in index, decision.name
        head = decision.read_text(encoding="utf-8").splitlines()
        assert head[0].startswith("# ") and re.match(r"Recorded: \d{4}-\d{2}-\d{2}", head[2])
