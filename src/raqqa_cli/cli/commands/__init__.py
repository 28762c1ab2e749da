"""How a command runs once its options are known: load -> query -> render -> write.

Two parsers lead here (see `fast.py` and `app.py`): a small one for the everyday command
lines and typer for everything else (help, completion, mistakes). Both end in `run(name,
terminal, **options)`, so a command behaves the same whichever parser read it: `run` makes
its `Output` (where the text goes, in which format) and `dispatch` hands it, with the
command's `Options`, to the command's body, `run` in the module of this package named after
it (`aid.py`, `notes_refresh.py`), which imports only what that command needs. Nothing in
this package imports typer or click.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
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
    QueryError,
    printable,
    shell_word,
    shorten,
    tell,
)
from raqqa_cli.render import Format
from raqqa_cli.terminal import Terminal

if TYPE_CHECKING:
    from raqqa_cli.briefing.lookup import Index, Matcher
    from raqqa_cli.briefing.model import Briefing
    from raqqa_cli.report import Report


def say_error(message: str) -> None:
    """The one-line error users see on stderr (nothing at all if stderr is closed); on a
    terminal wrapped at its words (`tell`)."""
    tell(f"raqqa: error: {printable(message)}")


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

    out.index = Index(load(location), invocation=out.invocation_of(location))
    return out.index


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


def output_format(fmt: Format, out: str | None, csv_shaped: bool) -> Format:
    """The format asked for: `--format`, else `-o`'s extension, else CSV for `--excel` or
    `--hxl`, else `auto`; `--excel` and `--hxl` with another format are refused."""
    from raqqa_cli.render import format_of_file

    if fmt is Format.auto and out is not None:
        found = format_of_file(out)
        if found is None:
            raise QueryError(
                f"{printable(out)}: cannot tell the format from the name: give --format, or"
                " name it .md, .json, .csv, .tsv, .txt, .html, .xlsx (or .bib for sources)"
            )
        fmt = found
    if fmt is Format.auto and csv_shaped:
        fmt = Format.csv
    if csv_shaped and fmt is not Format.csv:
        raise QueryError(f"--excel and --hxl shape CSV; they do nothing for --format {fmt.value}")
    return fmt


def knowledge_files(location: str | list[str] | None) -> list[str]:
    """The knowledge files a command reads (the embedded one by default; each briefing of
    a shelf, and the files in its folders): never written."""
    from raqqa_cli.briefing.load import resolve_location

    if location is not None and (not isinstance(location, str) or os.path.isdir(location)):
        from raqqa_cli.briefing.shelf import members_of, yaml_files

        named = [location] if isinstance(location, str) else location
        folders = [folder for folder in named if folder != "-" and os.path.isdir(folder)]
        members = members_of(location) or []
        return [m.path for m in members] + [f for d in folders for f in yaml_files(d)]
    return [resolve_location(location)]


def briefings_read(command: str, options: dict[str, Any]) -> list[str]:
    """Every briefing `command` reads, which `-o` must never name: `--file` (the embedded one
    by default) and each argument that names one (validate's FILE, diff's OLD and NEW; `-`
    stands for standard input). A git revision `REV:PATH` counts by that name, which a file
    could later take, and by its working copy."""
    from raqqa_cli.cli.commandline import BY_NAME

    read = knowledge_files(options.get("path") or options.get("file"))
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


def save(path: str, text: str | bytes, protected: list[str]) -> None:
    """Write `text` (or a workbook's bytes) to `path` (see `writefile`: whole, or into a
    FIFO or a device as it is); a failure is an `OutputError`, a reader that went away
    ends the command quietly."""
    from raqqa_cli.cli.writefile import check_target, write_file

    check_target(path, protected)
    try:
        write_file(path, text if isinstance(text, bytes) else text.encode("utf-8"))
    except BrokenPipeError:  # `-o /dev/stdout | head -1`, as without -o
        raise Finished(quiet_after_broken_pipe()) from None
    except OSError as error:
        raise OutputError(f"{printable(path)}: {error.strerror or error}") from None


def dispatch(command: str, out: Output, options: dict[str, Any]) -> None:
    """The command's body, `run` in its module, with its Output and its `Options`, built by
    keyword from `options` (every argument and option of the command, by name); on each
    briefing of a shelf in turn where `-f` names several (`cli/shelf.py`)."""
    if command == "version":  # an option of the top level, run as a command
        out.write(f"raqqa {__version__}\n")
        return
    if is_shelf(command, options):
        from raqqa_cli.cli.shelf import run_shelf, shelf_given

        members = shelf_given(command, options)
        if members is not None:
            run_shelf(command, out, options, members)
            return
    run_on_one(command, out, options)


def run_on_one(command: str, out: Output, options: dict[str, Any]) -> None:
    """The command's body, on the one briefing its options name."""
    import importlib

    from raqqa_cli.cli.commandline import BY_NAME, OVERVIEW

    declared = OVERVIEW if command == OVERVIEW.name else BY_NAME[command]
    module = importlib.import_module(declared.module)
    module.run(out, declared.options_class(**options))


