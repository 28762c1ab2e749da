"""The everyday command lines, read without importing typer.

Importing typer (and the click inside it) costs about 5x a bare `python -c pass` on its
own, more than the whole budget for a piped command. So `raqqa aid --totals --format json`
and the like are read here, by a parser that knows every command's options, and anything
it is not sure of (help, completion, `--`, an unknown option, a bad choice, a missing
value) is declined and left to typer, which reports it. A declined command line costs
nothing but the time to read it.

`tests/cli/test_fast.py` checks, over generated command lines, that whenever this parser
accepts one, typer reads it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from raqqa_cli.cli.commandline import BY_NAME, GROUPS, INHERITED, OVERVIEW, Command, one_or_many
from raqqa_cli.record import Struct

FLAG = "flag"
VALUE = "value"


class Spec(Struct):
    """A command's positional parameters (name, required) and its options by spelling:
    each spelling gives the keyword and what it holds (a flag, any value, or one of the
    choices of an enum)."""

    positionals: tuple[tuple[str, bool], ...]
    options: dict[str, tuple[str, str | type[StrEnum]]]
    default_format: Any = None  # None: the command has no --format
    # The values a choice takes, where the command takes only some of its enum's
    allowed: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    many: frozenset[str] = frozenset()  # the options that may be given again: lists


def spec_of(command: Command) -> Spec:
    """How the fast reader reads a command, from its one declaration."""
    options: dict[str, tuple[str, str | type[StrEnum]]] = {}
    allowed: dict[str, tuple[str, ...]] = {}
    for option in command.options:
        kind: str | type[StrEnum] = option.choices or option.kind
        for flag in option.flags:
            options[flag] = (option.param, kind)
        if option.allowed is not None:
            allowed[option.param] = option.allowed
    positionals = tuple((arg.param, arg.required) for arg in command.args)
    has_format = any(option.param == "fmt" for option in command.options)
    default = command.default_format if has_format else None
    many = frozenset(option.param for option in command.options if option.many)
    return Spec(positionals, options, default, allowed, many)


def spec_named(path: str) -> Spec | None:
    """How to read the command at `path` (`aid`, `notes refresh`), if there is one: made
    from its declaration when asked, so that reading one command line imports the `Options`
    of that command and of the top level only."""
    command = BY_NAME.get(path)
    return None if command is None else spec_of(command)


class Call(Struct):
    """A command to run and every one of its options."""

    name: str
    options: dict[str, Any]


class _Declined(Exception):  # noqa: N818 - a verdict, not an error
    """Not sure: leave this command line to typer."""


def _value(kind: str | type[StrEnum], text: str, allowed: tuple[str, ...] | None) -> Any:
    if isinstance(kind, str):
        return text
    for choice in kind:  # as click's case-insensitive choice compares
        if text.casefold() == choice.value.casefold() and (
            allowed is None or choice.value in allowed
        ):
            return choice
    raise _Declined  # not one this command takes: typer says so, with the nearest


def _read(spec: Spec, args: Sequence[str], interspersed: bool) -> tuple[dict[str, Any], int]:
    """Options and positionals from `args`: the values and where reading stopped.

    With `interspersed` false (the top level) reading stops at the first positional, the
    command's name.
    """
    found: dict[str, Any] = {}
    positionals: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        if arg[:1] != "-" or arg == "-":
            if not interspersed:
                break
            positionals.append(arg)
            at += 1
            continue
        name, equals, attached = arg.partition("=")
        if name not in spec.options or (equals and not name.startswith("--")):
            raise _Declined  # help, `--`, `-fPATH`, an unknown option: typer decides
        param, kind = spec.options[name]
        if kind == FLAG:
            if equals:
                raise _Declined
            found[param] = True
            at += 1
            continue
        if equals:
            text, at = attached, at + 1
        elif at + 1 < len(args):
            text, at = args[at + 1], at + 2
        else:
            raise _Declined  # a missing value
        if text[:1] == "-" and text != "-":
            raise _Declined  # `--match --totals`: more likely a mistake than a value
        value = _value(kind, text, spec.allowed.get(param))
        if param in spec.many:
            found[param] = [*found.get(param, []), value]
        else:
            found[param] = value
    if len(positionals) > len(spec.positionals):
        raise _Declined
    for (param, required), value in zip(spec.positionals, [*positionals, None], strict=False):
        if value is None and required:
            raise _Declined
        found[param] = value
    return found, at


def _resolve(
    name: str, spec: Spec, given: dict[str, Any], top: dict[str, Any], env: Mapping[str, str]
) -> Call:
    """Every option of the command: given to it, else given at the top, else the default.

    `--file` and `--format` may come before the command's name too (`raqqa -f x.yaml aid`);
    given after it, they win. RAQQA_BRIEFING counts when it is not empty, as click has it.
    """
    options: dict[str, Any] = {param: None for param, _ in spec.positionals}
    for param, kind in spec.options.values():
        options[param] = False if kind == FLAG else None
    options.update(given)
    options.pop("version", None)  # answered before any command runs
    for param in INHERITED:
        if param in options and param not in given and param in top:
            options[param] = top[param]
    if "file" in options and options["file"] is None and "file" not in top:
        options["file"] = env.get("RAQQA_BRIEFING") or None
    for param in spec.many:
        options[param] = one_or_many(options.get(param))
    if spec.default_format is not None and options.get("fmt") is None:
        options["fmt"] = spec.default_format
    return Call(name, options)


def parse(argv: Sequence[str], env: Mapping[str, str]) -> Call | None:
    """The command `argv` asks for, or None when typer should read it.

    Shell completion (`_RAQQA_COMPLETE` set) is always click's: declined at once."""
    if env.get("_RAQQA_COMPLETE"):
        return None
    try:
        root = spec_of(OVERVIEW)  # the top level's own options; `raqqa` alone: the overview
        top, at = _read(root, argv, interspersed=False)
        if top.get("version"):
            return Call("version", {})
        if at == len(argv):
            return _resolve("overview", root, top, {}, env)
        name = argv[at]
        if name in GROUPS and at + 1 < len(argv):
            at += 1
            name = f"{name} {argv[at]}"
        elif " " in name:
            return None  # one word naming a subcommand's path is no command
        spec = spec_named(name)
        if spec is None:
            return None
        given, _ = _read(spec, argv[at + 1 :], interspersed=True)
    except _Declined:
        return None
    return _resolve(name, spec, given, top, env)
