"""Quotes checked against the archived text of their source, by `raqqa validate` only.

Every quote marked verbatim, and every erratum's `says` (`article_says`), must occur in the
archived text of its source (whitespace and quotation marks normalised); each miss is one
located line. Claims quoted from other sources than the briefing's: `test_disputes.py`.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import embedded_briefing, load_briefing
from raqqa_cli.briefing.quotes import normalise_quoted
from raqqa_cli.cli.app import app
from tests.conftest import DATA

QUOTES = DATA / "quotes"
GOOD = QUOTES / "briefing.yaml"
CHANGED = QUOTES / "changed-quote.yaml"
ROOT = Path(__file__).parent.parent.parent


def validate(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_embedded_briefing_quotes_its_archived_source_word_for_word(
    runner: CliRunner,
) -> None:
    code, out, err = validate(runner)
    assert (code, err) == (0, ""), err
    assert "valid briefing" in out
    [article] = [s for s in load_briefing().sources if s.kind == "article"]
    assert article.archive is not None
    assert (Path(embedded_briefing()).parent / article.archive).is_file()


def test_the_archived_text_is_packaged_next_to_the_briefing() -> None:
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    included = build["targets"]["wheel"]["force-include"]
    assert included["data/briefing.yaml"] == "raqqa_cli/data/briefing.yaml"
    assert included["data/sources"] == "raqqa_cli/data/sources"


def test_a_fixture_whose_quotes_are_in_its_archive_is_valid(runner: CliRunner) -> None:
    code, out, err = validate(runner, str(GOOD))
    assert code == 0
    [valid, count] = out.splitlines()
    assert valid.startswith(f"{GOOD}: valid briefing") and valid.endswith("; 2 review warnings")
    # What could not be checked is said, never passed over in silence.
    assert count == (
        f"{GOOD}: 4 quotes checked; 2 not checked: 1 from a source with no archived text"
        " (src-wire), 1 translation with no archived translation (src-desk)"
    )
    assert err.splitlines() == [
        f"raqqa: warning: {GOOD}:{line_of(GOOD, 'Not a word')}:5: statements[1].quote:"
        " [unchecked-quote] this verbatim quote of src-wire is not checked: its source has"
        " no archived text (give the source an archive)",
        f"raqqa: warning: {GOOD}:{line_of(GOOD, 'help is wanted')}:5: reactions[1].quote:"
        " [unchecked-quote] this translation quote of src-desk is not checked: a translation,"
        " and its source gives no archived translation (give the source a translation_archive)",
    ]
    strict = runner.invoke(app, ["validate", str(GOOD), "--strict"])
    assert strict.exit_code == 1  # an unchecked quote fails --strict


def test_a_changed_quote_is_one_located_line(runner: CliRunner) -> None:
    code, out, err = validate(runner, str(CHANGED))
    line = line_of(CHANGED, "We shall rebuild")
    assert code == 1 and out == ""
    assert err == (
        f"raqqa: error: {CHANGED}:{line}:5: statements[0].quote:"
        " verbatim quote not found in the archived text of src-desk\n"
    )


def test_every_miss_is_reported_erratum_too(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(QUOTES / "sources", tmp_path / "sources")
    text = GOOD.read_text()
    text = text.replace('"The storm came on the 1th."', '"The storm came on the 2nd."')
    text = text.replace('quote: "more help is needed"', 'quote: "more aid is needed"')
    path = tmp_path / "briefing.yaml"
    path.write_text(text)
    code, _, err = validate(runner, str(path))
    assert code == 1
    assert err.splitlines() == [
        f"raqqa: error: {path}:{line_of(path, 'more aid')}:5: reactions[0].quote:"
        " verbatim quote not found in the archived text of src-desk",
        f"raqqa: error: {path}:{line_of(path, '2nd')}:5: errata[0].article_says:"
        " verbatim quote not found in the archived text of src-desk",
    ]


def test_a_missing_archive_is_a_located_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(GOOD, path)  # without the sources folder beside it
    code, _, err = validate(runner, str(path))
    assert code == 1
    assert err == (
        f"raqqa: error: {path}:{line_of(path, 'archive:')}:5: sources[0].archive:"
        " archived text 'sources/src-desk.txt': no such file\n"
    )


def test_the_other_commands_never_open_the_archive(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(CHANGED, path)  # a changed quote and no archive: only validate minds
    result = runner.invoke(app, ["sources", "-f", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("archive", ["../outside.txt", "/etc/passwd", "a/../../b", "./a.txt"])
def test_an_archive_outside_the_briefings_folder_is_refused(
    runner: CliRunner, write: Callable[..., Path], archive: str
) -> None:
    path = write(GOOD.read_text().replace("sources/src-desk.txt", archive))
    code, _, err = validate(runner, str(path))
    assert code == 1
    assert f"sources[0].archive: {archive!r} is not a path relative to" in err


def test_an_archive_read_from_standard_input_is_found_in_the_current_folder(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(QUOTES)
    result = runner.invoke(app, ["validate", "-"], input=CHANGED.read_text())
    assert result.exit_code == 1
    assert "<stdin>:33:5: statements[0].quote: verbatim quote not found" in result.stderr


@pytest.mark.parametrize(
    ("quoted", "archived"),
    [
        ("a “staggering” loss", 'a "staggering" loss'),
        ("it’s", "it's"),
        ("Major Igor Konashenkov", "Major Igor\u00a0 Konashenkov"),
        ("two\nlines", "two lines"),
    ],
)
def test_normalisation_is_quote_marks_and_whitespace_only(quoted: str, archived: str) -> None:
    assert normalise_quoted(quoted) == normalise_quoted(archived)


def test_normalisation_keeps_words_and_case() -> None:
    assert normalise_quoted("We will rebuild") != normalise_quoted("we will rebuild")
    assert normalise_quoted("22th") != normalise_quoted("22nd")


# -- partial and translated quotes, words whole ------------------------------------------

ARCHIVED = normalise_quoted(
    "The mayor said on Monday: “We will rebuild”, and that the sea wall would be repaired"
    " first. Every case will be heard."
)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("We will rebuild", True),
        ("the sea wall would be repaired first", True),
        ("We will rebuild ... the sea wall", True),  # a gap, marked
        ("We will rebuild… repaired first", True),
        ("[The town] will rebuild", True),  # the editor's words are a gap, not checked
        ("[We] will rebuild", True),
        ("We will rebuild the sea wall", False),  # a gap not marked
        ("the sea wall ... We will rebuild", False),  # out of order
        ("Every cas", False),  # a word cut
        ("very case", False),
        ("Every case", True),
        ("every case", False),  # case matters
        ("We will rebuild and that", False),
        ("rebuild”, and", True),  # punctuation at either end is fine
        ("", True),
    ],
)
def test_a_quote_is_runs_of_the_text_in_order_words_whole(quote: str, found: bool) -> None:
    from raqqa_cli.briefing.quotes import found_in

    assert found_in(quote, ARCHIVED) is found


def _variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    shutil.copytree(QUOTES / "sources", tmp_path / "sources", dirs_exist_ok=True)
    text = GOOD.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "briefing.yaml"
    path.write_text(text)
    return path


def test_an_invented_partial_quote_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    v2 = ("schema_version: 1", "schema_version: 2")
    path = _variant(
        tmp_path,
        v2,
        (
            'quote: "We will rebuild"\n    quote_kind: verbatim',
            'quote: "We will never rebuild"\n    quote_kind: partial',
        ),
    )
    code, _, err = validate(runner, str(path))
    assert code == 1
    assert err.endswith(
        "statements[0].quote: partial quote not found in the archived text of src-desk\n"
    )
    good = _variant(
        tmp_path,
        v2,
        (
            'quote: "We will rebuild"\n    quote_kind: verbatim',
            'quote: "We will ... rebuild"\n    quote_kind: partial',
        ),
    )
    assert validate(runner, str(good))[0] == 0


def test_a_cut_word_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = _variant(tmp_path, ('quote: "more help is needed"', 'quote: "more help is need"'))
    code, _, err = validate(runner, str(path))
    assert code == 1 and "reactions[0].quote: verbatim quote not found" in err


def test_a_translation_is_checked_against_its_archived_translation(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "src-desk.en.txt").write_text("The League: help is wanted.\n")
    edit = (
        "    archive: sources/src-desk.txt\n",
        "    archive: sources/src-desk.txt\n    translation_archive: sources/src-desk.en.txt\n",
    )
    v2 = ("schema_version: 1", "schema_version: 2")
    path = _variant(tmp_path, edit, v2)
    code, out, err = validate(runner, str(path))
    assert code == 0
    assert (
        "5 quotes checked; 1 not checked: 1 from a source with no archived text (src-wire)" in out
    )
    assert "this translation quote" not in err
    wrong = _variant(tmp_path, edit, v2, ('quote: "help is wanted"', 'quote: "help is not wanted"'))
    code, _, err = validate(runner, str(wrong))
    assert code == 1
    assert err.endswith(
        "reactions[1].quote: translation quote not found in the translation of src-desk\n"
    )


def test_without_its_archive_every_quote_is_unchecked_and_said(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = _variant(tmp_path, ("    archive: sources/src-desk.txt\n", ""))
    code, out, err = validate(runner, str(path))
    assert code == 0
    assert out.splitlines()[-1].endswith(
        ": 0 quotes checked; 6 not checked: 5 from sources with no archived text"
        " (src-desk, src-wire), 1 translation with no archived translation (src-desk)"
    )
    assert err.count("[unchecked-quote]") == 6
    assert runner.invoke(app, ["validate", str(path), "--strict"]).exit_code == 1


def test_show_marks_a_quote_it_cannot_vouch_for(runner: CliRunner) -> None:
    import json

    def checks(entry_id: str) -> list[dict[str, object]]:
        result = runner.invoke(app, ["-f", str(GOOD), "show", entry_id, "--format", "json"])
        return [row for row in json.loads(result.stdout) if row["part"] == "check"]

    assert checks("st-mayor") == []  # its source is archived: validate checks it
    assert checks("st-wire") == [
        {
            "part": "check",
            "field": "quote",
            "value": "not checked against the source's words: its source has no archived text",
            "id": "st-wire",
            "source_id": "src-wire",
            "via_id": None,  # st-wire credits no other source
        }
    ]
    [row] = checks("rx-translated")
    assert row["value"] == (
        "not checked against the source's words: a translation, and its source gives no"
        " archived translation"
    )
