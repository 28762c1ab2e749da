"""The cache of checked briefings: nothing forged, nothing overwritten, nothing deleted.

The cache folder is the one place raqqa writes, so these tests attack it as the README's
threat model says someone might: forged keys, links at every name raqqa writes, foreign
files, entries and folders of other users, FIFOs, crafted and random entries.
"""

from __future__ import annotations

import marshal
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zlib
from _blake2 import blake2b
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from raqqa_cli import __version__
from raqqa_cli.briefing import cache
from raqqa_cli.briefing.load import decode, load_briefing, parse, where_of
from raqqa_cli.cli.app import app
from tests.conftest import MINIMAL

MINIMAL_BYTES = MINIMAL.read_bytes()
AS_ROOT = pytest.mark.skipif(
    os.geteuid() != 0, reason="giving a file to another user needs root (CI runs as root)"
)
OTHER_UID = 4242  # no such user needed: root can chown to any number


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, not yet created."""
    where = tmp_path / "cache"
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(where))
    return where


def entry_of(folder: Path, data: bytes = MINIMAL_BYTES) -> Path:
    return folder / cache.entry_name(cache.digest(data))


def warm(folder: Path, data: bytes = MINIMAL_BYTES) -> Path:
    """Load `data` once so that it is cached; return its entry."""
    cache.remember(data, parse(decode("x", data)))
    entry = entry_of(folder, data)
    assert entry.is_file()
    return entry


def fresh(data: bytes = MINIMAL_BYTES) -> object:
    return parse(decode("x", data))


# -- forged keys -----------------------------------------------------------------------


def old_key(data: bytes) -> tuple[int, int, int]:
    """What raqqa 0.1.0 keyed entries by."""
    return zlib.crc32(data), zlib.adler32(data), len(data)


def colliding_titles(base: bytes) -> tuple[bytes, bytes]:
    """Two versions of `base`, differing in the title, with the same CRC-32, Adler-32 and
    length: built as an attacker would, in milliseconds.

    The title is padded with blocks of `bbbb`; turning one into `caac` (+1, -1, -1, +1)
    changes neither byte sum nor position-weighted byte sum, so Adler-32 stays. CRC-32 is
    affine, so each block changes it by a fixed 32-bit vector; among 40 blocks some
    non-empty set of vectors XORs to zero (Gaussian elimination over GF(2)), and changing
    exactly those blocks keeps the CRC too.
    """
    blocks = 40
    marker = b"title: Harbour Town after the Storm"
    padded = base.replace(marker, marker + b" " + b"bbbb" * blocks, 1)
    start = padded.index(marker) + len(marker) + 1
    original = zlib.crc32(padded)

    def changed(indices: set[int]) -> bytes:
        data = bytearray(padded)
        for i in indices:
            data[start + 4 * i : start + 4 * i + 4] = b"caac"
        return bytes(data)

    # Each row: (CRC difference, the set of blocks that makes it); reduce to find zero.
    basis: dict[int, tuple[int, set[int]]] = {}
    for i in range(blocks):
        vector, chosen = zlib.crc32(changed({i})) ^ original, {i}
        while vector:
            top = vector.bit_length() - 1
            if top not in basis:
                basis[top] = (vector, chosen)
                break
            vector ^= basis[top][0]
            chosen = chosen ^ basis[top][1]
        else:
            return padded, changed(chosen)
    raise AssertionError("no collision among the blocks")  # 40 vectors in 32 dimensions


def test_a_crc_adler_collision_gives_each_file_its_own_output(tmp_path: Path, folder: Path) -> None:
    first, second = colliding_titles(MINIMAL_BYTES)
    assert first != second
    assert old_key(first) == old_key(second)  # the forgery the old key could not tell apart
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(first)
    b.write_bytes(second)
    runner = CliRunner()
    outputs = []
    for path in (a, b, a, b):  # the second round is answered from the cache
        result = runner.invoke(app, ["brief", "-f", str(path)])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    title_a = first.split(b"\n")[3].decode().removeprefix("  title: ")
    title_b = second.split(b"\n")[3].decode().removeprefix("  title: ")
    assert title_a in outputs[0] and title_b not in outputs[0]
    assert title_b in outputs[1] and title_a not in outputs[1]
    assert outputs[2:] == outputs[:2]
    assert len(list(folder.glob("*.marshal"))) == 2


# -- what is written, and how ----------------------------------------------------------


def test_the_folder_is_private_and_entries_and_key_are_0600(folder: Path) -> None:
    previous = os.umask(0)  # even when the user's umask would allow everyone
    try:
        entry = warm(folder)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / cache.KEY_NAME).stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == sorted([entry.name, cache.KEY_NAME])


def test_an_entry_holds_the_full_digest_version_and_shape(folder: Path) -> None:
    entry = warm(folder).read_bytes()
    header, _, _ = marshal.loads(entry[cache.MAC_BYTES :])
    assert header == (cache.FORMAT, __version__, cache._SHAPE, cache.digest(MINIMAL_BYTES))
    assert len(cache.digest(MINIMAL_BYTES)) == 64


def test_an_entry_keeps_the_haystack_and_a_recalled_briefing_has_it(folder: Path) -> None:
    """The haystack a search looks through (`briefing/haystack.py`) is kept with the
    briefing and given back with it, as `haystack_of` makes it: not made again."""
    from raqqa_cli.briefing.haystack import haystack_of
    from raqqa_cli.briefing.model import Haystack, entries_of

    def made(briefing: Any) -> Haystack:
        return haystack_of(entry for entry, _ in entries_of(briefing))

    briefing = parse(decode("x", MINIMAL_BYTES))
    entry = warm(folder).read_bytes()
    _, _, kept = marshal.loads(entry[cache.MAC_BYTES :])
    assert Haystack(*kept) == made(briefing)
    assert briefing.sources[0].id in kept[0]
    recalled = cache.recall(MINIMAL_BYTES)
    assert recalled is not None
    assert "haystack" in vars(recalled)  # given, before any use
    assert recalled.haystack == made(recalled)


ROOT = Path(__file__).parent.parent.parent
EVERY_BRIEFING = sorted(
    [
        ROOT / "data" / "briefing.yaml",
        *ROOT.glob("examples/*.yaml"),
        *ROOT.glob("tests/data/*.yaml"),
    ]
)


@pytest.mark.parametrize("path", EVERY_BRIEFING, ids=lambda p: p.name)
def test_every_briefing_comes_back_from_its_entry_whole(folder: Path, path: Path) -> None:
    """Every record the model has, version 2's included, is rebuilt from an entry: a record
    missing from the cache's table made every briefing holding one a miss, every time."""
    data = path.read_bytes()
    briefing = parse(decode(str(path), data), where_of(str(path)))  # its registries too
    cache.remember(data, briefing)
    recalled = cache.recall(data)
    assert recalled == briefing
    assert_same_types(recalled, briefing)  # == alone would take a plain tuple for a record


