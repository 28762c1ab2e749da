"""The `raqqa` command line as typer sees it: help, completion, and every mistake.

The everyday command lines never need typer: `fast.py` reads them (see `main.py`), and
`RaqqaGroup.main` asks it first here too. This module declares the same commands for typer,
which writes the help, reports usage errors and runs whatever `fast.py` declines. Options
are declared once below and reused by every command, so they are spelled the same
everywhere. Either way a command ends in `commands.run`.
"""

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from raqqa_cli import commands
from raqqa_cli.commands import run_safely, say_error
from raqqa_cli.errors import ExitCode
from raqqa_cli.render import Format, NoteFor
from raqqa_cli.report import TotalBy
from raqqa_cli.terminal import Terminal, detect_terminal


class RaqqaGroup(TyperGroup):
    """Typer's group with raqqa's manners: the fast reader first, one line per error.

    Overriding `main` (rather than wrapping the console script) means `CliRunner` tests
    see exactly what users see, fast path included.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from raqqa_cli import fast

        standalone_mode = kwargs.pop("standalone_mode", True)
        argv = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if argv is None else list(argv)
        call = fast.parse(argv, os.environ)
        if call is not None:
            terminal = _terminal(kwargs.get("obj"))
            code = run_safely(lambda: commands.run(call.name, terminal, **call.options))
        else:
            kwargs["standalone_mode"] = False
            code = run_typer(lambda: super(RaqqaGroup, self).main(*args, **kwargs))
        if standalone_mode:
            sys.exit(code)
        return code


def run_typer(invoke: Any) -> int:
    """`run_safely`, knowing click's own exceptions too."""
    from typer import Abort
    from typer._click.exceptions import ClickException, UsageError

    code: int = ExitCode.OK

    def attempt() -> None:
        nonlocal code
        try:
            result = invoke()
            code = result if isinstance(result, int) else ExitCode.OK
        except UsageError as error:
            say_error(error.format_message())
            if error.ctx is not None:
                print(f"Try '{error.ctx.command_path} -h' for help.", file=sys.stderr)
            code = ExitCode.USAGE
        except ClickException as error:
            say_error(error.format_message())
            code = error.exit_code
        except Abort:
            code = ExitCode.INTERRUPTED

    failed = run_safely(attempt)
    return failed if failed != ExitCode.OK else code


def _terminal(given: object) -> Terminal:
    """The terminal given by the caller (tests inject one), else the real stdout's."""
    return given if isinstance(given, Terminal) else detect_terminal(sys.stdout)


def run(ctx: typer.Context, command: str, /, **options: Any) -> None:
    """Run a command, `--file` and `--format` given before its name counting as `fast.py`
    has it: the command's own first, then the top level's, then the environment's."""
    from typer._click.core import Context, ParameterSource

    root = ctx.find_root()

    def given(context: Context, param: str) -> bool:
        return context.get_parameter_source(param) is ParameterSource.COMMANDLINE

    for param in ("file", "fmt"):
        if param in options and not given(ctx, param) and given(root, param):
            options[param] = root.params[param]
    commands.run(command, _terminal(root.obj), **options)


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        code = run_safely(lambda: commands.run("version", _terminal(ctx.find_root().obj)))
        raise typer.Exit(code)


app = typer.Typer(
    name="raqqa",
    cls=RaqqaGroup,
    help="Fast, trustworthy answers from a YAML briefing.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help imports rich.markdown and markdown-it (78 ms)
    # before drawing anything, which alone breaks the --help budget (README, Decisions).
    rich_markup_mode=None,
)

FileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        "-f",
        envvar="RAQQA_BRIEFING",
        show_envvar=True,
        metavar="PATH",
        help="Knowledge file to read; '-' reads standard input. [default: the embedded briefing]",
    ),
]


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        case_sensitive=False,
        help="table, markdown, json, csv or plain; auto is a table on a terminal, Markdown"
        " when piped.",
    ),
]
MatchOption = Annotated[
    str | None,
    typer.Option(
        "--match", "-m", metavar="TEXT", help="Only entries mentioning TEXT (or an alias of it)."
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", metavar="NAME", help="Only entries linked to this actor (any alias)."),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source", metavar="SOURCE", help="Only entries citing this source (id or words)."
    ),
]