def is_shelf(command: str, options: dict[str, Any]) -> bool:
    """Whether `command` may be asked to read several briefings: `-f` given again, or a
    folder (`cli/shelf.py` reads which). A test of the name only: nothing is imported."""
    if command == "aid" and options.get("by") == "briefing":
        return True  # a briefing's totals under its name, even on one file
    given = options.get("path") or options.get("file")
    if command == "notes refresh" or given is None or "file" not in options:
        return False
    return not isinstance(given, str) or (given != "-" and os.path.isdir(given))


# The options that shape the output, which the `Output` holds (`--hxl` stays an option of
# `aid` too: its `Options` declares it).
WRITES = frozenset({"out", "excel", "force", "fmt", "no_pager"})


# What `--for readers` shapes: what people read.
PEOPLE_FORMATS = frozenset({Format.auto, Format.table, Format.markdown, Format.html})


def _target_of(options: dict[str, Any]) -> Target:
    """Where the output goes, in which format and how CSV is shaped, taken out of the
    options."""
    return Target(
        options.pop("out", None),
        options.pop("excel", False),
        options.get("hxl", False),
        options.pop("force", False),
        options.pop("fmt", None) or Format.auto,
        readers_asked(options),
    )


def readers_asked(options: dict[str, Any]) -> bool:
    """Whether `--for readers` was given, taken out of the options."""
    from raqqa_cli.render import NoteFor

    return bool(options.pop("audience", None) == NoteFor.readers)


def run(command: str, terminal: Terminal, /, **options: Any) -> None:
    """Run `command` with its options (every one of them given, by name)."""
    if options.pop("no_pager", False):
        terminal = terminal._replace(page=False)
    from raqqa_cli.cli.commandline import BY_NAME

    declared = BY_NAME.get(command)
    target = _target_of(options)
    protected = briefings_read(command, options) if target.path is not None else []
    if target.path is not None:  # refused before anything is computed, the name first
        from raqqa_cli.cli.writefile import check_target, refuse_read_only

        check_target(target.path, protected)
        refuse_read_only(target.path, target.force)
    elif target.force and options.get("bibliography") is None:
        raise QueryError("--force lets -o replace a read-only file; without -o it does nothing")
    takes = declared.formats if declared is not None else ()
    writes_as = declared.writes_as if declared is not None else None
    if writes_as is not None and target.path is not None:
        from raqqa_cli.render import format_of_file

        named = format_of_file(target.path)
        if named not in (None, writes_as):
            raise QueryError(
                f"{printable(target.path)}: raqqa {command} writes {writes_as.value.upper()},"
                f" not {named.value}: name the file .{writes_as.value}"
            )
    if command != "version" and (declared is None or takes):
        asked = target.format
        chosen = output_format(asked, target.path, target.excel or target.hxl)
        target = target._replace(format=chosen)
        if target.readers and chosen not in PEOPLE_FORMATS:
            raise QueryError(
                f"--for readers shapes tables, Markdown and HTML; --format {chosen.value}"
                " keeps every id, for machines"
            )
        if takes and chosen.value not in takes:  # given before the name, or by -o
            by = "-o's extension asks for" if asked is Format.auto else "not"
            raise QueryError(
                f"raqqa {command} takes --format {', '.join(takes)}; {by} {chosen.value}"
            )
    if target.path is None:
        if target.format is Format.xlsx:
            raise QueryError("--format xlsx writes a workbook: name the file, -o FILE.xlsx")
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
    written = into_file.workbook
    save(target.path, "".join(parts) if written is None else written, protected)
