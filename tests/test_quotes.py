"""Quotes checked against the archived text of their source, by `raqqa validate` only.

Every quote marked verbatim, and every erratum's `article_says`, must occur in the archived
text of its source (whitespace and quotation marks normalised); each miss is one located line.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli import app
from raqqa_cli.load import embedded_briefing, load_briefing
from raqqa_cli.quotes import normalise_quoted
from tests.conftest import DATA

QUOTES = DATA / "quotes"
GOOD = QUOTES / "briefing.yaml"
CHANGED = QUOTES / "changed-quote.yaml"
ROOT = Path(__file__).parent.parent


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
    assert (code, err) == (0, "")
    assert out.startswith(f"{GOOD}: valid briefing")


def test_a_changed_quote_is_one_located_line(runner: CliRunner) -> None:
    code, out, err = validate(runner, str(CHANGED))
    line = line_of(CHANGED, "We shall rebuild")
    assert code == 1 and out == ""
    assert err == (
        f"raqqa: error: {CHANGED}:{line}:5: statements[0].quote:"
        " quote not found in archived text of src-desk\n"
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
        " quote not found in archived text of src-desk",
        f"raqqa: error: {path}:{line_of(path, '2nd')}:5: errata[0].article_says:"
        " quote not found in archived text of src-desk",
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
    assert "<stdin>:33:5: statements[0].quote: quote not found" in result.stderr


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
