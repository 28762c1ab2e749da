"""A shelf: several briefings read at once (`-f DIR`, `-f a.yaml -f b.yaml`).

A folder names every briefing directly in it (`*.yaml`, `*.yml`, in sorted order), and
leaves out its registries, the files briefings include (`briefing/includes.py`), which are
no briefing of their own. Each briefing is a `Member` of the shelf: its path, and a name
(the file's stem, or its path where two stems are alike) that labels its rows and
qualifies its ids.

An id is unique within a briefing, not across a shelf. Two briefings may hold the same id:
it is one entry where both take it from the same registry file (the same real path), and a
clash otherwise, which a shelf's answer shows qualified, `brussels-2017:act-uk`, never
merged. `identities` says which ids clash in which briefing, and which are shared.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from raqqa_cli.errors import BriefingError, Problem, QueryError, printable
from raqqa_cli.record import Struct

STDIN = "-"
SUFFIXES = (".yaml", ".yml")


class Member(Struct):
    """One briefing of a shelf: where it is read (`path`, as found) and its `name`."""

    path: str
    name: str


def members_of(given: str | list[str] | None) -> list[Member] | None:
    """The briefings `-f` names when they are a shelf (a folder, or `-f` given again), in
    the order named, a folder's in sorted order, each once; None for one briefing."""
    if given is None:
        return None
    named = [given] if isinstance(given, str) else list(given)
    if len(named) == 1 and not is_folder(named[0]):
        return None
    paths: list[str] = []
    for path in named:
        if path == "":
            raise QueryError("the file name is empty: give a path, or '-' for standard input")
        if is_folder(path):
            found = briefings_in(path)
            if not found:
                # As a file that is not there: the briefings named are not to be read.
                problem = Problem("no briefing in this folder (*.yaml, *.yml)")
                raise BriefingError(path, [problem])
            paths += found
        else:
            paths.append(path)
    if paths.count(STDIN) > 1:
        raise QueryError("standard input ('-') can be read once: name it once")
    once: dict[str, str] = {}
    for path in paths:
        once.setdefault(path if path == STDIN else os.path.realpath(path), path)
    kept = list(once.values())
    return [Member(path, name) for path, name in zip(kept, names_of(kept), strict=True)]


def is_folder(path: str) -> bool:
    """Whether `path` names a folder (a shelf), not standard input or a file."""
    return path != STDIN and os.path.isdir(path)


def one_member(path: str) -> Member:
    """A briefing read alone, as a shelf of one names it."""
    return Member(path, names_of([path])[0])


def names_of(paths: list[str]) -> list[str]:
    """What labels each briefing: its file's stem (`brussels-2017`), or where two stems are
    alike, its path without the suffix; standard input is `stdin`."""
    stems = [STDIN_NAME if path == STDIN else stem(os.path.basename(path)) for path in paths]
    alike = {name for name in stems if stems.count(name) > 1}
    return [
        stem(os.path.normpath(path)) if name in alike and path != STDIN else name
        for path, name in zip(paths, stems, strict=True)
    ]


STDIN_NAME = "stdin"


def stem(name: str) -> str:
    """A file's name or path without `.yaml` or `.yml`."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def briefings_in(folder: str) -> list[str]:
    """The briefings directly in `folder`, in sorted order: its `*.yaml` and `*.yml` files
    but its registries and hidden files."""
    return [path for path in yaml_files(folder) if not is_registry_file(path)]


def yaml_files(folder: str) -> list[str]:
    """Every regular `*.yaml` and `*.yml` file directly in `folder` (not hidden), sorted."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise QueryError(f"{printable(folder)}: {error.strerror or error}") from None
    return [
        os.path.join(folder, name)
        for name in names
        if name.endswith(SUFFIXES)
        and not name.startswith(".")
        and os.path.isfile(os.path.join(folder, name))  # never a FIFO, never a folder
    ]


# A top-level key of a YAML mapping written in block style: what a registry is told by.
_TOP_KEY = re.compile(rb"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:", re.MULTILINE)
_SCANNED = 64 * 1024  # a registry's keys are all near its top: sections start it


