"""`--for readers`: text to circulate, from every command that writes Markdown or HTML.

Readers see entries as people know them, by name, never by an internal id, and none of
raqqa's own hints; the record itself (JSON, CSV) keeps every id, so `--for` is refused there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index, short_name
from raqqa_cli.cli.app import app
from raqqa_cli.cli.commandline import AUDIENCE, BY_NAME, COMMANDS
from raqqa_cli.reports.readers import entry_name, readers_text
from raqqa_cli.terminal import Terminal

ROOT = Path(__file__).parent.parent.parent
BRIEFINGS = [None, *sorted((ROOT / "examples").glob("*.yaml"))]
PIPE = Terminal(is_tty=False)


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, obj=PIPE)
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def ids_of(location: Path | None) -> set[str]:
    index = Index(load_briefing(None if location is None else str(location)))
    return set(index.by_id)


def ids_in(text: str, ids: set[str]) -> set[str]:
    """The ids of `ids` that `text` holds as whole words."""
    words = set(re.findall(r"(?<![\w-])[a-z0-9][a-z0-9-]*(?![\w-])", text))
    return words & ids


def commands_for_readers() -> list[str]:
    return [c.path for c in COMMANDS if AUDIENCE in c.options]


def test_every_command_that_writes_markdown_or_html_takes_for() -> None:
    for command in COMMANDS:
        people = {"markdown", "html"} & set(command.formats)
        assert (AUDIENCE in command.options) == bool(people or command.path == "notes refresh")


def _args(command: str, location: Path | None) -> list[str] | None:
    """A command line for `command` on a briefing, with what it needs."""
    index = Index(load_briefing(None if location is None else str(location)))
    f = [] if location is None else ["-f", str(location)]
    first_actor = index.briefing.actors[0] if index.briefing.actors else None
    if command in ("show",):
        return [command, index.briefing.actors[0].id, *f] if first_actor else None
    if command == "search":
        return [command, first_actor.name, *f] if first_actor else None
    if command == "actors" and first_actor:
        return [command, first_actor.name, *f]
    if command in ("diff", "validate", "notes refresh"):
        return None  # their own tests below
    return [command, *f]


@pytest.mark.parametrize("location", BRIEFINGS, ids=lambda p: p.name if p else "embedded")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_readers_see_no_ids_and_no_hints(location: Path | None, fmt: str) -> None:
    ids = ids_of(location)
    checked = 0
    for command in commands_for_readers():
        args = _args(command, location)
        if args is None or fmt not in BY_NAME[command].formats:
            continue
        code, text = run([*args, "--format", fmt, "--for", "readers"])
        if code == 0 and text:
            assert not ids_in(text, ids), f"{args}: {sorted(ids_in(text, ids))[:5]}"
            assert not re.search(r"`raqqa |<code>raqqa ", text), f"{args}: a hint"
            checked += 1
        # The same command for analysts shows ids (where it has rows): the check has teeth.
    assert checked >= 10


@pytest.mark.parametrize("location", BRIEFINGS, ids=lambda p: p.name if p else "embedded")
def test_analysts_still_see_the_ids(location: Path | None) -> None:
    ids = ids_of(location)
    f = [] if location is None else ["-f", str(location)]
    code, text = run(["brief", *f])
    assert code == 0 and ids_in(text, ids)
    code, text = run(["brief", "--for", "readers", *f])
    assert code == 0 and not ids_in(text, ids)


def test_notes_are_labelled_by_name_and_held_by_names_the_source() -> None:
    index = Index(load_briefing(None))
    code, text = run(["brief", "--for", "readers"])
    assert code == 0
    notes = [line for line in text.splitlines() if line.startswith("- ")]
    actors_with_notes = [a for a in index.briefing.actors if a.note]
    for actor in actors_with_notes:
        assert any(line.startswith(f"- {actor.name}: ") for line in notes), actor.name
    outlook = text.split("## Outlook", 1)[1].split("\n## ", 1)[0]
    held = [
        row.split(" | ")[0].lstrip("| ") for row in outlook.splitlines()[4:] if row.startswith("|")
    ]
    assert held and all(not re.fullmatch(r"\\\[\d+\\\]", cell) for cell in held), held
    for assessment in index.briefing.assessments:
        if not assessment.holder:
            source = index.get(assessment.source)
            assert any(cell.startswith(short_name(source.publisher)) for cell in held)


def test_for_readers_is_refused_for_the_record() -> None:
    for fmt in ("json", "csv", "plain", "tsv"):
        code, text = run(["aid", "--format", fmt, "--for", "readers"])
        assert code == 2 and "--for readers" in text and fmt in text


def test_a_refreshed_note_for_readers(tmp_path: Path) -> None:
    """`notes refresh --for readers` makes every block for readers, but one that says
    `--for analysts`; a block may say `--for readers` itself."""
    ids = ids_of(None)
    note = tmp_path / "n.md"
    note.write_text(
        "# Note\n\n<!-- raqqa: aid -->\n<!-- /raqqa -->\n\n"
        "<!-- raqqa: outlook --for analysts -->\n<!-- /raqqa -->\n",
        encoding="utf-8",
    )
    code, text = run(["notes", "refresh", str(note), "--for", "readers"])
    assert code == 0, text
    aid, outlook = note.read_text(encoding="utf-8").split("<!-- raqqa: outlook")
    assert not ids_in(aid, ids) and ids_in(outlook, ids)
    plain = tmp_path / "p.md"
    plain.write_text("<!-- raqqa: aid --for readers -->\n<!-- /raqqa -->\n", encoding="utf-8")
    code, text = run(["notes", "refresh", str(plain)])
    assert code == 0, text
    assert not ids_in(plain.read_text(encoding="utf-8"), ids)


def test_every_entry_has_a_name_for_readers() -> None:
    for location in BRIEFINGS:
        index = Index(load_briefing(None if location is None else str(location)))
        for entry_id in index.by_id:
            name = entry_name(index, entry_id)
            assert name and not ids_in(name, set(index.by_id)), (entry_id, name)


@given(st.data())
def test_readers_text_names_every_id_and_keeps_the_rest(data: st.DataObject) -> None:
    index = Index(load_briefing(None))
    ids = sorted(index.by_id)
    words = data.draw(
        st.lists(
            st.one_of(
                st.sampled_from(ids),
                st.from_regex(r"[A-Za-z][a-z]{0,8}[.,;:]?", fullmatch=True),
                st.sampled_from(["2017-10-24", "pl-", "x-ray", "(see", "it)"]),
            ),
            max_size=12,
        )
    )
    text = " ".join(words)
    shown = readers_text(index, text)
    assert not ids_in(shown, set(ids))
    for word in words:
        if word in index.by_id:
            assert str(entry_name(index, word)) in shown
        else:
            assert word in shown
    assert readers_text(index, shown) == shown or ids_in(shown, set(ids)) == set()
