"""Strict YAML: text -> plain data (dict, list, str, int, float, bool, None).

PyYAML's own constructors are too trusting for files shared between colleagues: they keep
the last of two duplicate keys, read `NO` as false and `2017-10-22` as a date, build
Python objects from tags and expand aliases without limit. So raqqa reads libyaml's event
stream and builds the data itself, iteratively, under limits:

- scalars resolve by the YAML 1.2 core schema (only `true`/`false` are booleans; dates
  stay text until the schema asks for a date);
- duplicate keys, non-text keys and non-finite numbers are problems, not silent choices;
- tags other than the core ones (`!!str`, `!!int`, ...) are refused, never constructed;
- nesting depth and alias expansion (the values and characters aliases produce) are
  bounded; the number of aliases is not, since each costs the file its own bytes;
- memory is bounded by the file, and a file that cannot be a briefing is refused early: a
  top level that is a list is refused at its first event, the values (keys, scalars, lists
  and mappings) a document may hold are capped at `MAX_VALUES`, and at most
  `errors.MAX_PROBLEMS` problems are kept (the rest are counted).

With `positions`, the builder also records where each value starts, so that later
problems can be located; raqqa only pays for that when something is wrong, and then only
for the paths it asks for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from typing import Any

from raqqa_cli.errors import Path, Problem, Problems
from raqqa_cli.record import Struct

MAX_DEPTH = 32
MAX_ALIAS_EXPANSION = 100_000
# Expansion also counts characters: one 100 KB text aliased 999 times would be 100 MB.
MAX_ALIAS_TEXT = 1_000_000
# Integers at or beyond 10**18 are refused: no briefing counts that high, JSON readers and
# spreadsheets would silently round them, and Python will not even print one of 4,300 digits.
MAX_INTEGER = 10**18
# Every key, scalar, list and mapping counts, aliases expanded. A generated briefing of
# 100,000 entries holds about 1.1 million, a 200,000-long update chain 4.6 million; a
# document past this many costs memory no briefing needs (each value is 50 to 100 bytes).
MAX_VALUES = 6_000_000
# What the top level of a briefing must be, said the same way here and in `check.py`.
NOT_A_MAPPING = "a briefing is a mapping with schema_version, briefing and sources at the top"

CORE = "tag:yaml.org,2002:"
_NUMBER = re.compile(
    r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_INTEGER = re.compile(r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)")
_CONSTANTS: dict[str, object] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}


class _Refused:
    """Stands in for a value already reported as a problem, so it is not reported twice."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: object = _Refused()


class _TooLarge:
    """An integer too large to keep (see `MAX_INTEGER`); the builder reports it."""

    def __repr__(self) -> str:
        return "TOO_LARGE"


TOO_LARGE: object = _TooLarge()


class YamlError(Exception):
    """The text cannot be read as YAML at all; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def resolve_plain(text: str) -> object:
    """The YAML 1.2 core-schema value of a plain (unquoted, untagged) scalar."""
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    first = text[0]
    if not (first.isdigit() or first in "+-."):
        return text
    if _NUMBER.fullmatch(text) is None:
        return text
    if _INTEGER.fullmatch(text):
        body = text.lstrip("+-")
        if len(body) > 64:  # far beyond MAX_INTEGER in any base; never convert a huge one
            return TOO_LARGE
        value = int(body, 0) if body.startswith(("0o", "0x")) else int(body)
        if value >= MAX_INTEGER:
            return TOO_LARGE
        return -value if text.startswith("-") else value
    if text.lstrip("+-").startswith("."):
        special = text.lstrip("+-").lower()
        if special in (".inf", ".nan"):
            return float(special[1:]) * (-1 if text.startswith("-") else 1)
    return float(text)


def _kind_of(value: object) -> str:
    """What a non-text key is, as the file says it: `null`, a boolean, a number..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return "a value already refused"  # REFUSED, TOO_LARGE: reported where they are


class _Frame:
    """A mapping or list being built, and where the next value goes in it."""

    __slots__ = ("anchor", "container", "first_chars", "first_node", "key", "key_pending", "path")

    def __init__(
        self,
        container: dict[str, Any] | list[Any],
        path: Path,
        anchor: str | None,
        first: tuple[int, int],
    ) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.first_node, self.first_chars = first
        self.key: str | None = None
        self.key_pending = True


class _Anchor:
    """An anchored value, how many values and characters it holds, and if it is still open."""

    __slots__ = ("chars", "open", "size", "value")

    def __init__(self, value: object, size: int, chars: int, open: bool) -> None:
        self.value = value
        self.size = size
        self.chars = chars
        self.open = open


class Document(Struct):
    """The data of one YAML document, with the problems found while building it."""

    data: object
    problems: Problems
    positions: dict[Path, tuple[int, int]]


