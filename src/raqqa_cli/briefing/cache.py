"""Checked briefings remembered by content, so a file read again is not parsed again.

A briefing tool runs dozens of times a day on the same file. Parsing YAML and checking it
costs more than the rest of a command together (importing PyYAML alone is ~13 ms), so the
result of a *successful* load is kept, keyed by a BLAKE2b digest of the exact bytes of the
file, this raqqa's version, the model's shape and the size and time of raqqa's modules. Any
change to the file, to raqqa or to the schema misses the cache and the file is read and
checked in full. `raqqa validate` takes the schema's verdict on unchanged bytes from it,
and reads the archived texts and judges the dates at every run.

The cache is `marshal` data in `$RAQQA_CACHE_DIR`, else `$XDG_CACHE_HOME/raqqa` (when that
is an absolute path, as XDG asks), else `~/.cache/raqqa`; `RAQQA_NO_CACHE=1` turns it off.
It is the only place raqqa writes, so it trusts nothing it finds there:

- the folder is used only if it is a real folder (not a link) owned by the user and that
  nobody else can write; it is created 0700, and opened once, so every name below is
  looked up in the folder that was checked;
- an entry is read only if it is a regular file (not a link, not a FIFO) owned by the user
  that nobody else can write, and only if it is signed: BLAKE2b keyed with a random
  per-user key (`signing.key`, 0600, in the same folder). A changed, planted or truncated
  entry fails the check and is a miss; its bytes are never unmarshalled. Inside, the full
  digest of the file, raqqa's version and the model's shape are compared again;
- entries are written to a `tempfile.mkstemp` file (O_EXCL, 0600) and renamed into place,
  so no link is ever followed; pruning deletes only raqqa's own names.

Completion alone also keeps a signed pointer per file it has read (`*.seen`), from the
file's real path, device, inode, size and times (to the nanosecond) to the digest of its
bytes: each TAB then stats the file and reads the cache, not a file of up to 64 MiB. A
command always reads and digests the file itself.

Any problem reading or writing the cache is ignored: it only ever saves time. (Paths are
`os.path` strings, and BLAKE2b comes from `_blake2`: `pathlib` costs more than a cache
hit, and `hashlib` loads OpenSSL, ~9 ms.)
"""

from __future__ import annotations

import marshal
import os
import stat
from collections.abc import Callable
from typing import Any

from raqqa_cli import __version__
from raqqa_cli.briefing import model

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython builds it in; other Pythons have hashlib
    from hashlib import blake2b
from _operator import _compare_digest as same_digest  # hmac.compare_digest, without hmac

# A shelf's briefings are each an entry (`-f DIR` on a hundred briefings recalls a hundred):
# the newest KEEP entries are kept, as long as they hold at most KEEP_BYTES together.
KEEP = 1024
KEEP_BYTES = 512 * 1024 * 1024
# Of an entry's contents; 1 was unsigned, keyed by CRC-32 and Adler-32; 2 wrote a record as
# [name, value, value, ...], which a warm start rebuilt value by value; 3 held no haystack.
FORMAT = 4
KEY_NAME = "signing.key"
KEY_BYTES = 32
MAC_BYTES = 32
# raqqa's own names, the only ones pruning may delete: entries, the unsigned entries of
# format 1 (which older raqqas left readable by everyone: always deleted) and leftover
# temporary files.
OWN_ENTRY = r"[0-9a-f]{64}-[0-9a-f]{16}-[0-9A-Za-z.+!_]{1,64}\.marshal"
OLD_ENTRY = r"[0-9a-f]{16}-[0-9a-f]{1,16}-[0-9a-f]{8}-[0-9A-Za-z.+!_]{1,64}\.marshal"
OWN_TEMPORARY = r"\.raqqa-[0-9a-z_]{1,32}\.tmp"
OWN_POINTER = r"[0-9a-f]{64}\.seen"
STALE_TEMPORARY_SECONDS = 3600

# Every record of the model, by name: what an entry's lists are rebuilt as.
RECORDS: dict[str, Any] = {
    name: value
    for name, value in vars(model).items()
    if isinstance(value, type)
    and issubclass(value, tuple)
    and hasattr(value, "_fields")
    and value.__module__ == model.__name__
}


