"""The `raqqa` command line: parse options, call load -> query -> render, exit.

Commands stay thin; the shared options are declared once below and reused by every
command, so they are spelled the same everywhere.
"""

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from raqqa_cli import __version__
from raqqa_cli.errors import BriefingError, ExitCode, QueryError
from raqqa_cli.render import Format
from raqqa_cli.report import Report
from raqqa_cli.terminal import Terminal, detect_terminal

if TYPE_CHECKING:
    from raqqa_cli.model import Briefing


class RaqqaGroup(TyperGroup):
    """Typer's group with raqqa's error manners: one line per error, known exit codes.

    Overriding `main` (rather than wrapping the console script) means `CliRunner` tests
    see exactly what users see.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone_mode = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        code = run_safely(lambda: super(RaqqaGroup, self).main(*args, **kwargs))
        if standalone_mode:
            sys.exit(code)
        return code


def run_safely(invoke: Any) -> int:
    """Run the command; turn every way it can end into an exit status and one line."""
    from typer import Abort
    from typer._click.exceptions import ClickException, UsageError

    try:
        result = invoke()
    except BriefingError as error:
        lines = error.lines()
        more = f" (and {len(lines) - 1} more: run raqqa validate)" if len(lines) > 1 else ""
        say_error(lines[0] + more)
        return ExitCode.BAD_BRIEFING
    except QueryError as error:
        say_error(str(error))
        return ExitCode.USAGE
    except UsageError as error:
        say_error(error.format_message())
        if error.ctx is not None:
            print(f"Try '{error.ctx.command_path} -h' for help.", file=sys.stderr)
        return ExitCode.USAGE
    except ClickException as error:
        say_error(error.format_message())
        return error.exit_code
    except (Abort, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return quiet_after_broken_pipe()
    except Exception as error:
        if os.environ.get("RAQQA_DEBUG"):
            raise
        say_error(f"internal error: {type(error).__name__}: {error} (please report this)")
        return ExitCode.INTERNAL
    return result if isinstance(result, int) else ExitCode.OK


def quiet_after_broken_pipe() -> int:
    """The reader went away (`raqqa brief | head -3`): stop without a word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # not a real file descriptor (a test's capture): nothing to silence
    return ExitCode.OK


def say_error(message: str) -> None:
    """The one-line error users see on stderr."""
    print(f"raqqa: error: {message}", file=sys.stderr)


def fail(message: str, code: ExitCode) -> NoReturn:
    """Stop with one line on stderr and `code`."""
    say_error(message)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"raqqa {__version__}")
        raise typer.Exit()


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


def load(location: str | None) -> "Briefing":
    """The checked briefing, or a `BriefingError` for the group to report."""
    from raqqa_cli.load import load_briefing

    return load_briefing(location)


def index_of(location: str | None) -> Any:
    """Lookups over the checked briefing."""
    from raqqa_cli.lookup import Index

    return Index(load(location))


def terminal_of(ctx: typer.Context) -> Terminal:
    """The terminal given by the caller (tests inject one), else the real stdout's."""
    given = ctx.find_root().obj
    return given if isinstance(given, Terminal) else detect_terminal(sys.stdout)


def show(ctx: typer.Context, report: Report, fmt: Format) -> None:
    """Render `report` and write it; an empty result is said on stderr and exits 0."""
    from raqqa_cli.render import render, resolve_format

    terminal = terminal_of(ctx)
    if not report.rows:
        print(f"raqqa: {report.empty}", file=sys.stderr)
    write(render(report, resolve_format(fmt, terminal), terminal))


def write(text: str) -> None:
    """Write to stdout; a reader that went away (`| head -1`) ends the command quietly."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Handled here because typer's own handler would exit 1 for it.
        raise typer.Exit(quiet_after_broken_pipe()) from None


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
        from raqqa_cli.browse import overview_report

        show(ctx, overview_report(index_of(file)), fmt)


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
    from raqqa_cli import query

    index = index_of(file)
    if issue_id:
        report = query.issue_detail(index, issue_id)
    else:
        report = query.issues_report(index, index.matcher(match) if match else None)
    show(ctx, report, fmt)


class TotalBy(StrEnum):
    """How `aid --totals` groups, beyond status, which is always kept apart."""

    status = "status"
    sector = "sector"
    donor = "donor"


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
    from raqqa_cli import query

    index = index_of(file)
    chosen = query.aid_filter(index, sector=sector, donor=donor, status=status, match=match)
    if chart:
        report = query.aid_chart(index, chosen)
    elif totals or by is not None:
        report = query.aid_totals(index, chosen, (by or TotalBy.status).value)
    else:
        report = query.aid_report(index, chosen)
    show(ctx, report, fmt)


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
    from raqqa_cli import query

    index = index_of(file)
    show(ctx, query.reactions_report(index, actor=actor, source=source, match=match), fmt)


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
    from raqqa_cli import browse

    index = index_of(file)
    if name:
        report = browse.actor_detail(index, name)
    else:
        report = browse.actors_report(index, index.matcher(match) if match else None)
    show(ctx, report, fmt)


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
    from raqqa_cli import browse

    show(ctx, browse.timeline_report(index_of(file), since, until), fmt)


def _listing(name: str, doc: str) -> None:
    """Register a plain listing command (outlook, figures, sources, errata)."""

    def command(
        ctx: typer.Context,
        *,
        match: MatchOption = None,
        file: FileOption = None,
        fmt: FormatOption = Format.auto,
    ) -> None:
        from raqqa_cli import browse

        index = index_of(file)
        maker = getattr(browse, f"{name}_report")
        show(ctx, maker(index, index.matcher(match) if match else None), fmt)

    command.__doc__ = doc
    app.command(name)(command)


_listing(
    "outlook",
    """Analytic judgements, most likely first: the article's words, the step on a named
    scale, trend and condition.

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
    """The citations, and who cites whom.

    \b
    Example:
      raqqa sources --format csv > sources.csv
    """,
)
_listing(
    "errata",
    """Where the article and the public record differ, with the record's source.

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
    from raqqa_cli import browse

    show(ctx, browse.search_report(index_of(file), text), fmt)


@app.command()
def brief(
    ctx: typer.Context,
    *,
    file: FileOption = None,
    fmt: FormatOption = Format.markdown,
) -> None:
    """The whole briefing as one Markdown note, with numbered citations.

    \b
    Example:
      raqqa brief >> notes.md
    """
    from raqqa_cli.render.brief import render_brief

    if fmt not in (Format.markdown, Format.auto):
        fail(f"brief is a Markdown note; --format {fmt.value} is not available", ExitCode.USAGE)
    write(render_brief(load(file)))


@app.command()
def validate(
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
    from raqqa_cli.load import load_briefing, resolve_location

    location = resolve_location(path or file)
    try:
        briefing = load_briefing(location, use_cache=False)
    except BriefingError as error:
        for line in error.lines():
            say_error(line)
        raise typer.Exit(ExitCode.BAD_BRIEFING) from None
    from raqqa_cli.model import SECTIONS

    counts = ", ".join(f"{len(getattr(briefing, s))} {s}" for s in SECTIONS)
    shown = "<stdin>" if location == "-" else location
    print(f"{shown}: valid briefing (schema_version {briefing.schema_version}): {counts}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the knowledge file, for editors and other validators.

    \b
    Example:
      raqqa schema > raqqa.schema.json
    """
    import json

    from raqqa_cli.schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """The console script."""
    app(prog_name="raqqa")
