"""`raqqa` with no command: the briefing at a glance."""

from typing import Annotated

from raqqa_cli.cli.commandline import VERSION, File
from raqqa_cli.cli.commands import index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    version: Annotated[bool, VERSION] = False  # answered before any command runs
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.overview import overview_report

    out.show(overview_report(index_of(out, options.file)))