def is_registry_file(path: str) -> bool:
    """Whether the file at `path` is a registry: its top-level keys, as a scan reads them,
    are sections, `include` and `schema_version`, with no `briefing:` title block. A file
    that is neither (broken, or not raqqa's) counts as a briefing, so that reading it says
    what is wrong."""
    from raqqa_cli.briefing.includes import REGISTRY_KEYS

    try:
        with open(path, "rb") as stream:
            head = stream.read(_SCANNED)
    except OSError:
        return False
    keys = set()
    for found in _TOP_KEY.finditer(head):  # lazily: a briefing is told by its second key
        key = found[1].decode("ascii")
        if key not in REGISTRY_KEYS:  # a briefing's title block, or not raqqa's
            return False
        keys.add(key)
    return bool(keys - {"schema_version"})


def registries_of(folders: list[str], members: list[Member]) -> list[str]:
    """The registries of a shelf to check alone: those directly in the folders named, then
    those its briefings include (as far as a scan of their `include` lists finds them),
    each once, named from here where they are below here; but those another of them
    includes, checked with it."""
    found = [
        path
        for folder in folders
        if is_folder(folder)
        for path in yaml_files(folder)
        if is_registry_file(path)
    ]
    for member in members:
        for real, _ in _included(member.path) or []:
            relative = os.path.relpath(real)
            found.append(real if relative.startswith("..") else relative)
    once: dict[str, str] = {}
    for path in found:
        once.setdefault(os.path.realpath(path), path)
    # A registry another of them includes is checked with it (its problems located in it):
    # checked alone as well, every warning of it would be said twice.
    within = {real for path in once.values() for real, _ in _included(path) or []}
    return [path for real, path in once.items() if real not in within]


def _included(path: str) -> list[tuple[str, bytes]] | None:
    """The real path and bytes of every file the file at `path` includes
    (`load.included_files`); None where it cannot be read (its own check says why), or
    the scan cannot tell."""
    from raqqa_cli.briefing.load import included_files, where_of

    if path == STDIN:
        return []
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    return included_files(data, where_of(path))


class Identities(Struct):
    """Across a shelf: for each briefing (by name), the ids that clash with another's entry
    (shown qualified), and the ids it takes from a registry, with that registry's path."""

    clashes: dict[str, frozenset[str]]
    shared: dict[str, dict[str, str]]


def identities(held: Iterable[tuple[Member, Iterable[str], dict[str, str]]]) -> Identities:
    """Which ids clash: `held` gives each briefing's ids, and of them those it takes from a
    registry (id -> the registry's real path). An id in two briefings is one entry where
    each takes it from the same registry, and a clash otherwise."""
    own_seen: set[str] = set()  # ids some briefing defines itself
    from_registry: dict[str, str] = {}  # id -> the registry it was first taken from
    maps: list[dict[str, str]] = []  # each different `taken` once (most briefings share one)
    clashing: set[str] = set()
    listed: list[tuple[str, frozenset[str]]] = []
    shared: dict[str, dict[str, str]] = {}
    for member, ids, taken in held:
        shared[member.name] = taken
        ids = frozenset(ids)
        own = ids.difference(taken)
        clashing |= own & own_seen  # two briefings' own entries
        clashing |= own & from_registry.keys()  # one's own, another's from a registry
        clashing |= own_seen & taken.keys()
        own_seen |= own
        if taken not in maps:
            maps.append(taken)
            for entry_id, origin in taken.items():  # taken from two registries
                if from_registry.setdefault(entry_id, origin) != origin:
                    clashing.add(entry_id)
        listed.append((member.name, ids))
    clashes = {name: ids & clashing for name, ids in listed if not ids.isdisjoint(clashing)}
    return Identities(clashes, shared)


def registry_ids(
    path: str, known: dict[str, frozenset[str]] | None = None
) -> dict[str, str] | None:
    """The ids the briefing at `path` takes from the registries it includes, each with the
    registry's real path; None where a scan cannot tell which files it includes (then
    every id counts as its own, and a clash is qualified rather than merged). `known`
    keeps each registry's ids, read once for a shelf."""
    files = _included(path)
    if files is None:
        return None
    known = {} if known is None else known
    taken: dict[str, str] = {}
    for real, content in files:
        if real not in known:
            known[real] = _ids_in(content)
        # The first registry that has an id is where it is taken from.
        taken.update(dict.fromkeys(known[real].difference(taken), real))
    return taken


def _ids_in(content: bytes) -> frozenset[str]:
    """The ids of a registry's entries (it was read and checked with the briefing)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(content, Loader=loader)  # a safe loader
    except yaml.YAMLError:
        return frozenset()
    if not isinstance(data, dict):
        return frozenset()
    return frozenset(
        entry["id"]
        for section in data.values()
        if isinstance(section, list)
        for entry in section
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    )