def _code_stamp() -> list[tuple[str, int, int]]:
    """Size and modification time of raqqa's own modules (those that decide what a valid
    briefing is among them): an edited checker misses the cache even where the version
    stays the same, as in a checkout installed for development. One `scandir`, ~30 us."""
    folder = os.path.dirname(os.path.abspath(__file__))
    try:
        with os.scandir(folder) as entries:
            found = [(e.name, e.stat()) for e in entries if e.name.endswith(".py")]
    except OSError:
        return []
    return sorted((name, info.st_size, info.st_mtime_ns) for name, info in found)


# The records' names and fields, and the code that decides them (`_code_stamp`, model.py
# among it): not their annotations, whose repr, now that model.py evaluates them, costs a
# millisecond a command and says nothing the code stamp does not.
_SHAPE = blake2b(
    repr(([(n, c._fields) for n, c in sorted(RECORDS.items())], _code_stamp())).encode(),
    digest_size=8,
).hexdigest()

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: a FIFO planted at an entry's name must not block the open; fstat refuses it.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def cache_dir() -> str | None:
    """Where cached briefings live, or None when caching is off."""
    if os.environ.get("RAQQA_NO_CACHE"):
        return None
    explicit = os.environ.get("RAQQA_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid, ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "raqqa") if os.path.isabs(base) else None


def digest(data: bytes) -> str:
    """The BLAKE2b digest of a file's bytes, in hex: what its entry is named and keyed by."""
    return blake2b(data, digest_size=32).hexdigest()


def entry_name(data_digest: str) -> str:
    """The file name of the entry for a file with this digest."""
    return f"{data_digest}-{_SHAPE}-{__version__}.marshal"


def _is_ours(info: os.stat_result, kind: Callable[[int], bool], private: bool = False) -> bool:
    """Of this kind, owned by this user, writable by nobody else (readable too, if private)."""
    others = 0o077 if private else 0o022
    return kind(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & others


def _open_folder(folder: str) -> int | None:
    """A descriptor of the cache folder if it is ours and nobody else can write in it."""
    try:
        handle = os.open(folder, _FOLDER_FLAGS)
    except OSError:
        return None
    try:
        if _is_ours(os.fstat(handle), stat.S_ISDIR):
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def _read_own(folder: int, name: str, private: bool = False) -> bytes | None:
    """The bytes of `name` in `folder` if it is a regular file of ours, else None."""
    try:
        handle = os.open(name, _READ_FLAGS, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not _is_ours(info, stat.S_ISREG, private):
            return None
        chunks = []
        while chunk := os.read(handle, max(info.st_size, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


def _to_plain(value: Any) -> Any:
    """A record as `[class name, its values, where records are among them]`: the values a
    tuple, with each record in them (alone, or in a list of them) made plain the same way,
    and the positions of those values; everything else as it is."""
    if hasattr(value, "_fields"):
        values = []
        nested = []
        for at, item in enumerate(value):
            if hasattr(item, "_fields") or (
                type(item) is tuple and any(hasattr(v, "_fields") for v in item)
            ):
                nested.append(at)
                item = _to_plain(item) if hasattr(item, "_fields") else _plain_items(item)
            values.append(item)
        return [type(value).__name__, tuple(values), tuple(nested)]
    return value


def _plain_items(items: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_to_plain(item) for item in items)


def _from_plain(value: Any) -> Any:
    """A record from `_to_plain`'s form. Most records hold no record: their values, a tuple
    as marshal gives it, are the record itself (`tuple.__new__`, in C); a warm shelf of
    100 briefings rebuilt 400,000 records value by value."""
    name, values, nested = value
    if nested:
        values = list(values)
        for at in nested:
            inner = values[at]
            values[at] = (
                _from_plain(inner)
                if type(inner) is list
                else tuple([_from_plain(v) if type(v) is list else v for v in inner])
            )
    return _new(RECORDS[name], values)


_new = tuple.__new__


def _header(data_digest: str) -> tuple[int, str, str, str]:
    return (FORMAT, __version__, _SHAPE, data_digest)


def seal(key: bytes, data_digest: str, briefing: model.Briefing) -> bytes:
    """An entry: the signature, then the marshalled header and briefing it signs."""
    # With its haystack (`briefing/haystack.py`): made here, on the cold path, and not
    # again at every search.
    payload = marshal.dumps((_header(data_digest), _to_plain(briefing), tuple(briefing.haystack)))
    return blake2b(payload, key=key, digest_size=MAC_BYTES).digest() + payload


def unseal(key: bytes, data_digest: str, entry: bytes) -> model.Briefing | None:
    """The briefing in a signed entry for these bytes, or None for anything else."""
    signature, payload = entry[:MAC_BYTES], entry[MAC_BYTES:]
    if not same_digest(signature, blake2b(payload, key=key, digest_size=MAC_BYTES).digest()):
        return None  # not made with this user's key: never unmarshalled
    try:
        header, plain, (text, ends) = marshal.loads(payload)
        if header != _header(data_digest):
            return None
        briefing = _from_plain(plain)
    except Exception:  # signed, so ours; still, an odd entry is only ever a miss
        return None
    if type(briefing) is not model.Briefing:
        return None
    # Where `Briefing.haystack` (a cached property) keeps what it made: made already.
    vars(briefing)["haystack"] = model.Haystack(text, ends)
    return briefing


def recall(data: bytes) -> model.Briefing | None:
    """The briefing these exact bytes were checked into before, if remembered."""
    return _recall(lambda folder, key: digest(data))


def _recall(find: Callable[[int, bytes], str | None]) -> model.Briefing | None:
    """The briefing under the digest `find(folder, key)` gives, if remembered."""
    location = cache_dir()
    if location is None:
        return None
    folder = _open_folder(location)
    if folder is None:
        return None
    try:
        key = _read_own(folder, KEY_NAME, private=True)
        if key is None or len(key) != KEY_BYTES:
            return None
        data_digest = find(folder, key)
        if data_digest is None:
            return None
        entry = _read_own(folder, entry_name(data_digest))
    finally:
        os.close(folder)
    return None if entry is None else unseal(key, data_digest, entry)


def file_stamp(path: str) -> str | None:
    """What identifies the state of the file at `path` without reading it (None if it
    cannot be stat'ed): real path, device, inode, size, modification and change times."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    fields = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return repr((os.path.realpath(path), fields))


def _pointer(key: bytes, stamp: str) -> str:
    """The name of the pointer for a file in this state (keyed: it says nothing of the path)."""
    name = blake2b(stamp.encode("utf-8", "surrogateescape"), key=key, digest_size=32)
    return f"{name.hexdigest()}.seen"


def _pointer_mac(key: bytes, name: str, data_digest: str) -> bytes:
    return blake2b(f"{name}\0{data_digest}".encode(), key=key, digest_size=MAC_BYTES).digest()


def recall_seen(stamp: str) -> model.Briefing | None:
    """The briefing of a file completion has read before in the state `stamp`
    (`file_stamp`), found without reading the file; None if unknown or changed."""

    def find(folder: int, key: bytes) -> str | None:
        name = _pointer(key, stamp)
        content = _read_own(folder, name)
        if content is None or len(content) != MAC_BYTES + 64:
            return None
        signature, data_digest = content[:MAC_BYTES], content[MAC_BYTES:].decode("ascii", "replace")
        if not same_digest(signature, _pointer_mac(key, name, data_digest)):
            return None
        return data_digest

    return _recall(find)


def remember_seen(stamp: str, data: bytes) -> None:
    """Point the file in state `stamp` at the entry for `data`, its bytes (see above)."""
    location = cache_dir()
    if location is None:
        return
    folder = _open_folder(location)  # made by `remember`, which has just run
    if folder is None:
        return
    try:
        key = _read_own(folder, KEY_NAME, private=True)
        if key is not None and len(key) == KEY_BYTES:
            name = _pointer(key, stamp)
            data_digest = digest(data)
            content = _pointer_mac(key, name, data_digest) + data_digest.encode()
            _publish(location, folder, name, content)
    except (OSError, ValueError):
        pass
    finally:
        os.close(folder)


def remember(data: bytes, briefing: model.Briefing) -> None:
    """Keep a checked briefing for next time; quietly do nothing if that fails."""
    location = cache_dir()
    if location is None:
        return
    try:
        os.makedirs(os.path.dirname(location) or ".", exist_ok=True)
        os.mkdir(location, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return
    folder = _open_folder(location)
    if folder is None:
        return
    try:
        key = _signing_key(location, folder)
        if key is not None:
            data_digest = digest(data)
            _publish(location, folder, entry_name(data_digest), seal(key, data_digest, briefing))
            _prune(folder)
    except (OSError, ValueError):
        pass
    finally:
        os.close(folder)


def _write_temporary(location: str, folder: int, content: bytes) -> str | None:
    """A new file holding `content` in the checked folder: its name, or None."""
    import tempfile  # only when writing, which is rare

    handle, path = tempfile.mkstemp(prefix=".raqqa-", suffix=".tmp", dir=location)
    name = os.path.basename(path)
    with os.fdopen(handle, "wb") as stream:  # mkstemp: O_EXCL, 0600, never through a link
        stream.write(content)
        made = os.fstat(stream.fileno())
    # `location` is a path and could have been swapped for another folder since it was
    # checked: go on only if the file just written is in the folder that was checked.
    found = os.stat(name, dir_fd=folder, follow_symlinks=False)
    if (found.st_dev, found.st_ino) != (made.st_dev, made.st_ino):
        return None
    return name


def _publish(location: str, folder: int, name: str, content: bytes) -> None:
    """Write `content` as `name`, all at once; a link at `name` is replaced, not followed."""
    temporary = _write_temporary(location, folder, content)
    if temporary is None:
        return
    try:
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        os.unlink(temporary, dir_fd=folder)
        raise


def _signing_key(location: str, folder: int) -> bytes | None:
    """This user's key for signing entries, made on first use (None if it cannot be)."""
    key = _read_own(folder, KEY_NAME, private=True)
    if key is None:
        temporary = _write_temporary(location, folder, os.urandom(KEY_BYTES))
        if temporary is None:
            return None
        try:
            # A hard link appears whole and never replaces anything (a link, or the key
            # another raqqa made a moment ago), unlike a rename.
            os.link(temporary, KEY_NAME, src_dir_fd=folder, dst_dir_fd=folder)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary, dir_fd=folder)
        key = _read_own(folder, KEY_NAME, private=True)
    return key if key is not None and len(key) == KEY_BYTES else None


def _prune(folder: int) -> None:
    """Keep the newest `KEEP` entries, as many as `KEEP_BYTES` holds; delete nothing that
    is not raqqa's own."""
    import re
    import time

    patterns = (OWN_ENTRY, OLD_ENTRY, OWN_TEMPORARY, OWN_POINTER)
    entry, old, temporary, pointer = (re.compile(p) for p in patterns)
    now = time.time()
    entries = []
    pointers = []
    sizes: dict[str, int] = {}
    for name in os.listdir(folder):
        if pointer.fullmatch(name) is not None:
            try:
                info = os.stat(name, dir_fd=folder, follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
                pointers.append((info.st_mtime, name))
            continue
        is_entry = entry.fullmatch(name) is not None
        is_old = not is_entry and old.fullmatch(name) is not None
        if not (is_entry or is_old) and temporary.fullmatch(name) is None:
            continue
        try:
            info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            continue
        if is_entry:
            entries.append((info.st_mtime, name))
            sizes[name] = info.st_size
        elif is_old or now - info.st_mtime > STALE_TEMPORARY_SECONDS:  # or a dead raqqa's
            os.unlink(name, dir_fd=folder)
    for kept in (entries, pointers):
        kept.sort()
        for _, name in kept[:-KEEP]:
            os.unlink(name, dir_fd=folder)
    held = 0
    for _, name in reversed(entries[-KEEP:]):  # the newest first
        held += sizes[name]
        if held > KEEP_BYTES:
            os.unlink(name, dir_fd=folder)
