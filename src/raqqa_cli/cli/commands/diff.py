"""`raqqa diff OLD NEW`: what changed between two versions of a briefing."""

from typing import Annotated

from raqqa_cli.cli.commandline import Arg, Opt
from raqqa_cli.cli.output import Finished, Output
from raqqa_cli.errors import ExitCode, QueryError, printable, tell
from raqqa_cli.record import Record
from raqqa_cli.render import Format, resolve_format


class Options(Record):
    old: Annotated[
        str,
        Arg(
            "OLD",
            "The earlier version: a file, '-' or REV:PATH (git).",
            True,
            "files",
            reads=True,
        ),
    ]
    new: Annotated[
        str,
        Arg("NEW", "The later version: a file, '-' or REV:PATH (git).", True, "files", reads=True),
    ]
    exit_code: Annotated[
        bool,
        Opt(
            ("--exit-code",),
            "flag",
            "Exit with status 1 when anything changed, 0 when nothing did (as git diff).",
        ),
    ] = False


def run(out: Output, options: Options) -> None:
    from raqqa_cli.briefing.load import resolve_location
    from raqqa_cli.briefing.revision import load_side
    from raqqa_cli.render.grouped import render_grouped
    from raqqa_cli.reports.diff import diff_report

    old, new = options.old, options.new
    if old == new == "-":
        raise QueryError("only one side of a diff can be standard input ('-')")
    # The side named by a file first: a missing NEW is said at once, not after standard
    # input has been read to its end (`raqqa diff - missing.yaml` waited for Ctrl-D).
    sides = sorted({old, new}, key=lambda side: side == "-")
    read = {side: load_side(resolve_location(side)) for side in sides}
    before, after = read[old], read[new]
    shown = "<stdin>"
    changes = diff_report(
        before,
        after,
        shown if old == "-" else printable(old),
        shown if new == "-" else printable(new),
    )
    if not changes.whole.rows:
        tell(f"raqqa: {printable(changes.whole.empty)}")
    chosen = resolve_format(out.target.format, out.terminal)
    if chosen is Format.csv:  # one table, shaped for Excel as every listing's CSV is
        out.emit(out.render(changes.whole))
    else:
        out.emit(render_grouped(changes.whole, changes.parts, chosen, out.terminal))
    if options.exit_code and changes.whole.rows:
        raise Finished(ExitCode.CHANGED)
