"""A shelf: `-f DIR`, `-f` given again, `RAQQA_BRIEFING` naming a folder.

Every command runs on each briefing and answers once: each record names its briefing, an id
two briefings define apart is qualified, an entry of a shared registry is one entry, and
nothing is added across briefings. On the shelf of examples/ and on small shelves made
here, whose clashes and shared entries are known.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.shelf import members_of, names_of
from raqqa_cli.cli.commandline import COMMANDS
from raqqa_cli.errors import ExitCode
from tests.conftest import MINIMAL, invoked, json_records

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"

REGISTRY = """\
# Shared by a.yaml and b.yaml.
sources:
  - id: src-registry
    title: Who is who
    publisher: Registry Desk
    kind: dataset
    date: 2020-01-01
actors:
  - id: act-shared
    name: Shared Agency
    kind: organisation
    aliases: [SA]
    source: src-registry
"""


def shelf(folder: Path) -> Path:
    """Two briefings, `a` and `b`, made from the minimal one: both include one registry;
    `b` names its mayor otherwise and speaks of a Shared Agency statement. Every id the
    minimal briefing defines is in both files: a clash; `act-shared` is the registry's."""
    (folder / "registry").mkdir(parents=True, exist_ok=True)
    (folder / "registry" / "people.yaml").write_text(REGISTRY, encoding="utf-8")
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace(
        "schema_version: 1\n", "schema_version: 1\ninclude: [registry/people.yaml]\n"
    )
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    other = text.replace(
        "title: Harbour Town after the Storm\n  publisher: Test Desk\n  published",
        "title: Harbour Town, a Year On\n  publisher: Test Desk\n  published",
        1,
    )
    other = other.replace("name: Ada Mayor\n", "name: Ada Mayor-Quinn\n", 1)
    (folder / "b.yaml").write_text(other, encoding="utf-8")  # fmt: skip
    return folder


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RAQQA_SHELF_ROOT", str(tmp_path))
    return shelf(tmp_path / "desk")


# -- which briefings a shelf is ------------------------------------------------------------


