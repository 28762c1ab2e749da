"""Provenance you can follow (issue 9): every record says where it came from, in every
machine format, under the same key names; every fact is cited to its own source.

Run over the embedded briefing, the minimal fixture and the two examples, so that nothing
here holds only for the data it was written against. Expected values are built from the
knowledge file itself, never from the reports under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing import model
from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import SECTIONS, Actor, Briefing, Erratum, Source
from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.cli.test_commands import PIPE
from tests.conftest import DATA, MINIMAL

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
RECORDS = Path(__file__).parent.parent.parent / "docs" / "records.md"  # every command's keys
# None: the embedded briefing, reached with no --file at all.
BRIEFINGS: dict[str, Path | None] = {
    "embedded": None,
    "minimal": MINIMAL,
    "brussels": EXAMPLES / "brussels-2017.yaml",
    "idai": EXAMPLES / "idai-2019.yaml",
    "nepal": EXAMPLES / "appeal-nepal-2015.yaml",
    "delegations": DATA / "delegations.yaml",
    "decisions": DATA / "decisions.yaml",
    "disputes": DATA / "disputes.yaml",
    "renderings": DATA / "renderings.yaml",
    "debate": EXAMPLES / "unsc-8228-2018.yaml",
    "every-field": DATA / "every-field.yaml",
}
MACHINE_FORMATS = ("json", "csv", "plain")
TABLE = Terminal(is_tty=True, width=200, color=False)
RUNNER = CliRunner(env={"RAQQA_BRIEFING": None, "NO_COLOR": None, "FORCE_COLOR": None})
ISO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")

_BRIEFINGS: dict[str, Briefing] = {}
_OUTPUTS: dict[tuple[str, tuple[str, ...], str], str] = {}


def briefing(name: str) -> Briefing:
    if name not in _BRIEFINGS:
        path = BRIEFINGS[name]
        _BRIEFINGS[name] = load_briefing(None if path is None else str(path))
    return _BRIEFINGS[name]


def index(name: str) -> Index:
    return Index(briefing(name))


def invoke(name: str, args: list[str], fmt: str, terminal: Terminal = PIPE) -> str:
    """The output of one successful command on one briefing, computed once a session."""
    key = (name, tuple(args), fmt)
    if key not in _OUTPUTS:
        path = BRIEFINGS[name]
        given = [] if path is None else ["-f", str(path)]
        result = RUNNER.invoke(app, [*args, *given, "--format", fmt], obj=terminal)
        assert result.exit_code == 0, (args, fmt, result.output)
        _OUTPUTS[key] = result.stdout
    return _OUTPUTS[key]


def records(name: str, args: list[str]) -> list[dict[str, Any]]:
    found = json.loads(invoke(name, args, "json"))
    assert isinstance(found, list)
    return found


def listings(name: str) -> list[list[str]]:
    """Every listing command worth running on one briefing, from its own data."""
    b = briefing(name)
    words = [w for w in re.findall(r"[A-Za-z]{5,}", b.briefing.title)]
    searches = [
        *(a.name for a in b.actors[:2]),
        *(p.name for p in b.places[:1]),
        *words[:1],  # a word of the title also finds the briefing's own fields
    ]
    sample = [getattr(b, s)[0].id for s in SECTIONS if getattr(b, s)]
    return [
        ["issues"],
        *(["issues", i.id] for i in b.issues),
        ["aid"],
        ["aid", "--chart"],
        ["reactions"],
        ["statements"],
        ["actors"],
        *(["actors", a.name] for a in b.actors[:3]),
        ["places"],
        ["timeline"],
        ["outlook"],
        ["figures"],
        ["sources"],
        ["errata"],
        ["votes"],
        *(["votes", d.id] for d in b.decisions),
        *(["search", text] for text in dict.fromkeys(searches)),
        *(["show", entry_id] for entry_id in sample),
    ]


def cases() -> Iterator[Any]:
    for name in BRIEFINGS:
        for args in listings(name):
            yield pytest.param(name, args, id=f"{name}:{' '.join(args)}")


TOTALS = (["aid", "--totals"], ["aid", "--by", "sector"], ["aid", "--by", "donor"])

# Keys holding ids, and the section(s) each must resolve in. A new key ending in `_id` or
# `_ids` must be added here: that is how key names stay the same across commands.
ID_KEYS: dict[str, tuple[str, ...]] = {
    "source_id": ("sources",),
    "via_id": ("sources",),
    "says_source_id": ("sources",),
    "claim_source_id": ("sources",),
    "account_source_ids": ("sources",),
    "source_ids": ("sources",),
    "role_source_ids": ("sources",),
    "role_organisation_ids": ("actors",),
    "role_organisation_id": ("actors",),
    "actor_id": ("actors",),
    "actor_ids": ("actors",),
    "speaker_id": ("actors",),
    "speaker_for_id": ("actors",),
    "on_behalf_of_ids": ("actors",),
    "holder_id": ("actors",),
    "in_reply_to_id": ("statements",),
    "donor_id": ("actors",),
    "announcer_id": ("actors",),
    "claimant_id": ("actors",),
    "joint_claimant_ids": ("actors",),
    "rendering_source_ids": ("sources",),
    "rendering_via_ids": ("sources",),
    "channel_actor_id": ("actors",),
    "body_id": ("actors",),
    "sponsor_ids": ("actors",),
    "explanation_id": ("statements",),
    "vote_source_ids": ("sources",),
    "who_id": ("actors",),
    "place_id": ("places",),
    "within_id": ("places",),
    "figure_ids": ("figures",),
    "statement_ids": ("statements",),
    "pledge_ids": ("pledges",),
    "package_id": ("packages",),
    "package_ids": ("packages",),
    "entry_ids": ("packages", "pledges"),
    "concern_ids": SECTIONS,
    "toward_id": ("figures",),
    "supersedes_id": ("figures", "packages", "pledges"),
    "part_of_id": ("figures", "packages", "pledges"),
    "overlaps_ids": ("packages", "pledges"),
    "about_ids": SECTIONS,
}
DATE_KEYS = (
    "date", "reported", "since", "as_of", "period_start", "period_end", "role_starts", "role_ends",
    "accessed",
)  # fmt: skip
# Columns for people only: a phrase ("since 2012", "Raqqa, 2017-06 to ?", "more than
# 660,000 relief packages") or a citation label. Machines get the values instead.
PHRASE_KEYS = frozenset(
    {
        "scope",
        "shown",
        "said",
        "when",
        "where",
        "likelihood",
        "held_by",
        "spoken_by",
        "dated",
        "about",
        "source",
        "sources",
        "roles",
    }
)
# Keys whose value is free text or an entry's own field, which may well be an id.
FREE_KEYS = frozenset({"id", "value", "text", "excerpt", "field", "cites", "cited_by"})


def ids_in(value: Any) -> list[str]:
    """The ids (or dates) a value holds. In lists that run beside another list, one item
    each (an actor's roles), an empty string says that item has none."""
    if value is None:
        return []
    return [v for v in value if v != ""] if isinstance(value, list) else [value]


def check_record(ix: Index, command: list[str], record: dict[str, Any]) -> None:
    """One JSON record: its id, its source ids and every id or date under a shared key."""
    briefing_row = (command[0] == "search" and record["section"] == "briefing") or (
        command[0] == "show" and record["field"] == "briefing.source"
    )
    if briefing_row:  # the briefing itself has no id; it is cited to its own source
        assert record["id"] is None
        assert record["source_id"] == ix.briefing.briefing.source
    else:
        assert isinstance(record["id"], str) and record["id"], record
        assert record["id"] in ix.by_id, record
    assert isinstance(record["source_id"], str), record
    actor_ids = {a.id for a in ix.briefing.actors}
    for key, value in record.items():
        if key.endswith(("_id", "_ids")):
            assert key in ID_KEYS, f"{key}: an id key no other command uses; add it to ID_KEYS"
            for entry_id in ids_in(value):
                assert ix.section_of.get(entry_id) in ID_KEYS[key], (key, entry_id, record)
        elif key in DATE_KEYS:
            assert all(ISO_DATE.match(v) for v in ids_in(value)), (key, value, record)
        elif key not in FREE_KEYS:
            # A key that names an actor id ends in `_id`: nothing else holds one.
            named = [v for v in ids_in(value) if isinstance(v, str) and v in actor_ids]
            assert not named, (key, named, record)
        assert key not in PHRASE_KEYS, (key, record)


@pytest.mark.parametrize(("name", "args"), list(cases()))
def test_every_record_carries_its_id_and_source_ids(name: str, args: list[str]) -> None:
    ix = index(name)
    found = records(name, args)
    for record in found:
        check_record(ix, args, record)
    sources = {r["id"] for r in records(name, ["sources"])}
    assert all(r["source_id"] in sources for r in found)
    assert all(r.get("via_id") in sources | {None} for r in found)
    # CSV: the same keys as JSON, even with no rows; the same ids in the same order.
    table = list(csv.reader(io.StringIO(invoke(name, args, "csv"), newline="")))
    header = table[0]
    assert all(list(r) == header for r in found)
    assert len(table) - 1 == len(found)
    for key in ("id", "source_id", "via_id"):
        if key in header:
            column = [row[header.index(key)] for row in table[1:]]
            assert column == [r[key] or "" for r in found], key
    # Plain: no header, one record a line, as many fields as CSV has columns.
    lines = invoke(name, args, "plain").splitlines()
    assert len(lines) == len(found)
    assert all(len(line.split("\t")) == len(header) for line in lines)
    if "id" in header:
        assert [line.split("\t")[header.index("id")] for line in lines] == [
            r["id"] or "" for r in found
        ]


# Keys that hold the file's own words where the id beside them is null: a judgement's
# holder that is no actor ("others") is kept as written.
OWN_WORDS = frozenset({"holder"})


def test_keys_are_the_same_for_the_same_thing_across_commands() -> None:
    """A name beside its id is the referenced entry's own name, never a composed phrase:
    `donor` is the donor's name where `donor_id` is its id, in every command."""
    for name in BRIEFINGS:
        ix = index(name)
        for args in listings(name):
            for record in records(name, args):
                for key in [k for k in record if k.endswith(("_id", "_ids"))]:
                    plain = key.removesuffix("_ids").removesuffix("_id")
                    beside = next(
                        (k for k in (plain, plain + "s") if k in record and k != key), None
                    )
                    if beside is None or (record[key] is None and beside in OWN_WORDS):
                        continue
                    names = [getattr(ix.get(i), "name", None) for i in ids_in(record[key])]
                    assert None not in names, f"{args}: {beside!r} has no name to hold"
                    assert ids_in(record[beside]) == names, (args, beside, key, record)


@pytest.mark.parametrize("name", list(BRIEFINGS))
@pytest.mark.parametrize("args", TOTALS, ids=lambda a: " ".join(a))
def test_totals_carry_the_entries_and_sources_they_add(name: str, args: list[str]) -> None:
    ix = index(name)
    sources = {r["id"] for r in records(name, ["sources"])}
    for record in records(name, args):
        assert record["entry_ids"] and record["source_ids"]
        entries = [ix.get(i) for i in record["entry_ids"]]
        assert all(ix.section_of[e.id] in ("packages", "pledges") for e in entries)
        assert len(record["entry_ids"]) == record["lines"]
        # Exactly the sources (and vias) of the lines added, each resolvable in `sources`.
        expected = {s for e in entries for s in (e.source, e.via) if s}
        assert set(record["source_ids"]) == expected
        assert set(record["source_ids"]) <= sources
        assert PHRASE_KEYS.isdisjoint(record)
    header = next(csv.reader(io.StringIO(invoke(name, args, "csv"))))
    assert {"entry_ids", "source_ids"} <= set(header) and PHRASE_KEYS.isdisjoint(header)


# -- every fact under its own source: the embedded briefing, in JSON, tables and brief ---

EMBEDDED = "embedded"


def own_sources(entry: Any) -> list[str]:
    """The source an entry cites and the one that source credits, from the data."""
    return [entry.source, *([entry.via] if getattr(entry, "via", None) else [])]


def expected_issue_rows(ix: Index, issue_id: str) -> list[tuple[str, list[str]]]:
    """(id, sources) for each row of an issue in full, walked from the data: an actor's
    roles each under the role's own source, everything else under its entry's."""
    issue = ix.get(issue_id)
    rows = [(issue.id, [issue.source])]
    for actor in map(ix.get, issue.actors):
        rows += [(actor.id, [r.source]) for r in actor.roles] or [(actor.id, [actor.source])]
    for entry_id in (*issue.statements, *issue.figures, *issue.pledges):
        rows.append((entry_id, own_sources(ix.get(entry_id))))
    return rows


def expected_rows(ix: Index, args: list[str]) -> list[tuple[str, list[str]]]:
    """(id, sources) for every record a command lists, in its order, from the data."""
    b = ix.briefing
    if args[0] == "issues":
        return expected_issue_rows(ix, args[1])
    by_record: tuple[Any, ...] = {
        "statements": b.statements,
        "reactions": b.reactions,
        "figures": b.figures,
        "timeline": b.events,
        "outlook": b.assessments,
        "places": b.places,
        "actors": b.actors,
    }[args[0]]
    shown = [r["id"] for r in records(EMBEDDED, args)]
    assert sorted(shown) == sorted(e.id for e in by_record)  # nothing dropped or added
    return [(entry_id, own_sources(ix.get(entry_id))) for entry_id in shown]


PROVENANCE_COMMANDS = [
    *(["issues", i.id] for i in briefing(EMBEDDED).issues),
    ["statements"],
    ["reactions"],
    ["figures"],
    ["timeline"],
    ["outlook"],
    ["places"],
    ["actors"],
]


def check_not_the_article(ix: Index, sources: list[str], shown: list[str], where: str) -> None:
    article = ix.briefing.briefing.source
    if article not in sources:
        assert article not in shown, f"{where}: cited to the briefing's own source"
    assert shown == sources, where


@pytest.mark.parametrize("args", PROVENANCE_COMMANDS, ids=lambda a: " ".join(a))
def test_json_cites_each_fact_to_its_own_source(args: list[str]) -> None:
    ix = index(EMBEDDED)
    found = records(EMBEDDED, args)
    expected = expected_rows(ix, args)
    assert [r["id"] for r in found] == [entry_id for entry_id, _ in expected]
    for record, (entry_id, sources) in zip(found, expected, strict=True):
        shown = [record["source_id"], *([record["via_id"]] if record.get("via_id") else [])]
        check_not_the_article(ix, sources, shown, f"{' '.join(args)} {entry_id}")
    if args == ["actors"]:
        for record in found:
            roles = ix.get(record["id"]).roles
            assert record["role_source_ids"] == [r.source for r in roles]
            # Each role whole, field by field, one list item per role: no phrase.
            assert record["role_titles"] == [r.title for r in roles]
            assert record["role_organisation_ids"] == [r.organisation or "" for r in roles]
            assert record["role_starts"] == [r.start or "" for r in roles]
            assert record["role_ends"] == [r.end or "" for r in roles]
            assert "roles" not in record


def without_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_column(text: str, title: str) -> str:
    """One column of a rich grid table: the text under `title`, every line of every row,
    up to the next column (people's columns are laid out left to right)."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("\u2500"))
    header = lines[1]
    match = re.search(rf"(?<!\S){re.escape(title)}(?!\S)", header)
    assert match, (title, header)
    start = match.start()
    following = re.search(r"\S", header[match.end() :])
    next_start = match.end() + following.start() if following else None
    body = []
    for line in lines[rule + 1 :]:
        if not line.strip() or line.startswith(("Note: ", "Tip: ")):
            break
        body.append(line[start:next_start])
    return "".join(body)


TABLE_SOURCE = {
    "statements": "Source",
    "reactions": "Source",
    "figures": "Source",
    "outlook": "Source",
    "places": "Source",
    "actors": "Source",
    "issues": "Source",
}


@pytest.mark.parametrize("args", PROVENANCE_COMMANDS, ids=lambda a: " ".join(a))
def test_tables_cite_each_fact_to_its_own_source(args: list[str]) -> None:
    """On a terminal, each row's citation is its own entry's (or role's) source, in order."""
    ix = index(EMBEDDED)
    text = invoke(EMBEDDED, args, "table", TABLE)
    expected = expected_rows(ix, args)
    labels = [ix.citation(*sources) for _, sources in expected]
    if args[0] == "timeline":
        # `date ● what  (place; citation; id)`: each event's citation right after its words,
        # then its id.
        flat = without_space(text)
        at = 0
        for entry_id, _ in expected:
            event = ix.get(entry_id)
            place = ix.place_name(event.place)
            cited = ix.citation(event.source, event.via)
            tail = f"({place + '; ' if place else ''}{cited}; {entry_id})"
            found = flat.find(without_space(event.what) + without_space(tail), at)
            assert found >= 0, f"{entry_id}: not cited as {tail}"
            at = found + 1
        return
    assert without_space(table_column(text, TABLE_SOURCE[args[0]])) == without_space(
        "".join(labels)
    )
    if args == ["actors"]:
        roles = [f"[{ix.citation(r.source)}]" for a in ix.briefing.actors for r in a.roles]
        column = without_space(table_column(text, "Roles"))
        assert re.findall(r"\[[^\[\]]*\]", column) == [without_space(r) for r in roles]


# A brief's citation: its number, `\[3\]`, linked to the source's address if it has one.
CITE = re.compile(r"\\\[([0-9]+)\\\](?:\]\(<([^>]+)>\))?")


def markdown_tables(text: str) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """(heading, rows as {column title: cell}) for each table of a Markdown note."""
    heading = ""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("| ") and i + 1 < len(lines) and lines[i + 1].startswith("| --"):
            titles = cells(line)
            rows = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append(dict(zip(titles, cells(row), strict=True)))
            yield heading, rows


def cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def cited(cell: str) -> list[str]:
    """The ids of the sources a brief's cell cites: its numbers are those of the list."""
    ids = [s.id for s in index(EMBEDDED).briefing.sources]
    return [ids[int(number) - 1] for number, _ in CITE.findall(cell)]


def test_brief_cites_each_fact_to_its_own_source() -> None:
    """`brief`: every row of every table that stands for an entry cites that entry's own
    source (a role's own source for an actor's role), with numbers that link to it."""
    ix = index(EMBEDDED)
    numbered = {s.id: n for n, s in enumerate(ix.briefing.sources, 1)}
    text = invoke(EMBEDDED, ["brief"], "markdown")
    by_number = {n: s for s, n in numbered.items()}
    found = CITE.findall(text)
    assert found
    for number, address in found:  # each number's link goes to that source's own address
        source = ix.get(by_number[int(number)])
        assert address == (source.locator if address else ""), number
        if source.locator and source.locator.startswith("https://"):
            assert address, f"[{number}] is linked to {source.locator}"
    sections = dict(markdown_tables(text))
    issue_tables = [h for h in sections if h.endswith(")") and "(iss-" in h]
    assert len(issue_tables) == len(ix.briefing.issues)
    checked = 0
    for heading, rows in sections.items():
        if heading in issue_tables:
            issue_id = heading.rsplit("(", 1)[1].rstrip(")")
            expected = expected_issue_rows(ix, issue_id)
            assert [r["ID"] for r in rows] == [entry_id for entry_id, _ in expected]
            for row, (entry_id, sources) in zip(rows, expected, strict=True):
                check_not_the_article(ix, sources, cited(row["Source"]), f"{heading} {entry_id}")
                checked += 1
            continue
        if "ID" not in (rows[0] if rows else {}) or "Source" not in rows[0]:
            continue
        for row in rows:
            entry = ix.get(row["ID"])
            if entry is None or isinstance(entry, Source):
                continue
            check_not_the_article(ix, own_sources(entry), cited(row["Source"]), row["ID"])
            checked += 1
            if isinstance(entry, Actor):
                assert cited(row["Roles"]) == [r.source for r in entry.roles], entry.id
    # Every statement, figure, event, reaction, judgement, place and actor was checked.
    b = ix.briefing
    assert checked >= sum(
        len(getattr(b, s))
        for s in ("statements", "figures", "events", "reactions", "assessments", "places")
    ) + len(b.actors)


# -- show: any entry, whole ------------------------------------------------------------


def referrers(b: Briefing, target: str) -> set[tuple[str, str]]:
    """(entry id, `section.field`) of every entry whose fields name `target`, walked
    from the data (a role's fields as `roles.organisation`)."""
    found: set[tuple[str, str]] = set()

    def walk(entry_id: str, path: str, value: Any) -> None:
        if value == target:
            found.add((entry_id, path))
        elif hasattr(value, "_fields"):  # a nested record: a role, a converted amount
            for field_name, item in zip(value._fields, value, strict=True):
                walk(entry_id, f"{path}.{field_name}", item)
        elif isinstance(value, tuple):
            for item in value:
                walk(entry_id, path, item)

    for section in SECTIONS:
        for entry in getattr(b, section):
            for field_name, value in zip(entry._fields, entry, strict=True):
                if field_name != "id":
                    walk(entry.id, f"{section}.{field_name}", value)
    return found


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_show_every_entry_whole(name: str) -> None:
    ix = index(name)
    sources = {s.id for s in ix.briefing.sources}
    for entry_id, entry in ix.by_id.items():
        rows = records(name, ["show", entry_id])
        fields = {r["field"]: r for r in rows if r["part"] == "field"}
        for field_name, value in zip(entry._fields, entry, strict=True):
            if field_name == "id" or value is None or value == ():
                continue
            if isinstance(value, tuple) and hasattr(value[0], "_fields"):
                # Nested records (roles, converted amounts) field by field, each under the
                # nested record's own source where it has one.
                for number, item in enumerate(value):
                    cited = getattr(item, "source", None) or getattr(entry, "source", None)
                    for sub, part in zip(item._fields, item, strict=True):
                        if part is None:
                            continue
                        row = fields[f"{field_name}[{number}].{sub}"]
                        assert row["value"] == part, (entry_id, number, sub)
                        assert row["source_id"] == cited, (entry_id, number)
                continue
            # An erratum's `says` (`article_says` in version 1) is the claim's words, under
            # the claim's own source; every other field is under the entry's source.
            key = model.field_name(field_name, ix.briefing.schema_version)
            assert key in fields, (entry_id, key)
            shown = fields[key]["value"]
            assert shown == (list(value) if isinstance(value, tuple) else value)
            own = entry.id if isinstance(entry, Source) else getattr(entry, "source", None)
            if isinstance(entry, Erratum) and field_name == "says":
                own = model.claim_source_of(entry, ix.briefing.briefing.source)
            assert fields[key]["source_id"] == own, (entry_id, key)
        chain = {(r["field"], r["id"]) for r in rows if r["part"] == "source chain"}
        assert all(r["id"] in sources for r in rows if r["part"] == "source chain")
        if not isinstance(entry, Source):
            assert ("source", entry.source) in chain, entry_id
            if getattr(entry, "via", None):
                assert ("via", entry.via) in chain, entry_id
        backlinks = {(r["id"], r["field"]) for r in rows if r["part"] == "referred to by"}
        assert backlinks - {(None, "briefing.source")} == referrers(ix.briefing, entry_id)
        if ix.briefing.briefing.source == entry_id:
            assert (None, "briefing.source") in backlinks


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_show_unknown_and_empty_ids_are_usage_errors(name: str) -> None:
    path = BRIEFINGS[name]
    given = [] if path is None else ["-f", str(path)]
    known = briefing(name).issues[0].id if briefing(name).issues else briefing(name).sources[0].id
    typo = known[:-1] + ("x" if known[-1] != "x" else "y")
    result = RUNNER.invoke(app, ["show", typo, *given], obj=PIPE)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"no entry has the id {typo!r}" in result.stderr
    assert f"did you mean {known!r}" in result.stderr
    for empty in ("", "  "):
        result = RUNNER.invoke(app, ["show", empty, *given], obj=PIPE)
        assert result.exit_code == 2, repr(empty)
        assert result.stderr.startswith("raqqa: error: an empty id names nothing")


# -- search: the whole text for machines, the excerpt beside it -------------------------


def field_texts(entry: Any, path: str) -> list[str]:
    """The texts at a search `field` path (`roles[0].title`: the first role's title)."""
    values: list[Any] = [entry]
    for part in path.split("."):
        name, _, number = part.partition("[")
        found: list[Any] = []
        for value in values:
            item = getattr(value, "says" if name == "article_says" else name)
            if number:
                item = item[int(number.rstrip("]"))]
            many = isinstance(item, tuple) and not hasattr(item, "_fields")
            found += list(item) if many else [item]
        values = found
    return [v for v in values if isinstance(v, str)]


def check_excerpt(text: str, excerpt: str) -> None:
    inner = excerpt.removeprefix("...").removesuffix("...")
    assert inner in text and inner
    assert excerpt.startswith("...") == (not text.startswith(inner))
    assert excerpt.endswith("...") == (not text.endswith(inner))


SEARCHES = {
    "embedded": ["Daesh", "Raqqa", "BBC", "since", "Fallon"],
    "minimal": ["harbor town", "flood", "Ada"],
    "brussels": ["Khan Sheikhoun", "Syria", "EU"],
    "idai": ["cholera", "Zambézia", "WFP"],
}


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, texts in SEARCHES.items() for t in texts])
def test_search_gives_each_field_whole(name: str, text: str) -> None:
    ix = index(name)
    found = records(name, ["search", text])
    assert found, text
    table = list(csv.DictReader(io.StringIO(invoke(name, ["search", text], "csv"), newline="")))
    assert len(table) == len(found)
    for record, row in zip(found, table, strict=True):
        if record["section"] == "briefing":
            whole = field_texts(ix.briefing.briefing, record["field"])
        else:
            entry = ix.get(record["id"])
            assert ix.section_of[entry.id] == record["section"]
            whole = field_texts(entry, record["field"])
        assert record["text"] in whole, record
        assert row["text"] == record["text"]  # no text here needs CSV's formula guard
        check_excerpt(record["text"], record["excerpt"])
        check_excerpt(record["text"], row["excerpt"])


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_search_cites_each_field_to_its_own_source(name: str) -> None:
    """What an erratum says the briefing says is under the briefing's source, what the
    record says under the erratum's; a role's title under the role's source: expected
    values from the file, each text searched for whole."""
    b = briefing(name)
    sources = {s.id for s in b.sources}
    probes: list[tuple[str, str, str, str]] = []
    says = model.field_name("says", b.schema_version)  # `article_says` in version 1
    for erratum in b.errata:
        claimed_by = model.claim_source_of(erratum, b.briefing.source)
        probes.append((erratum.id, says, claimed_by, erratum.says))
        probes.append((erratum.id, "record_says", erratum.source, erratum.record_says))
    for actor in b.actors:
        for number, role in enumerate(actor.roles):
            probes.append((actor.id, f"roles[{number}].title", role.source, role.title))
    relayed: dict[tuple[str, str], str | None] = {}
    remarks: list[model.Statement | model.Reaction] = [*b.statements, *b.reactions]
    for said in remarks:
        for number, rendering in enumerate(said.renderings):
            for part in ("quote", "paraphrase"):
                if getattr(rendering, part):
                    field = f"renderings[{number}].{part}"
                    probes.append((said.id, field, rendering.source, getattr(rendering, part)))
                    relayed[said.id, field] = rendering.via
    if name not in ("minimal", "renderings"):
        assert any(field == says for _, field, _, _ in probes), name
    if name in ("renderings", "every-field"):
        assert relayed, name
    assert any(field.startswith("roles[") for _, field, _, _ in probes), name
    for entry_id, field, source_id, text in probes:
        found = records(name, ["search", text])
        [row] = [r for r in found if r["id"] == entry_id and r["field"] == field]
        assert row["source_id"] == source_id, (entry_id, field)
        assert row["source_id"] in sources
        assert row["via_id"] is None or row["via_id"] in sources
        if field == says:
            assert row["via_id"] is None  # the record's relay is not the claim's
        if (entry_id, field) in relayed:  # a rendering's relay is its own, not the entry's
            assert row["via_id"] == relayed[entry_id, field], (entry_id, field)


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_the_chart_keeps_each_amount_whole_and_qualified(name: str) -> None:
    """Machines get the label as written and the qualifier and date apart; people read
    the qualifier beside the number ("more than 660,000"), never an approximate amount
    drawn as exact."""
    ix = index(name)
    drawn = invoke(name, ["aid", "--chart"], "table", TABLE)
    qualified = 0
    for record in records(name, ["aid", "--chart"]):
        entry = ix.get(record["id"])
        assert record["qualifier"] == entry.qualifier
        written = {getattr(entry, f, None) for f in ("title", "item", "description")}
        assert record["label"] in written, record
        assert record["as_of"] == entry.as_of  # the field, as `raqqa aid` gives it
        value = record["value"]
        assert value in (entry.amount, getattr(entry, "quantity", None))
        number = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
        if entry.qualifier != "exact":
            qualified += 1
            words = {
                "about": "about",
                "estimated": "an estimated",
                "at least": "at least",
                "more than": "more than",
                "at most": "at most",
            }[entry.qualifier]
            assert f"{words} {number}" in drawn, (record["id"], words, number)
    if name in ("embedded", "brussels", "idai"):
        assert qualified, name


