"""What each command does once its options are known: load -> query -> render -> write.

Two parsers lead here (see `fast.py` and `app.py`): a small one for the everyday command
lines and typer for everything else (help, completion, mistakes). Both end in `run(name,
terminal, **options)`, so a command behaves the same whichever parser read it. Nothing in
this module imports typer or click.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

from raqqa_cli import __version__
from raqqa_cli.cli.output import (
    Finished,
    Output,
    OutputError,
    Target,
    discard_output,
    quiet_after_broken_pipe,
)
from raqqa_cli.errors import (
    BriefingError,
    ExitCode,
    Problem,
    QueryError,
    plural,
    printable,
    shell_word,
    shorten,
)
from raqqa_cli.render import CiteStyle, Format, NoteFor, resolve_format
from raqqa_cli.terminal import Terminal

if TYPE_CHECKING:
    from raqqa_cli.briefing.lookup import Index, Matcher
    from raqqa_cli.briefing.model import Briefing
    from raqqa_cli.report import Report


def say_error(message: str) -> None:
    """The one-line error users see on stderr (nothing at all if stderr is closed)."""
    if sys.stderr is not None:  # else print() would write to stdout instead
        print(f"raqqa: error: {printable(message)}", file=sys.stderr)


def run_safely(invoke: Callable[[], object]) -> int:
    """Run a command; turn every way it can end into an exit status and at most one line."""
    try:
        invoke()
    except Finished as finished:
        return finished.code
    except BriefingError as error:
        lines = error.lines()
        others = len(error.problems) - 1 + error.unlisted
        more = ""
        if others > 0:
            more = f" (and {others:,} more: run {validate_hint(error.file)})"
        say_error(lines[0] + more)
        return ExitCode.BAD_BRIEFING
    except QueryError as error:
        say_error(shorten(str(error), 1000))  # it may echo a 100 KB argument
        return ExitCode.USAGE
    except KeyboardInterrupt:
        # The terminal echoed ^C where the cursor was: end that line, for the prompt.
        if sys.stderr is not None and sys.stderr.isatty():
            print(file=sys.stderr)
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


def validate_hint(shown: str) -> str:
    """`raqqa validate FILE` for the file a problem was found in, as a shell word."""
    if shown == "<stdin>":
        return "raqqa validate - on the same input"
    from raqqa_cli.briefing.load import embedded_briefing

    return (
        "raqqa validate" if shown == embedded_briefing() else f"raqqa validate {shell_word(shown)}"
    )


def load(location: str | None) -> Briefing:
    """The checked briefing, or a `BriefingError` for `run_safely` to report."""
    from raqqa_cli.briefing.load import load_briefing

    return load_briefing(location)


def index_of(out: Output, location: str | None) -> Index:
    """Lookups over the checked briefing; suggestions name the same file."""
    from raqqa_cli.briefing.lookup import Index

    return Index(load(location), invocation=out.invocation_of(location))


def matcher_of(index: Index, match: str | None) -> Matcher | None:
    """The `--match` filter; an empty value is refused, not taken as "everything"."""
    return index.matcher(match) if match is not None else None


def graded(index: Index, report: Report, min_grade: str | None) -> Report:
    """`report`, with `--min-grade` applied to its rows' sources when it is given."""
    if min_grade is None:
        return report
    from raqqa_cli.reports.grades import keep_graded, parse_grade

    return keep_graded(report, index, parse_grade(min_grade))


# -- the commands: each takes its Output and the options, by name ---------------------


def version(out: Output) -> None:
    out.write(f"raqqa {__version__}\n")


def overview(out: Output, *, file: str | None, fmt: Format) -> None:
    from raqqa_cli.reports.overview import overview_report

    out.show(overview_report(index_of(out, file)), fmt)


