"""A path (or standard input) -> a checked `Briefing`, or a `BriefingError`.

Reading, decoding and limits happen here; YAML is `yamldoc`'s job and the schema is
`check`'s. The file is only ever opened for reading.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from typing import Any, BinaryIO, TypeGuard, TypeVar

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


def parse(source: Text, where: Where | None = None) -> Briefing:
    """Text -> checked briefing, with the entries of the files it includes (read as
    `where` says); every problem located in its own file, sorted by position."""
    return parse_read(source, where)[0]


class Where(Struct):
    """Where a briefing's includes are found: its folder and its real path, and how files
    are read there (on disk, or at a git revision: `includes.Reader`)."""

    folder: str
    real: str
    reader: Any = None  # includes.Reader; None: files on disk around `folder`


def where_of(location: str) -> Where:
    """Where the includes of the file at `location` (`-`: standard input) are found: its
    folder as named (so that messages name a registry as `reg/people.yaml`)."""
    if location == STDIN:
        return Where(".", os.path.join(os.getcwd(), STDIN))
    return Where(os.path.dirname(location) or ".", os.path.realpath(location))


# The source a registry checked alone (`validate reg/people.yaml`) is given, as the
# briefing it is not has a source of its own; never shown.
REGISTRY_SOURCE = "raqqa-registry-checked-alone"


def _as_briefing(data: dict[str, Any]) -> dict[str, Any]:
    """A registry's data as a briefing's, to be checked alone: its sections and includes,
    under a stand-in title block whose source is added to its sources."""
    stand_in = {"id": REGISTRY_SOURCE, "title": "-", "publisher": "-", "kind": "dataset"}
    sources = data.get("sources")
    return {
        **data,
        "schema_version": data.get("schema_version", 2),
        "briefing": {"title": "-", "publisher": "-", "published": "2000", "summary": "-",
                     "source": REGISTRY_SOURCE},
        "sources": [*sources, stand_in] if isinstance(sources, list) else [stand_in],
    }  # fmt: skip


def is_registry(data: Any) -> TypeGuard[dict[str, Any]]:
    """Whether parsed data is a registry: sections or includes (some), perhaps a schema
    version, and no title block."""
    from raqqa_cli.briefing.includes import REGISTRY_KEYS

    return (
        isinstance(data, dict)
        and "briefing" not in data
        and set(data) <= REGISTRY_KEYS
        and bool(set(data) - {"schema_version"})
    )


def parse_read(
    source: Text, where: Where | None = None, registry: bool = False
) -> tuple[Briefing, Any]:
    """`parse`, and what it read beside the file (`includes.Gathered`, or None). With
    `registry`, a registry is checked alone, as a briefing of its entries."""
    from raqqa_cli.briefing.check import check_briefing
    from raqqa_cli.briefing.yamldoc import YamlError, parse_yaml

    try:
        document = parse_yaml(source.text)
    except YamlError as error:
        raise BriefingError(source.name, [error.problem]) from None
    data, gathered = document.data, None
    if is_registry(data):
        if not registry:
            raise BriefingError(
                source.name,
                [Problem("a registry, not a briefing (it has no briefing: title block): read"
                         " the briefing that includes it; raqqa validate checks it alone",
                         line=1, column=1)],
            )  # fmt: skip
        data = _as_briefing(data)
    if where is not None and isinstance(data, dict) and "include" in data:
        from raqqa_cli.briefing import includes

        reader = where.reader or includes.file_reader(where.folder)
        gathered = includes.gather(data, where.folder, where.real, reader)
        data = gathered.data
    briefing, found = check_briefing(data)
    if gathered is None:
        problems = document.problems.joined(found)
        del document, data  # before `_locate` parses the text again
        if briefing is not None and not problems:
            return briefing, None
        raise BriefingError(source.name, _locate(source.text, problems), problems.unlisted)
    return _with_includes(source, document.problems, found, briefing, gathered)


def _with_includes(
    source: Text, own: Problems, found: list[Problem], briefing: Briefing | None, gathered: Any
) -> tuple[Briefing, Any]:
    """The briefing checked with its registries, or every problem located in its file."""
    from raqqa_cli.briefing.includes import relocate

    by_file = relocate(found, gathered)
    problems = list(own) + gathered.problems.get(None, []) + by_file.pop(None, [])
    texts = gathered.texts
    located = _locate(source.text, problems) if problems else []
    for name, listed in [*gathered.problems.items(), *by_file.items()]:
        if name is None or not listed:
            continue
        located += [p._replace(file=name) for p in _locate(texts[name], list(listed))]
    if briefing is not None and not located:
        return briefing, gathered
    unlisted = own.unlisted + getattr(found, "unlisted", 0)
    raise BriefingError(source.name, located, unlisted)


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

    def __init__(
        self, source: Text, briefing: Briefing, archives: dict[str, str], gathered: Any = None
    ) -> None:
        from raqqa_cli.briefing.quotes import QuoteCount

        self.name = source.name
        self.briefing = briefing
        self.archives = archives
        self.quotes = QuoteCount(0, [])  # what the quote check did (`quotes.py`)
        self._text = source.text
        self._gathered = gathered  # the files it includes (`includes.Gathered`), if any

    def locate(self, problems: list[Problem]) -> BriefingError:
        """`problems` (warnings, say) located in this file, or in the registry it includes
        that holds each, as one error to report."""
        if not problems:
            return BriefingError(self.name, [])
        kept = Problems(problems)
        if self._gathered is None:
            return BriefingError(self.name, _locate(self._text, kept), kept.unlisted)
        from raqqa_cli.briefing.includes import relocate

        by_file = relocate(kept, self._gathered)
        texts = self._gathered.texts
        located = _locate(self._text, by_file.pop(None, []))
        for name, listed in by_file.items():
            located += [p._replace(file=name) for p in _locate(texts[str(name)], listed)]
        return BriefingError(self.name, located, kept.unlisted)


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
    where = where_of(location)
    from raqqa_cli.briefing.includes import scanned

    plain = _INCLUDE_LINE.search(data) is None or scanned(source.text) == []  # no file beside
    briefing = cache.recall(data) if plain else None
    gathered = None
    if briefing is None:  # a briefing with includes is read whole: its registries located
        briefing, gathered = parse_read(source, where, registry=True)
        if gathered is None and REGISTRY_SOURCE not in briefing.briefing.source:
            cache.remember(data, briefing)
    folder = where.folder
    texts: dict[str, str] = {}

    def read_archive(relative: str) -> str:
        path = os.path.join(folder, relative)
        texts[relative] = decode(path, read_bytes(path)[1]).text
        return texts[relative]

    checked = Validated(source, briefing, {}, gathered)
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
    path = resolve_location(location)
    name, data = read_bytes(path, stdin)
    return load_data(name, data, use_cache=use_cache, where=where_of(path))


def load_data(
    name: str, data: bytes, *, use_cache: bool = True, where: Where | None = None
) -> Briefing:
    """The checked briefing in `data`, bytes already read (from git, say) and called `name`
    in messages: decoded, parsed and checked as any file is, with the files it includes
    (found as `where` says; by default, around `name` on disk)."""
    where = where or (where_of(name) if name != "<stdin>" else where_of(STDIN))
    if not use_cache:
        return parse(decode(name, data), where)
    from raqqa_cli.briefing import cache

    plain = _INCLUDE_LINE.search(data) is None
    key = data if plain else _key_with_includes(data, where)
    briefing = cache.recall(key) if key is not None else None
    if briefing is None:
        briefing, gathered = parse_read(decode(name, data), where)
        # Kept under its bytes alone only if it includes nothing; under the key of every
        # file read only if the scan read each `include` list as the parser did.
        kept = gathered is None if plain else _scanned_as_read(data, gathered)
        if key is not None and kept:
            cache.remember(key, briefing)
    return briefing


# A line that begins with `include`: without one there is no top-level `include` key a
# scan can read (`includes.scanned`), and a briefing's bytes alone are its cache key.
_INCLUDE_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?include\b", re.MULTILINE)


def _key_with_includes(data: bytes, where: Where) -> bytes | None:
    """What the cache keys a briefing with includes by: its bytes, then the real path and
    bytes of every file it includes (`included_files`); None where a scan cannot tell, or
    a file cannot be read."""
    files = included_files(data, where)
    if files is None:
        return None
    if not files:  # it includes nothing: its bytes alone, as any file
        return data
    from raqqa_cli.briefing.includes import shelf_root

    parts = [data]
    # The root decides what may be read, as much as the files' bytes do.
    parts.append(shelf_root(where.folder).encode("utf-8", "surrogateescape"))
    for real, content in files:
        parts.extend([real.encode("utf-8", "surrogateescape"), content])
    return b"\0raqqa-include\0".join(parts)


def included_files(data: bytes, where: Where) -> list[tuple[str, bytes]] | None:
    """The real path and bytes of every file a briefing (its `data`) includes, in the order
    read, found by a scan of each file's `include` list (`includes.scanned`); None where a
    scan cannot tell, a file cannot be read, or the files are at a git revision. Asked for
    by the cache's key and by a shelf (`briefing/shelf.py`), which reads each file's once
    (`scans_kept`)."""
    if where.reader is not None:  # a git revision: not kept
        return None
    if _KEPT_SCANS is not None:
        key = (where.real, data)
        if key not in _KEPT_SCANS:
            _KEPT_SCANS[key] = _scan_includes(data, where)
        return _KEPT_SCANS[key]
    return _scan_includes(data, where)


# While a shelf is read (`scans_kept`), each briefing's scan, by its real path and bytes.
_KEPT_SCANS: dict[tuple[str, bytes], list[tuple[str, bytes]] | None] | None = None


class scans_kept:  # noqa: N801 - used as a function: `with scans_kept():`
    """Within it, a briefing's includes are scanned once (for the cache's key, then for
    the shelf's identities), not again: one command, reading its files once. (A class, not
    contextlib's decorator: importing contextlib would cost every command.)"""

    def __enter__(self) -> None:
        global _KEPT_SCANS
        _KEPT_SCANS = {}

    def __exit__(self, *raised: object) -> None:
        global _KEPT_SCANS
        _KEPT_SCANS = None