# -- docs/records.md lists every command's keys ---------------------------------------------

README_COMMANDS: dict[str, list[str]] = {
    "raqqa": [],
    "raqqa issues": ["issues"],
    "raqqa issues ID": ["issues", "iss-humanitarian"],
    "raqqa aid": ["aid"],
    "raqqa aid --totals": ["aid", "--totals"],
    "raqqa aid --by sector": ["aid", "--by", "sector"],
    "raqqa aid --by donor": ["aid", "--by", "donor"],
    "raqqa aid --chart": ["aid", "--chart"],
    "raqqa aid --coverage": ["aid", "--coverage"],
    "raqqa reactions": ["reactions"],
    "raqqa statements": ["statements"],
    "raqqa actors": ["actors"],
    "raqqa actors NAME": ["actors", "Fallon"],
    "raqqa places": ["places"],
    "raqqa timeline": ["timeline"],
    "raqqa outlook": ["outlook"],
    "raqqa figures": ["figures"],
    "raqqa conflicts": ["conflicts"],
    "raqqa sources": ["sources"],
    "raqqa errata": ["errata"],
    "raqqa search TEXT": ["search", "Raqqa"],
    "raqqa show ID": ["show", "act-fallon"],
    "raqqa votes": ["votes"],
    "raqqa votes ID": ["votes", "dr-north"],
}


