"""The `raqqa` command line: parse options, call load -> query -> render, exit.

Commands stay thin; the shared options are declared once below and reused by every
command, so they are spelled the same everywhere.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from raqqa_cli import __version__
from raqqa_cli.errors import BriefingError, ExitCode, QueryError
from raqqa_cli.model import Briefing
from raqqa_cli.render import Format
from raqqa_cli.report import Report
from raqqa_cli.terminal import Terminal, detect_terminal


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
    rich_markup_mode="rich",
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


def load(location: str | None) -> Briefing:
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


@app.callback()
def overview(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Fast, trustworthy answers from a YAML briefing.

    [bold]Example:[/] raqqa validate my-briefing.yaml
    """


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

    [bold]Examples:[/] raqqa issues    raqqa issues iss-foreign-fighters --format json
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
    match: MatchOption = None,
    file: FileOption = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Pledges and aid lines: donor, what, quantity, sector, status, date, who announced.

    [bold]Examples:[/] raqqa aid --totals    raqqa aid --sector health --format csv
    """
    from raqqa_cli import query

    index = index_of(file)
    chosen = query.aid_filter(index, sector=sector, donor=donor, status=status, match=match)
    if totals or by is not None:
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

    [bold]Examples:[/] raqqa reactions    raqqa reactions --actor Russia --format json
    """
    from raqqa_cli import query

    index = index_of(file)
    show(ctx, query.reactions_report(index, actor=actor, source=source, match=match), fmt)


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

    [bold]Example:[/] raqqa validate my-briefing.yaml
    """
    from raqqa_cli.load import load_briefing, resolve_location

    location = resolve_location(path or file)
    try:
        briefing = load_briefing(location)
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

    [bold]Example:[/] raqqa schema > raqqa.schema.json
    """
    import json

    from raqqa_cli.schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """The console script."""
    app(prog_name="raqqa")
