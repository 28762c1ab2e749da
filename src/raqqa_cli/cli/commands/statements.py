"""`raqqa statements`: who said what, when and where."""

from raqqa_cli.cli.commands import graded, index_of
from raqqa_cli.cli.commands.reactions import Options
from raqqa_cli.cli.output import Output

__all__ = ["Options", "run"]


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.sections import statements_report

    index = index_of(out, options.file)
    shown = statements_report(
        index, actor=options.actor, source=options.source, match=options.match
    )
    out.show(graded(index, shown, options.min_grade))