def assert_same_types(got: Any, want: Any, path: str = "briefing") -> None:
    """`got` is `want` class for class all the way down: each record the record it was,
    each list a tuple, each value of its type."""
    assert type(got) is type(want), (path, type(got), type(want))
    if isinstance(want, tuple):
        names = getattr(want, "_fields", None) or [str(n) for n in range(len(want))]
        for name, g, w in zip(names, got, want, strict=True):
            assert_same_types(g, w, f"{path}.{name}")


def test_every_record_a_briefing_can_hold_can_be_rebuilt() -> None:
    """Walks the model's type hints from `Briefing` down, independently of the cache's own
    table, so a record added to the schema and missing from the table fails here."""
    import typing

    from raqqa_cli.briefing import model

    def records_in(hint: Any) -> Iterator[type]:
        if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
            yield hint
        for inner in typing.get_args(hint):
            yield from records_in(inner)

    seen: set[type] = set()
    todo: list[type] = [model.Briefing]
    while todo:
        record = todo.pop()
        if record not in seen:
            seen.add(record)
            hints = typing.get_type_hints(record, include_extras=True).values()
            todo.extend(inner for hint in hints for inner in records_in(hint))
    assert {"Briefing", "Converted", "Role", "Pledge"} <= {r.__name__ for r in seen}
    for record in seen:
        assert cache.RECORDS.get(record.__name__) is record


def test_an_edited_module_changes_every_entry_name(tmp_path: Path) -> None:
    """A checker edited in a development install, the version unchanged, misses the cache."""
    probe = "from raqqa_cli.briefing import cache; print(cache.entry_name('0' * 64))"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    package = Path(cache.__file__).parent.parent  # raqqa_cli, its briefing modules within
    copy = tmp_path / "raqqa_cli"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    env["PYTHONPATH"] = str(tmp_path)

    def name() -> str:
        run = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
        return run.stdout.strip()

    before = name()
    assert before == name()
    check = copy / "briefing" / "check.py"
    check.write_text(check.read_text() + "\n# a rule changed\n")
    assert name() != before


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAQQA_CACHE_DIR")
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == "/home/someone/.cache/raqqa"
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/me")
    assert cache.cache_dir() == "/var/cache/me/raqqa"


