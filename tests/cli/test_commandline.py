"""One declaration of the command line (`commandline.py`) reaches both readers and the docs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from raqqa_cli.cli import fast
from raqqa_cli.cli.app import app
from raqqa_cli.cli.commandline import BY_NAME, COMMANDS, OVERVIEW, Command
from raqqa_cli.errors import QueryError
from raqqa_cli.terminal import Terminal
from tests.conftest import documentation

README = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
DOCS = documentation()
CLICK = get_command(app)


def click_options(command: Command) -> dict[str, set[str]]:
    """Each parameter's spellings as typer built them."""
    group: Any = CLICK.commands[command.group] if command.group else CLICK  # type: ignore[attr-defined]
    found = CLICK if command is OVERVIEW else group.commands[command.name]
    params = found.params
    return {str(p.name): set(p.opts) for p in params if p.name not in ("help",)}


@pytest.mark.parametrize("command", [*COMMANDS, OVERVIEW], ids=lambda c: c.name)
def test_every_option_reaches_typer(command: Command) -> None:
    built = click_options(command)
    for option in command.options:
        assert built.get(option.param) == set(option.flags), option
    for arg in command.args:
        assert arg.param in built
    extra = set(built) - {o.param for o in command.options} - {a.param for a in command.args}
    assert extra <= {"install_completion", "show_completion"}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_option_reaches_the_fast_reader(command: Command) -> None:
    spec = fast.spec_named(command.path)
    assert spec is not None
    for option in command.options:
        for flag in option.flags:
            assert spec.options[flag][0] == option.param
    assert [p for p, _ in spec.positionals] == [a.param for a in command.args]


@pytest.mark.parametrize("command", [*COMMANDS, OVERVIEW], ids=lambda c: c.name)
def test_each_command_is_one_options_class_and_a_body_that_takes_it(command: Command) -> None:
    """`raqqa_cli.cli.commands.<name>`: `Options`, whose fields are every argument and option
    the command reads (all but those that shape the output, the `Output`'s), and
    `run(out: Output, options: Options)`. mypy checks the body against its class; this
    checks that the one the command line builds is the one the body declares."""
    import importlib
    import inspect
    import typing

    from raqqa_cli.cli.output import Output

    module = importlib.import_module(command.module)
    options = module.Options
    assert options is command.options_class
    hints = typing.get_type_hints(module.run)
    assert list(inspect.signature(module.run).parameters) == ["out", "options"]
    assert hints["out"] is Output and hints["options"] is options
    declared = [a.param for a in command.args]
    declared += [o.param for o in command.options if o not in command.writes]
    assert sorted(options._fields) == sorted(declared)
    # No option of the output is one of its own: the `Output` holds them.
    assert not {o.param for o in command.writes} & set(options._fields)
    # Built from nothing but the defaults and the required arguments, as both readers do.
    required = {a.param: "x" for a in command.args if a.required}
    assert options(**required)._asdict().keys() == set(options._fields)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_and_option_reaches_the_docs(command: Command) -> None:
    # The README's command table has a row for the command ...
    spoken = command.path
    assert re.search(rf"^\| `raqqa {spoken}\b", README, re.MULTILINE), command.name
    # ... and its help shows every option and an example.
    result = CliRunner().invoke(app, [*spoken.split(), "--help"], obj=Terminal(False, 100))
    assert result.exit_code == 0
    for option in command.options:
        assert all(flag in result.stdout for flag in option.flags), (command.name, option)
    assert command.examples[0] in result.stdout
    # Every option any command takes is in the README or the pages under docs/.
    for option in command.options:
        flag = re.escape(option.flags[0])
        assert re.search(rf"`[^`\n]*{flag}\b[^`\n]*`", DOCS), option.flags[0]


def test_examples_fit_40_columns() -> None:
    # Shell lines cannot be wrapped: each example is short enough for the narrowest help.
    for command in (*COMMANDS, OVERVIEW):
        assert all(len(example) <= 38 for example in command.examples), command.name


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("args", [[], ["aid"], ["brief"], ["validate"]], ids=" ".join)
def test_help_fits_the_terminal_without_breaking_words(args: list[str], width: int) -> None:
    result = CliRunner().invoke(app, [*args, "--help"], obj=Terminal(True, width))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width, [li for li in lines if len(li) > width]
    # Summaries are whole: nothing cut to "..." in the list of commands.
    assert not any(line.rstrip().endswith("...") for line in lines[1:])