def test_a_folder_is_its_briefings_not_its_registries(made: Path) -> None:
    (made / "notes.txt").write_text("not yaml", encoding="utf-8")
    (made / ".hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    members = members_of(str(made))
    assert members is not None
    assert [(m.path, m.name) for m in members] == [
        (str(made / "a.yaml"), "a"),
        (str(made / "b.yaml"), "b"),
    ]
    # A registry directly in the folder is not a briefing either.
    (made / "reg.yaml").write_text(REGISTRY, encoding="utf-8")
    assert [m.name for m in members_of(str(made)) or []] == ["a", "b"]


def test_one_file_is_no_shelf_and_a_file_twice_is_read_once(made: Path) -> None:
    assert members_of(str(made / "a.yaml")) is None
    assert members_of(None) is None
    twice = members_of([str(made / "a.yaml"), str(made / "a.yaml")])
    assert twice is not None and [m.name for m in twice] == ["a"]


def test_names_are_stems_or_paths_where_stems_are_alike() -> None:
    assert names_of(["x/a.yaml", "y/b.yml", "-"]) == ["a", "b", "stdin"]
    assert names_of(["x/a.yaml", "y/a.yaml"]) == ["x/a", "y/a"]


def test_an_empty_folder_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    from raqqa_cli.cli.app import app

    result = runner.invoke(app, ["-f", str(tmp_path), "actors"])
    assert result.exit_code == ExitCode.BAD_BRIEFING
    assert "no briefing in this folder" in result.stderr
    assert "Traceback" not in result.output


# -- every command, each record naming its briefing ------------------------------------------


def _reads_a_briefing(command: Any) -> bool:
    return command.path not in {"init", "schema", "help", "diff", "notes refresh"}


RECORD_COMMANDS = [
    [command.path]
    for command in COMMANDS
    if _reads_a_briefing(command)
    and "json" in command.formats
    and not any(arg.required for arg in command.args)
] + [
    ["aid", "--totals"],
    ["aid", "--by", "briefing"],
    ["aid", "--coverage"],
    ["aid", "--chart"],
    ["actors", "Christos Stylianides"],
    ["search", "appeal"],
]


@pytest.mark.parametrize("args", RECORD_COMMANDS, ids=" ".join)
def test_every_record_names_its_briefing_on_the_examples(
    runner: CliRunner, args: list[str]
) -> None:
    records = json_records(runner, ["-f", str(EXAMPLES), *args])
    files = {str(p) for p in EXAMPLES.glob("*.yaml")} | {
        str(p) for p in (EXAMPLES / "registry").glob("*.yaml")
    }
    shown = {os.path.realpath(r["briefing"]) for r in records}
    assert shown <= {os.path.realpath(f) for f in files}, shown
    if args[0] not in {"votes", "errata"} and args != ["actors", "Christos Stylianides"]:
        # Questions every briefing of the shelf answers: each answers under its name.
        assert len(shown) >= 3, (args, shown)


@pytest.mark.parametrize(
    "args", [["actors", "Christos Stylianides"], ["search", "appeal"], ["timeline"]], ids=" ".join
)
def test_each_hit_is_under_its_own_briefing_and_source(runner: CliRunner, args: list[str]) -> None:
    """The issue's three questions across the shelf: every record's ids resolve in the
    briefing it names (a qualified id in that briefing, by its bare id), and its source too."""
    records = json_records(runner, ["-f", str(EXAMPLES), *args])
    assert records
    indexes: dict[str, Index] = {}
    named = {m.name: m.path for m in members_of(str(EXAMPLES)) or []}
    briefings = set()
    for record in records:
        path = record["briefing"]
        if path not in indexes:
            indexes[path] = Index(load_briefing(path))
        index = indexes[path]
        briefings.add(path)
        for key in ("id", "source_id"):
            value = record.get(key)
            if value:
                qualifier, _, bare = value.rpartition(":")
                if qualifier:
                    assert Path(named[qualifier]).samefile(path), record
                assert index.get(bare) is not None, (key, record)
    assert len(briefings) >= 2, briefings


def test_the_examples_shelf_shares_a_registry(runner: CliRunner) -> None:
    """examples/ is a working shelf: at least three examples include one registry, and an
    entry of it is one entry (its id unqualified) wherever it is found."""
    including = [p.name for p in sorted(EXAMPLES.glob("*.yaml")) if load_briefing(str(p)).include]
    assert len(including) >= 3, including
    actors = json_records(runner, ["-f", str(EXAMPLES), "actors"])
    from_registry = [r for r in actors if "/registry/" in r["briefing"]]
    assert from_registry
    assert all(":" not in r["id"] for r in from_registry)
    ids = [r["id"] for r in from_registry]
    assert len(ids) == len(set(ids))  # each shared actor once


def test_an_actor_across_the_examples(runner: CliRunner) -> None:
    """`raqqa -f examples/ actors NAME`: what links to one person in every briefing that
    names them, each under its briefing; a name no briefing knows is an error, as on one
    file."""
    from raqqa_cli.cli.app import app

    records = json_records(runner, ["-f", str(EXAMPLES), "actors", "Christos Stylianides"])
    names = {Path(r["briefing"]).stem for r in records}
    assert {"appeal-nepal-2015", "brussels-2017"} <= names
    missing = runner.invoke(app, ["-f", str(EXAMPLES), "actors", "Nobody Ever-Named"])
    assert missing.exit_code == 2
    assert "Nobody Ever-Named" in missing.stderr


def test_the_time_line_across_the_examples_is_in_date_order(runner: CliRunner) -> None:
    records = json_records(runner, ["-f", str(EXAMPLES), "timeline"])
    dates = [r["date"] for r in records]
    assert dates == sorted(dates)
    assert len({r["briefing"] for r in records}) == 4


def test_an_id_no_briefing_has_is_one_error_saying_what_each_said(runner: CliRunner) -> None:
    """Where no briefing of the shelf answers, the error is not the first briefing's alone
    (`this briefing records no decisions`, while another has four): what each said, once,
    under their names, after what all say; one line, exit status 2."""
    from raqqa_cli.cli.app import app

    result = runner.invoke(app, ["-f", str(EXAMPLES), "votes", "dec-32"])
    assert result.exit_code == ExitCode.USAGE
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("raqqa: error: no decision has the id 'dec-32'; ")
    assert "unsc-8228-2018: did you mean 'dec-322'?" in lines[0]
    assert "appeal-nepal-2015, brussels-2017, idai-2019: this briefing records no" in lines[0]
    assert lines[0].count("no decision has the id") == 1
    # Where every briefing says the same, it is said as one briefing says it.
    same = runner.invoke(app, ["-f", str(EXAMPLES), "actors", "Nobody Atall"])
    assert same.stderr.startswith("raqqa: error: no actor goes by 'Nobody Atall'; `raqqa -f ")


@pytest.mark.parametrize("readers", [False, True])
def test_a_shared_entry_s_record_is_drawn_once_and_what_links_to_it_per_briefing(
    runner: CliRunner, readers: bool
) -> None:
    """`show act-us` on the examples, for people: the registry's entry's own fields once,
    headed by the registry; what links to it in each briefing under that briefing; every
    row machines get, drawn once (Markdown's table rows against the JSON records)."""
    audience = ["--for", "readers"] if readers else []
    text = invoked(
        runner, ["-f", str(EXAMPLES), "show", "act-us", "--format", "markdown", *audience]
    ).stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert [h for h in headings if h.startswith("## registry/actors: ")] == headings[:1]
    assert len(headings) == 5, headings
    blocks = text.split("\n## ")
    assert sum("| name | United States |" in block for block in blocks) == 1
    cells = [
        line
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith(("| Field", "| -----"))
    ]
    assert len(cells) == len(json_records(runner, ["-f", str(EXAMPLES), "show", "act-us"]))


def test_people_are_told_why_an_id_is_written_with_its_briefing_s_name(
    runner: CliRunner,
) -> None:
    """`appeal-nepal-2015:iss-donors` beside `iss-coverage` in one table: a note says why,
    with an id the table shows; where nothing is qualified, no such note."""
    text = invoked(runner, ["-f", str(EXAMPLES), "issues", "--format", "markdown"]).stdout
    notes = [line for line in text.splitlines() if "written with its briefing's name" in line]
    assert len(notes) == 1, notes
    example = re.search(r"\(([\w-]+:[\w-]+)\)", notes[0])
    assert example is not None
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert any(f"| {example[1]} |" in line for line in table), example[1]
    votes = invoked(runner, ["-f", str(EXAMPLES), "votes", "--format", "markdown"]).stdout
    assert "written with its briefing's name" not in votes


def test_the_shelf_at_a_glance_says_what_each_briefing_is(runner: CliRunner) -> None:
    """`raqqa -f DIR` alone: each briefing's rows under its name, and each briefing's title
    (the heading it has alone), said once, under the table."""
    text = invoked(runner, ["-f", str(EXAMPLES), "--format", "markdown"]).stdout
    for member in members_of(str(EXAMPLES)) or []:
        title = load_briefing(member.path).briefing.title
        assert text.count(f"- {member.name}: {title} (") == 1, member.name
    assert text.splitlines()[1] == "## Across 4 briefings"


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["votes", "dec-321"], "unsc-8228-2018"),
        (["search", "Haley"], "unsc-8228-2018"),
        (["aid", "--totals"], None),  # three briefings answer: no one of them is named
    ],
)
def test_an_answer_from_one_briefing_names_it_in_its_heading(
    runner: CliRunner, args: list[str], name: str | None
) -> None:
    text = invoked(runner, ["-f", str(EXAMPLES), *args, "--format", "markdown"]).stdout
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    names = [m.name for m in members_of(str(EXAMPLES)) or []]
    assert [n for n in names if heading.startswith(f"## {n}: ")] == ([name] if name else [])
    # Named in the heading, not again in a column or a note; machines keep it per record.
    header = next(line for line in text.splitlines() if line.startswith("| "))
    assert ("| Briefing |" in header) == (name is None)
    assert "Briefing:" not in text
    records = json_records(runner, ["-f", str(EXAMPLES), *args])
    briefings = {r["briefing"] for r in records}
    if name:
        assert briefings == {str(EXAMPLES / f"{name}.yaml")}
    else:
        assert len(briefings) > 1, briefings


