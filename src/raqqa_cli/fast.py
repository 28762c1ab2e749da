"""The everyday command lines, read without importing typer.

Importing typer (and the click inside it) costs about 5x a bare `python -c pass` on its
own, more than the whole budget for a piped command. So `raqqa aid --totals --format json`
and the like are read here, by a parser that knows every command's options, and anything
it is not sure of (help, completion, `--`, an unknown option, a bad choice, a missing
value) is declined and left to typer, which reports it. A declined command line costs
nothing but the time to read it.

`tests/test_fast.py` checks, over generated command lines, that whenever this parser
accepts one, typer reads it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from raqqa_cli.commands import LISTINGS
from raqqa_cli.render import Format, NoteFor
from raqqa_cli.report import TotalBy

FLAG = "flag"
VALUE = "value"
FORMAT = "format"
BY = "by"
FOR = "for"

FILE = {"--file": ("file", VALUE), "-f": ("file", VALUE)}
FMT = {"--format": ("fmt", FORMAT)}
MATCH = {"--match": ("match", VALUE), "-m": ("match", VALUE)}


class Spec(NamedTuple):
    """A command's positional parameters (name, required) and its options by spelling."""

    positionals: tuple[tuple[str, bool], ...]
    options: dict[str, tuple[str, str]]
    default_format: Format | None = Format.auto  # None: the command has no --format


def _listing() -> Spec:
    return Spec((), {**MATCH, **FILE, **FMT})


SPECS: dict[str, Spec] = {
    "issues": Spec((("issue_id", False),), {**MATCH, **FILE, **FMT}),
    "aid": Spec(
        (),
        {
            "--totals": ("totals", FLAG),
            "--by": ("by", BY),
            "--sector": ("sector", VALUE),
            "--donor": ("donor", VALUE),
            "--status": ("status", VALUE),
            "--chart": ("chart", FLAG),
            **MATCH,
            **FILE,
            **FMT,
        },
    ),
    "reactions": Spec(
        (), {"--actor": ("actor", VALUE), "--source": ("source", VALUE), **MATCH, **FILE, **FMT}
    ),
    "statements": Spec(
        (), {"--actor": ("actor", VALUE), "--source": ("source", VALUE), **MATCH, **FILE, **FMT}
    ),
    "actors": Spec((("name", False),), {**MATCH, **FILE, **FMT}),
    "timeline": Spec((), {"--since": ("since", VALUE), "--until": ("until", VALUE), **FILE, **FMT}),
    **{name: _listing() for name in LISTINGS},
    "search": Spec((("text", True),), {**FILE, **FMT}),
    "show": Spec((("entry_id", True),), {**FILE, **FMT}),
    "brief": Spec((), {"--for": ("audience", FOR), **FILE, **FMT}, default_format=Format.markdown),
    "validate": Spec((("path", False),), {**FILE}, default_format=None),
    "schema": Spec((), {}, default_format=None),
}
ROOT = Spec((), {**FILE, **FMT, "--version": ("version", FLAG)})
OVERVIEW = Spec((), {**FILE, **FMT})  # `raqqa` alone: the top level's own options


class Call(NamedTuple):
    """A command to run and every one of its options."""

    name: str
    options: dict[str, Any]


class _Declined(Exception):  # noqa: N818 - a verdict, not an error
    """Not sure: leave this command line to typer."""


def _value(kind: str, text: str) -> Any:
    if kind == FORMAT:
        for fmt in Format:  # as click's case-insensitive choice compares
            if text.casefold() == fmt.value.casefold():
                return fmt
        raise _Declined
    if kind == BY and text not in TotalBy.__members__:
        raise _Declined
    if kind == FOR and text not in NoteFor.__members__:
        raise _Declined
    return text


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
        found[param] = _value(kind, text)
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
    if "file" in options and "file" not in given:
        options["file"] = top["file"] if "file" in top else env.get("RAQQA_BRIEFING") or None
    if spec.default_format is not None and "fmt" not in given:
        options["fmt"] = top.get("fmt", spec.default_format)
    return Call(name, options)


def parse(argv: Sequence[str], env: Mapping[str, str]) -> Call | None:
    """The command `argv` asks for, or None when typer should read it.

    Shell completion (`_RAQQA_COMPLETE` set) is always click's: declined at once."""
    if env.get("_RAQQA_COMPLETE"):
        return None
    try:
        top, at = _read(ROOT, argv, interspersed=False)
        if top.get("version"):
            return Call("version", {})
        if at == len(argv):
            return _resolve("overview", OVERVIEW, top, {}, env)
        name = argv[at]
        spec = SPECS.get(name)
        if spec is None:
            return None
        given, _ = _read(spec, argv[at + 1 :], interspersed=True)
    except _Declined:
        return None
    return _resolve(name, spec, given, top, env)
