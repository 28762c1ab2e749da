"""`raqqa help [COMMAND]`: a command's help, as `raqqa COMMAND -h` shows it."""

from typing import Annotated

from raqqa_cli.cli.commandline import COMMANDS, GROUPS, Arg
from raqqa_cli.cli.output import Finished, Output
from raqqa_cli.errors import QueryError, quoted
from raqqa_cli.record import Record


class Options(Record):
    command: Annotated[
        str | None,
        Arg("[COMMAND]", "The command (or group) to explain. [default: all]", complete="commands"),
    ] = None


def run(out: Output, options: Options) -> None:
    """Help is typer's: the one place it is made, at the terminal's width."""
    from raqqa_cli.cli.app import app_for

    names = [*(c.name for c in COMMANDS if c.group is None), *GROUPS]
    name = options.command
    if name is not None and name not in names:
        import difflib

        near = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f"; one of: {', '.join(names)}"
        raise QueryError(f"no command {quoted(name)}{hint}")
    args = ["--help"] if name is None else [name, "--help"]
    code = app_for(args)(args=args, prog_name="raqqa", standalone_mode=False, obj=out.terminal)
    if code:
        raise Finished(int(code))
