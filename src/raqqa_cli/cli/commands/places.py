"""`raqqa places`: every spelling of each place, and what it lies within."""

from raqqa_cli.cli.commandline import File, Match
from raqqa_cli.cli.commands import index_of, matcher_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    """What a listing filtered only by its text takes (places, conflicts, errata)."""

    match: Match = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.sections import places_report

    index = index_of(out, options.file)
    out.show(places_report(index, matcher_of(index, options.match)))