def issues(
    out: Output, *, issue_id: str | None, match: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports import issues as report

    index = index_of(out, file)
    if issue_id is not None:
        shown = report.issue_detail(index, issue_id)
    else:
        shown = report.issues_report(index, matcher_of(index, match))
    out.show(shown, fmt)


def aid(
    out: Output,
    *,
    totals: bool,
    by: str | None,
    sector: str | None,
    donor: str | None,
    status: str | None,
    chart: bool,
    coverage: bool,
    match: str | None,
    file: str | None,
    fmt: Format,
) -> None:
    from raqqa_cli.reports import aid as report
    from raqqa_cli.reports import totals as totals_report

    views = [name for name, on in (("--chart", chart), ("--coverage", coverage)) if on]
    if totals or by is not None:
        views.append("--totals" if by is None else "--by")
    if len(views) > 1:
        raise QueryError(f"{views[0]} does not combine with {views[1]}: choose one view")
    index = index_of(out, file)
    chosen = report.aid_filter(index, sector=sector, donor=donor, status=status, match=match)
    if coverage:
        from raqqa_cli.reports.coverage import aid_coverage

        shown = aid_coverage(index, chosen)
    elif chart:
        shown = report.aid_chart(index, chosen)
    elif totals or by is not None:
        shown = totals_report.aid_totals(index, chosen, by or "status")
    else:
        shown = report.aid_report(index, chosen)
    out.show(shown, fmt)


def _said(
    report: Callable[..., Report],
    out: Output,
    *,
    actor: str | None,
    source: str | None,
    match: str | None,
    min_grade: str | None,
    file: str | None,
    fmt: Format,
) -> None:
    """reactions and statements: who said what, filtered by actor, source and text."""
    index = index_of(out, file)
    shown = report(index, actor=actor, source=source, match=match)
    out.show(graded(index, shown, min_grade), fmt)


def reactions(out: Output, **options: Any) -> None:
    from raqqa_cli.reports.reactions import reactions_report

    _said(reactions_report, out, **options)


def statements(out: Output, **options: Any) -> None:
    from raqqa_cli.reports.sections import statements_report

    _said(statements_report, out, **options)


def actors(
    out: Output, *, name: str | None, match: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports import actors as report

    index = index_of(out, file)
    if name is not None:
        shown = report.actor_detail(index, name)
    else:
        shown = report.actors_report(index, matcher_of(index, match))
    out.show(shown, fmt)


def votes(
    out: Output, *, decision_id: str | None, match: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports import votes as report

    index = index_of(out, file)
    if decision_id is not None:
        shown = report.decision_votes(index, decision_id)
    else:
        shown = report.votes_report(index, match)
    out.show(shown, fmt)


def timeline(
    out: Output, *, since: str | None, until: str | None, file: str | None, fmt: Format
) -> None:
    from raqqa_cli.reports.timeline import timeline_report

    out.show(timeline_report(index_of(out, file), since, until), fmt)


# The listings that take only `--match`: command -> (module, report function).
LISTING_REPORTS = {
    "outlook": ("outlook", "outlook_report"),
    "figures": ("figures", "figures_report"),
    "conflicts": ("conflicts", "conflicts_report"),
    "sources": ("sources", "sources_report"),
    "errata": ("sources", "errata_report"),
    "places": ("sections", "places_report"),
}


def listing(
    name: str,
    out: Output,
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
    index = index_of(out, file)
    if name == "sources" and fmt in (Format.csl_json, Format.bibtex):
        from raqqa_cli.render.citations import render_bibtex, render_csl_json
        from raqqa_cli.reports.citations import citation_items

        items = citation_items(index, matcher_of(index, match))
        out.emit(render_csl_json(items) if fmt is Format.csl_json else render_bibtex(items))
        return
    sort = {"by_grade": True} if by_grade else {}  # only `sources` declares --by-grade
    shown = maker(index, matcher_of(index, match), **sort)
    out.show(graded(index, shown, min_grade), fmt)


def search(out: Output, *, text: str, file: str | None, fmt: Format) -> None:
    from raqqa_cli.reports.search import search_report

    out.show(search_report(index_of(out, file), text), fmt)


def show_entry(out: Output, *, entry_id: str, file: str | None, fmt: Format) -> None:
    from raqqa_cli.reports.show import show_report

    out.show(show_report(index_of(out, file), entry_id), fmt)


def brief(
    out: Output,
    *,
    audience: str | None,
    cite: str | None,
    bibliography: str | None,
    file: str | None,
    fmt: Format,
) -> None:
    from raqqa_cli.render.brief import render_brief

    readers = audience == NoteFor.readers
    pandoc = cite == CiteStyle.pandoc
    shown = resolve_format(fmt, out.terminal)
    if pandoc and shown is not Format.markdown:
        raise QueryError("--cite pandoc writes a Markdown note for pandoc: use --format markdown")
    if bibliography is not None:
        _check_bibliography(out, bibliography, pandoc, file)
    briefing = load(file)
    if shown is Format.html:
        from raqqa_cli.render.brief import render_brief_html

        out.emit(render_brief_html(briefing, readers, out.invocation_of(file)))
        return
    if shown is Format.table:  # read on a terminal: drawn as the commands draw, and paged
        from raqqa_cli.render.brief import render_brief_for_terminal

        out.emit(render_brief_for_terminal(briefing, out.terminal))
        return
    note = render_brief(briefing, readers, pandoc, out.invocation_of(file))
    if bibliography is not None:
        _write_bibliography(bibliography, briefing, file)
    out.emit(note)


def _check_bibliography(out: Output, path: str, pandoc: bool, file: str | None) -> None:
    """`--bibliography FILE`, before anything is computed: only with `--cite pandoc`, named
    `.json` (pandoc reads a bibliography's format from its extension), never the note
    itself, and written under the rules of `-o` (`writefile`)."""
    from raqqa_cli.cli.writefile import check_target, refuse_read_only, same_file

    if not pandoc:
        raise QueryError(
            "--bibliography writes the sources of --cite pandoc's [@id] citations:"
            " add --cite pandoc"
        )
    check_target(path, knowledge_files({"file": file}), what="bibliography")
    if not path.lower().endswith(".json"):
        raise QueryError(
            f"{printable(path)}: --bibliography writes CSL-JSON, which pandoc knows by the"
            " extension: name it .json"
        )
    if out.target.path is not None and same_file(path, out.target.path):
        raise QueryError(f"{printable(path)}: -o and --bibliography name the same file")
    refuse_read_only(path, out.target.force)


def _write_bibliography(path: str, briefing: Briefing, file: str | None) -> None:
    """`--bibliography refs.json`: the sources as CSL-JSON, for
    `pandoc --citeproc --bibliography refs.json brief.md`. Only the file named is written:
    raqqa makes up no name beside the note."""
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.render.citations import render_csl_json
    from raqqa_cli.reports.citations import citation_items

    save(path, render_csl_json(citation_items(Index(briefing))), knowledge_files({"file": file}))


def validate(
    out: Output,
    *,
    path: str | None,
    file: str | None,
    fmt: Format,
    strict: bool,
    stale: str | None,
    today: str | None,
) -> None:
    import datetime

    from raqqa_cli.briefing.load import resolve_location, validate_document
    from raqqa_cli.review import checks as review

    days = review.parse_days(stale) if stale is not None else review.DEFAULT_STALE_DAYS
    on = review.parse_today(today) if today is not None else datetime.date.today()
    location = resolve_location(path or file)
    records = fmt in (Format.json, Format.csv)
    try:
        checked = validate_document(location)
    except BriefingError as error:
        if records:
            from raqqa_cli.review.problems import problems_report

            out.show(problems_report(error), fmt)
        else:
            for line in error.lines():
                say_error(line)
        raise Finished(ExitCode.BAD_BRIEFING) from None
    warnings = checked.locate(review.review(checked.briefing, checked.archives, on, days))
    if records:  # no problems: only the review's warnings, if any
        from raqqa_cli.review.problems import problems_report

        out.show(problems_report(BriefingError(location, []), warnings), fmt)
    else:
        if sys.stderr is not None:
            for line in warnings.lines():
                print(f"raqqa: warning: {printable(line)}", file=sys.stderr)
        from raqqa_cli.briefing.model import SECTIONS

        briefing = checked.briefing
        sizes = {s: len(getattr(briefing, s)) for s in SECTIONS}
        context = sum(1 for erratum in briefing.errata if erratum.kind == "context")
        said_as = {s: _counted(size, s) for s, size in sizes.items()}
        if context:  # `raqqa errata` lists the differences; say why the counts differ
            said_as["errata"] += f" ({context} of them context)"
        # Decisions (version 2) are counted where there are some, as the overview does.
        counts = ", ".join(said for s, said in said_as.items() if sizes[s] or s != "decisions")
        shown = "<stdin>" if location == "-" else printable(location)  # as the error lines
        found = len(warnings.problems)
        said = f"; {plural(found, 'review warning')}" if found else ""
        out.write(
            f"{shown}: valid briefing (schema_version {briefing.schema_version}): {counts}{said}\n"
            f"{shown}: {checked.quotes.summary()}\n"
        )
    if strict and warnings.problems:
        raise Finished(ExitCode.BAD_BRIEFING)


def diff(out: Output, *, old: str, new: str, exit_code: bool, fmt: Format) -> None:
    from raqqa_cli.briefing.load import load_data, resolve_location
    from raqqa_cli.briefing.revision import read_side
    from raqqa_cli.render.grouped import render_grouped
    from raqqa_cli.reports.diff import diff_report

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
    chosen = resolve_format(fmt, out.terminal)
    if chosen is Format.csv:  # one table, shaped for Excel as every listing's CSV is
        from raqqa_cli.render import render

        out.emit(render(changes.whole, chosen, out.terminal, excel=out.target.excel))
    else:
        out.emit(render_grouped(changes.whole, changes.parts, chosen, out.terminal))
    if exit_code and changes.whole.rows:
        raise Finished(ExitCode.CHANGED)


def _counted(count: int, section: str) -> str:
    """`1 package`, `2 packages`, `1 erratum`: a section's count as people say it."""
    if count != 1:
        return f"{count} {section}"
    return f"1 {'erratum' if section == 'errata' else section.removesuffix('s')}"


def schema(out: Output) -> None:
    import json

    from raqqa_cli.briefing.schema import json_schema

    out.emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


def init(out: Output, *, path: str | None, schema: bool) -> None:
    """Write the template of a new briefing; never over anything that is there."""
    import json

    from raqqa_cli.cli.template import SCHEMA_NAME, InitError, schema_beside, template, write_new

    if path == "-":
        if schema:
            raise QueryError(
                f"--schema writes a file beside the briefing; with '-', run"
                f" raqqa schema > {SCHEMA_NAME}"
            )
        out.write(template())
        return
    if path == "":  # never the default by accident, as with --file ""
        raise QueryError("init needs a file name, or '-' for standard output")
    path = path or "briefing.yaml"
    shown = printable(path)
    try:
        write_new(path, template(path))
    except InitError as error:
        say_error(str(error))
        raise Finished(ExitCode.CANNOT_WRITE) from None
    said = f"Wrote {shown}: edit it, then run raqqa validate {shown}"
    if schema:
        from raqqa_cli.briefing.schema import json_schema

        beside = schema_beside(path)
        if os.path.lexists(beside):
            said += f"\nKept {printable(beside)} as it is (raqqa schema > it, to renew it)"
        else:
            try:
                write_new(beside, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
            except InitError as error:
                say_error(str(error))
                raise Finished(ExitCode.CANNOT_WRITE) from None
            said += f"\nWrote {printable(beside)}, the schema its first line names"
    out.write(said + "\n")


def notes_refresh(out: Output, *, note: str, check: bool, diff: bool, file: str | None) -> None:
    """Replace the body of each `<!-- raqqa: ... -->` block of `note` with that command's
    current Markdown; with `--check` or `--diff`, say what is stale and write nothing at
    all (the cache included). Blocks run only reports, on regular files (see `notes`)."""
    from raqqa_cli.cli import notes
    from raqqa_cli.cli.writefile import check_target

    if file is not None and notes.read_refusal(file, file) is not None:
        raise QueryError(
            f"{printable(file)}: each block reads the briefing again: give notes refresh"
            " a regular file, not standard input, a FIFO or a device"
        )
    check_target(note, knowledge_files({"file": file}), what="note")
    text = _read_note(note)
    blocks = notes.find_blocks(text, note)
    folder = os.path.dirname(note)
    bodies: list[str] = []
    protected = knowledge_files({"file": file})
    # Every block is read and allowed before any runs: a note refused runs nothing.
    commands = [_block_options(note, block, folder, file) for block in blocks]
    for block, (name, options, own_file) in zip(blocks, commands, strict=True):
        protected += knowledge_files(options)
        with _cache_untouched() if check or diff else nullcontext():
            output = _run_block(note, block, name, options, own_file)
        bodies.append(notes.body_for(output, block))
    stale = [b for b, body in zip(blocks, bodies, strict=True) if text[b.start : b.end] != body]
    new = notes.replaced(text, blocks, bodies)
    shown = printable(note)
    if diff:
        import difflib

        lines = difflib.unified_diff(
            text.splitlines(keepends=True), new.splitlines(keepends=True), note, note
        )
        out.write("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    if check:
        for block in stale:
            out.write(f"{shown}:{block.line}: stale: raqqa {printable(block.args)}\n")
        if not diff and not stale:
            out.write(f"{shown}: {_blocks(len(blocks))}, all current\n")
        if stale:
            raise Finished(ExitCode.BAD_BRIEFING)
        return
    if diff:
        return
    if stale:
        save(note, new, protected)
    if sys.stderr is not None:
        print(f"raqqa: {shown}: {len(stale)} of {_blocks(len(blocks))} refreshed", file=sys.stderr)


def _blocks(count: int) -> str:
    return "1 block" if count == 1 else f"{count} blocks"


def _read_note(note: str) -> str:
    """The note's text, or a located error: raqqa reads notes as UTF-8, as it writes them."""
    if os.path.exists(note) and not os.path.isfile(note):  # a FIFO would hang the read
        raise BriefingError(note, [Problem("is not a regular file")])
    try:
        with open(note, "rb") as stream:
            data = stream.read()
    except OSError as error:
        raise BriefingError(note, [Problem(f"cannot be read: {error.strerror or error}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem("not UTF-8: raqqa reads and writes notes as UTF-8", line=line, column=1)
        raise BriefingError(note, [problem]) from None


def _block_options(
    note: str, block: Any, folder: str, file: str | None
) -> tuple[str, dict[str, Any], str]:
    """The command a block names, read as the command line is, and the file as the block
    names it ("" if it names none); or a located refusal of anything but a report that
    reads regular files (`notes.command_refusal`, `notes.read_refusal`).

    Every path is the block's as found from the note's folder: `-f` is joined to it, and
    diff's sides (files or `REV:PATH`) are left as written for `_run_block` to read there."""
    import shlex

    from raqqa_cli.cli import fast, notes
    from raqqa_cli.cli.commandline import BY_NAME, GROUPS

    def refuse(message: str) -> BriefingError:
        return BriefingError(note, [Problem(message, line=block.line, column=1)])

    try:
        argv = shlex.split(block.args)
    except ValueError as error:
        raise refuse(f"cannot read the command {block.args!r}: {error}") from None
    if argv[:1] == ["raqqa"]:
        argv = argv[1:]  # `<!-- raqqa: raqqa aid -->` reads as meant
    call = fast.parse(argv, {})
    if call is None:
        words = [w for w in argv if not w.startswith("-")]
        name = words[0] if words else block.args
        if name in GROUPS or (name in BY_NAME and name not in notes.BLOCK_COMMANDS):
            raise refuse(notes.command_refusal(name, {}, argv) or "")
        if name not in BY_NAME:
            import difflib

            near = difflib.get_close_matches(name, sorted(notes.BLOCK_COMMANDS), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise refuse(f"unknown command {name!r} in a raqqa block{hint}")
        raise refuse(
            f"cannot read {block.args!r}: write it as the command line takes it"
            f" (try `raqqa {name} -h`)"
        )
    refusal = notes.command_refusal(call.name, call.options, argv)
    if refusal is not None:
        raise refuse(refusal)
    options = dict(call.options)
    if options.get("fmt") not in (None, Format.auto, Format.markdown):
        raise refuse("a block holds Markdown: leave out --format")
    if "fmt" in options:
        options["fmt"] = Format.markdown
    own = options.get("file")
    if own is not None:  # relative to the note, wherever raqqa is run from
        options["file"] = os.path.join(folder, os.path.expanduser(own))
        refusal = notes.read_refusal(own, options["file"])
    elif "file" in options:
        options["file"] = file
    for side in (a.param for a in notes.BLOCK_COMMANDS[call.name].args if a.reads):
        given = options[side]
        options[side] = os.path.expanduser(given)
        refusal = refusal or notes.read_refusal(given, os.path.join(folder, options[side]))
    if refusal is not None:
        raise refuse(refusal)
    return call.name, options, own or ""


def _run_block(note: str, block: Any, name: str, options: dict[str, Any], own_file: str) -> str:
    """A block's command, run in-process, its output captured; failures located.

    Suggestions in its output name the file as the block does (`own_file`, "" for none).
    A command that reads files named by its arguments (diff's sides) runs in the note's
    folder: git finds the repository of `REV:PATH` from the current folder (and `REV:./PATH`
    is relative to it), and the report names each side as the block writes it."""
    from raqqa_cli.cli.notes import BLOCK_COMMANDS

    def located(message: str) -> BriefingError:
        text = f"raqqa {printable(block.args)}: {message}"
        return BriefingError(note, [Problem(text, line=block.line, column=1)])

    reads_sides = any(arg.reads for arg in BLOCK_COMMANDS[name].args)
    options = {key: value for key, value in options.items() if key != "no_pager"}
    _target_of(options)  # a block writes into the note: no -o, no CSV shape (refused before)
    parts: list[str] = []
    out = Output(Terminal(is_tty=False), captured=parts, named_as=own_file)
    with _working_in(os.path.dirname(note) if reads_sides else ""):
        try:
            dispatch(name, out, options)
        except BriefingError as error:
            raise located(error.lines()[0]) from None
        except QueryError as error:
            raise located(str(error)) from None
        except Finished:
            raise located("the command failed") from None
    return "".join(parts)


@contextmanager
def _working_in(folder: str) -> Iterator[None]:
    """Run in `folder` ("": where we are), then go back, even to a folder since removed."""
    if not folder:
        yield
        return
    back = os.open(".", getattr(os, "O_PATH", os.O_RDONLY) | os.O_CLOEXEC)  # even unreadable
    try:
        os.chdir(folder)
        yield
    finally:
        os.fchdir(back)
        os.close(back)


@contextmanager
def _cache_untouched() -> Iterator[None]:
    """Blocks read every briefing in full, the cache off (`RAQQA_NO_CACHE`, which
    `cache.cache_dir` reads at each use): `--check` and `--diff` write nothing at all."""
    outer = os.environ.get("RAQQA_NO_CACHE")
    os.environ["RAQQA_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if outer is None:
            del os.environ["RAQQA_NO_CACHE"]
        else:
            os.environ["RAQQA_NO_CACHE"] = outer


def output_format(fmt: Format, out: str | None, csv_shaped: bool) -> Format:
    """The format asked for: `--format`, else `-o`'s extension, else CSV for `--excel` or
    `--hxl`, else `auto`; `--excel` and `--hxl` with another format are refused."""
    from raqqa_cli.render import format_of_file

    if fmt is Format.auto and out is not None:
        found = format_of_file(out)
        if found is None:
            raise QueryError(
                f"{printable(out)}: cannot tell the format from the name: give --format, or"
                " name it .md, .json, .csv, .tsv, .txt, .html (or .bib for sources)"
            )
        fmt = found
    if fmt is Format.auto and csv_shaped:
        fmt = Format.csv
    if csv_shaped and fmt is not Format.csv:
        raise QueryError(f"--excel and --hxl shape CSV; they do nothing for --format {fmt.value}")
    return fmt


def knowledge_files(options: dict[str, Any]) -> list[str]:
    """The knowledge file a command reads (the embedded one by default): never written."""
    from raqqa_cli.briefing.load import resolve_location

    return [resolve_location(options.get("path") or options.get("file"))]


def briefings_read(command: str, options: dict[str, Any]) -> list[str]:
    """Every briefing `command` reads, which `-o` must never name: `--file` (the embedded one
    by default) and each argument that names one (validate's FILE, diff's OLD and NEW; `-`
    stands for standard input). A git revision `REV:PATH` counts by that name, which a file
    could later take, and by its working copy."""
    from raqqa_cli.cli.commandline import BY_NAME

    read = knowledge_files(options)
    declared = BY_NAME.get(command)
    for arg in declared.args if declared is not None else ():
        named = options.get(arg.param)
        if arg.reads and named:
            read += [named, *_working_copy(named)]
    return read


def _working_copy(spec: str) -> list[str]:
    """The file in git's work tree that `REV:PATH` (or `:PATH`, `:N:PATH`, the index) is a
    version of: PATH from the top of the work tree, or from here when it starts with `./` or
    `../`, as git reads it. Nothing when `spec` is a file, or git cannot say where the top
    is (then the read fails too)."""
    import re
    import subprocess

    from raqqa_cli.briefing.revision import is_revision

    if not is_revision(spec):
        return []
    path = re.sub(r"^:[0-3]:", ":", spec).partition(":")[2]
    if not path or path.startswith("/"):  # `:/text` finds a commit by its message
        return []
    if path.startswith(("./", "../")):
        return [path]
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return []
    if top.returncode != 0:
        return []
    return [os.path.join(os.fsdecode(top.stdout.rstrip(b"\n")), path)]


def save(path: str, text: str, protected: list[str]) -> None:
    """Write `text` to `path` (see `writefile`: whole, or into a FIFO or a device as it
    is); a failure is an `OutputError`, a reader that went away ends the command quietly."""
    from raqqa_cli.cli.writefile import check_target, write_file

    check_target(path, protected)
    try:
        write_file(path, text.encode("utf-8"))
    except BrokenPipeError:  # `-o /dev/stdout | head -1`, as without -o
        raise Finished(quiet_after_broken_pipe()) from None
    except OSError as error:
        raise OutputError(f"{printable(path)}: {error.strerror or error}") from None


def dispatch(command: str, out: Output, options: dict[str, Any]) -> None:
    """The command's own function, as its declaration names it (`runs`, else its name),
    with its Output and options; a listing is told which it is."""
    from raqqa_cli.cli.commandline import BY_NAME, OVERVIEW

    if command == "version":  # an option of the top level, run as a command
        version(out, **options)
        return
    declared = OVERVIEW if command == OVERVIEW.name else BY_NAME[command]
    runs: Callable[..., None] = globals()[declared.runs or declared.name]
    if runs is listing:
        listing(declared.name, out, **options)
    else:
        runs(out, **options)


def _target_of(options: dict[str, Any]) -> Target:
    """Where the output goes and how CSV is shaped, taken out of the options."""
    return Target(
        options.pop("out", None),
        options.pop("excel", False),
        options.pop("hxl", False),
        options.pop("force", False),
    )


def run(command: str, terminal: Terminal, /, **options: Any) -> None:
    """Run `command` with its options (every one of them given, by name)."""
    if options.pop("no_pager", False):
        terminal = terminal._replace(page=False)
    target = _target_of(options)
    protected = briefings_read(command, options) if target.path is not None else []
    if target.path is not None:  # refused before anything is computed, the name first
        from raqqa_cli.cli.writefile import check_target, refuse_read_only

        check_target(target.path, protected)
        refuse_read_only(target.path, target.force)
    elif target.force and options.get("bibliography") is None:
        raise QueryError("--force lets -o replace a read-only file; without -o it does nothing")
    from raqqa_cli.cli.commandline import BY_NAME

    declared = BY_NAME.get(command)
    if "fmt" in options:
        asked = options["fmt"]
        options["fmt"] = output_format(asked, target.path, target.excel or target.hxl)
        takes = declared.formats if declared is not None else ()
        if takes and options["fmt"].value not in takes:  # given before the name, or by -o
            by = "-o's extension asks for" if asked is Format.auto else "not"
            raise QueryError(
                f"raqqa {command} takes --format {', '.join(takes)}; {by} {options['fmt'].value}"
            )
    inputs = ["file", *(arg.param for arg in declared.args if arg.reads)] if declared else ["file"]
    reads_stdin = "-" in (options.get(name) for name in inputs)
    if reads_stdin and sys.stdin is not None and sys.stdin.isatty():
        print("raqqa: reading the briefing from standard input (end with Ctrl-D)", file=sys.stderr)
    if target.path is None:
        dispatch(command, Output(terminal, target), options)
        return
    parts: list[str] = []
    into_file = Output(Terminal(is_tty=False, width=terminal.width), target, captured=parts)
    try:
        dispatch(command, into_file, options)
    except Finished:
        if parts:  # validate's problems as records: the records are still the output
            save(target.path, "".join(parts), protected)
        raise
    save(target.path, "".join(parts), protected)
