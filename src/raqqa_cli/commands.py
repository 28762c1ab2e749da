"""What each command does once its options are known: load -> query -> render -> write.

Two parsers lead here (see `fast.py` and `cli.py`): a small one for the everyday command
lines and typer for everything else (help, completion, mistakes). Both end in `run(name,
terminal, **options)`, so a command behaves the same whichever parser read it. Nothing in
this module imports typer or click.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from raqqa_cli import __version__
from raqqa_cli.errors import BriefingError, ExitCode, QueryError, printable, shorten
from raqqa_cli.render import Format, NoteFor, resolve_format
from raqqa_cli.terminal import Terminal

if TYPE_CHECKING:
    from raqqa_cli.lookup import Index, Matcher
    from raqqa_cli.model import Briefing
    from raqqa_cli.report import Report


class Finished(Exception):  # noqa: N818 - a way to stop, not an error
    """Stop now with this exit status; what had to be said is said."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class OutputError(Exception):
    """Standard output cannot be written: a full disk, a closed descriptor. Exit status 1."""


def say_error(message: str) -> None:
    """The one-line error users see on stderr (nothing at all if stderr is closed)."""
    if sys.stderr is not None:  # else print() would write to stdout instead
        print(f"raqqa: error: {printable(message)}", file=sys.stderr)


def discard_output() -> None:
    """Point stdout at /dev/null, so that what is still buffered cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # closed, or not a real file descriptor (a test's capture): nothing to silence


def quiet_after_broken_pipe() -> int:
    """The reader went away (`raqqa brief | head -3`): stop without a word."""
    discard_output()
    return ExitCode.OK


def run_safely(invoke: Callable[[], object]) -> int:
    """Run a command; turn every way it can end into an exit status and at most one line."""
    try:
        invoke()
    except Finished as finished:
        return finished.code
    except BriefingError as error:
        lines = error.lines()
        more = ""
        if len(lines) > 1:
            more = f" (and {len(lines) - 1} more: run {validate_hint(error.file)})"
        say_error(lines[0] + more)
        return ExitCode.BAD_BRIEFING
    except QueryError as error:
        say_error(shorten(str(error), 1000))  # it may echo a 100 KB argument
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return quiet_after_broken_pipe()
    except OutputError as error:
        return output_failed(str(error))
    except Exception as error:
        if isinstance(error, OSError) and (error.errno in _FULL or not _can_flush()):
            # click's echo (typer's help); raqqa's own writes raise OutputError. Reading
            # the file and the cache handle their own errors, so a full disk is the output.
            return output_failed(error.strerror or str(error))
        if os.environ.get("RAQQA_DEBUG"):
            raise
        say_error(f"internal error: {type(error).__name__}: {error} (please report this)")
        return ExitCode.INTERNAL
    return ExitCode.OK


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def output_failed(reason: str) -> int:
    """Output that cannot be written: one line, what is still buffered dropped, status 1."""
    say_error(f"cannot write output: {reason}")
    discard_output()
    return ExitCode.CANNOT_WRITE


def _can_flush() -> bool:
    """Whether stdout takes what is buffered for it (a write that failed is still there)."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        return False
    return True