def readme_keys() -> dict[str, list[str]]:
    section = RECORDS.read_text(encoding="utf-8")
    listed: dict[str, list[str]] = {}
    for line in section.splitlines():
        row = re.match(r"^\| `([^`]+)` \| (.+) \|$", line)
        if row:
            listed[row[1].replace("\\|", "|")] = re.findall(r"`([a-z_]+)`", row[2])
    return listed


# The embedded briefing has no target figure: coverage's records are read from the appeal.
README_BRIEFING = {
    "raqqa aid --coverage": "nepal",
    "raqqa votes": "decisions",
    "raqqa votes ID": "decisions",
}


def test_readme_lists_every_commands_json_keys() -> None:
    listed = readme_keys()
    assert list(listed) == list(README_COMMANDS)
    # Every command that writes records has its row (`conflicts` once had none).
    from raqqa_cli.cli.commandline import COMMANDS

    for declared in COMMANDS:
        if "json" in declared.formats and declared.name not in ("diff", "validate"):
            assert any(k.split()[1:2] == [declared.name] for k in listed), declared.name
    for command, args in README_COMMANDS.items():
        name = README_BRIEFING.get(command, EMBEDDED)
        header = next(csv.reader(io.StringIO(invoke(name, args, "csv"))))
        assert listed[command] == header, command
        found = records(name, args)
        assert found and all(list(r) == header for r in found), command


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_issues_date_each_key_figure(name: str) -> None:
    """Successive counts of one measure read as updates: each key figure in the issues list
    says when it held."""
    from raqqa_cli.reports.phrases import figure_text

    b = briefing(name)
    table = invoke(name, ["issues"], "markdown")
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in table.splitlines()}
    dated = 0
    for issue in b.issues:
        for figure_id in issue.figures:
            figure = index(name).get(figure_id)
            if figure.as_of and "as of" not in figure.counts:
                dated += 1
                phrase = f"{figure.counts}: {figure_text(figure)}"
                # Two updates may say the same number: each is said with its own date.
                said = [
                    part.split(phrase, 1)[1].split(" | ")[0]
                    for part in rows[issue.id].split("; ")
                    if phrase in part
                ]
                # then the figure's own source, where it is not the issue's
                own = (
                    ""
                    if figure.source == issue.source and figure.via is None
                    else (f", from {index(name).citation(figure.source, figure.via)}")
                )
                assert any(s.endswith(f"as of {figure.as_of}){own}") for s in said), (
                    figure_id,
                    said,
                )
    if name in ("minimal", "idai"):
        assert dated, name


def test_actor_links_give_machines_the_role_not_only_the_phrase() -> None:
    """`actors NAME` put title, organisation and dates in one `what` phrase."""
    b = briefing(EMBEDDED)
    fallon = next(a for a in b.actors if a.id == "act-fallon")
    found = records(EMBEDDED, ["actors", "Fallon"])
    held = [r for r in found if r["role"] == "holder"]
    assert [
        (r["role_title"], r["role_organisation_id"], r["date"], r["role_end"]) for r in held
    ] == [(role.title, role.organisation, role.start, role.end) for role in fallon.roles]
    assert all(
        r["role_title"] is None and r["vote"] is None for r in found if r["role"] != "holder"
    )