@pytest.mark.parametrize("width", [40, 60, 100])
def test_the_time_line_on_a_terminal_names_each_event_s_briefing_whole(width: int) -> None:
    """On a terminal every event begins with its briefing's name, never cut, at 40
    columns too (where the dates stand above their events rather than in a gutter that
    would leave the events a third of the line)."""
    from raqqa_cli.cli.app import app
    from raqqa_cli.terminal import Terminal

    drawn = CliRunner().invoke(
        app, ["-f", str(EXAMPLES), "timeline"], obj=Terminal(is_tty=True, width=width)
    )
    assert drawn.exit_code == 0, drawn.output
    names = {m.name for m in members_of(str(EXAMPLES)) or []}
    events = [line.split("\u25cf ", 1)[1] for line in drawn.stdout.splitlines() if "\u25cf" in line]
    assert len(events) == len(json_records(CliRunner(), ["-f", str(EXAMPLES), "timeline"]))
    assert all(any(e.startswith(f"{name}: ") for name in names) for e in events), events
    assert all(len(line) <= width for line in drawn.stdout.splitlines())


def test_a_search_across_the_examples_in_markdown_labels_each_row(runner: CliRunner) -> None:
    text = invoked(runner, ["-f", str(EXAMPLES), "search", "appeal", "--format", "markdown"]).stdout
    header = next(line for line in text.splitlines() if line.startswith("| "))
    assert header.split("|")[1].strip() == "Briefing"
    labels = {line.split("|")[1].strip() for line in text.splitlines()[2:] if line.startswith("| ")}
    assert {"appeal-nepal-2015", "brussels-2017"} <= labels


