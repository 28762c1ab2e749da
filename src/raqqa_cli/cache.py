"""Checked briefings remembered by content, so a file read again is not parsed again.

A briefing tool runs dozens of times a day on the same file. Parsing YAML and checking it
costs more than the rest of a command together (importing PyYAML alone is ~13 ms), so the
result of a *successful* load is kept, keyed by the exact bytes of the file, this raqqa's
version and the model's shape. Any change to the file, to raqqa or to the schema misses the
cache and the file is read and checked in full. `raqqa validate` never uses it.

The cache is `marshal` data in `$RAQQA_CACHE_DIR`, else `$XDG_CACHE_HOME/raqqa`, else
`~/.cache/raqqa`; `RAQQA_NO_CACHE=1` turns it off. It never holds more than `KEEP` files,
and any problem reading or writing it is ignored: it only ever saves time.
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import Any

from raqqa_cli import __version__, model

KEEP = 32
RECORDS: dict[str, Any] = {
    name: getattr(model, name)
    for name in (
        "Briefing", "About", "Source", "Role", "Actor", "Place", "Issue", "Statement",
        "Package", "Pledge", "Reaction", "Figure", "Event", "Assessment", "Erratum",
    )
}  # fmt: skip
_SHAPE = zlib.crc32(repr([(n, c._fields) for n, c in RECORDS.items()]).encode())


def cache_dir() -> str | None:
    """Where cached briefings live, or None when caching is off.

    (Paths are `os.path` strings here: importing `pathlib` costs more than a cache hit.)
    """
    if os.environ.get("RAQQA_NO_CACHE"):
        return None
    explicit = os.environ.get("RAQQA_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "raqqa")


def _entry(data: bytes) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data):x}-{_SHAPE:08x}"
    return os.path.join(folder, f"{key}-{__version__}.marshal")


def _to_plain(value: Any) -> Any:
    """Records as lists `[class name, field values...]`; everything else as it is."""
    if hasattr(value, "_fields"):
        return [type(value).__name__, *(_to_plain(v) for v in value)]
    if type(value) is tuple:
        return tuple(_to_plain(v) for v in value)
    return value


def _from_plain(value: Any) -> Any:
    if type(value) is list:
        return RECORDS[value[0]](*(_from_plain(v) for v in value[1:]))
    if type(value) is tuple and value and type(value[0]) is list:
        return tuple(_from_plain(v) for v in value)
    return value


def recall(data: bytes) -> model.Briefing | None:
    """The briefing these exact bytes were checked into before, if remembered."""
    entry = _entry(data)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as stream:
            briefing = _from_plain(marshal.loads(stream.read()))
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None
    return briefing if isinstance(briefing, model.Briefing) else None


def remember(data: bytes, briefing: model.Briefing) -> None:
    """Keep a checked briefing for next time; quietly do nothing if that fails."""
    entry = _entry(data)
    if entry is None:
        return
    from pathlib import Path  # only when writing, which is rare

    path = Path(entry)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(_to_plain(briefing)))
        partial.replace(path)
        kept = sorted(path.parent.glob("*.marshal"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
