"""Citations are values, never read back out of text (issue 24, item 4).

A cell that cites a source holds a `Cited`: its words and the sources it cites. The brief
draws each citation as a link to the numbered source (Markdown, HTML) or as `[@id]` for
pandoc; every other format prints the words and the label. Text from the file is never a
`Cited`, so a role titled `Mayor [1]` or a note reading `see [2]` stays text in every format.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.report import Cited
from tests.conftest import MINIMAL, invoked

FORGED = "Mayor [1]"


def forged(tmp_path: Path) -> Path:
    """The minimal briefing with a role titled like a citation, and a note that looks like
    one: neither may become a link to source 1."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count("title: Mayor\n") == 1
    text = text.replace("title: Mayor\n", f"title: {FORGED}\n")
    path = tmp_path / "forged.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_cited_value_is_its_label_as_text_and_keeps_its_parts() -> None:
    cited = Cited("Mayor [Test Desk, 2020]", "Mayor", (("src-desk", None),))
    assert cited == "Mayor [Test Desk, 2020]" and isinstance(cited, str)
    assert (cited.words, cited.cites) == ("Mayor", (("src-desk", None),))
    import copy
    import pickle

    for again in (copy.copy(cited), pickle.loads(pickle.dumps(cited))):
        assert isinstance(again, Cited) and again.cites == cited.cites


@pytest.mark.parametrize(
    "args",
    [["brief"], ["brief", "--cite", "pandoc"], ["brief", "--format", "html"]],
    ids=["markdown", "pandoc", "html"],
)
def test_text_that_looks_like_a_citation_is_never_linked(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    path = forged(tmp_path)
    out = invoked(runner, ["-f", str(path), *args]).stdout
    out = re.sub(r'<span class="date">([^<]*)</span>', r"\1", out)  # dates kept whole
    lines = [line for line in out.splitlines() if "Harbour Town Council (2018" in line]
    assert len(lines) >= 2  # the issue's actors, and the actors' roles (a citing column)
    for line in lines:
        check_role_line(line, args)


def check_role_line(line: str, args: list[str]) -> None:
    """The title's own "[1]" is text; the role's real citation follows it, and is a link."""
    if "html" in args:
        assert "Mayor [1], Harbour" in line and not re.search(r"Mayor <a", line)
        assert '<a class="cite" href="#cite-' in line
    elif "pandoc" in args:
        assert "Mayor \\[1\\], Harbour" in line and "[@src-" in line
    else:  # the citation links to the source's own address, never to an anchor
        assert "Mayor \\[1\\], Harbour" in line and "](<https://example.org/" in line
        assert "Mayor [\\[1\\]](" not in line and "](#" not in line


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "plain"])
def test_other_formats_print_the_title_as_written(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    out = invoked(runner, ["-f", str(forged(tmp_path)), "actors", "--format", fmt]).stdout
    assert "Mayor [1]" in out.replace("\\[", "[").replace("\\]", "]")
    assert "#cite-" not in out and "[@" not in out


def test_the_sources_list_links_what_each_source_cites(runner: CliRunner) -> None:
    """A source that cites another says so by the other's number, linked to its address
    where it has one."""
    from raqqa_cli.briefing.load import load_briefing

    sources = load_briefing(None).sources
    out = invoked(runner, ["brief"]).stdout
    checked = 0
    for number, source in enumerate(sources, 1):
        [line] = [x for x in out.splitlines() if x.startswith(f"{number}. **")]
        for cited in source.cites:
            other = [s.id for s in sources].index(cited) + 1
            locator = sources[other - 1].locator or ""
            drawn = (
                f"[\\[{other}\\]](<{locator}>)" if locator.startswith("http") else f"\\[{other}\\]"
            )
            assert drawn in line.split(" Cites ", 1)[1], (number, drawn)
            checked += 1
    assert checked
