"""`raqqa issues [ID]`: the issues the briefing raises, or one in full."""

from typing import Annotated

from raqqa_cli.cli.commandline import Arg, File, Match
from raqqa_cli.cli.commands import index_of, matcher_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    issue_id: Annotated[str | None, Arg("[ID]", "Show this issue in full.", complete="issues")] = (
        None
    )
    match: Match = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports import issues as report

    index = index_of(out, options.file)
    if options.issue_id is not None:
        out.show(report.issue_detail(index, options.issue_id))
    else:
        out.show(report.issues_report(index, matcher_of(index, options.match)))
