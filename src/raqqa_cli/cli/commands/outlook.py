"""`raqqa outlook`: judgements, whose they are and the words used."""

from raqqa_cli.cli.commandline import File, Match, MinGrade
from raqqa_cli.cli.commands import graded, index_of, matcher_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    """What a listing filtered by its text and its sources' grades takes (outlook, figures)."""

    match: Match = None
    min_grade: MinGrade = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.outlook import outlook_report

    index = index_of(out, options.file)
    shown = outlook_report(index, matcher_of(index, options.match))
    out.show(graded(index, shown, options.min_grade))
