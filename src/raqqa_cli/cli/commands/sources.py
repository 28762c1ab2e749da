"""`raqqa sources`: the citations, their grades, and who cites whom; or CSL-JSON, BibTeX."""

from typing import Annotated

from raqqa_cli.cli.commandline import File, Match, MinGrade, Opt
from raqqa_cli.cli.commands import graded, index_of, matcher_of
from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record
from raqqa_cli.render import Format


class Options(Record):
    by_grade: Annotated[bool, Opt(("--by-grade",), "flag", "Best graded first, ungraded last.")] = (
        False
    )
    match: Match = None
    min_grade: MinGrade = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.reports.sources import sources_report

    index = index_of(out, options.file)
    matcher = matcher_of(index, options.match)
    if out.target.format in (Format.csl_json, Format.bibtex):
        from raqqa_cli.render.citations import render_bibtex, render_csl_json
        from raqqa_cli.reports.citations import citation_items

        items = citation_items(index, matcher)
        csl = out.target.format is Format.csl_json
        out.emit(render_csl_json(items) if csl else render_bibtex(items))
        return
    shown = sources_report(index, matcher, by_grade=options.by_grade)
    out.show(graded(index, shown, options.min_grade))
