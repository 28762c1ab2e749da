"""Shell completion of values, from the briefing in use (typer's side only).

Commands, options and choices (formats, `--by`, `--for`) are completed by click from the
declarations. The words only a briefing knows come from here: issue ids, actor names and
aliases, sectors, statuses, source ids and any entry's id, read from the file named on the
command line being completed (`-f`, before or after the command's name), else
RAQQA_BRIEFING, else the embedded briefing. A briefing that cannot be read completes
nothing: completion never prints an error into the user's prompt. File names are left to
the shell, which completes them when raqqa offers nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from raqqa_cli.commandline import Completer
    from raqqa_cli.model import Briefing

# typer's `autocompletion`: called with the context (`ctx`) and the word being completed
# (`incomplete`), found by those names; returns (value, help) pairs.
Autocompletion = Callable[..., list[tuple[str, str]]]


def _briefing_in_use(ctx: Any) -> Briefing | None:
    """The briefing the command line names, as the command would load it; None if none."""
    from raqqa_cli.errors import BriefingError
    from raqqa_cli.load import load_briefing

    location = None
    context = ctx
    while context is not None and location is None:
        location = context.params.get("file")
        context = context.parent
    location = location or os.environ.get("RAQQA_BRIEFING") or None
    if location == "-":
        return None  # standard input is the shell's, not ours to read
    try:
        return load_briefing(location)
    except (BriefingError, OSError):
        return None


def values(kind: Completer, briefing: Briefing) -> list[tuple[str, str]]:
    """Every (word, what it is) a value of `kind` may be in `briefing`."""
    from typing import get_args

    from raqqa_cli.model import SECTIONS, Sector, Status

    if kind == "issues":
        return [(issue.id, issue.title) for issue in briefing.issues]
    if kind == "actors":
        return [
            (name, actor.name)
            for actor in briefing.actors
            for name in (actor.name, *actor.aliases, actor.id)
        ]
    if kind == "sectors":
        return [(sector, "sector") for sector in get_args(Sector)]
    if kind == "statuses":
        return [(status, "status") for status in get_args(Status)]
    if kind == "sources":
        return [(source.id, source.title) for source in briefing.sources]
    if kind == "entries":
        return [(entry.id, section) for section in SECTIONS for entry in getattr(briefing, section)]
    return []


def complete(kind: Completer, ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """What `incomplete` may become: values starting with it, case-insensitively."""
    briefing = _briefing_in_use(ctx)
    if briefing is None:
        return []
    from raqqa_cli.errors import printable

    wanted = incomplete.casefold()
    found = dict.fromkeys(
        (word, printable(about))
        for word, about in values(kind, briefing)
        # A word the shell would have to escape is not offered: shells eval what we print.
        if word.isprintable() and word.casefold().startswith(wanted)
    )
    if os.environ.get("_RAQQA_COMPLETE") == "complete_bash":
        # bash puts what it is offered on the line as it stands: `Michael Fallon` would be
        # two words. Escaped, it is one (zsh and fish quote what they insert themselves).
        return [(_bash_word(word), about) for word, about in found]
    return list(found)


def _bash_word(word: str) -> str:
    """`Michael\\ Fallon`: a word bash reads back as one."""
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", word)


def completer(kind: Completer) -> Autocompletion:
    """typer's `autocompletion` for a parameter whose values are of `kind`."""

    def autocompletion(ctx, incomplete):  # type: ignore[no-untyped-def]  # typer reads names
        return complete(kind, ctx, incomplete)

    return autocompletion