def test_top_level_help_has_examples_environment_and_exit_statuses() -> None:
    text = CliRunner().invoke(app, ["--help"], obj=Terminal(True, 100)).stdout
    for needed in ("Examples:", "RAQQA_BRIEFING", "RAQQA_PAGER", "NO_COLOR", "Exit status"):
        assert needed in text, needed


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["actors", "Falon"], "did you mean 'Michael Fallon'?"),
        # A donor is looked for among the donors (Fallon gives no aid), and else listed.
        (["aid", "--donor", "Falon"], "no donor goes by 'Falon'; donors: United Kingdom"),
        (["aid", "--donor", "Unted Kingdom"], "did you mean 'United Kingdom'?"),
        (["aid", "--donor", "Frnace"], "no donor goes by 'Frnace'; donors: United Kingdom"),
        (["aid", "--donor", ""], "an empty name names nothing"),
        (["aid", "--donor", "Daesh"], "'Daesh' gives no aid in this briefing; donors: "),
        (["aid", "--sector", "helth"], "did you mean 'Health'?"),
        (["aid", "--sector", ""], "an empty sector matches nothing"),
        (["aid", "--status", "promised"], "no status 'promised'"),
        (["aid", "--match", ""], "nothing to search for"),
        (["reactions", "--actor", ""], "an empty name names nothing"),
        (["reactions", "--source", ""], "an empty --source matches nothing"),
        (["reactions", "--source", "src-bbc-2017-10-32"], "did you mean 'src-bbc-2017-10-23'?"),
        (["issues", "iss-humantarian"], "did you mean 'iss-humanitarian'?"),
        (["show", "iss-humantarian"], "did you mean 'iss-humanitarian'"),
        (["show", ""], "an empty id names nothing"),
        (["timeline", "--since", "2018", "--until", "2017"], "is after --until"),
        (["timeline", "--since", "2017-13"], "is not a date"),
        (["aid", "--chart", "--by", "donor"], "does not combine"),
        (["aid", "--format", "jsn"], "'jsn' is not a choice; did you mean 'json'?"),
        (["--format", "jsn", "aid"], "'jsn' is not a choice; did you mean 'json'?"),
        (["aid", "--by", "xyzzy"], "one of: status, sector, donor"),
        (["aid", "--status", "nounced"], "no status 'nounced'; did you mean 'announced'?"),
        (["actors", "Zed"], "`raqqa actors` lists them"),
        (["aid", "--by", "dnor"], "did you mean 'donor'?"),
        # Each command offers only the formats it takes: in help, in both readers, in
        # completion; given before its name, or by -o's extension, it says which it takes.
        (["brief", "--format", "csv"], "'csv' is not one `raqqa brief` takes: auto, markdown,"),
        (["aid", "--format", "bibtex"], "'bibtex' is not one `raqqa aid` takes: auto, table,"),
        (["validate", "--format", "html"], "'html' is not one `raqqa validate` takes: auto,"),
        (["--format", "bibtex", "aid"], "raqqa aid takes --format auto, table, markdown, json"),
        (["aid", "-o", "refs.bib"], "-o's extension asks for bibtex"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_one_rule_for_bad_values(argv: list[str], says: str) -> None:
    """Unknown, empty and reversed values are usage errors with the nearest match or the list."""
    result = CliRunner().invoke(app, argv, obj=Terminal(False))
    assert result.exit_code == 2, result.output
    assert says in result.stderr and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("pledge", {"pledged"}),
        ("DEL", {"delivered"}),  # the start of a word, never the middle ('announced')
        ("DELIVERED", {"delivered"}),
    ],
)
def test_a_status_is_named_by_the_start_of_its_word(text: str, chosen: set[str]) -> None:
    from typing import get_args

    from raqqa_cli.briefing.model import Status
    from raqqa_cli.reports.filters import choose

    assert choose(text, get_args(Status), "status") == chosen


def test_a_sector_is_named_by_the_start_of_any_of_its_words() -> None:
    from raqqa_cli.reports.filters import choose

    sectors = ["Shelter/NFI", "Protection: Mine Action", "Health"]
    assert choose("nfi", sectors, "sector") == {"Shelter/NFI"}
    assert choose("mine action", sectors, "sector") == {"Protection: Mine Action"}
    with pytest.raises(QueryError, match="did you mean 'Shelter/NFI'"):
        choose("helter", sectors, "sector")


def test_status_help_names_every_status() -> None:
    from typing import get_args

    from raqqa_cli.briefing.model import Status

    status = next(o for o in BY_NAME["aid"].options if o.param == "status")
    assert all(name in status.help for name in get_args(Status))


