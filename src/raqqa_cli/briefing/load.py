"""A path (or standard input) -> a checked `Briefing`, or a `BriefingError`.

Reading, decoding and limits happen here; YAML is `yamldoc`'s job and the schema is
`check`'s. The file is only ever opened for reading.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

from raqqa_cli.briefing.model import Briefing
from raqqa_cli.errors import BriefingError, Problem, Problems, QueryError
from raqqa_cli.errors import Path as ErrorPath
from raqqa_cli.record import Struct

Loaded = TypeVar("Loaded")


def long_lived(load: Callable[..., Loaded]) -> Callable[..., Loaded]:
    """Run a loader with the cyclic collector paused, then set what it built aside for good.

    A briefing is built once and lives until the command ends; the collector would otherwise
    walk all of it on every full collection, both while it is built and then for each one
    the report's own objects trigger, so that on 200,000 entries the work grew faster than
    the file. Reference counting still frees what is dropped."""

    @functools.wraps(load)
    def settled(*args: Any, **kwargs: Any) -> Loaded:
        import gc

        was_on = gc.isenabled()
        gc.disable()
        try:
            return load(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()
            gc.freeze()

    return settled


MAX_FILE_BYTES = 64 * 1024 * 1024
STDIN = "-"


class Text(Struct):
    """The decoded text of a knowledge file and the name to show in messages."""

    name: str
    text: str


def embedded_briefing() -> str:
    """The briefing shipped with raqqa: inside the installed package, else the checkout.

    (`os.path` rather than `pathlib`, whose import costs more than this whole function.)
    """
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # raqqa_cli
    packaged = os.path.join(package, "data", "briefing.yaml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data", "briefing.yaml")


def resolve_location(location: str | None) -> str:
    """The file to read: the one given, else (None) the embedded one.

    An empty name is refused rather than taken as "not given": `raqqa -f "$UNSET"` must
    not quietly answer from the embedded briefing.
    """
    if location == "":
        raise QueryError("the file name is empty: give a path, or '-' for standard input")
    return location if location is not None else embedded_briefing()


def size_limit(limit: int) -> str:
    """`64 MiB`: a limit on a file's size, as messages say it."""
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit % mib == 0 else f"{limit:,}-byte"


def _refuse(name: str, message: str) -> BriefingError:
    return BriefingError(name, [Problem(message)])