@app.callback(invoke_without_command=True)
def overview(
    ctx: typer.Context,
    *,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Fast, trustworthy answers from a YAML briefing. With no command: the briefing at a
    glance.

    \b
    Examples:
      raqqa
      raqqa aid --totals
      raqqa brief >> notes.md
    """
    if ctx.invoked_subcommand is None:
        run(ctx, "overview", file=file, fmt=fmt)


@app.command()
def issues(
    ctx: typer.Context,
    issue_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this issue in full.")
    ] = None,
    *,
    match: MatchOption = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """The issues the briefing raises: who is involved, key figures, statements.

    \b
    Examples:
      raqqa issues
      raqqa issues iss-foreign-fighters --format json
    """
    run(ctx, "issues", issue_id=issue_id, match=match, file=file, fmt=fmt)


@app.command()
def aid(
    ctx: typer.Context,
    *,
    totals: Annotated[
        bool, typer.Option("--totals", help="Honest totals instead of the lines.")
    ] = False,
    by: Annotated[
        TotalBy | None,
        typer.Option("--by", help="Group the totals by sector or donor (implies --totals)."),
    ] = None,
    sector: Annotated[
        str | None, typer.Option("--sector", metavar="SECTOR", help="Only this sector.")
    ] = None,
    donor: Annotated[
        str | None, typer.Option("--donor", metavar="NAME", help="Only this donor.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", metavar="STATUS", help="announced, pledged, committed or delivered."
        ),
    ] = None,
    chart: Annotated[
        bool, typer.Option("--chart", help="Bars per unit (a picture on a terminal).")
    ] = False,
    match: MatchOption = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Pledges and aid lines: donor, what, quantity, sector, status, date, who announced.

    \b
    Examples:
      raqqa aid --totals
      raqqa aid --sector health --format csv
    """
    run(
        ctx,
        "aid",
        totals=totals,
        by=by.value if by is not None else None,
        sector=sector,
        donor=donor,
        status=status,
        chart=chart,
        match=match,
        file=file,
        fmt=fmt,
    )


@app.command()
def reactions(
    ctx: typer.Context,
    *,
    actor: ActorOption = None,
    source: SourceOption = None,
    match: MatchOption = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """International reactions: actor, stance, claim or quote, date, source.

    \b
    Examples:
      raqqa reactions
      raqqa reactions --actor Russia --format json
    """
    run(ctx, "reactions", actor=actor, source=source, match=match, file=file, fmt=fmt)


@app.command()
def statements(
    ctx: typer.Context,
    *,
    actor: ActorOption = None,
    source: SourceOption = None,
    match: MatchOption = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Who said what, when and where: paraphrase and quote kept apart, each with its
    source.

    \b
    Examples:
      raqqa statements
      raqqa statements --actor Fallon --format json
    """
    run(ctx, "statements", actor=actor, source=source, match=match, file=file, fmt=fmt)


@app.command()
def actors(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(metavar="[NAME]", help="Everything linked to this actor (any alias)."),
    ] = None,
    *,
    match: MatchOption = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """People and organisations: kind, roles with the dates held, aliases.

    \b
    Examples:
      raqqa actors
      raqqa actors Daesh
      raqqa actors Fallon
    """
    run(ctx, "actors", name=name, match=match, file=file, fmt=fmt)


@app.command()
def timeline(
    ctx: typer.Context,
    *,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From this date (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Up to this date (inclusive).")
    ] = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Dated events in order, each at the precision known; a time line on a terminal.

    \b
    Examples:
      raqqa timeline
      raqqa timeline --since 2017-10 --until 2017-10-31
    """
    run(ctx, "timeline", since=since, until=until, file=file, fmt=fmt)


def _listing(name: str, doc: str) -> None:
    """Register a plain listing command (outlook, figures, sources, errata)."""

    def command(
        ctx: typer.Context,
        *,
        match: MatchOption = None,
        file: FileOption = None,
        fmt: FormatOption = Format.auto,
    ) -> None:
        run(ctx, name, match=match, file=file, fmt=fmt)

    command.__doc__ = doc
    app.command(name)(command)


_listing(
    "outlook",
    """Analytic judgements: whose they are, the words used, the stated likelihood (none
    imposed), trend and condition; stated likelihood first.

    \b
    Example:
      raqqa outlook --format markdown >> notes.md
    """,
)
_listing(
    "figures",
    """Key numbers: what they count, qualifier, scope, who claims them, as of when, source.

    \b
    Example:
      raqqa figures --match civilians
    """,
)
_listing(
    "sources",
    """The citations with their locators, and who cites whom.

    \b
    Example:
      raqqa sources --format csv > sources.csv
    """,
)
_listing(
    "places",
    """Places: every spelling, the kind of place and what each lies within.

    \b
    Example:
      raqqa places --match Deir
    """,
)
_listing(
    "errata",
    """Where the briefing and the public record differ: what each says, each with its
    sources.

    \b
    Example:
      raqqa errata
    """,
)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to look for.")],
    *,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Every entry that mentions TEXT in any field; case, accents and aliases do not matter.

    \b
    Examples:
      raqqa search Daesh
      raqqa search Raqqah --format json
    """
    run(ctx, "search", text=text, file=file, fmt=fmt)


@app.command("show")
def show_entry(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The id of any entry.")],
    *,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """One entry whole: every field with its source, the source chain with locators, and
    every entry that refers to it.

    \b
    Examples:
      raqqa show fig-civilian-deaths
      raqqa show src-bbc --format json
    """
    run(ctx, "show", entry_id=entry_id, file=file, fmt=fmt)


@app.command()
def brief(
    ctx: typer.Context,
    *,
    audience: Annotated[
        NoteFor | None,
        typer.Option(
            "--for",
            help="analysts (the default) see ids and raqqa's hints; readers get a note to"
            " circulate, without them.",
        ),
    ] = None,
    file: FileOption = None,
    fmt: FormatOption = Format.markdown,
) -> None:
    """The whole briefing as one Markdown note, with numbered citations linked to the
    sources.

    \b
    Examples:
      raqqa brief >> notes.md
      raqqa brief --for readers > briefing.md
    """
    run(
        ctx,
        "brief",
        audience=audience.value if audience is not None else None,
        file=file,
        fmt=fmt,
    )


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="Knowledge file to check ('-' for stdin)."),
    ] = None,
    *,
    file: FileOption = None,
) -> None:
    """Check a knowledge file and report every problem, one per line.

    \b
    Example:
      raqqa validate my-briefing.yaml
    """
    run(ctx, "validate", path=path, file=file)


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the knowledge file, for editors and other validators.

    \b
    Example:
      raqqa schema > raqqa.schema.json
    """
    run(ctx, "schema")