def write(text: str) -> None:
    """Write to stdout; a reader that went away (`| head -1`) ends the command quietly,
    and output that cannot be written (`> /dev/full`, `>&-`) is an `OutputError`."""
    if sys.stdout is None:  # Python's stdout when descriptor 1 was closed at start
        raise OutputError("standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Not left to the caller: click would turn it into exit status 1.
        raise Finished(quiet_after_broken_pipe()) from None
    except OSError as error:
        reason = "standard output is closed" if error.errno == errno.EBADF else error.strerror
        raise OutputError(reason or str(error)) from None


def validate_hint(shown: str) -> str:
    """`raqqa validate FILE` for the file a problem was found in, as a shell word."""
    if shown == "<stdin>":
        return "raqqa validate - on the same input"
    import shlex

    from raqqa_cli.load import embedded_briefing

    return (
        "raqqa validate" if shown == embedded_briefing() else f"raqqa validate {shlex.quote(shown)}"
    )


def emit(terminal: Terminal, text: str) -> None:
    """Write `text`, through a pager when it is taller than the terminal (never piped)."""
    if terminal.page and terminal.is_tty and terminal.height:
        from raqqa_cli.pager import page, pager_for

        command = pager_for(text, terminal, os.environ)
        if command is not None and page(text, command):
            return
    write(text)


def load(location: str | None) -> Briefing:
    """The checked briefing, or a `BriefingError` for `run_safely` to report."""
    from raqqa_cli.load import load_briefing

    return load_briefing(location)


def index_of(location: str | None) -> Index:
    """Lookups over the checked briefing; suggestions name the same file."""
    from raqqa_cli.lookup import Index

    invocation = "raqqa"
    if location:
        import shlex

        invocation = f"raqqa -f {shlex.quote(location)}"
    return Index(load(location), invocation=invocation)


def matcher_of(index: Index, match: str | None) -> Matcher | None:
    """The `--match` filter; an empty value is refused, not taken as "everything"."""
    return index.matcher(match) if match is not None else None


def graded(index: Index, report: Report, min_grade: str | None) -> Report:
    """`report`, with `--min-grade` applied to its rows' sources when it is given."""
    if min_grade is None:
        return report
    from raqqa_cli.reports.grades import keep_graded, parse_grade

    return keep_graded(report, index, parse_grade(min_grade))


def show(terminal: Terminal, report: Report, fmt: Format) -> None:
    """Render `report` and write it; an empty result is said on stderr and exits 0."""
    from raqqa_cli.render import render, resolve_format

    if not report.rows and sys.stderr is not None:
        print(f"raqqa: {printable(report.empty)}", file=sys.stderr)
    emit(terminal, render(report, resolve_format(fmt, terminal), terminal))


# -- the commands: each takes the terminal and the options, by name --------------------


def version(terminal: Terminal) -> None:
    write(f"raqqa {__version__}\n")


def overview(terminal: Terminal, *, file: str | None, fmt: Format) -> None:
    from raqqa_cli.reports.overview import overview_report

    show(terminal, overview_report(index_of(file)), fmt)


def issues(
    terminal: Terminal, *, issue_id: str | None, match: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports import issues as report

    index = index_of(file)
    if issue_id is not None:
        shown = report.issue_detail(index, issue_id)
    else:
        shown = report.issues_report(index, matcher_of(index, match))
    show(terminal, shown, fmt)


def aid(
    terminal: Terminal,
    *,
    totals: bool,
    by: str | None,
    sector: str | None,
    donor: str | None,
    status: str | None,
    chart: bool,
    match: str | None,
    file: str | None,
    fmt: Format,
) -> None:
    from raqqa_cli.reports import aid as report

    index = index_of(file)
    chosen = report.aid_filter(index, sector=sector, donor=donor, status=status, match=match)
    if chart:
        shown = report.aid_chart(index, chosen)
    elif totals or by is not None:
        shown = report.aid_totals(index, chosen, by or "status")
    else:
        shown = report.aid_report(index, chosen)
    show(terminal, shown, fmt)


def reactions(
    terminal: Terminal,
    *,
    actor: str | None,
    source: str | None,
    match: str | None,
    min_grade: str | None,
    file: str | None,
    fmt: Format,
) -> None:
    from raqqa_cli.reports.reactions import reactions_report

    index = index_of(file)
    shown = reactions_report(index, actor=actor, source=source, match=match)
    show(terminal, graded(index, shown, min_grade), fmt)


def statements(
    terminal: Terminal,
    *,
    actor: str | None,
    source: str | None,
    match: str | None,
    min_grade: str | None,
    file: str | None,
    fmt: Format,
) -> None:
    from raqqa_cli.reports.sections import statements_report

    index = index_of(file)
    shown = statements_report(index, actor=actor, source=source, match=match)
    show(terminal, graded(index, shown, min_grade), fmt)


def actors(
    terminal: Terminal, *, name: str | None, match: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports import actors as report

    index = index_of(file)
    if name is not None:
        shown = report.actor_detail(index, name)
    else:
        shown = report.actors_report(index, matcher_of(index, match))
    show(terminal, shown, fmt)


def timeline(
    terminal: Terminal, *, since: str | None, until: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports.timeline import timeline_report

    show(terminal, timeline_report(index_of(file), since, until), fmt)


# The listings that take only `--match`: command -> (module, report function).
LISTING_REPORTS = {
    "outlook": ("outlook", "outlook_report"),
    "figures": ("figures", "figures_report"),
    "conflicts": ("conflicts", "conflicts_report"),
    "sources": ("sources", "sources_report"),
    "errata": ("sources", "errata_report"),
    "places": ("sections", "places_report"),
}
LISTINGS = tuple(LISTING_REPORTS)


def listing(
    name: str,
    terminal: Terminal,
    *,
    match: str | None,
    file: str | None,
    fmt: Format,
    min_grade: str | None = None,
    by_grade: bool = False,
) -> None:
    """outlook, figures, sources, errata and places: a listing with the `--match` filter
    (and `--min-grade` where its command declares it; `--by-grade` for sources)."""
    import importlib

    module, function = LISTING_REPORTS[name]
    maker = getattr(importlib.import_module(f"raqqa_cli.reports.{module}"), function)
    index = index_of(file)
    sort = {"by_grade": True} if by_grade else {}  # only `sources` declares --by-grade
    shown = maker(index, matcher_of(index, match), **sort)
    show(terminal, graded(index, shown, min_grade), fmt)


def search(terminal: Terminal, *, text: str, file: str | None, fmt: Format) -> None:
    from raqqa_cli.reports.search import search_report

    show(terminal, search_report(index_of(file), text), fmt)


def show_entry(terminal: Terminal, *, entry_id: str, file: str | None, fmt: Format) -> None:
    from raqqa_cli.reports.show import show_report

    show(terminal, show_report(index_of(file), entry_id), fmt)


def brief(terminal: Terminal, *, audience: str | None, file: str | None, fmt: Format) -> None:
    from raqqa_cli.render.brief import render_brief

    if fmt not in (Format.markdown, Format.auto, Format.table):
        raise QueryError(
            f"brief is a Markdown note; --format {fmt.value} is not available"
            " (markdown, or table for a rendered view on a terminal)"
        )
    note = render_brief(load(file), readers=audience == NoteFor.readers)
    if resolve_format(fmt, terminal) is Format.table:
        from raqqa_cli.render.table import render_note

        note = render_note(note, terminal)  # read on a terminal: rendered, and paged
    emit(terminal, note)


def validate(
    terminal: Terminal,
    *,
    path: str | None,
    file: str | None,
    fmt: Format,
    strict: bool,
    stale: str | None,
    today: str | None,
) -> None:
    import datetime

    from raqqa_cli.load import resolve_location, validate_document
    from raqqa_cli.reports import review

    days = review.parse_days(stale) if stale is not None else review.DEFAULT_STALE_DAYS
    on = review.parse_today(today) if today is not None else datetime.date.today()
    location = resolve_location(path or file)
    records = fmt in (Format.json, Format.csv)
    try:
        checked = validate_document(location)
    except BriefingError as error:
        if records:
            from raqqa_cli.reports.problems import problems_report

            show(terminal, problems_report(error), fmt)
        else:
            for line in error.lines():
                say_error(line)
        raise Finished(ExitCode.BAD_BRIEFING) from None
    warnings = checked.locate(review.review(checked.briefing, checked.archives, on, days))
    if records:  # no problems: only the review's warnings, if any
        from raqqa_cli.reports.problems import problems_report

        show(terminal, problems_report(BriefingError(location, []), warnings), fmt)
    else:
        if sys.stderr is not None:
            for line in warnings.lines():
                print(f"raqqa: warning: {printable(line)}", file=sys.stderr)
        from raqqa_cli.model import SECTIONS

        briefing = checked.briefing
        counts = ", ".join(f"{len(getattr(briefing, s))} {s}" for s in SECTIONS)
        shown = "<stdin>" if location == "-" else printable(location)  # as the error lines
        found = len(warnings.problems)
        said = f"; {found} review warning{'s' if found != 1 else ''}" if found else ""
        write(
            f"{shown}: valid briefing (schema_version {briefing.schema_version}): {counts}{said}\n"
        )
    if strict and warnings.problems:
        raise Finished(ExitCode.BAD_BRIEFING)


def diff(terminal: Terminal, *, old: str, new: str, exit_code: bool, fmt: Format) -> None:
    from raqqa_cli.load import load_data, resolve_location
    from raqqa_cli.render.grouped import render_grouped
    from raqqa_cli.reports.diff import diff_report
    from raqqa_cli.revision import read_side

    if old == new == "-":
        raise QueryError("only one side of a diff can be standard input ('-')")
    before = load_data(*read_side(resolve_location(old)))
    after = load_data(*read_side(resolve_location(new)))
    shown = "<stdin>"
    changes = diff_report(
        before,
        after,
        shown if old == "-" else printable(old),
        shown if new == "-" else printable(new),
    )
    if not changes.whole.rows and sys.stderr is not None:
        print(f"raqqa: {printable(changes.whole.empty)}", file=sys.stderr)
    chosen = resolve_format(fmt, terminal)
    emit(terminal, render_grouped(changes.whole, changes.parts, chosen, terminal))
    if exit_code and changes.whole.rows:
        raise Finished(ExitCode.CHANGED)


def schema(terminal: Terminal) -> None:
    import json

    from raqqa_cli.schema import json_schema

    emit(terminal, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


COMMANDS: dict[str, Callable[..., None]] = {
    "version": version,
    "overview": overview,
    "issues": issues,
    "aid": aid,
    "reactions": reactions,
    "statements": statements,
    "actors": actors,
    "timeline": timeline,
    "search": search,
    "show": show_entry,
    "brief": brief,
    "validate": validate,
    "diff": diff,
    "schema": schema,
}


def run(command: str, terminal: Terminal, /, **options: Any) -> None:
    """Run `command` with its options (every one of them given, by name)."""
    if options.pop("no_pager", False):
        terminal = terminal._replace(page=False)
    reads_stdin = "-" in (options.get(name) for name in ("file", "path", "old", "new"))
    if reads_stdin and sys.stdin is not None and sys.stdin.isatty():
        print("raqqa: reading the briefing from standard input (end with Ctrl-D)", file=sys.stderr)
    if command in LISTINGS:
        listing(command, terminal, **options)
    else:
        COMMANDS[command](terminal, **options)
