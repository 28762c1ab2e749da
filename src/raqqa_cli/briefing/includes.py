"""`include:`: a briefing's entries kept in other files (registries), read as its own.

A briefing may list, under `include`, paths relative to the file that holds them (glob
patterns too: `registry/*.yaml`, `**/people.yaml`). Each file a pattern matches, in sorted
order, is a registry: a mapping of list sections (the briefing's own names) and, if it
likes, its own `include` and `schema_version`. Each section's entries are the file's own
first, then each registry's, in the order written, depth first; a file reached twice is
read once. Everything is read with the same strictness as the briefing, and every problem
is located in the file that holds it (`Problem.file`): a schema problem at its entry's
line in the registry, a missing file, a pattern that matches nothing, a cycle or a path
outside the shelf's root at the `include` item that names it.

The shelf's root is the top of the git repository around the briefing (a folder holding
`.git`), else the briefing's own folder; `RAQQA_SHELF_ROOT` names another. A registry
outside it is refused, so that a briefing in a shared repository never reads a file of
someone's home folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from raqqa_cli.briefing.model import SECTIONS
from raqqa_cli.errors import Problem, Problems
from raqqa_cli.record import Struct

REGISTRY_KEYS = frozenset({*SECTIONS, "include", "schema_version"})
_MAGIC = re.compile(r"[*?\[]")


class Read(Struct):
    """One registry read for a briefing: the name messages give it, its real path, text
    and parsed data."""

    name: str
    real: str
    text: str
    data: Any


class Reader(Struct):
    """How files are found and read: from the file system, or at a git revision."""

    read: Callable[[str], tuple[str, bytes]]  # path -> (name, bytes), or BriefingError
    matches: Callable[[str], list[str]]  # a pattern's path -> the paths it matches, sorted
    exists: Callable[[str], bool]  # a regular file (never a FIFO or a device) is there
    real: Callable[[str], str]
    root: str | None  # the shelf's root (real path); None: no bound (a git revision)


def file_reader(folder: str) -> Reader:
    """Files on disk, bounded by the shelf's root around `folder`."""
    import glob

    from raqqa_cli.briefing.load import read_bytes

    return Reader(
        read_bytes,
        lambda pattern: sorted(glob.glob(pattern, recursive=True)),
        os.path.isfile,
        os.path.realpath,
        shelf_root(folder),
    )


def shelf_root(folder: str) -> str:
    """`RAQQA_SHELF_ROOT`, else the top of the git repository around `folder`, else it."""
    named = os.environ.get("RAQQA_SHELF_ROOT")
    if named:
        return os.path.realpath(named)
    start = here = os.path.realpath(folder or ".")
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return start
        here = parent


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class Gathered(Struct):
    """A briefing's data with every registry's entries in place, where each entry came
    from, the registries read (in order) and the problems met reading them."""

    data: Any
    origins: dict[str, list[tuple[Read | None, int]]]  # section -> (file or None, index)
    files: list[Read]
    problems: dict[str | None, Problems]  # by file name (None: the briefing itself)
    texts: dict[str, str]  # every registry read, by name: where its problems are located


def gather(data: dict[str, Any], folder: str, own_real: str, reader: Reader) -> Gathered:
    """`data` (a briefing's, parsed) with the entries of every file it includes appended."""
    from raqqa_cli.briefing.yamldoc import YamlError, parse_yaml

    merged = dict(data)
    origins: dict[str, list[tuple[Read | None, int]]] = {}
    for section in SECTIONS:
        if isinstance(data.get(section), list):
            merged[section] = list(data[section])
            origins[section] = [(None, n) for n in range(len(data[section]))]
    files: list[Read] = []
    problems: dict[str | None, Problems] = {}
    texts: dict[str, str] = {}
    seen = {own_real}

    def problem(
        holder: Read | None,
        path: tuple[Any, ...],
        message: str,
        line: int | None = None,
        column: int = 1,
    ) -> None:
        if holder is not None:
            texts[holder.name] = holder.text
        problems.setdefault(None if holder is None else holder.name, Problems()).append(
            Problem(message, path, line, column if line else None)
        )

    def visit(holder: Read | None, holding: dict[str, Any], here: str, stack: list[str]) -> None:
        patterns = holding.get("include")
        if patterns is None:
            return
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            problem(holder, ("include",), "a list of paths (globs allowed), relative to this file")
            return
        for n, pattern in enumerate(patterns):
            at = ("include", n)
            joined = os.path.normpath(os.path.join(here, pattern)) if pattern else ""
            if not pattern.strip():
                problem(holder, at, "an empty path")
                continue
            found = reader.matches(joined) if _MAGIC.search(pattern) else [joined]
            if _MAGIC.search(pattern) and not found:
                problem(holder, at, f"{pattern!r} matches no file")
                continue
            for path in found:
                real = reader.real(path)
                if reader.root is not None and not _inside(real, reader.root):
                    problem(
                        holder,
                        at,
                        f"{pattern!r} is outside the shelf's root {reader.root} (set"
                        " RAQQA_SHELF_ROOT to read it)",
                    )
                    continue
                if real in stack:
                    problem(holder, at, f"{pattern!r} includes a file that includes it: a cycle")
                    continue
                if real in seen:  # reached before, by another pattern or file: once
                    continue
                seen.add(real)
                if not reader.exists(path):  # a FIFO or a device is never opened
                    said = "no such file" if not _MAGIC.search(pattern) else "not a regular file"
                    problem(holder, at, f"{path}: {said}")
                    continue
                read = _read(path, real, reader, problem, holder, at, parse_yaml, YamlError)
                if read is None:
                    continue
                files.append(read)
                _merge(read, merged, origins, problem)
                visit(read, read.data, os.path.dirname(path), [*stack, real])

    visit(None, data, folder, [own_real])
    texts.update((read.name, read.text) for read in files)
    return Gathered(merged, origins, files, problems, texts)