def _loader() -> type[Any]:
    import yaml

    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# `key: value` on one line, in a mapping or as the first key of a list item.
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s\"'#:-][^:]*?):\s+(.+?)\s*$")


def _quoting_hint(line: str) -> str:
    """How to quote the value on `line` when that is the likely cure: a plain value with
    `: ` in it, or one that starts quoted and goes on after the quote (`"...", he said`)."""
    found = _KEY_VALUE.match(line)
    if found is None:
        return ""
    key, value = found.groups()
    if value[0] in "\"'":
        closing = value.find(value[0], 1)
        if (
            closing < 0
            or not value[closing + 1 :].strip()
            or value[closing + 1 :].lstrip()[0] == "#"
        ):
            return ""
        why = "a value that starts with a quotation and goes on after it"
    elif ": " in value:
        why = 'a value with ": " in it'
    else:
        return ""
    quoted = "'" + value.replace("'", "''") + "'"
    return f"; {why} must be quoted as a whole: {key}: {quoted}"


def _yaml_problem(error: Exception, text: str, loader: type[Any]) -> Problem:
    import yaml

    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        message = f"invalid YAML: {error.problem}"
        if error.context:
            message += f" ({error.context})"
        lines = text.split("\n")  # a hint only: a lone CR may shift it
        if mark.line < len(lines):
            message += _quoting_hint(lines[mark.line])
        return Problem(message, line=mark.line + 1, column=mark.column + 1)
    if isinstance(error, yaml.reader.ReaderError):
        index = error.position
        if loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
            index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
        line, column = _line_column(text, index)
        character = error.character
        shown = chr(character) if isinstance(character, int) else character
        return Problem(
            f"invalid YAML: character {shown!r} is not allowed", line=line, column=column
        )
    return Problem(f"invalid YAML: {error}")


