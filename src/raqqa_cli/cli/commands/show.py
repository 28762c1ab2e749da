"""`raqqa show ID`: one entry whole, each field with its source."""

from typing import Annotated

from raqqa_cli.cli.commandline import Arg, File
from raqqa_cli.cli.commands import index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    entry_id: Annotated[str, Arg("ID", "The id of any entry.", required=True, complete="entries")]
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.show import show_report

    out.show(show_report(index_of(out, options.file), options.entry_id))