def _read_limited(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(name, f"larger than the {size_limit(MAX_FILE_BYTES)} limit")
    return data


def read_bytes(location: str, stdin: BinaryIO | None = None) -> tuple[str, bytes]:
    """The raw bytes at `location` (`-` is standard input), within the size limit."""
    if location == STDIN:
        name = "<stdin>"
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:  # descriptor 0 was closed when raqqa started
            raise _refuse(name, "cannot be read: standard input is closed")
        if stdin is None and sys.stdin.isatty():  # a person at the keyboard: say so, as
            # the read begins (`diff - missing.yaml` says missing.yaml is missing first)
            print(
                "raqqa: reading the briefing from standard input (end with Ctrl-D)", file=sys.stderr
            )
        try:
            return name, _read_limited(stream, name)
        except OSError as error:  # `-f - < folder/`, a closed descriptor
            raise _refuse(name, f"cannot be read: {error.strerror or error}") from None
    name = location
    try:
        if os.path.isdir(location):
            raise _refuse(name, "is a directory, not a knowledge file")
        size = os.stat(location).st_size
        if size > MAX_FILE_BYTES:
            raise _refuse(name, f"larger than the {size_limit(MAX_FILE_BYTES)} limit")
        with open(location, "rb") as stream:
            return name, _read_limited(stream, name)
    except FileNotFoundError:
        raise _refuse(name, "no such file") from None
    except PermissionError:
        raise _refuse(name, "permission denied") from None
    except OSError as error:
        raise _refuse(name, f"cannot be read: {error.strerror or error}") from None


def decode(name: str, data: bytes) -> Text:
    """UTF-8 text, refusing empty, binary and wrongly encoded files with a located error."""
    encoding = _wide_encoding(data)
    if encoding is not None:
        raise _refuse(name, f"is {encoding}; save it as UTF-8")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise _at(name, data, offset, "contains a NUL byte: this is a binary file, not YAML")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _at(name, data, error.start, "is not valid UTF-8") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _refuse(name, "is empty")
    return Text(name, text)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16, by the byte order mark (UTF-32's little-endian mark begins like
    UTF-16's, so it is looked for first)."""
    for mark, encoding in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(mark):
            return encoding
    return None


def _at(name: str, data: bytes, offset: int, message: str) -> BriefingError:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return BriefingError(name, [Problem(f"{message} (byte {offset})", line=line, column=column)])


def parse(source: Text) -> Briefing:
    """Text -> checked briefing; every problem located, sorted by position."""
    from raqqa_cli.briefing.check import check_briefing
    from raqqa_cli.briefing.yamldoc import YamlError, parse_yaml

    try:
        document = parse_yaml(source.text)
    except YamlError as error:
        raise BriefingError(source.name, [error.problem]) from None
    briefing, found = check_briefing(document.data)
    problems = document.problems.joined(found)
    del document  # its data, before `_locate` parses the text again
    if briefing is not None and not problems:
        return briefing
    raise BriefingError(source.name, _locate(source.text, problems), problems.unlisted)


def _wanted(problems: list[Problem]) -> set[ErrorPath]:
    """The paths whose positions can locate `problems`: theirs and their parents', and a
    field's under its other name (`says` or `article_says`, whichever the file wrote)."""
    paths = {problem.path[:end] for problem in problems for end in range(len(problem.path) + 1)}
    return paths | {other for path in paths if (other := _other_name(path)) is not None}


def _other_name(path: ErrorPath) -> ErrorPath | None:
    """`path` with its last key under the field's other name, if the field has one."""
    from raqqa_cli.briefing.model import FORMER_NAMES

    if not path or not isinstance(path[-1], str):
        return None
    for name, former in FORMER_NAMES.items():
        if path[-1] in (name, former.name):
            return (*path[:-1], former.name if path[-1] == name else name)
    return None


def _locate(text: str, problems: list[Problem]) -> list[Problem]:
    """Give each problem the line and column of its path (or the nearest parent's), from a
    second parse that records the positions of those paths alone."""
    from raqqa_cli.briefing.yamldoc import parse_yaml

    if all(problem.line is not None for problem in problems):
        return _locate_at({}, problems)
    return _locate_at(parse_yaml(text, positions=_wanted(problems)).positions, problems)


def _locate_at(
    positions: dict[ErrorPath, tuple[int, int]], problems: list[Problem]
) -> list[Problem]:
    """`_locate` with the positions already known."""
    located = []
    for problem in problems:
        if problem.line is None:
            path = problem.path
            if path not in positions and (other := _other_name(path)) in positions:
                path = other
            while path and path not in positions:
                path = path[:-1]
            line, column = positions.get(path, (1, 1))
            problem = Problem(problem.message, problem.path, line, column)
        located.append(problem)
    return sorted(located, key=lambda p: (p.line or 0, p.column or 0))


class Validated:
    """What `raqqa validate` found valid: the file's name and text, the briefing, and the
    archived text of each source that has one, by id. Warnings are located, when there are
    any, by a second parse that records where their paths are and nothing else: keeping
    every value's position from the first parse doubled validate's memory on large files."""

    def __init__(self, source: Text, briefing: Briefing, archives: dict[str, str]) -> None:
        from raqqa_cli.briefing.quotes import QuoteCount

        self.name = source.name
        self.briefing = briefing
        self.archives = archives
        self.quotes = QuoteCount(0, [])  # what the quote check did (`quotes.py`)
        self._text = source.text

    def locate(self, problems: list[Problem]) -> BriefingError:
        """`problems` (warnings, say) located in this file, as one error to report."""
        if not problems:
            return BriefingError(self.name, [])
        kept = Problems(problems)
        return BriefingError(self.name, _locate(self._text, kept), kept.unlisted)


@long_lived
def validate_document(location: str, stdin: BinaryIO | None = None) -> Validated:
    """What `raqqa validate` checks: the schema, then every verbatim quote against the
    archived text of its source (a path next to the briefing; for standard input, in the
    current folder). The schema's verdict on these exact bytes may come from the cache,
    which holds only briefings this raqqa checked in full (see `cache.py`); the archived
    texts are read and the quotes checked at every run, as they are other files."""
    from raqqa_cli.briefing import cache
    from raqqa_cli.briefing.quotes import check_quotes

    name, data = read_bytes(location, stdin)
    source = decode(name, data)
    briefing = cache.recall(data)
    if briefing is None:
        briefing = parse(source)
        cache.remember(data, briefing)
    folder = os.getcwd() if location == STDIN else os.path.dirname(os.path.abspath(location))
    texts: dict[str, str] = {}

    def read_archive(relative: str) -> str:
        path = os.path.join(folder, relative)
        texts[relative] = decode(path, read_bytes(path)[1]).text
        return texts[relative]

    checked = Validated(source, briefing, {})
    problems, checked.quotes = check_quotes(briefing, read_archive)
    if problems:
        raise checked.locate(problems)
    checked.archives = {s.id: texts[s.archive] for s in briefing.sources if s.archive in texts}
    return checked


@long_lived
def load_briefing(
    location: str | None = None, stdin: BinaryIO | None = None, *, use_cache: bool = True
) -> Briefing:
    """The checked briefing at `location` (default: the embedded briefing).

    With `use_cache`, bytes already checked once are not parsed again (see `cache.py`).
    """
    name, data = read_bytes(resolve_location(location), stdin)
    return load_data(name, data, use_cache=use_cache)


def load_data(name: str, data: bytes, *, use_cache: bool = True) -> Briefing:
    """The checked briefing in `data`, bytes already read (from git, say) and called `name`
    in messages: decoded, parsed and checked as any file is."""
    if not use_cache:
        return parse(decode(name, data))
    from raqqa_cli.briefing import cache

    briefing = cache.recall(data)
    if briefing is None:
        briefing = parse(decode(name, data))
        cache.remember(data, briefing)
    return briefing


@long_lived
def load_seen(location: str | None) -> Briefing:
    """`load_briefing` for completion, which runs at every TAB: a file whose size, times and
    inode have not changed since completion last read it is not read again; its briefing
    comes from the cache through a signed pointer (`cache.py`). Commands never do this."""
    from raqqa_cli.briefing import cache

    path = resolve_location(location)
    stamp = cache.file_stamp(path)
    if stamp is not None:
        briefing = cache.recall_seen(stamp)
        if briefing is not None:
            return briefing
    name, data = read_bytes(path)
    briefing = load_data(name, data)
    if stamp is not None and cache.file_stamp(path) == stamp:  # unchanged while read
        cache.remember_seen(stamp, data)
    return briefing