def parse_yaml(text: str, *, positions: bool | Collection[Path] = False) -> Document:
    """Build the plain data of `text`, a single YAML document, strictly.

    Raises `YamlError` when the text is not YAML or breaks a limit; softer problems
    (duplicate keys, refused tags, non-finite numbers) are collected in the result.
    `positions`: True records where every value starts; a collection of paths, where those
    alone start (a million positions would cost more memory than the file's data).
    """
    import yaml

    builder = _Builder(positions)
    handlers = builder.handlers()
    kind = _loader()
    loader: Any = None
    try:
        loader = kind(text)  # the pure-Python reader checks every character here
        # Calling the loader directly, not through yaml.parse's generator, and
        # dispatching on the event's type: this loop runs once per event.
        while loader.check_event():
            event = loader.get_event()
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
    except YamlError:
        raise
    except yaml.YAMLError as error:
        raise YamlError(_yaml_problem(error, text, kind)) from None
    except UnicodeEncodeError as error:  # libyaml and a lone surrogate: decode() makes none
        line, column = _line_column(text, error.start)
        shown = repr(text[error.start])
        raise YamlError(
            Problem(f"invalid YAML: character {shown} is not allowed", line=line, column=column)
        ) from None
    except RecursionError:
        raise YamlError(Problem(f"nesting deeper than {MAX_DEPTH} levels")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Document(builder.root, builder.problems, builder.positions)


class _Builder:
    """Turns libyaml events into plain data; one instance per document."""

    def __init__(self, record_positions: bool | Collection[Path]) -> None:
        self.record = bool(record_positions)
        self.wanted: Collection[Path] | None = (
            None if isinstance(record_positions, bool) else frozenset(record_positions)
        )
        self.stack: list[_Frame] = []
        self.root: object = None
        self.anchors: dict[str, _Anchor] = {}
        self.nodes = 0
        self.chars = 0  # characters of text in the data, aliases expanded
        self.expansion = 0
        self.alias_text = 0
        self.documents = 0
        self.problems = Problems()
        self.positions: dict[Path, tuple[int, int]] = {}

    def handlers(self) -> dict[type, Any]:
        """What to do with each kind of libyaml event (the others carry nothing)."""
        import yaml.events as ev

        return {
            ev.ScalarEvent: self._scalar,
            ev.MappingStartEvent: lambda event: self._start(event, {}),
            ev.SequenceStartEvent: lambda event: self._start(event, []),
            ev.MappingEndEvent: self._end,
            ev.SequenceEndEvent: self._end,
            ev.AliasEvent: self._alias,
            ev.DocumentStartEvent: self._document,
        }

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self._fatal(event, "a briefing is one YAML document; found a second")

    # -- where things are ------------------------------------------------------------

    def _fatal(self, event: Any, message: str) -> YamlError:
        mark = event.start_mark
        return YamlError(Problem(message, self._path(), mark.line + 1, mark.column + 1))

    def _soft(self, event: Any, message: str, path: Path | None = None) -> None:
        mark = event.start_mark
        where = self._path() if path is None else path
        self.problems.add(Problem(message, where, mark.line + 1, mark.column + 1))

    def _mark(self, path: Path, event: Any) -> None:
        """Record where the value at `path` starts, if it is wanted."""
        if self.wanted is None or path in self.wanted:
            mark = event.start_mark
            self.positions[path] = (mark.line + 1, mark.column + 1)

    def _path(self) -> Path:
        """The path of the value about to be added."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.key_pending or frame.key is None:
            return frame.path
        return (*frame.path, frame.key)

    # -- building --------------------------------------------------------------------

    def _add(self, value: object, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_VALUES:
            raise self._fatal(
                event,
                f"more than {MAX_VALUES:,} values (keys, scalars, lists and mappings):"
                " far more than any briefing holds",
            )
        if not self.stack:
            self.root = value
            if self.record:
                self._mark((), event)
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            if self.record:
                self._mark((*frame.path, len(container)), event)
            container.append(value)
            return
        if frame.key_pending:
            frame.key_pending = False
            if not isinstance(value, str):
                frame.key = None
                hint = "" if isinstance(value, list | dict) else " (quote it)"
                self._soft(event, f"a key must be text, not {_kind_of(value)}{hint}")
                return
            frame.key = value
            if value in container:
                frame.key = None
                self._soft(event, f"duplicate key {value!r}", (*frame.path, value))
                return
            if self.record:
                self._mark((*frame.path, value), event)
            return
        frame.key_pending = True
        if frame.key is not None:
            container[frame.key] = value

    def _scalar(self, event: Any) -> None:
        text: str = event.value
        self.chars += len(text)
        tag = event.tag
        if tag is None or tag == "!":
            value = resolve_plain(text) if event.implicit[0] else text
        elif tag.startswith(CORE) and tag[len(CORE) :] in ("str", "int", "float", "bool", "null"):
            value = self._tagged(event, tag[len(CORE) :], text)
        else:
            self._soft(event, f"YAML tag {tag} is not allowed: a briefing holds only plain data")
            value = REFUSED
        if isinstance(value, float) and not math.isfinite(value):
            self._soft(event, f"{text} is not a finite number")
            value = REFUSED
        elif value is TOO_LARGE:
            self._soft(event, f"{text} is too large: integers must stay below 10**18")
            value = REFUSED
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, 1, len(text), False)
        self._add(value, event)

    def _tagged(self, event: Any, kind: str, text: str) -> object:
        if kind == "str":
            return text
        value = resolve_plain(text)
        if value is TOO_LARGE:
            return value
        expected: dict[str, tuple[type, ...]] = {
            "int": (int,),
            "float": (int, float),
            "bool": (bool,),
            "null": (type(None),),
        }
        if not isinstance(value, expected[kind]) or (kind != "bool" and isinstance(value, bool)):
            self._soft(event, f"{text!r} is not a valid !!{kind}")
            return REFUSED
        return float(value) if kind == "float" else value  # type: ignore[arg-type]

    def _start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        tag = event.tag
        wanted = "map" if isinstance(container, dict) else "seq"
        if tag is not None and tag != "!" and tag != CORE + wanted:
            raise self._fatal(
                event, f"YAML tag {tag} is not allowed: a briefing holds only plain data"
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self._fatal(event, f"nesting deeper than {MAX_DEPTH} levels")
        if not self.stack and isinstance(container, list):
            # Refused at its first event: a 5 MB list would otherwise be built, at a
            # hundred times its size, only to be told it is not a briefing.
            raise self._fatal(event, f"{NOT_A_MAPPING}; found a list")
        path = self._path()
        first = (self.nodes, self.chars)
        self._add(container, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(container, 0, 0, True)
        self.stack.append(_Frame(container, path, event.anchor, first))

    def _end(self, event: Any = None) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            anchor = self.anchors.get(frame.anchor)
            if anchor is not None and anchor.value is frame.container:
                anchor.size = self.nodes - frame.first_node
                anchor.chars = self.chars - frame.first_chars
                anchor.open = False

    def _alias(self, event: Any) -> None:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise self._fatal(event, f"alias *{event.anchor} has no anchor")
        if anchor.open:
            raise self._fatal(event, f"alias *{event.anchor} refers to a value that contains it")
        self.expansion += anchor.size
        self.alias_text += anchor.chars
        if self.expansion > MAX_ALIAS_EXPANSION:
            raise self._fatal(
                event, f"aliases expand to more than {MAX_ALIAS_EXPANSION} values (an alias bomb?)"
            )
        if self.alias_text > MAX_ALIAS_TEXT:
            raise self._fatal(
                event,
                f"aliases expand to more than {MAX_ALIAS_TEXT:,} characters of text"
                " (an alias bomb?)",
            )
        self.nodes += anchor.size - 1
        self.chars += anchor.chars
        self._add(anchor.value, event)