def test_every_command_that_prints_takes_no_pager() -> None:
    # `raqqa --no-pager validate` works, so `raqqa validate --no-pager` must too.
    for command in COMMANDS:
        if command.name not in ("init", "refresh"):
            assert "no_pager" in {o.param for o in command.options}, command.name


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.formats], ids=lambda c: c.name)
def test_help_offers_only_the_formats_the_command_takes(command: Command) -> None:
    from raqqa_cli.render import Format

    result = CliRunner().invoke(app, [*command.path.split(), "--help"], obj=Terminal(False, 200))
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "--format FORMAT" in line)
    said = line.split("--format FORMAT", 1)[1].split(";", 1)[0]
    named = {word.strip(" ,") for word in said.replace(" or ", ", ").split(",")}
    assert named == {f.value for f in Format if f.value in command.formats} - {"auto"}


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.formats], ids=lambda c: c.name)
def test_o_names_only_extensions_the_command_writes(tmp_path: Path, command: Command) -> None:
    """From the tmux walk: every command's -o help promised .json .csv .tsv .txt .html, yet
    `brief -o x.json` and `validate -o v.tsv` were refused; `sources` took .bib unlisted;
    --force spoke of --bibliography where there is none. Each extension -o's help names is
    now taken by the command, each it takes is named, and --force names only its options."""
    from raqqa_cli.render import FORMAT_OF_EXTENSION

    result = CliRunner().invoke(app, [*command.path.split(), "--help"], obj=Terminal(False, 400))
    text = " ".join(result.stdout.split())
    said = re.search(r"the format from its extension \(([^)]*)\)", text)
    assert said, text
    named = said.group(1).split()
    assert len(named) == len({FORMAT_OF_EXTENSION[e] for e in named})  # one a format
    has_extension = {f.value for f in FORMAT_OF_EXTENSION.values()}  # not table, csl-json
    assert {FORMAT_OF_EXTENSION[e].value for e in named} == set(command.formats) & has_extension
    flags = {flag for option in command.options for flag in option.flags}
    assert ("--bibliography" in text.split("--force", 1)[1].split(".")[0]) == (
        "--bibliography" in flags
    )
    if command.name in ("brief", "validate"):  # the two the walk found refused
        extension = named[-1]
        target = tmp_path / f"out{extension}"
        wrote = CliRunner().invoke(
            app, [*command.path.split(), "-o", str(target)], obj=Terminal(False, 80)
        )
        assert wrote.exit_code == 0 and target.exists(), wrote.output


def test_a_group_named_alone_shows_its_help() -> None:
    """`raqqa notes` printed its whole help as one error line with literal `\\n`, exit 2."""
    alone = CliRunner().invoke(app, ["notes"], obj=Terminal(False, 80))
    asked = CliRunner().invoke(app, ["notes", "-h"], obj=Terminal(False, 80))
    assert alone.exit_code == 0 and asked.exit_code == 0
    assert alone.stdout == asked.stdout
    assert "refresh" in alone.stdout and "\\n" not in alone.stdout
    assert "error" not in alone.stderr


def test_excel_is_offered_only_where_csv_is() -> None:
    """`brief --excel` answered about `--format csv`, a flag never typed."""
    for command in (*COMMANDS, OVERVIEW):
        flags = {flag for option in command.options for flag in option.flags}
        takes_csv = "csv" in command.formats or command is OVERVIEW
        assert ("--excel" in flags) == takes_csv, command.name
    result = CliRunner().invoke(app, ["brief", "--excel"], obj=Terminal(False, 80))
    assert result.exit_code == 2 and "No such option: --excel" in result.stderr


def test_schema_refuses_a_name_that_says_another_format(tmp_path: Path) -> None:
    """`schema -o s.csv` wrote JSON to s.csv with exit 0."""
    target = tmp_path / "s.csv"
    result = CliRunner().invoke(app, ["schema", "-o", str(target)], obj=Terminal(False, 80))
    assert result.exit_code == 2 and "writes JSON" in result.stderr and not target.exists()
    for name in ("s.json", "raqqa.schema"):  # its own format, or a name that says none
        ok = CliRunner().invoke(app, ["schema", "-o", str(tmp_path / name)], obj=Terminal(False))
        assert ok.exit_code == 0 and (tmp_path / name).read_text().startswith("{")


def test_words_left_over_after_a_name_are_shown_quoted() -> None:
    result = CliRunner().invoke(app, ["actors", "Rory", "Stewart"], obj=Terminal(False, 80))
    assert result.exit_code == 2
    assert "quote it: raqqa actors 'Rory Stewart'" in result.stderr
    assert result.stderr.count("\n") == 1  # one line, as every error
    # An id holds no spaces: two words for `show` are a mistake, not a name to quote.
    ids = CliRunner().invoke(app, ["show", "st-a", "st-b"], obj=Terminal(False, 80))
    assert ids.exit_code == 2 and "quote it" not in ids.stderr and "raqqa show -h" in ids.stderr


def test_help_command_gives_what_h_gives() -> None:
    """`raqqa help CMD` is `raqqa CMD -h`, and names the nearest command when misspelt."""
    runner = CliRunner()
    for args in (["aid"], ["notes"], []):
        via_help = runner.invoke(app, ["help", *args], obj=Terminal(False, 80))
        direct = runner.invoke(app, [*args, "-h"], obj=Terminal(False, 80))
        assert via_help.exit_code == direct.exit_code == 0, args
        assert via_help.stdout == direct.stdout, args
    wrong = runner.invoke(app, ["help", "ad"], obj=Terminal(False, 80))
    assert wrong.exit_code == 2 and "did you mean 'aid'?" in wrong.stderr


def test_actors_by_kind() -> None:
    """`actors` was 283 lines at 80 columns, people after every organisation, no --kind."""
    runner = CliRunner()
    people = runner.invoke(app, ["actors", "--kind", "person", "--format", "json"])
    assert people.exit_code == 0
    import json

    kinds = {record["kind"] for record in json.loads(people.stdout)}
    assert kinds == {"person"}
    wrong = runner.invoke(app, ["actors", "--kind", "persn"], obj=Terminal(False))
    assert wrong.exit_code == 2 and "did you mean 'person'?" in wrong.stderr