# -- ids: clashes qualified, shared entries one ------------------------------------------------


def test_a_clash_is_qualified_and_a_shared_entry_is_one(runner: CliRunner, made: Path) -> None:
    records = json_records(runner, ["-f", str(made), "actors"])
    by_id = {r["id"]: r for r in records}
    # Defined in both briefings: never merged, each under its own name.
    assert {"a:act-mayor", "b:act-mayor", "a:act-town", "b:act-town"} <= set(by_id)
    assert by_id["a:act-mayor"]["name"] == "Ada Mayor"
    assert by_id["b:act-mayor"]["name"] == "Ada Mayor-Quinn"
    assert "act-mayor" not in by_id
    # The registry's actor: one row, under the registry's file, its id as written.
    shared = [r for r in records if r["id"] == "act-shared"]
    assert len(shared) == 1
    assert Path(shared[0]["briefing"]).resolve() == (made / "registry" / "people.yaml").resolve()
    # Every id column qualifies the same way: a source id too.
    assert by_id["a:act-mayor"]["source_id"] == "a:src-desk"
    assert shared[0]["source_id"] == "src-registry"


def test_a_qualified_id_names_one_briefing(runner: CliRunner, made: Path) -> None:
    records = json_records(runner, ["-f", str(made), "show", "b:act-mayor"])
    assert {Path(r["briefing"]).name for r in records} == {"b.yaml"}
    assert any(r["value"] == "Ada Mayor-Quinn" for r in records)
    both = json_records(runner, ["-f", str(made), "show", "act-mayor"])
    assert {Path(r["briefing"]).name for r in both} == {"a.yaml", "b.yaml"}


def test_bibliographies_keep_each_source_once_and_qualify_clashes(
    runner: CliRunner, made: Path
) -> None:
    items = json.loads(invoked(runner, ["-f", str(made), "sources", "--format", "csl-json"]).stdout)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert ids.count("src-registry") == 1
    # src-desk is alike in both files, but two briefings' own: is it one entry? The same
    # bytes do not make it so, yet a bibliography lists a work once: kept once.
    assert "src-wire" in ids or {"a:src-wire", "b:src-wire"} <= set(ids)
    bib = invoked(runner, ["-f", str(made), "sources", "--format", "bibtex"]).stdout
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE)
    assert len(keys) == len(set(keys))
    assert "src-registry" in keys


# -- totals never add across briefings ---------------------------------------------------------


def test_totals_never_add_across_briefings(runner: CliRunner, made: Path) -> None:
    """Both briefings hold the same EUR 500,000 package: two rows of 500,000, one per
    briefing, never one of 1,000,000."""
    records = json_records(runner, ["-f", str(made), "aid", "--totals"])
    euros = [r for r in records if r["unit"] == "EUR" and r["status"] == "announced"]
    assert sorted((Path(r["briefing"]).name, r["total"]) for r in euros) == [
        ("a.yaml", 500000),
        ("b.yaml", 500000),
    ]
    assert all(r["total"] != 1000000 for r in records)
    by_briefing = json_records(runner, ["-f", str(made), "aid", "--by", "briefing"])
    assert [(Path(r["briefing"]).name, r["status"], r["unit"]) for r in by_briefing] == [
        (Path(r["briefing"]).name, r["status"], r["unit"]) for r in records
    ]


def test_by_briefing_on_one_file_names_it(runner: CliRunner) -> None:
    records = json_records(runner, ["-f", str(MINIMAL), "aid", "--by", "briefing"])
    alone = json_records(runner, ["-f", str(MINIMAL), "aid", "--totals"])
    assert {r["briefing"] for r in records} == {str(MINIMAL)}
    assert [{k: v for k, v in r.items() if k != "briefing"} for r in records] == alone


