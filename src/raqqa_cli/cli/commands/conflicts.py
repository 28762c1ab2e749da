"""`raqqa conflicts`: measures with more than one claimant or value."""

from raqqa_cli.cli.commands import index_of, matcher_of
from raqqa_cli.cli.commands.places import Options
from raqqa_cli.cli.output import Output

__all__ = ["Options", "run"]


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.conflicts import conflicts_report

    index = index_of(out, options.file)
    out.show(conflicts_report(index, matcher_of(index, options.match)))