def _scan_includes(data: bytes, where: Where) -> list[tuple[str, bytes]] | None:
    import glob

    from raqqa_cli.briefing.includes import _MAGIC, scanned

    files: list[tuple[str, bytes]] = []
    seen = {where.real}

    def visit(text: str, folder: str) -> bool:
        patterns = scanned(text)
        if patterns is None:
            return False
        for pattern in patterns:
            joined = os.path.normpath(os.path.join(folder, pattern))
            found = (
                sorted(glob.glob(joined, recursive=True)) if _MAGIC.search(pattern) else [joined]
            )
            for path in found:
                real = os.path.realpath(path)
                if real in seen:
                    continue
                seen.add(real)
                if not os.path.isfile(path):  # the load says why; never open a FIFO
                    return False
                try:
                    with open(path, "rb") as stream:
                        content = stream.read(MAX_FILE_BYTES + 1)
                    text = content.decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    return False
                files.append((real, content))
                if not visit(text, os.path.dirname(path)):
                    return False
        return True

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    return files if visit(text, where.folder) else None


def _scanned_as_read(data: bytes, gathered: Any) -> bool:
    """Whether the scan the cache's key came from read every file's `include` list as the
    YAML parser did: only then is a briefing kept under that key."""
    from raqqa_cli.briefing.includes import scanned

    if gathered is None:  # no include key in the YAML: the bytes alone are the key
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        return scanned(text) == []
    own = scanned(data.decode("utf-8", "replace").removeprefix("\ufeff"))
    if own != list(gathered.data.get("include") or []):
        return False
    return all(
        scanned(read.text) == list(read.data.get("include") or []) for read in gathered.files
    )


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
