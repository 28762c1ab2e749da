"""`raqqa reactions`: who reacted, their stance and claim, under which source."""

from raqqa_cli.cli.commandline import Actor, File, Match, MinGrade, Source
from raqqa_cli.cli.commands import graded, index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    """What `reactions` and `statements` take: who said it, under which source, its words."""

    actor: Actor = None
    source: Source = None
    match: Match = None
    min_grade: MinGrade = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.reactions import reactions_report

    index = index_of(out, options.file)
    shown = reactions_report(index, actor=options.actor, source=options.source, match=options.match)
    out.show(graded(index, shown, options.min_grade))