def test_no_home_and_no_usable_xdg_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAQQA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", "")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    assert cache.cache_dir() is None


# -- links ----------------------------------------------------------------------------


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file that links in the cache folder point at; it must never change."""
    path = tmp_path / "victim.yaml"
    path.write_bytes(MINIMAL_BYTES)
    return path


def test_a_link_at_the_entry_name_is_replaced_not_followed(
    folder: Path, victim: Path, tmp_path: Path
) -> None:
    entry = warm(folder)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)  # a genuine, signed entry, but reached through a link
    entry.symlink_to(elsewhere)
    assert cache.recall(MINIMAL_BYTES) is None  # a link is never read as an entry
    entry.unlink()
    entry.symlink_to(victim)
    warm(folder)
    assert victim.read_bytes() == MINIMAL_BYTES
    assert not entry.is_symlink()


def test_a_link_at_the_key_name_is_neither_followed_nor_used(folder: Path, victim: Path) -> None:
    folder.mkdir(mode=0o700)
    (folder / cache.KEY_NAME).symlink_to(victim)
    cache.remember(MINIMAL_BYTES, fresh())  # type: ignore[arg-type]
    assert victim.read_bytes() == MINIMAL_BYTES
    assert not entry_of(folder).exists()  # no usable key: nothing cached
    assert cache.recall(MINIMAL_BYTES) is None


def test_a_link_at_a_temporary_name_is_not_followed(
    folder: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm(folder, b"# another\n" + MINIMAL_BYTES)
    # Make mkstemp's "random" names predictable, as the old `KEY.PID.tmp` was, and plant
    # links at the first ones it will try: O_EXCL makes it pass them by.
    names = ["planted", "planted", "planted2", "chosen"]
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: iter(names))
    for name in ("planted", "planted2"):
        (folder / f".raqqa-{name}.tmp").symlink_to(victim)
    warm(folder)
    assert victim.read_bytes() == MINIMAL_BYTES
    assert (folder / ".raqqa-planted.tmp").is_symlink()
    assert cache.recall(MINIMAL_BYTES) == fresh()


def test_a_linked_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    monkeypatch.setenv("RAQQA_CACHE_DIR", str(tmp_path / "link"))
    (tmp_path / "link").symlink_to(real)
    cache.remember(MINIMAL_BYTES, fresh())  # type: ignore[arg-type]
    assert list(real.iterdir()) == []


def test_the_knowledge_file_is_never_written_through_the_cache(
    tmp_path: Path, folder: Path, victim: Path
) -> None:
    """Links at every name raqqa may write, all at once, then every command."""
    warm(folder, b"# another\n" + MINIMAL_BYTES)
    for name in (
        cache.entry_name(cache.digest(victim.read_bytes())),
        f"{cache.digest(victim.read_bytes())[:16]}.{os.getpid()}.tmp",
    ):
        (folder / name).symlink_to(victim)
    for command in (["brief"], ["aid", "--format", "json"], ["timeline"]):
        result = CliRunner().invoke(app, [*command, "-f", str(victim)])
        assert result.exit_code == 0, result.output
    assert victim.read_bytes() == MINIMAL_BYTES


# -- other people's files ----------------------------------------------------------------


def test_pruning_keeps_foreign_files(
    folder: Path, tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(mode=0o700)
    foreign = {
        "notes.txt": b"mine",
        "report.marshal": b"not raqqa's",
        "0123.marshal": b"nor this",
        "README": b"hello",
        ".raqqa-fresh.tmp": b"a raqqa writing right now",
    }
    for name, content in foreign.items():
        (folder / name).write_bytes(content)
    (folder / ("f" * 64 + "-" + "0" * 16 + "-9.9.marshal")).symlink_to(victim)
    monkeypatch.setattr(cache, "KEEP", 32)  # the rule, not the shipped number: fewer writes
    for n in range(cache.KEEP + 5):
        warm(folder, MINIMAL_BYTES + f"# variant {n}\n".encode())
    for name, content in foreign.items():
        assert (folder / name).read_bytes() == content
    assert (folder / ("f" * 64 + "-" + "0" * 16 + "-9.9.marshal")).is_symlink()
    assert victim.read_bytes() == MINIMAL_BYTES
    ours = [p for p in folder.glob("*.marshal") if not p.is_symlink() and len(p.name) > 80]
    assert len(ours) == cache.KEEP


def test_pruning_removes_old_unsigned_entries_and_stale_temporaries(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    old = folder / "1a2b3c4d5e6f7a8b-5a3-0badcafe-0.1.0.marshal"  # raqqa 0.1.0's name
    stale = folder / ".raqqa-abc123_x.tmp"
    for path in (old, stale):
        path.write_bytes(b"x")
        os.utime(path, (1, 1))
    warm(folder)  # one write is enough: unsigned entries are never kept
    assert not old.exists()
    assert not stale.exists()


@AS_ROOT
def test_an_entry_owned_by_another_user_is_a_miss(folder: Path) -> None:
    entry = warm(folder)
    os.chown(entry, OTHER_UID, OTHER_UID)
    assert cache.recall(MINIMAL_BYTES) is None
    assert load_briefing(str(MINIMAL)) == fresh()


@AS_ROOT
def test_a_key_owned_by_another_user_is_not_used(folder: Path) -> None:
    warm(folder)
    os.chown(folder / cache.KEY_NAME, OTHER_UID, OTHER_UID)
    assert cache.recall(MINIMAL_BYTES) is None


def test_pruning_keeps_the_newest_entries_within_the_byte_budget(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `KEEP_BYTES` together, the oldest entries go, whatever their number; the newest
    is always kept."""
    one = warm(folder).stat().st_size
    monkeypatch.setattr(cache, "KEEP_BYTES", 3 * one + one // 2)
    for n in range(6):
        warm(folder, MINIMAL_BYTES + f"# variant {n}\n".encode())
    ours = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime_ns)
    assert len(ours) == 3
    newest = MINIMAL_BYTES + b"# variant 5\n"
    assert cache.recall(newest) is not None


