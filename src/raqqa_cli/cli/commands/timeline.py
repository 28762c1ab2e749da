"""`raqqa timeline`: dated events in order."""

from typing import Annotated

from raqqa_cli.cli.commandline import File, Opt
from raqqa_cli.cli.commands import index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    since: Annotated[
        str | None, Opt(("--since",), "value", "From this date (YYYY[-MM[-DD]]).", "DATE")
    ] = None
    until: Annotated[
        str | None, Opt(("--until",), "value", "Up to this date (inclusive).", "DATE")
    ] = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.timeline import timeline_report

    out.show(timeline_report(index_of(out, options.file), options.since, options.until))
