"""`raqqa votes [ID]`: drafts, resolutions and motions, or how each member voted on one."""

from typing import Annotated

from raqqa_cli.cli.commandline import Arg, File, Match
from raqqa_cli.cli.commands import index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    decision_id: Annotated[
        str | None,
        Arg("[ID]", "How each member voted on this decision (id or symbol).", complete="decisions"),
    ] = None
    match: Match = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports import votes as report

    index = index_of(out, options.file)
    if options.decision_id is not None:
        out.show(report.decision_votes(index, options.decision_id))
    else:
        out.show(report.votes_report(index, options.match))
