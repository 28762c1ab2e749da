"""`raqqa search TEXT`: every entry that mentions it, in any field."""

from typing import Annotated

from raqqa_cli.cli.commandline import Arg, File
from raqqa_cli.cli.commands import index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    text: Annotated[
        str,
        Arg(
            "TEXT",
            "What to look for: words from their start (Fall finds Fallon); a word in"
            " capitals whole (IS, ISIS).",
            required=True,
            complete="text",
        ),
    ]
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.search import search_report

    out.show(search_report(index_of(out, options.file), options.text))