def _read(
    path: str,
    real: str,
    reader: Reader,
    problem: Callable[..., None],
    holder: Read | None,
    at: tuple[Any, ...],
    parse_yaml: Any,
    yaml_error: Any,
) -> Read | None:
    """A registry, read and parsed; None (its problem said) if it cannot be."""
    from raqqa_cli.briefing.load import decode
    from raqqa_cli.errors import BriefingError

    try:
        name, data = reader.read(path)
        text = decode(name, data).text
    except BriefingError as error:
        problem(holder, at, f"{error.problems[0].message}: {path}")
        return None
    read = Read(name, real, text, None)
    try:
        document = parse_yaml(text)
    except yaml_error as error:
        said = error.problem
        if "a briefing is a mapping" in said.message:
            problem(read, (), "a registry is a mapping of sections (actors:, sources:, ...)", 1)
        else:
            problem(read, (), said.message, said.line or 1, said.column or 1)
        return None
    if not isinstance(document.data, dict):
        problem(read, (), "a registry is a mapping of sections (actors:, sources:, ...)", 1)
        return None
    for key in document.data:
        if key not in REGISTRY_KEYS:
            problem(
                read,
                (key,),
                "an included file holds only list sections (sources, actors, places, ...),"
                " include and schema_version",
            )
    return read._replace(data=document.data)


def _merge(
    read: Read,
    merged: dict[str, Any],
    origins: dict[str, list[tuple[Read | None, int]]],
    problem: Callable[[Read | None, tuple[Any, ...], str], None],
) -> None:
    """A registry's entries appended to the briefing's, each remembered as its."""
    for section in SECTIONS:
        entries = read.data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            problem(read, (section,), "a list of entries")
            continue
        merged.setdefault(section, [])
        if not isinstance(merged[section], list):
            continue  # the briefing's own section is wrong: said there
        merged[section] = [*merged[section], *entries]
        origins.setdefault(section, []).extend((read, n) for n in range(len(entries)))


def relocate(problems: list[Problem], gathered: Gathered) -> dict[str | None, list[Problem]]:
    """The checker's problems (paths into the merged data) by the file that holds each,
    their paths made the file's own."""
    by_file: dict[str | None, list[Problem]] = {}
    for problem in problems:
        path = problem.path
        if len(path) >= 2 and path[0] in gathered.origins and isinstance(path[1], int):
            places = gathered.origins[path[0]]
            if path[1] < len(places):
                read, index = places[path[1]]
                if read is not None:
                    moved = problem._replace(path=(path[0], index, *path[2:]))
                    by_file.setdefault(read.name, []).append(moved)
                    continue
        by_file.setdefault(None, []).append(problem)
    return by_file


_SIMPLE = re.compile(
    r"^include:[ \t]*(?:\[(?P<flow>[^\]\n]*)\][ \t]*|\n(?P<block>(?:[ \t]*-[ \t]+[^\n]*\n?)+))",
    re.MULTILINE,
)


_WORD_END = re.compile(r"\b")


def scanned(text: str) -> list[str] | None:
    """The `include` list of a file as a simple scan reads it, without YAML (for the
    cache's key): a block of `- path` lines or a flow list of plain or quoted paths, after
    a top-level `include:`; [] for none; None where the scan cannot tell."""
    if "include" not in text:
        return []
    # The lines that start with `include`, found by `str.find` (a pattern anchored at line
    # starts walks a 200 KB briefing a hundred times slower), then read by the pattern.
    starts = [0] if text.startswith("include") else []
    at = text.find("\ninclude")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\ninclude", at + 1)
    found = [m for start in starts if (m := _SIMPLE.match(text, start)) is not None]
    if not found:
        return None if any(_WORD_END.match(text, start + 7) for start in starts) else []
    if len(found) > 1:
        return None
    match = found[0]
    items = (
        match["flow"].split(",")
        if match["flow"] is not None
        else [line.strip()[1:] for line in match["block"].splitlines()]
    )
    paths = []
    for item in items:
        item = item.strip()
        if not item or "#" in item or item[:1] in "&*!|>{[":
            return None
        if item[0] in "\"'":
            if len(item) < 2 or item[-1] != item[0] or "\\" in item or item[0] in item[1:-1]:
                return None
            item = item[1:-1]
        paths.append(item)
    return paths
