"""Every name raqqa takes from typer's private modules, here and nowhere else.

typer 0.28 vendors click as `typer._click` and keeps its completion classes in
`typer._completion_classes`; raqqa needs a few of them (a click `Context` to read where an
option's value came from, the help formatter, the choice and text types, the usage errors, and the
shell classes completion replaces). A typer release may move any of them, so typer is pinned
`>=0.28,<0.29` in pyproject.toml, and `tests/cli/test_private_apis.py` imports each name listed
here and fails on an upgrade that moves one, and on any other module of raqqa that imports a
private module of typer, click or rich.

The completion names are imported only when asked for (completion is the only user), so the
commands do not pay for them at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typer._click.core import Context, ParameterSource
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer._click.types import StringParamType
from typer._types import TyperChoice

if TYPE_CHECKING:
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

COMPLETION_NAMES = {
    "CompletionItem": "typer._click.shell_completion",
    "add_completion_class": "typer._click.shell_completion",
    "BashComplete": "typer._completion_classes",
    "FishComplete": "typer._completion_classes",
    "ZshComplete": "typer._completion_classes",
}
NAMES = (
    "Context", "ParameterSource", "ClickException", "UsageError", "HelpFormatter",
    "TyperChoice", "NoArgsIsHelpError", "StringParamType", *COMPLETION_NAMES,
)  # fmt: skip

__all__ = [
    "BashComplete", "ClickException", "CompletionItem", "Context", "FishComplete",
    "HelpFormatter", "NoArgsIsHelpError", "ParameterSource", "StringParamType", "TyperChoice",
    "UsageError",
    "ZshComplete", "add_completion_class",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """A completion name, imported the first time it is asked for."""
    if name not in COMPLETION_NAMES:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(COMPLETION_NAMES[name]), name)
