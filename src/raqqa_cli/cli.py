"""The `raqqa` command line: parse options, call load -> query -> render, exit.

Commands stay thin; the shared options are declared once below and reused by every
command, so they are spelled the same everywhere.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from raqqa_cli import __version__
from raqqa_cli.errors import BriefingError, ExitCode
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


def load(location: str | None) -> Briefing:
    """The checked briefing, or a `BriefingError` for the group to report."""
    from raqqa_cli.load import load_briefing

    return load_briefing(location)


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
