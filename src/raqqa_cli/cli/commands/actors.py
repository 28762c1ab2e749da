"""`raqqa actors [NAME]`: people and organisations, or everything linked to one."""

from typing import Annotated, NamedTuple

from raqqa_cli.cli.commandline import Arg, File, Match
from raqqa_cli.cli.commands import index_of, matcher_of
from raqqa_cli.cli.output import Output


class Options(NamedTuple):
    name: Annotated[
        str | None,
        Arg("[NAME]", "Everything linked to this actor (any alias).", complete="actors"),
    ] = None
    match: Match = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports import actors as report

    index = index_of(out, options.file)
    if options.name is not None:
        out.show(report.actor_detail(index, options.name))
    else:
        out.show(report.actors_report(index, matcher_of(index, options.match)))
