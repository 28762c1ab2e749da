"""`raqqa aid`: the aid lines, or their totals, coverage or chart."""

from typing import Annotated

from raqqa_cli.cli.commandline import HXL, File, Match, Opt
from raqqa_cli.cli.commands import index_of
from raqqa_cli.cli.output import Output
from raqqa_cli.errors import QueryError
from raqqa_cli.record import Record
from raqqa_cli.report import TotalBy


class Options(Record):
    totals: Annotated[bool, Opt(("--totals",), "flag", "Honest totals instead of the lines.")] = (
        False
    )
    by: Annotated[
        TotalBy | None,
        Opt(
            ("--by",),
            "choice",
            "Group the totals by status, sector or donor (implies --totals); by briefing,"
            " each briefing's totals by status, under its name.",
            choices=TotalBy,
        ),
    ] = None
    sector: Annotated[
        str | None,
        Opt(("--sector",), "value", "Only this sector.", metavar="SECTOR", complete="sectors"),
    ] = None
    donor: Annotated[
        str | None,
        Opt(("--donor",), "value", "Only this donor.", metavar="NAME", complete="donors"),
    ] = None
    status: Annotated[
        str | None,
        Opt(
            ("--status",),
            "value",
            "announced, pledged, committed, disbursed, received, delivered or expected.",
            metavar="STATUS",
            complete="statuses",
        ),
    ] = None
    chart: Annotated[
        bool, Opt(("--chart",), "flag", "Bars per unit (a picture on a terminal).")
    ] = False
    coverage: Annotated[
        bool,
        Opt(
            ("--coverage",),
            "flag",
            "Per target: the requirement, what was pledged, committed and received, and the"
            " share funded.",
        ),
    ] = False
    match: Match = None
    hxl: Annotated[bool, HXL] = False  # the CSV's shape: read by `Output`, not here
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports import aid as report
    from raqqa_cli.reports import totals as totals_report

    o = options
    views = [name for name, on in (("--chart", o.chart), ("--coverage", o.coverage)) if on]
    if o.totals or o.by is not None:
        views.append("--totals" if o.by is None else "--by")
    if len(views) > 1:
        raise QueryError(f"{views[0]} does not combine with {views[1]}: choose one view")
    index = index_of(out, o.file)
    chosen = report.aid_filter(
        index, sector=o.sector, donor=o.donor, status=o.status, match=o.match
    )
    if o.coverage:
        from raqqa_cli.reports.coverage import aid_coverage

        out.show(aid_coverage(index, chosen))
    elif o.chart:
        out.show(report.aid_chart(index, chosen))
    elif o.totals or o.by is not None:
        out.show(totals_report.aid_totals(index, chosen, o.by or TotalBy.status))
    else:
        out.show(report.aid_report(index, chosen))
