"""The strict loader: each class of bad input is refused with a located one-line error.

Every test goes through `raqqa validate`, as a user would, and checks the exit status and
the exact location and field of the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing import load
from raqqa_cli.briefing.yamldoc import MAX_ALIAS_EXPANSION, MAX_DEPTH
from raqqa_cli.cli.app import app
from raqqa_cli.errors import BriefingError

Write = Callable[..., Path]


def refused(runner: CliRunner, path: Path | str, *args: str, **kwargs: object) -> list[str]:
    """Run `raqqa validate PATH`; assert exit 1; return the error lines without prefix."""
    result = runner.invoke(app, ["validate", str(path), *args], **kwargs)  # type: ignore[arg-type]
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no error printed"
    assert all(line.startswith("raqqa: error: ") for line in lines), lines
    assert "Traceback" not in result.stderr
    return [line.removeprefix("raqqa: error: ") for line in lines]


def test_minimal_fixture_is_valid(runner: CliRunner) -> None:
    from tests.conftest import MINIMAL

    result = runner.invoke(app, ["validate", str(MINIMAL)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{MINIMAL}: valid briefing (schema_version 1): 2 sources")


def test_invalid_yaml(runner: CliRunner, write: Write) -> None:
    path = write("schema_version: 1\nbriefing: [unclosed\n")
    [line] = refused(runner, path)
    assert line.startswith(f"{path}:3:1: invalid YAML: ")


def test_duplicate_keys(runner: CliRunner, write: Write, minimal_text: str) -> None:
    text = minimal_text.replace(
        "  title: Harbour Town after the Storm\n", "  title: A\n  title: B\n", 1
    )
    path = write(text)
    assert refused(runner, path) == [f"{path}:5:3: briefing.title: duplicate key 'title'"]


def test_unknown_key_suggests_the_near_miss(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    path = write(minimal_text.replace("    venue: Town hall", "    venu: Town hall"))
    [line] = refused(runner, path)
    assert line == f"{path}:67:5: statements[0].venu: unknown field 'venu'; did you mean 'venue'?"


def test_near_misses_are_suggested_for_the_first_problems_only(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    from raqqa_cli.briefing.check import SUGGESTIONS

    cites = ", ".join(["src-wir"] * (SUGGESTIONS + 5))
    path = write(minimal_text.replace("    cites: [src-wire]", f"    cites: [{cites}]"))
    lines = refused(runner, path)
    assert len(lines) == SUGGESTIONS + 5
    suggested = [line for line in lines if line.endswith("; did you mean 'src-wire'?")]
    assert len(suggested) == SUGGESTIONS, lines
    assert lines[-1].endswith("no entry has the id 'src-wir' in sources")


def test_unknown_key_without_near_miss_lists_fields(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    path = write(minimal_text.replace("    venue: Town hall", "    colour: red"))
    [line] = refused(runner, path)
    assert line.startswith(
        f"{path}:67:5: statements[0].colour: unknown field 'colour'; a statement has: id, speaker"
    )


def test_an_actor_given_by_name_suggests_its_id(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    # by name in any case, by an alias with an accent, and by a misspelt name
    text = (
        minimal_text.replace("    speaker: act-mayor", "    speaker: ada MAYOR")
        .replace("    donor: act-relief\n", "    donor: Mayor Adá\n", 1)
        .replace("    announcer: act-mayor\n", "    announcer: Relief Leage\n", 1)
    )
    path = write(text)
    assert refused(runner, path) == [
        f"{path}:65:5: statements[0].speaker: no entry has the id 'ada MAYOR' in actors;"
        " did you mean 'act-mayor'? (an actor is named by its id)",
        f"{path}:77:5: packages[0].donor: no entry has the id 'Mayor Adá' in actors;"
        " did you mean 'act-mayor'? (an actor is named by its id)",
        f"{path}:78:5: packages[0].announcer: no entry has the id 'Relief Leage' in actors;"
        " did you mean 'act-relief'? (an actor is named by its id)",
    ]


def test_a_name_that_is_no_actor_gets_no_suggestion(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    path = write(minimal_text.replace("    speaker: act-mayor", "    speaker: Priti Patel"))
    assert refused(runner, path) == [
        f"{path}:65:5: statements[0].speaker: no entry has the id 'Priti Patel' in actors"
    ]


def test_a_currency_in_lower_case_suggests_the_code(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    path = write(minimal_text.replace("    currency: EUR", "    currency: eur", 1))
    assert refused(runner, path) == [
        f"{path}:82:5: packages[0].currency: 'eur' is not an ISO 4217 currency code such as GBP;"
        " did you mean 'EUR'?"
    ]
    path = write(minimal_text.replace("    currency: EUR", "    currency: euro", 1))
    [line] = refused(runner, path)
    assert "did you mean" not in line


QUOTE_AS_A_WHOLE = "; a value that starts with a quotation and goes on after it must be quoted"


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        (
            "    venue: Town hall: main room",
            "; a value with \": \" in it must be quoted as a whole: venue: 'Town hall: main room'",
        ),
        (
            '    venue: "Town hall", said the mayor',
            f"{QUOTE_AS_A_WHOLE} as a whole: venue: '\"Town hall\", said the mayor'",
        ),
        (
            "    venue: 'Ada''s hall' (the old one)",
            f"{QUOTE_AS_A_WHOLE} as a whole: venue: '''Ada''''s hall'' (the old one)'",
        ),
    ],
)
def test_yaml_error_in_a_value_suggests_quoting_it(
    runner: CliRunner, write: Write, minimal_text: str, line: str, hint: str
) -> None:
    path = write(minimal_text.replace("    venue: Town hall", line))
    [error] = refused(runner, path)
    assert error.startswith(f"{path}:67:"), error
    assert "invalid YAML: " in error
    assert error.endswith(hint), error


def test_yaml_error_elsewhere_suggests_no_quoting(runner: CliRunner, write: Write) -> None:
    for text in (
        "schema_version: 1\nbriefing: [unclosed\n",
        'schema_version: 1\nbriefing: "closed" # fine\n  bad: [\n',
        "schema_version: 1\nbriefing: x\n - y: z\n",
    ):
        [line] = refused(runner, write(text))
        assert "invalid YAML: " in line
        assert "quoted" not in line, line


def test_wrong_types(runner: CliRunner, write: Write, minimal_text: str) -> None:
    text = minimal_text.replace("    quantity: 2000", "    quantity: '2,000'").replace(
        "  title: Harbour Town after the Storm\n  publisher", "  title: 1984\n  publisher", 1
    )
    path = write(text)
    assert refused(runner, path) == [
        f"{path}:4:3: briefing.title: expected text, got the number 1984 (quote it)",
        f"{path}:92:5: pledges[0].quantity: expected a number, got the text '2,000'"
        " (write numbers without separators or quotes)",
    ]


def test_no_is_text_not_false(runner: CliRunner, write: Write, minimal_text: str) -> None:
    # The YAML 1.1 trap: unquoted NO would be false. Here it stays the text 'NO'.
    path = write(minimal_text.replace("    venue: Town hall", "    venue: NO"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_impossible_dates(runner: CliRunner, write: Write, minimal_text: str) -> None:
    text = minimal_text.replace("  published: 2020-03-04", "  published: 2020-02-30").replace(
        "    date: 2020-02\n", "    date: 2020-13\n"
    )
    path = write(text)
    assert refused(runner, path) == [
        f"{path}:6:3: briefing.published: '2020-02-30' is not a real date",
        f"{path}:146:5: events[1].date: '2020-13' is not a real date",
    ]


def test_malformed_date(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("  published: 2020-03-04", "  published: 4th March 2020"))
    [line] = refused(runner, path)
    assert line == (
        f"{path}:6:3: briefing.published: '4th March 2020' is not a date"
        " (YYYY, YYYY-MM or YYYY-MM-DD)"
    )


def test_dates_out_of_order(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("        end: 2020-04-01", "        end: 2017-04-01"))
    [line] = refused(runner, path)
    assert (
        line
        == f"{path}:36:9: actors[1].roles[0].end: end '2017-04-01' comes before start '2018-05'"
    )


def test_negative_quantities(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("    quantity: 2000", "    quantity: -2000"))
    assert refused(runner, path) == [
        f"{path}:92:5: pledges[0].quantity: must be at least 0, got -2000"
    ]


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan", "1e999"])
def test_non_finite_numbers(
    runner: CliRunner, write: Write, minimal_text: str, number: str
) -> None:
    path = write(minimal_text.replace("    value: 120", f"    value: {number}"))
    [line] = refused(runner, path)
    assert line == f"{path}:122:12: figures[0].value: {number} is not a finite number"


@pytest.mark.parametrize(
    ("number", "column"),
    [("1000000000000000000", 15), ("-0x" + "f" * 4000, 15), ("9" * 5000, 15)],
    ids=["10**18", "4,000 hex digits", "5,000 digits"],
)
def test_integers_too_large(
    runner: CliRunner, write: Write, minimal_text: str, number: str, column: int
) -> None:
    path = write(minimal_text.replace("    quantity: 2000", f"    quantity: {number}"))
    [line] = refused(runner, path)
    assert line.startswith(f"{path}:92:{column}: pledges[0].quantity: {number[:20]}"), line
    assert line.endswith("is too large: integers must stay below 10**18"), line
    assert len(line) < len(str(path)) + 350, "the number is cut short in the message"


def test_the_largest_integer_and_amount_load(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    text = minimal_text.replace("    quantity: 2000", "    quantity: 999999999999999999")
    text = text.replace("    amount: 500000", "    amount: 1.0e18")
    result = runner.invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 0, result.output


def test_amounts_beyond_the_maximum(runner: CliRunner, write: Write, minimal_text: str) -> None:
    # Below it, no total of any number of lines can overflow to infinity.
    path = write(minimal_text.replace("    amount: 500000", "    amount: 1.7e308"))
    assert refused(runner, path) == [
        f"{path}:81:5: packages[0].amount: must be at most 1e+18, got 1.7e+308"
    ]


def test_duplicate_ids(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("  - id: ev-season", "  - id: ev-storm"))
    [line] = refused(runner, path)
    assert line == f"{path}:145:5: events[1].id: duplicate id 'ev-storm', first used at events[0]"


def test_dangling_reference(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("    speaker: act-mayor", "    speaker: act-mayr"))
    [line] = refused(runner, path)
    assert line == (
        f"{path}:65:5: statements[0].speaker: no entry has the id 'act-mayr' in actors;"
        " did you mean 'act-mayor'?"
    )


def test_reference_to_the_wrong_section(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("    speaker: act-mayor", "    speaker: plc-harbour"))
    [line] = refused(runner, path)
    assert line == (
        f"{path}:65:5: statements[0].speaker: 'plc-harbour' is in places,"
        " but this must name one of actors"
    )


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!custom thing",
        "!!binary aGVsbG8=",
    ],
)
def test_tags_that_would_build_objects(
    runner: CliRunner, write: Write, minimal_text: str, tagged: str
) -> None:
    path = write(minimal_text.replace("    venue: Town hall", f"    venue: {tagged}"))
    [line] = refused(runner, path)
    assert re.fullmatch(
        rf"{re.escape(str(path))}:67:12: statements\[0\]\.venue: YAML tag \S+ is not allowed:"
        " a briefing holds only plain data",
        line,
    ), line


def test_tagged_mapping_is_refused(runner: CliRunner, write: Write) -> None:
    path = write("schema_version: 1\nbriefing: !!python/object:os.Foo {a: 1}\n")
    [line] = refused(runner, path)
    assert line.startswith(
        f"{path}:2:11: briefing: YAML tag tag:yaml.org,2002:python/object:os.Foo"
    )


def test_alias_bomb(runner: CliRunner, write: Write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write("\n".join(lines) + "\n")
    [line] = refused(runner, path)
    assert f"aliases expand to more than {MAX_ALIAS_EXPANSION} values" in line
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: a\d", line), line


def test_long_text_aliased_many_times(runner: CliRunner, write: Write) -> None:
    # 100 KB aliased 999 times would be 100 MB of text from a 100 KB file.
    text = "a: &big '" + "w " * 50_000 + "'\nb: [" + ", ".join(["*big"] * 999) + "]\n"
    [line] = refused(runner, write(text))
    assert line.endswith(
        "b[10]: aliases expand to more than 1,000,000 characters of text (an alias bomb?)"
    ), line


def test_recursive_alias(runner: CliRunner, write: Write) -> None:
    path = write("a: &loop [*loop]\n")
    assert refused(runner, path) == [
        f"{path}:1:11: a[0]: alias *loop refers to a value that contains it"
    ]


def test_deep_nesting(runner: CliRunner, write: Write) -> None:
    depth = MAX_DEPTH + 5
    path = write("a: " + "[" * depth + "]" * depth + "\n")
    [line] = refused(runner, path)
    assert line.endswith(f"nesting deeper than {MAX_DEPTH} levels")
    assert line.startswith(f"{path}:1:{3 + MAX_DEPTH}: a")


def test_very_deep_nesting_does_not_crash(runner: CliRunner, write: Write) -> None:
    path = write("[" * 200_000 + "]" * 200_000)
    [line] = refused(runner, path)
    # raqqa's own limit, or (PyYAML >= 6.0.4) libyaml's, whose scanner reads ahead of it.
    assert line.endswith(f"nesting deeper than {MAX_DEPTH} levels") or line.endswith(
        ":1:1001: invalid YAML: exceeded maximum nesting depth (while increasing flow level)"
    ), line


def test_file_beyond_size_limit(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(load.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert refused(runner, path) == [f"{path}: larger than the 64 MiB limit"]


def test_stdin_beyond_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 10)
    with pytest.raises(BriefingError) as caught:
        load.load_briefing("-", stdin=io.BytesIO(b"a: 1\n" * 5))
    assert caught.value.lines() == ["<stdin>: larger than the 10-byte limit"]


def test_invalid_utf8(runner: CliRunner, write: Write, minimal_text: str) -> None:
    data = minimal_text.encode().replace(b"Town hall", b"Town \xff hall")
    path = write(data)
    [line] = refused(runner, path)
    assert line.startswith(f"{path}:67:17: is not valid UTF-8 (byte ")


def test_utf16(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.encode("utf-16"))
    assert refused(runner, path) == [f"{path}: is UTF-16; save it as UTF-8"]


def test_binary_file(runner: CliRunner, write: Write) -> None:
    path = write(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    assert refused(runner, path) == [
        f"{path}:1:8: contains a NUL byte: this is a binary file, not YAML (byte 7)"
    ]


def test_control_characters(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("Town hall", "Town\x1b[31mhall"))
    [line] = refused(runner, path)
    assert line == f"{path}:67:16: invalid YAML: character '\\x1b' is not allowed"


def test_control_characters_located_in_characters_not_bytes(
    runner: CliRunner, write: Write
) -> None:
    # libyaml reports the offset in bytes of UTF-8; users count characters.
    path = write("a: " + "\u00e9" * 10 + "\nb: \U0001f600\x01\n")
    assert refused(runner, path) == [f"{path}:2:5: invalid YAML: character '\\x01' is not allowed"]


@pytest.mark.parametrize("tag", ["%0A", "%1B%5B2J", "%E2%80%AE", "%0D%0Araqqa:%20error:%20forged"])
def test_tags_cannot_smuggle_control_characters(runner: CliRunner, write: Write, tag: str) -> None:
    # libyaml decodes %-escapes in tags: the message shows them escaped, on one line.
    lines = refused(runner, write(f"a: !<{tag}> x\n"))
    assert all(line.isprintable() for line in lines), lines
    assert [line for line in lines if ":1:4: a: YAML tag " in line], lines


def test_the_pure_python_parser_gives_the_same_answers(
    runner: CliRunner, write: Write, minimal_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml's C extension raqqa falls back to PyYAML's own parser."""
    import yaml

    from raqqa_cli.briefing import yamldoc

    with_c = [
        refused(runner, write(text))
        for text in ("a: \u00e9\u00e9\x01\n", "a: !!python/object:os.system x\n", "a: [b\n")
    ]
    monkeypatch.setattr(yamldoc, "_loader", lambda: yaml.SafeLoader)
    result = runner.invoke(app, ["validate", str(write(minimal_text))], env={"RAQQA_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    path = write("a: \u00e9\u00e9\x01\n")
    assert refused(runner, path, env={"RAQQA_NO_CACHE": "1"}) == [
        f"{path}:1:6: invalid YAML: character '\\x01' is not allowed"
    ]
    assert with_c[0] == [f"{path}:1:6: invalid YAML: character '\\x01' is not allowed"]
    path = write("a: !!python/object:os.system x\n")
    assert refused(runner, path, env={"RAQQA_NO_CACHE": "1"}) == with_c[1]
    [line] = refused(runner, write("a: [b\n"), env={"RAQQA_NO_CACHE": "1"})
    assert line.startswith(f"{path}:2:1: invalid YAML: ") and with_c[2][0].startswith(f"{path}:2:1")


@pytest.mark.parametrize("content", ["", "\n\n   \n", "\ufeff"])
def test_empty_files(runner: CliRunner, write: Write, content: str) -> None:
    path = write(content)
    assert refused(runner, path) == [f"{path}: is empty"]


def test_only_comments_is_not_a_briefing(runner: CliRunner, write: Write) -> None:
    path = write("# nothing here yet\n")
    [line] = refused(runner, path)
    assert line.startswith(f"{path}:1:1: a briefing is a mapping with schema_version")


def test_directory(runner: CliRunner, tmp_path: Path) -> None:
    # A folder is a shelf (docs/shelf.md): one without a briefing says so; read as one
    # file, a folder is refused.
    assert refused(runner, tmp_path) == [f"{tmp_path}: no briefing in this folder (*.yaml, *.yml)"]
    with pytest.raises(BriefingError) as raised:
        load.load_briefing(str(tmp_path), use_cache=False)
    assert raised.value.lines() == [f"{tmp_path}: is a directory, not a knowledge file"]


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert refused(runner, path) == [f"{path}: no such file"]


def test_unreadable_path(runner: CliRunner, write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, who can read anything, so the refusal is simulated.
    path = write("schema_version: 1\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load, "open", denied, raising=False)  # shadows the builtin there
    assert refused(runner, path) == [f"{path}: permission denied"]


def test_path_through_a_file(runner: CliRunner, write: Write) -> None:
    path = write("schema_version: 1\n")
    bad = f"{path}/inside.yaml"
    [line] = refused(runner, bad)
    assert line.startswith(f"{bad}: ")


def test_two_documents(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text + "---\nschema_version: 1\n")
    [line] = refused(runner, path)
    assert line.endswith("a briefing is one YAML document; found a second")


def test_unsupported_schema_version(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text.replace("schema_version: 1", "schema_version: 3"))
    assert refused(runner, path) == [
        f"{path}:2:1: schema_version: unsupported schema_version 3:"
        " this raqqa reads schema_version: 1 or 2"
    ]


def test_validate_reports_every_problem_but_other_paths_stop_at_first(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    text = minimal_text.replace("    quantity: 2000", "    quantity: -1").replace(
        "    speaker: act-mayor", "    speaker: nobody"
    )
    path = write(text)
    assert len(refused(runner, path)) == 2
    with pytest.raises(BriefingError) as caught:
        load.load_briefing(str(path))
    assert len(caught.value.problems) == 2


def test_the_file_is_never_written(runner: CliRunner, write: Write, minimal_text: str) -> None:
    path = write(minimal_text)
    before = path.stat()
    runner.invoke(app, ["validate", str(path)])
    after = path.stat()
    assert (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size)
    assert path.read_text(encoding="utf-8") == minimal_text


def test_a_long_key_is_cut_short_in_the_message(runner: CliRunner, write: Write) -> None:
    key = "k" * 100_000
    path = write(f"? {key}\n: 1\n? {key}\n: 2\n")
    lines = refused(runner, path)
    duplicate = [line for line in lines if "duplicate key" in line]
    assert duplicate and all(len(line) < len(str(path)) + 700 for line in lines), lines
    assert " … " in duplicate[0]


def test_a_judgement_may_have_words_and_no_step(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    text = minimal_text.replace("    scale: ICD 203\n    step: likely\n", "    words: will\n", 1)
    text = text.replace("    words: likely\n", "", 1)
    result = runner.invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 0, result.output


def test_an_erratum_is_a_difference_unless_it_says_context(
    runner: CliRunner, write: Write, minimal_text: str
) -> None:
    assert load.load_briefing(str(write(minimal_text))).errata[0].kind == "difference"
    head, erratum, tail = minimal_text.rpartition("  - id: err-date\n")  # the only erratum
    path = write(f"{head}{erratum}    kind: contxt\n{tail}")
    [line] = refused(runner, path)
    at = path.read_text().splitlines().index("    kind: contxt") + 1
    assert line == (
        f"{path}:{at}:5: errata[0].kind: expected one of: contradicted, disputed, difference,"
        " context; got the text 'contxt'; did you mean 'context'?"
    )


@pytest.mark.parametrize(
    ("section", "said"),
    [("actors", "an actor has:"), ("errata", "an erratum has:"), ("sources", "a source has:")],
)
def test_the_article_fits_the_kind_of_entry(section: str, said: str) -> None:
    import yaml

    from tests.conftest import MINIMAL

    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data[section][0]["zzzzzz"] = 1  # nothing near it: the fields are listed
    with pytest.raises(BriefingError) as caught:
        load.parse(load.Text("x.yaml", yaml.safe_dump(data)))
    [problem] = caught.value.problems
    assert said in problem.message, problem.message
    not_mapping = {**data, section: ["text"]}
    with pytest.raises(BriefingError) as caught:
        load.parse(load.Text("x.yaml", yaml.safe_dump(not_mapping)))
    kind = said.removesuffix(" has:")
    wanted = f"{section}[0]: expected a mapping ({kind}), got the text 'text'"
    assert any(line.endswith(wanted) for line in caught.value.lines()), caught.value.lines()