# -- the answer does not depend on the order the briefings are named in -------------------------


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(["appeal-nepal-2015", "brussels-2017", "idai-2019", "unsc-8228-2018"]))
def test_computed_answers_are_the_same_in_any_order(runner: CliRunner, order: list[str]) -> None:
    """Totals, coverage, conflicts and the time line of `-f a -f b ...` are the same
    whatever the order the briefings are named in; listings keep that order."""
    named = [arg for name in order for arg in ("-f", str(EXAMPLES / f"{name}.yaml"))]
    sorted_named = [arg for name in sorted(order) for arg in ("-f", str(EXAMPLES / f"{name}.yaml"))]

    def key(record: dict[str, Any]) -> str:
        return json.dumps(record, sort_keys=True)

    for args in (["aid", "--totals"], ["aid", "--coverage"], ["conflicts"]):
        mine = json_records(runner, [*named, *args])
        base = json_records(runner, [*sorted_named, *args])
        assert sorted(map(key, mine)) == sorted(map(key, base)), args
    assert json_records(runner, [*named, "timeline"]) == json_records(
        runner, [*sorted_named, "timeline"]
    )
    listed = json_records(runner, [*named, "actors"])
    firsts = list(
        dict.fromkeys(Path(r["briefing"]).stem for r in listed if "/registry/" not in r["briefing"])
    )
    assert firsts == [name for name in order if name in firsts]


# -- how a shelf is named ------------------------------------------------------------------------