@AS_ROOT
def test_pruning_keeps_entries_of_another_user(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP", 32)
    theirs = warm(folder, b"# theirs\n" + MINIMAL_BYTES)
    os.chown(theirs, OTHER_UID, OTHER_UID)
    os.utime(theirs, (1, 1))  # the oldest: the first to go, were it ours
    for n in range(cache.KEEP + 1):
        warm(folder, MINIMAL_BYTES + f"# variant {n}\n".encode())
    assert theirs.exists()


@AS_ROOT
def test_a_folder_owned_by_another_user_is_neither_read_nor_written(folder: Path) -> None:
    entry = warm(folder)
    os.chown(folder, OTHER_UID, OTHER_UID)
    assert cache.recall(MINIMAL_BYTES) is None
    entry.unlink()
    cache.remember(MINIMAL_BYTES, fresh())  # type: ignore[arg-type]
    assert not entry.exists()


SECOND_USER = """
import os, sys
import tempfile, re, time  # imported before dropping to a user who cannot read them
from raqqa_cli import __version__
from raqqa_cli.briefing import cache
from raqqa_cli.briefing.load import decode, parse
data = sys.stdin.buffer.read()
briefing = parse(decode("-", data))
os.setgid(4242)
os.setuid(4242)
first = cache.recall(data)
cache.remember(data, briefing)
second = cache.recall(data)
print(first is None, second == briefing)
"""


@AS_ROOT
def test_as_a_second_user_an_entry_planted_by_another_is_a_miss(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real thing, in a process that runs as another user: in that user's own cache
    folder, with that user's own key, an entry planted by someone else (root here, who can
    write anywhere) is not read, even though it is signed and readable; the user's own
    entry written in its place is."""
    shared = Path(tempfile.mkdtemp(prefix="raqqa-second-user-"))
    try:
        shared.chmod(0o711)
        folder = shared / "cache"
        monkeypatch.setenv("RAQQA_CACHE_DIR", str(folder))
        planted = warm(folder)
        for path in (folder, folder / cache.KEY_NAME):
            os.chown(path, OTHER_UID, OTHER_UID)
        planted.chmod(0o644)
        result = subprocess.run(
            [sys.executable, "-c", SECOND_USER],
            input=MINIMAL_BYTES,
            capture_output=True,
            env={**os.environ, "RAQQA_CACHE_DIR": str(folder)},
            check=False,
        )
        assert result.stdout == b"True True\n", result.stderr.decode()
        assert planted.stat().st_uid == OTHER_UID  # replaced by the user's own entry
    finally:
        shutil.rmtree(shared)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777, 0o722])
def test_a_folder_others_can_write_is_neither_read_nor_written(folder: Path, mode: int) -> None:
    entry = warm(folder)
    folder.chmod(mode)
    assert cache.recall(MINIMAL_BYTES) is None
    entry.unlink()
    cache.remember(MINIMAL_BYTES, fresh())  # type: ignore[arg-type]
    assert not entry.exists()


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_an_entry_others_can_write_is_a_miss(folder: Path, mode: int) -> None:
    warm(folder).chmod(mode)
    assert cache.recall(MINIMAL_BYTES) is None


def test_a_key_others_can_read_is_not_used(folder: Path) -> None:
    warm(folder)
    (folder / cache.KEY_NAME).chmod(0o644)
    assert cache.recall(MINIMAL_BYTES) is None


def test_a_fifo_at_the_entry_name_does_not_hang(folder: Path, tmp_path: Path) -> None:
    warm(folder, b"# another\n" + MINIMAL_BYTES)
    os.mkfifo(entry_of(folder))
    briefing = tmp_path / "b.yaml"
    briefing.write_bytes(MINIMAL_BYTES)
    result = subprocess.run(
        [sys.executable, "-m", "raqqa_cli", "aid", "--format", "json", "-f", str(briefing)],
        capture_output=True,
        env={**os.environ, "RAQQA_CACHE_DIR": str(folder)},
        timeout=120,  # a hang guard: the run takes well under a second
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_ISREG(entry_of(folder).lstat().st_mode)  # replaced by a real entry


# -- crafted entries ----------------------------------------------------------------------


def signed(folder: Path, payload: bytes) -> bytes:
    """`payload` signed with the folder's real key: what only the user could make."""
    key = (folder / cache.KEY_NAME).read_bytes()
    return blake2b(payload, key=key, digest_size=cache.MAC_BYTES).digest() + payload


def deeply_nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def crafted(folder: Path) -> Iterator[tuple[str, bytes]]:
    digest = cache.digest(MINIMAL_BYTES)
    header = (cache.FORMAT, __version__, cache._SHAPE, digest)
    real = entry_of(folder).read_bytes()
    other = fresh(b"# other\n" + MINIMAL_BYTES.replace(b"Harbour Town after", b"Forged Town", 1))
    yield "empty", b""
    yield "garbage", b"\x00garbage"
    yield "truncated", real[: len(real) // 2]
    yield "one bit flipped", real[:-10] + bytes([real[-10] ^ 1]) + real[-9:]
    yield (
        "unsigned, another briefing",
        b"\x00" * 32 + marshal.dumps((header, cache._to_plain(other))),
    )
    yield (
        "signed, another file's digest",
        signed(folder, marshal.dumps(((*header[:3], "0" * 64), cache._to_plain(other)))),
    )
    yield (
        "signed, another version",
        signed(folder, marshal.dumps(((header[0], "0.0.0", *header[2:]), cache._to_plain(other)))),
    )
    yield "signed, deep nesting", signed(folder, marshal.dumps((header, deeply_nested(1900))))
    yield "signed, wrong types", signed(folder, marshal.dumps((header, [["Nope"], 1, {}])))
    yield "signed, not a pair", signed(folder, marshal.dumps(42))
    yield "signed, not marshal", signed(folder, b"\xff\xfe not marshal")


def test_crafted_entries_are_misses_never_data_never_a_crash(folder: Path) -> None:
    entry = warm(folder)
    for what, content in list(crafted(folder)):
        entry.write_bytes(content)
        assert cache.recall(MINIMAL_BYTES) is None, what
        assert load_briefing(str(MINIMAL)) == fresh(), what  # and it is written anew


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=512),
        st.binary(min_size=32, max_size=32).map(lambda mac: mac + MINIMAL_BYTES),
        st.tuples(st.integers(0, 4000), st.integers(0, 255)),
    )
)
def test_arbitrary_bytes_as_an_entry_never_crash_and_never_change_output(
    tmp_path_factory: pytest.TempPathFactory, content: bytes | tuple[int, int]
) -> None:
    folder = tmp_path_factory.mktemp("cache")
    os.environ["RAQQA_CACHE_DIR"] = str(folder)  # the autouse fixture's monkeypatch restores it
    entry = warm(folder)
    if isinstance(content, tuple):  # a real entry with one byte changed
        real = bytearray(entry.read_bytes())
        at, value = content
        real[at % len(real)] ^= value or 1
        content = bytes(real)
    entry.write_bytes(content)
    expected = CliRunner().invoke(app, ["aid", "--format", "json", "-f", str(MINIMAL)])
    os.environ["RAQQA_NO_CACHE"] = "1"
    try:
        uncached = CliRunner().invoke(app, ["aid", "--format", "json", "-f", str(MINIMAL)])
    finally:
        del os.environ["RAQQA_NO_CACHE"]
    assert expected.exit_code == 0, expected.output
    assert expected.stdout == uncached.stdout
