"""`raqqa figures`: key numbers, who claims them, as of when."""

from raqqa_cli.cli.commands import graded, index_of, matcher_of
from raqqa_cli.cli.commands.outlook import Options
from raqqa_cli.cli.output import Output

__all__ = ["Options", "run"]


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.figures import figures_report

    index = index_of(out, options.file)
    shown = figures_report(index, matcher_of(index, options.match))
    out.show(graded(index, shown, options.min_grade))
