"""Where one command's output goes: an `Output`, handed to the command with its options.

It owns what module globals used to hold: the terminal (its width, whether to page), the
target (`-o FILE`, the CSV shape, `--force`), whether the text is captured rather than
printed (`-o`, a block of `notes refresh`), and the name suggestions give the briefing (a
note's block names it as the block does). A command writes only through its `Output`, so
two commands in one process (`notes refresh`, tests) never share any of it.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING

from raqqa_cli.errors import ExitCode, printable, shell_word, tell
from raqqa_cli.record import Struct
from raqqa_cli.render import Format
from raqqa_cli.terminal import Terminal

if TYPE_CHECKING:
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.report import Report


class Finished(Exception):  # noqa: N818 - a way to stop, not an error
    """Stop now with this exit status; what had to be said is said."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class OutputError(Exception):
    """Standard output cannot be written: a full disk, a closed descriptor. Exit status 1."""


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


class Target(Struct):
    """Where this command's output goes (`-o FILE`, else stdout), how CSV is shaped,
    whether a read-only file may be replaced (`--force`), and the format asked for
    (`--format`, else `-o`'s extension: `auto` is resolved for the terminal at render),
    and who reads it (`--for`)."""

    path: str | None = None
    excel: bool = False
    hxl: bool = False
    force: bool = False
    format: Format = Format.auto
    readers: bool = False  # `--for readers`: entries by name, no ids or hints


class Output:
    """One command's way out: write, page, render a report, name the briefing.

    `captured` is None to print to stdout, or a list that collects the text instead (`-o`
    writes it to the file afterwards; `notes refresh` puts it in the note). `named_as` is how
    suggestions name the briefing when not by the path read: a note's block names it as the
    block does ("" when it names none).
    """

    def __init__(
        self,
        terminal: Terminal,
        target: Target | None = None,
        *,
        captured: list[str] | None = None,
        named_as: str | None = None,
    ) -> None:
        self.terminal = terminal
        self.target = target or Target()
        self.captured = captured
        self.named_as = named_as
        # The briefing's lookups, once a command has made them (`commands.index_of`): what
        # names entries for readers.
        self.index: Index | None = None
        # A report as a workbook (`-o FILE.xlsx`): bytes that `-o` writes, not text.
        self.workbook: bytes | None = None

    def write(self, text: str) -> None:
        """Write to stdout (or collect, when captured); a reader that went away (`| head
        -1`) ends the command quietly, and output that cannot be written (`> /dev/full`,
        `>&-`) is an `OutputError`."""
        if self.captured is not None:
            self.captured.append(text)
            return
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

    def emit(self, text: str) -> None:
        """Write `text`, through a pager when it is taller than the terminal (never piped,
        never captured)."""
        terminal = self.terminal
        if self.captured is None and terminal.page and terminal.is_tty and terminal.height:
            from raqqa_cli.cli.pager import page, pager_for

            command = pager_for(text, terminal, os.environ)
            failure = None if command is None else page(text, command)
            if command is not None and failure is None:
                return
            if failure is not None and sys.stderr is not None:
                print(
                    f"raqqa: warning: {printable(failure)}; the output follows without it"
                    " (--no-pager, or set RAQQA_PAGER)",
                    file=sys.stderr,
                )
        self.write(text)

    def render(self, report: Report) -> str:
        """`report` in the target's format for this terminal (and the CSV shape), as its
        readers see it."""
        from raqqa_cli.render import render, resolve_format

        if self.target.readers:
            from raqqa_cli.reports.readers import for_readers

            report = for_readers(report, self.index)
        return render(
            report,
            resolve_format(self.target.format, self.terminal),
            self.terminal,
            excel=self.target.excel,
            hxl=self.target.hxl,
        )

    def show(self, report: Report) -> None:
        """Render `report` and write it; an empty result is said on stderr and exits 0."""
        if not report.rows:
            tell(f"raqqa: {printable(report.empty)}")
        if self.target.format is Format.xlsx:  # only with -o (`commands.run`)
            from raqqa_cli.render.xlsx import render_xlsx

            self.workbook = render_xlsx(report)
            return
        self.emit(self.render(report))

    def invocation_of(self, location: str | None) -> str:
        """How to call raqqa on the same file, for suggested commands (`raqqa -f
        mine.yaml`), naming it as `named_as` does when that is set."""
        shown = location if self.named_as is None else self.named_as
        if not shown:
            return "raqqa"
        return f"raqqa -f {shell_word(shown)}"