def test_f_given_again_and_a_folder_and_the_environment_agree(
    runner: CliRunner, made: Path
) -> None:
    from raqqa_cli.cli.app import app

    folder = json_records(runner, ["-f", str(made), "actors"])
    again = json_records(runner, ["-f", str(made / "a.yaml"), "-f", str(made / "b.yaml"), "actors"])
    assert folder == again
    after = json_records(runner, ["actors", "-f", str(made / "a.yaml"), "-f", str(made / "b.yaml")])
    assert after == folder
    env = CliRunner(env={"RAQQA_BRIEFING": str(made), "NO_COLOR": None})
    result = env.invoke(app, ["actors", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == folder


def test_the_environment_names_one_path_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder with a space in its name, in RAQQA_BRIEFING, is one path, through typer's
    reader too (`-fPATH` is typer's to read)."""
    from raqqa_cli.cli.app import app

    monkeypatch.setenv("RAQQA_SHELF_ROOT", str(tmp_path))
    spaced = shelf(tmp_path / "my desk")
    env = CliRunner(env={"RAQQA_BRIEFING": str(spaced), "NO_COLOR": None})
    for args in (["actors", "--format", "json"], ["actors", "--format=json"]):
        result = env.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert {Path(r["briefing"]).name for r in json.loads(result.stdout)} >= {"a.yaml", "b.yaml"}


def test_o_never_names_a_briefing_of_the_shelf(runner: CliRunner, made: Path) -> None:
    from raqqa_cli.cli.app import app

    before = (made / "b.yaml").read_bytes()
    result = runner.invoke(app, ["-f", str(made), "actors", "-o", str(made / "b.yaml"), "--force"])
    assert result.exit_code != 0
    assert (made / "b.yaml").read_bytes() == before


def test_validate_checks_every_briefing_and_registry(runner: CliRunner, made: Path) -> None:
    from raqqa_cli.cli.app import app

    result = runner.invoke(app, ["validate", str(made)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{made / 'a.yaml'}: valid briefing") for line in lines)
    assert any(line.startswith(f"{made / 'b.yaml'}: valid briefing") for line in lines)
    assert any("people.yaml: valid registry" in line for line in lines)
    # One broken briefing: located in its own file, and the status says so.
    broken = (made / "b.yaml").read_text(encoding="utf-8").replace("kind: person", "kind: wizard")
    (made / "b.yaml").write_text(broken, encoding="utf-8")
    failed = runner.invoke(app, ["validate", str(made)])
    assert failed.exit_code == ExitCode.BAD_BRIEFING
    assert re.search(r"b\.yaml:\d+:\d+: .*kind", failed.stderr)
    assert f"{made / 'a.yaml'}: valid briefing" in failed.stdout
    # Any other command stops at the broken briefing, naming it.
    other = runner.invoke(app, ["-f", str(made), "actors"])
    assert other.exit_code == ExitCode.BAD_BRIEFING
    assert "b.yaml" in other.stderr


def test_a_brief_of_a_shelf_is_each_brief_in_turn(runner: CliRunner, made: Path) -> None:
    from html.parser import HTMLParser

    note = invoked(runner, ["-f", str(made), "brief", "--format", "markdown"]).stdout
    titles = [line for line in note.splitlines() if line.startswith("# ")]
    assert titles == ["# Harbour Town after the Storm", "# Harbour Town, a Year On"]
    page = invoked(runner, ["-f", str(made), "brief", "--format", "html"]).stdout
    assert page.count("<html") == 1 and page.count("</html>") == 1
    ids: list[str] = []

    class Anchors(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            ids.extend(v for k, v in attrs if k == "id" and v)

    Anchors().feed(page)
    assert len(ids) == len(set(ids)), "an anchor is used twice"
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in ids, target


def test_csv_of_a_shelf_is_one_table(runner: CliRunner, made: Path) -> None:
    text = invoked(runner, ["-f", str(made), "timeline", "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(row["briefing"] for row in rows)
    assert {Path(row["briefing"]).name for row in rows} == {"a.yaml", "b.yaml"}


def test_completion_offers_the_names_of_every_briefing_of_the_shelf(made: Path) -> None:
    """`raqqa -f DIR actors Ada<TAB>`: the names of each briefing's actors, and the shared
    registry's; `-f` given again as well."""
    from tests.cli.test_completion import bash

    offered = bash(f"raqqa -f {made} actors Ada")
    assert {"Ada Mayor", "Ada Mayor-Quinn"} <= {line.replace("\\", "") for line in offered}
    shared = bash(f"raqqa -f {made / 'a.yaml'} -f {made / 'b.yaml'} actors Shared")
    assert [line.replace("\\", "") for line in shared] == ["Shared Agency"]


def test_a_note_block_may_ask_a_shelf(runner: CliRunner, made: Path) -> None:
    """`<!-- raqqa: -f desk/ actors "Mayor Ada" -->` (a folder relative to the note) and
    `-f` given twice in a block: refreshed as the command line answers, each row under its
    briefing."""
    from raqqa_cli.cli.app import app

    note = made.parent / "note.md"
    note.write_text(
        '# Desk\n\n<!-- raqqa: -f desk/ actors "Mayor Ada" -->\n<!-- /raqqa -->\n\n'
        "<!-- raqqa: -f desk/a.yaml -f desk/b.yaml timeline -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["notes", "refresh", str(note)])
    assert result.exit_code == 0, result.output
    text = note.read_text(encoding="utf-8")
    tables = [line for line in text.splitlines() if line.startswith("| ")]
    rows = [line.split("|")[1].strip() for line in tables if not line.startswith("| Briefing")]
    assert {"a", "b"} <= set(rows), text
    assert text.count("| Briefing |") == 2
    again = runner.invoke(app, ["notes", "refresh", str(note), "--check"])
    assert again.exit_code == 0, again.output


def test_an_id_is_qualified_even_where_one_briefing_answers(runner: CliRunner, made: Path) -> None:
    """Only `b` names Ada Mayor-Quinn; `act-mayor` is still `b:act-mayor`, since `a` defines
    an act-mayor of its own, and `show act-mayor` would find both."""
    records = json_records(runner, ["-f", str(made), "actors", "Ada Mayor-Quinn"])
    assert {Path(r["briefing"]).name for r in records} == {"b.yaml"}
    assert records and all(r["actor_id"] == "b:act-mayor" for r in records)
    holder = [r for r in records if r["role"] == "holder"]
    assert holder and all(r["id"] == "b:act-mayor" for r in holder)


def test_o_writes_a_shelf_s_answer(runner: CliRunner, made: Path, tmp_path: Path) -> None:
    from raqqa_cli.cli.app import app

    out = tmp_path / "actors.json"
    result = runner.invoke(app, ["-f", str(made), "actors", "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == json_records(runner, ["-f", str(made), "actors"])


def test_notes_are_said_once_and_counted_past_three_briefings(tmp_path: Path) -> None:
    from raqqa_cli.briefing.shelf import Identities, Member
    from raqqa_cli.report import Column, Report
    from raqqa_cli.reports.shelf import across

    column = (Column("x", "X"),)
    parts = [
        (Member(f"{n}.yaml", str(n)), Report("T", column, (("v",),), notes=notes))
        for n, notes in enumerate(
            [("all", "most"), ("all", "most"), ("all", "most", "two"), ("all", "most", "two"),
             ("all",)]
        )
    ]  # fmt: skip
    notes = across(parts, Identities({}, {})).notes
    assert notes == ("all", "4 of 5 briefings: most", "2, 3: two")


@pytest.mark.parametrize("absolute", [False, True])
def test_a_registry_row_is_named_as_its_briefings_are(
    runner: CliRunner, made: Path, absolute: bool
) -> None:
    """`-f desk` names the registry `desk/registry/people.yaml`; an absolute folder, its
    absolute path: a record's `briefing` is always a path to open from where raqqa ran."""
    folder = str(made) if absolute else "desk"
    records = json_records(runner, ["-f", folder, "actors"])
    shared = [r for r in records if r["id"] == "act-shared"]
    expected = str(Path(folder) / "registry" / "people.yaml")
    assert [r["briefing"] for r in shared] == [expected]
    assert all(Path(r["briefing"]).is_file() for r in records)


def test_a_part_of_a_briefing_s_entry_is_that_briefing_s(runner: CliRunner, made: Path) -> None:
    """`issues iss-flooding` on the shelf: the issue's actors are its briefing's parts, even
    an actor of the shared registry; only a row about the registry's entry itself is the
    registry's, once, labelled by its path (`registry/people`), never as a briefing."""
    text = (made / "b.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "actors: [act-town, act-mayor]", "actors: [act-town, act-mayor, act-shared]"
    )
    (made / "b.yaml").write_text(text, encoding="utf-8")
    parts = json_records(runner, ["-f", str(made), "issues", "b:iss-flooding"])
    shared = [r for r in parts if r.get("who_id") == "act-shared"]
    assert shared and all(Path(r["briefing"]).name == "b.yaml" for r in shared)
    hits = json_records(runner, ["-f", str(made), "search", "Shared Agency"])
    own = [r for r in hits if r["id"] == "act-shared"]
    assert own and {r["briefing"] for r in own} == {str(made / "registry" / "people.yaml")}
    alone = json_records(runner, ["-f", str(made / "a.yaml"), "search", "Shared Agency"])
    assert len(own) == len([r for r in alone if r["id"] == "act-shared"])  # said once
    table = invoked(runner, ["-f", str(made), "search", "Shared Agency", "--format", "markdown"])
    assert "| registry/people |" in table.stdout


def test_suggestions_name_the_shelf_as_it_was_named(runner: CliRunner, made: Path) -> None:
    from raqqa_cli.cli.app import app

    result = runner.invoke(app, ["-f", str(made), "show", "nosuch"])
    assert result.exit_code == 2
    assert f"raqqa -f {made} search TEXT" in result.stderr


def test_the_time_line_on_a_terminal_names_each_event_s_briefing(
    runner: CliRunner, made: Path
) -> None:
    from raqqa_cli.terminal import Terminal

    shown = invoked(
        runner,
        ["-f", str(made), "timeline", "--format", "table"],
        Terminal(is_tty=False, width=100),
    ).stdout
    assert "a: " in shown and "b: " in shown


@pytest.mark.parametrize("args", [["actors"], ["search", "Guterres"], ["places"]], ids=" ".join)
def test_readers_see_the_rows_analysts_see(runner: CliRunner, args: list[str]) -> None:
    """`--for readers` drops the ids, not the decision which rows a shared registry's entry
    says once: the same rows, under the same labels, as without it."""

    def labels(*more: str) -> list[str]:
        text = invoked(runner, ["-f", str(EXAMPLES), *args, "--format", "markdown", *more])
        rows = [line for line in text.stdout.splitlines() if line.startswith("| ")][1:]
        return [row.split("|")[1].strip() for row in rows if not row.startswith("| Briefing")]

    analysts, readers = labels(), labels("--for", "readers")
    assert readers == analysts
    assert "registry/actors" in analysts or args == ["places"]


def test_a_fifo_or_a_folder_named_yaml_in_a_shelf_is_never_opened(
    runner: CliRunner, made: Path
) -> None:
    """A FIFO (which would hang a read) and a folder called `x.yaml` are not briefings."""
    os.mkfifo(made / "pipe.yaml")
    (made / "sub.yaml").mkdir()
    members = members_of(str(made))
    assert members is not None and [m.name for m in members] == ["a", "b"]
    records = json_records(runner, ["-f", str(made), "actors"])
    assert {Path(r["briefing"]).name for r in records} >= {"a.yaml", "b.yaml"}


def test_validate_checks_a_registry_another_includes_with_it_once(
    runner: CliRunner, made: Path
) -> None:
    from raqqa_cli.cli.app import app

    (made / "registry" / "wider.yaml").write_text(
        "include: [people.yaml]\nplaces:\n  - id: plc-shared\n    name: Shared Bay\n"
        "    kind: region\n    source: src-registry\n",
        encoding="utf-8",
    )
    text = (made / "b.yaml").read_text(encoding="utf-8")
    (made / "b.yaml").write_text(
        text.replace("include: [registry/people.yaml]", "include: [registry/wider.yaml]"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(made)])
    assert result.exit_code == 0, result.output
    alone = [line for line in result.stdout.splitlines() if "valid registry" in line]
    assert len(alone) == 1 and "wider.yaml" in alone[0], alone


def test_validate_of_a_shelf_ends_with_the_shelf_s_verdict(runner: CliRunner, made: Path) -> None:
    """The last line of `validate DIR` says how many briefings and registries were checked,
    and which failed, by path: where a CI log ends. Not in records (JSON)."""
    from raqqa_cli.cli.app import app

    passed = runner.invoke(app, ["validate", str(made)])
    last = passed.stdout.splitlines()[-1]
    assert last == f"{made}: 2 briefings and 1 registry checked; all passed", last
    broken = (made / "b.yaml").read_text(encoding="utf-8").replace("kind: person", "kind: wizard")
    (made / "b.yaml").write_text(broken, encoding="utf-8")
    failed = runner.invoke(app, ["validate", str(made)])
    assert failed.exit_code == ExitCode.BAD_BRIEFING
    assert failed.stdout.splitlines()[-1] == (
        f"{made}: 2 briefings and 1 registry checked; 1 failed: {made / 'b.yaml'}"
    )
    records = runner.invoke(app, ["validate", str(made), "--format", "json"])
    json.loads(records.stdout)  # the records alone


def test_a_registry_is_summed_up_by_what_it_holds_and_its_sources_are_for_others(
    runner: CliRunner,
) -> None:
    """`validate` of a registry counts the sections it has, not a dozen empty ones, and
    does not warn that nothing in it cites its sources: they are there for the briefings
    that include it (which do, on the examples shelf). Its other findings stay."""
    from raqqa_cli.cli.app import app

    result = runner.invoke(app, ["validate", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    summaries = [line for line in result.stdout.splitlines() if ": valid registry" in line]
    assert summaries and all(" 0 " not in line for line in summaries), summaries
    assert any(
        line.endswith("places.yaml: valid registry (schema_version 2): 4 sources, 1 place")
        for line in summaries
    )
    registry = [line for line in result.stderr.splitlines() if "registry/" in line]
    assert not [line for line in registry if "[uncited-source]" in line], registry
    # A briefing's own uncited source is still said.
    assert "brussels-2017.yaml:91:5: sources[9].id: [uncited-source]" in result.stderr


_IDS = st.sampled_from(["act-1", "act-2", "src-1", "src-2", "ev-1", "reg-1", "reg-2"])


@given(
    st.lists(
        st.tuples(
            st.sets(_IDS),
            st.dictionaries(_IDS, st.sampled_from(["/r/actors.yaml", "/r/people.yaml"])),
        ),
        max_size=5,
    ),
    st.randoms(),
)
def test_clashes_are_those_read_id_by_id_in_any_order(
    held: list[tuple[set[str], dict[str, str]]], shuffle: Any
) -> None:
    """`identities` finds clashes by set operations; they are what reading each id of each
    briefing finds (an id from two origins, a briefing's own or a registry, clashes),
    whatever the order of the briefings."""
    from raqqa_cli.briefing.shelf import Member, identities

    briefings = [
        (Member(f"b{n}.yaml", f"b{n}"), ids | taken.keys(), taken)
        for n, (ids, taken) in enumerate(held)
    ]
    origins: dict[str, set[str]] = {}
    for member, ids, taken in briefings:
        for entry_id in ids:
            origins.setdefault(entry_id, set()).add(taken.get(entry_id, "\0" + member.name))
    clashing = {entry_id for entry_id, found in origins.items() if len(found) > 1}
    expected = {
        member.name: frozenset(ids & clashing) for member, ids, _ in briefings if ids & clashing
    }
    shuffle.shuffle(briefings)
    assert identities(briefings).clashes == expected


def test_an_error_of_many_briefings_counts_those_past_three() -> None:
    from raqqa_cli.briefing.shelf import Member
    from raqqa_cli.cli.shelf import _no_answer
    from raqqa_cli.errors import QueryError

    refused = [
        (Member(f"b{n}.yaml", f"b{n}"), QueryError(f"no issue has the id 'x'; {said}"))
        for n, said in enumerate(["known issues: a", *["known issues: b"] * 5])
    ]
    assert str(_no_answer(refused)) == (
        "no issue has the id 'x'; b0: known issues: a; b1, b2, b3 and 2 more: known issues: b"
    )
    other = [(Member("c.yaml", "c"), QueryError("no source matches 'y'; known: s"))]
    assert str(_no_answer(refused[:1] + other)) == (
        "b0: no issue has the id 'x'; known issues: a; c: no source matches 'y'; known: s"
    )
