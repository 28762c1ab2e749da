"""`raqqa errata`: where the briefing and the public record differ."""

from raqqa_cli.cli.commands import index_of, matcher_of
from raqqa_cli.cli.commands.places import Options
from raqqa_cli.cli.output import Output

__all__ = ["Options", "run"]


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.sources import errata_report

    index = index_of(out, options.file)
    out.show(errata_report(index, matcher_of(index, options.match)))
