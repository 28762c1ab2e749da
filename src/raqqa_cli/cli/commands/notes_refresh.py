"""`raqqa notes refresh NOTE`: the note's raqqa blocks, made current."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Annotated, Any

from raqqa_cli.cli.commandline import Arg, File, Opt
from raqqa_cli.cli.commands import WRITES, dispatch, knowledge_files, save
from raqqa_cli.cli.output import Finished, Output, Target
from raqqa_cli.errors import BriefingError, ExitCode, Problem, QueryError, printable
from raqqa_cli.record import Record
from raqqa_cli.render import Format, NoteFor
from raqqa_cli.terminal import Terminal


class Options(Record):
    note: Annotated[
        str, Arg("NOTE", "The Markdown note to refresh.", required=True, complete="files")
    ]
    check: Annotated[
        bool,
        Opt(
            ("--check",),
            "flag",
            "Write nothing; list the stale blocks and exit 1 if any (for CI).",
        ),
    ] = False
    diff: Annotated[
        bool, Opt(("--diff",), "flag", "Write nothing; show what would change, as a diff.")
    ] = False
    file: File = None


def run(out: Output, options: Options) -> None:
    """Replace the body of each `<!-- raqqa: ... -->` block of `note` with that command's
    current Markdown; with `--check` or `--diff`, say what is stale and write nothing at
    all (the cache included). Blocks run only reports, on regular files (see `notes`)."""
    from raqqa_cli.cli import notes
    from raqqa_cli.cli.writefile import check_target

    note, check, diff, file = options.note, options.check, options.diff, options.file

    named: list[str] = [] if file is None else [file] if isinstance(file, str) else list(file)
    for each in named:
        if notes.read_refusal(each, each, folder_ok=True) is not None:
            raise QueryError(
                f"{printable(each)}: each block reads the briefing again: give notes refresh"
                " a regular file or a folder of them, not standard input, a FIFO or a device"
            )
    check_target(note, knowledge_files(file), what="note")
    text = _read_note(note)
    blocks = notes.find_blocks(text, note)
    folder = os.path.dirname(note)
    bodies: list[str] = []
    protected = knowledge_files(file)
    # Every block is read and allowed before any runs: a note refused runs nothing.
    commands = [_block_options(note, block, folder, file) for block in blocks]
    for block, (name, given, own_file) in zip(blocks, commands, strict=True):
        protected += knowledge_files(given.get("file"))
        with _cache_untouched() if check or diff else nullcontext():
            output = _run_block(note, block, name, given, own_file, out.target.readers)
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
    refusal = None
    if own is not None:  # relative to the note, wherever raqqa is run from
        owned = [own] if isinstance(own, str) else list(own)  # `-f` given again: a shelf
        joined = [os.path.join(folder, os.path.expanduser(each)) for each in owned]
        options["file"] = joined[0] if isinstance(own, str) else joined
        for each, path in zip(owned, joined, strict=True):
            refusal = refusal or notes.read_refusal(each, path, folder_ok=True)
        own = own if isinstance(own, str) else ""  # suggestions name each briefing
    elif "file" in options:
        options["file"] = file
    for side in (a.param for a in notes.BLOCK_COMMANDS[call.name].args if a.reads):
        given = options[side]
        options[side] = os.path.expanduser(given)
        refusal = refusal or notes.read_refusal(given, os.path.join(folder, options[side]))
    if refusal is not None:
        raise refuse(refusal)
    return call.name, options, own or ""


def _run_block(
    note: str,
    block: Any,
    name: str,
    options: dict[str, Any],
    own_file: str,
    readers: bool = False,
) -> str:
    """A block's command, run in-process, its output captured; failures located.

    Suggestions in its output name the file as the block does (`own_file`, "" for none).
    A command that reads files named by its arguments (diff's sides) runs in the note's
    folder: git finds the repository of `REV:PATH` from the current folder (and `REV:./PATH`
    is relative to it), and the report names each side as the block writes it. The block
    is for readers where it says `--for readers`, or says nothing and `readers` is set
    (`notes refresh --for readers`)."""
    from raqqa_cli.cli.notes import BLOCK_COMMANDS

    def located(message: str) -> BriefingError:
        text = f"raqqa {printable(block.args)}: {message}"
        return BriefingError(note, [Problem(text, line=block.line, column=1)])

    reads_sides = any(arg.reads for arg in BLOCK_COMMANDS[name].args)
    # A block writes Markdown into the note: no -o, no CSV shape (refused before), no pager.
    options = {key: value for key, value in options.items() if key not in WRITES}
    parts: list[str] = []
    asked = options.pop("audience", None)
    readers = asked == NoteFor.readers if asked else readers
    target = Target(format=Format.markdown, readers=readers)
    out = Output(Terminal(is_tty=False), target, captured=parts, named_as=own_file)
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
