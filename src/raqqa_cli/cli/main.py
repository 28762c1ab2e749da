"""The `raqqa` console script: the fast reader first, typer only when it is needed.

Kept apart from `app.py` so that an everyday command never imports typer: see `fast.py`.
"""

import gc
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line `argv` (default: this process's) and exit with its status.

    The cyclic collector is off while a command runs: a command is one pass that builds a
    briefing and a report and ends, reference counting frees what it drops, and the collector
    would otherwise walk the growing heap again and again (8% of a warm report on 200,000
    entries, more on the cold path). It is turned back on for whoever called `main`."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        _main(argv)
    finally:
        if was_on:
            gc.enable()


def _main(argv: Sequence[str] | None) -> None:
    from raqqa_cli.cli import fast

    args = list(sys.argv[1:] if argv is None else argv)
    call = fast.parse(args, os.environ)
    if call is None:
        from raqqa_cli.cli.app import app_for

        app_for(args)(args=args, prog_name="raqqa")  # exits
        return
    from raqqa_cli.cli.commands import run, run_safely
    from raqqa_cli.terminal import detect_terminal

    terminal = detect_terminal(sys.stdout)
    sys.exit(run_safely(lambda: run(call.name, terminal, **call.options)))
