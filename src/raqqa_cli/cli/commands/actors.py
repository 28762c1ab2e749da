"""`raqqa actors [NAME]`: people and organisations, or everything linked to one."""

from typing import Annotated

from raqqa_cli.cli.commandline import Arg, File, Match, Opt
from raqqa_cli.cli.commands import index_of, matcher_of
from raqqa_cli.cli.output import Output
from raqqa_cli.errors import QueryError
from raqqa_cli.record import Record


class Options(Record):
    name: Annotated[
        str | None,
        Arg("[NAME]", "Everything linked to this actor (any alias).", complete="actors"),
    ] = None
    kind: Annotated[
        str | None,
        Opt(
            ("--kind",),
            "value",
            "Only actors of this kind: person, organisation, state, armed group, coalition"
            " or group.",
            metavar="KIND",
            complete="kinds",
        ),
    ] = None
    match: Match = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports import actors as report

    index = index_of(out, options.file)
    if options.name is not None:
        if options.kind is not None:
            raise QueryError("--kind chooses among the actors listed; with NAME, leave it out")
        out.show(report.actor_detail(index, options.name))
    else:
        matcher = matcher_of(index, options.match)
        out.show(report.actors_report(index, matcher, kind=options.kind))
