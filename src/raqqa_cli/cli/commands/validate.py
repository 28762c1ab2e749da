"""`raqqa validate [FILE]`: every problem, then what a careful reviewer would flag."""

import sys
from typing import Annotated

from raqqa_cli.cli.commandline import Arg, File, Opt
from raqqa_cli.cli.commands import say_error
from raqqa_cli.cli.output import Finished, Output
from raqqa_cli.errors import BriefingError, ExitCode, plural, printable, tell, wrapped
from raqqa_cli.record import Record
from raqqa_cli.render import Format


class Options(Record):
    path: Annotated[
        str | None,
        Arg("[FILE]", "Knowledge file to check ('-' for stdin).", complete="files", reads=True),
    ] = None
    strict: Annotated[
        bool,
        Opt(
            ("--strict",),
            "flag",
            "Exit with status 1 when the review finds anything (its findings are warnings"
            " otherwise).",
        ),
    ] = False
    stale: Annotated[
        str | None,
        Opt(
            ("--stale",),
            "value",
            "A source last verified longer ago than this is stale. [default: 90d]",
            metavar="DAYS",
        ),
    ] = None
    today: Annotated[
        str | None,
        Opt(
            ("--today",),
            "value",
            "Count staleness from this date (YYYY-MM-DD). [default: today]",
            metavar="DATE",
        ),
    ] = None
    file: File = None


def run(out: Output, options: Options) -> None:
    import datetime

    from raqqa_cli.briefing.load import REGISTRY_SOURCE, resolve_location, validate_document
    from raqqa_cli.review import checks as review

    o = options
    days = review.parse_days(o.stale) if o.stale is not None else review.DEFAULT_STALE_DAYS
    on = review.parse_today(o.today) if o.today is not None else datetime.date.today()
    location = resolve_location(o.path or o.file)
    records = out.target.format in (Format.json, Format.csv)
    try:
        checked = validate_document(location)
    except BriefingError as error:
        if records:
            from raqqa_cli.review.problems import problems_report

            out.show(problems_report(error))
        else:
            _say_problems(error, o.path or o.file)
        raise Finished(ExitCode.BAD_BRIEFING) from None
    registry = checked.briefing.briefing.source == REGISTRY_SOURCE
    reviewed = review.review(checked.briefing, checked.archives, on, days)
    if registry:  # of the entries, not of the stand-in title block; and a registry's
        # sources are there for the briefings that include it to cite: that it cites none
        # of them itself is no finding (decision 0059)
        reviewed = [
            w
            for w in reviewed
            if w.path[:1] != ("briefing",)
            and REGISTRY_SOURCE not in w.message
            and not w.message.startswith(REGISTRY_SILENT)
        ]
    warnings = checked.locate(reviewed)
    if records:  # no problems: only the review's warnings, if any
        from raqqa_cli.review.problems import problems_report

        out.show(problems_report(BriefingError(location, []), warnings))
    else:
        for line in warnings.lines():
            tell(f"raqqa: warning: {printable(line)}")
        from raqqa_cli.briefing.load import embedded_briefing
        from raqqa_cli.briefing.model import LISTED_KINDS, SECTIONS

        briefing = checked.briefing
        sizes = {s: len(getattr(briefing, s)) for s in SECTIONS}
        sizes["sources"] -= registry  # the stand-in
        # Errata counts what `raqqa errata` and the overview list; context notes apart.
        context = sum(1 for erratum in briefing.errata if erratum.kind not in LISTED_KINDS)
        sizes["errata"] -= context
        said_as = {s: _counted(size, s) for s, size in sizes.items()}
        if context:
            said_as["errata"] += f", {plural(context, 'context note')}"
        # Decisions (version 2) are counted where there are some, as the overview does; a
        # registry's sections where it has some (it holds two or three kinds of entry).
        counts = ", ".join(
            said for s, said in said_as.items() if sizes[s] or (s != "decisions" and not registry)
        )
        # As the error lines name it; the embedded briefing by name, not its installed path.
        shown = "<stdin>" if location == "-" else printable(location)
        if location == embedded_briefing():
            shown = "embedded briefing"
        found = len(warnings.problems)
        said = f"; {plural(found, 'review warning')}" if found else ""
        lines = [
            f"{shown}: valid {'registry' if registry else 'briefing'} (schema_version"
            f" {briefing.schema_version}): {counts}{said}",
            f"{shown}: {checked.quotes.summary()}",
        ]
        # A person at a terminal reads them wrapped at words; piped or written, one line
        # each, for grep and scripts.
        width = out.terminal.width if out.terminal.is_tty else 0
        out.write("".join(f"{wrapped(line, width)}\n" for line in lines))
    if o.strict and warnings.problems:
        raise Finished(ExitCode.BAD_BRIEFING)


# Review findings a registry checked alone does not get: a source no entry of it names.
REGISTRY_SILENT = ("[uncited-source]", "[unused-source]")


def _counted(count: int, section: str) -> str:
    """`1 package`, `2 packages`, `1 erratum`: a section's count as people say it."""
    if count != 1:
        return f"{count} {section}"
    return f"1 {'erratum' if section == 'errata' else section.removesuffix('s')}"


# On a terminal, the problems a reader can take in at once; the rest are counted.
SHOWN_ON_A_TERMINAL = 40


def _say_problems(error: BriefingError, named: str | None) -> None:
    """Every problem, one line each; on a terminal the first `SHOWN_ON_A_TERMINAL` and a
    count of the rest, with the command that lists them all (a file of 100,000 problems
    scrolled for minutes). Piped or redirected, every line, for tools that read them."""
    lines = error.lines()
    on_terminal = sys.stderr is not None and sys.stderr.isatty()
    shown = lines[:SHOWN_ON_A_TERMINAL] if on_terminal else lines
    for line in shown:
        say_error(line)
    if len(shown) < len(lines):
        from raqqa_cli.errors import shell_word

        target = f" {shell_word(named)}" if named else ""
        found = len(error.problems) + error.unlisted
        say_error(
            f"... {found - len(shown):,} more ({found:,} problems in all):"
            f" raqqa validate{target} --format json lists them"
        )
