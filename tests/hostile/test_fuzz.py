"""Hostile input, fuzzed: whatever arrives, raqqa answers cleanly, safely and in bounded time.

Four parts:

1. The loader (`decode` + `parse`) on arbitrary bytes, generated YAML documents, raw YAML
   snippets and a token soup, and structured mutations of `minimal.yaml`: a `Briefing`, or
   a `BriefingError` whose every line is one harmless line that starts with the file name
   and is located; no other exception, ever, and every call quick.
2. End to end through the CLI: a valid briefing whose every free-text field is hostile
   (`data/hostile/briefing.yaml`), every command in every format, and tables at three widths
   with and without colour: exit 0, nothing a terminal would obey, markup and emoji codes
   literal, Markdown inert, CSV defused, JSON strict.
3. Tricky documents from the public YAML test suite (inlined here; the project's tests do
   not depend on the corpus), each with the outcome it must have.
4. Limits: alias floods and bombs, huge scalars, deep nesting, long lines of keys and other
   inputs whose cost could grow faster than their size: each refused or loaded in time.

`RAQQA_FUZZ_SCALE=10` multiplies the number of generated examples for a longer hunt.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.cells import cell_len
from typer.testing import CliRunner

from raqqa_cli.briefing import load
from raqqa_cli.briefing.load import Text, decode, parse
from raqqa_cli.briefing.model import SECTIONS, Briefing
from raqqa_cli.briefing.yamldoc import MAX_ALIAS_EXPANSION, MAX_ALIAS_TEXT, MAX_DEPTH, NOT_A_MAPPING
from raqqa_cli.cli.app import app
from raqqa_cli.errors import MAX_PROBLEMS, BriefingError
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

NAME = "hostile.yaml"
HOSTILE = DATA / "hostile" / "briefing.yaml"
SCALE = max(1, int(os.environ.get("RAQQA_FUZZ_SCALE", "1")))

# What must never reach a terminal from a knowledge file: C0 and C1 controls (ESC, CSI),
# DEL, line and paragraph separators, and the bidirectional marks, overrides and isolates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# An error line may not even hold a tab or a new line.
UNSAFE_IN_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC8 = re.compile(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)\x1b\\")
# Problems about the file as a whole, which have no line to point at.
WHOLE_FILE = ("is empty", "is UTF-16; save it as UTF-8", "is UTF-32; save it as UTF-8")
FORMULA_STARTS = ("=", "+", "-", "@", "\t")
# Hang guards, never speed checks: a load or limit case that runs this long is stuck, not
# slow. Each is ten times or more what the work takes on a loaded two-core machine (a fuzzed
# load takes milliseconds, the 64 MiB case about 2 s); how work grows is measured by
# counting operations (tests/reports/test_growth.py), and speed by benchmarks/bench.py.
PER_CALL = 60.0
LIMIT = 120.0

MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")
MINIMAL_DATA: dict[str, Any] = yaml.safe_load(MINIMAL_TEXT)


# -- helpers ---------------------------------------------------------------------------


class TimeLimitExceeded(BaseException):
    """Raised by `time_limit`; a BaseException so that no `except Exception` swallows it."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Fail, rather than hang, when the block is still running after `seconds`: a guard
    against a hang, not a measure of speed (nothing here asserts how long the block took)."""
    can_interrupt = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    previous: Any = None
    if can_interrupt:

        def expire(signum: int, frame: object) -> None:
            raise TimeLimitExceeded(f"{what}: still running after {seconds} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if can_interrupt:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def bounded(seconds: float, what: str, call: Callable[[], Any]) -> Any:
    """`call()` within `seconds`, a timeout becoming an ordinary test failure."""
    try:
        with time_limit(seconds, what):
            return call()
    except TimeLimitExceeded as timeout:
        raise AssertionError(str(timeout)) from None


def check_error(error: BriefingError, text: str | None) -> None:
    """The error contract: problems, each one harmless located line naming the file."""
    assert error.problems, "a BriefingError without problems"
    lines = error.lines()
    assert len(error.problems) <= MAX_PROBLEMS
    if error.unlisted:  # past the limit, one last line counts the problems not kept
        assert lines.pop() == f"{NAME}: {error.unlisted_message()}"
    assert len(lines) == len(error.problems)
    limit = len(text.splitlines()) + 1 if text is not None else None
    for problem, line in zip(error.problems, lines, strict=True):
        assert not UNSAFE_IN_LINE.search(line), f"unsafe character in error line: {line!r}"
        assert line.startswith(f"{NAME}:"), line
        if problem.line is None:
            assert problem.message in WHOLE_FILE, f"problem without a location: {line!r}"
            continue
        assert line.startswith(f"{NAME}:{problem.line}:{problem.column or 1}: "), line
        assert problem.line >= 1 and (problem.column or 1) >= 1, line
        if limit is not None:
            # splitlines() knows more line breaks than YAML does, so this bound is safe.
            assert problem.line <= limit, f"line {problem.line} beyond the text: {line!r}"


def outcome(data: bytes | str) -> Briefing | BriefingError:
    """What the loader makes of `data` (bytes are decoded first), checking the contract."""

    def attempt() -> Briefing | BriefingError:
        text: str | None = None
        try:
            text = decode(NAME, data).text if isinstance(data, bytes) else data
            return parse(Text(NAME, text))
        except BriefingError as error:
            check_error(error, text)
            return error

    result: Briefing | BriefingError = bounded(PER_CALL, "loading", attempt)
    return result


def refusal(data: bytes | str) -> BriefingError:
    result = outcome(data)
    assert isinstance(result, BriefingError), "accepted, but should have been refused"
    return result


def fuzz(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# -- 1. the loader, fuzzed ---------------------------------------------------------------

BOMS = [
    b"",
    b"",
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\xfe\xff",
    b"+/v8",  # UTF-7's
]
BAD_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\x80",
    b"\xc0\xaf",  # overlong /
    b"\xe0\x80\xaf",
    b"\xed\xa0\x80",  # a surrogate
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xe2\x80",  # truncated
    b"\xc2\x85",  # NEL
    b"\xe2\x80\xa8",  # LINE SEPARATOR
    b"\xe2\x80\xae",  # RLO
    b"\xc2\x9b",  # CSI
    b"\x1b[31m",
    b"\x07",
    b"\x7f",
    b"\xef\xbf\xbe",  # U+FFFE
    b"\xef\xbb\xbf",  # a BOM in the middle
    b"\r",
    b"\r\n",
    b"\t",
    b"\xf0\x9f\x98\x80",
]


@fuzz(150)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@st.composite
def damaged_minimal(draw: st.DrawFn) -> bytes:
    """minimal.yaml behind a byte order mark, with bad bytes spliced in."""
    data = bytearray(MINIMAL_TEXT.encode())
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.sampled_from(BAD_BYTES))
    return draw(st.sampled_from(BOMS)) + bytes(data)


@fuzz(120)
@given(damaged_minimal())
def test_damaged_bytes(data: bytes) -> None:
    outcome(data)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]
)
def test_odd_encodings(encoding: str) -> None:
    text = MINIMAL_TEXT.replace("Town hall", "Hôtel de ville – «côté»")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, "replace")
    result = outcome(data)
    assert isinstance(result, Briefing) == (encoding in ("utf-8", "utf-8-sig"))


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\x85", "\u2028"])
def test_odd_line_endings(newline: str) -> None:
    outcome(MINIMAL_TEXT.replace("\n", newline))


# Generated data, dumped by PyYAML in its many styles.

dumpable_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.text(),
    st.binary(max_size=8),  # dumped as !!binary
    st.dates(),  # dumped as a plain date (a timestamp to YAML 1.1)
    st.datetimes(),
    st.sampled_from(["2017-02-29", "0000-01-01", "9999-12-31", "2017-1-1", "NO", "<<", "~"]),
)
dumpable = st.recursive(
    dumpable_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.integers(), st.none()), inner, max_size=4
        ),
        st.frozensets(st.text(max_size=4), max_size=3).map(set),  # dumped as !!set
    ),
    max_leaves=12,
)


@st.composite
def dumped_documents(draw: st.DrawFn) -> str:
    data = draw(dumpable)
    if draw(st.booleans()):  # sometimes shaped like a briefing, to get past the top
        data = {**copy.deepcopy(MINIMAL_DATA), draw(st.sampled_from(list(MINIMAL_DATA))): data}
    options: dict[str, Any] = {
        "allow_unicode": draw(st.booleans()),
        "default_flow_style": draw(st.sampled_from([None, True, False])),
        "canonical": draw(st.booleans()),
        "explicit_start": draw(st.booleans()),
        "width": draw(st.sampled_from([20, 80, 10_000])),
    }
    try:
        text: str = yaml.safe_dump(data, sort_keys=draw(st.booleans()), **options)
    except TypeError:  # keys of mixed types cannot be sorted
        text = yaml.safe_dump(data, sort_keys=False, **options)
    return text


@fuzz(120)
@given(dumped_documents())
def test_dumped_documents(text: str) -> None:
    outcome(text)


@fuzz(40)
@given(st.lists(dumpable, min_size=2, max_size=4))
def test_multi_document_streams_are_refused(documents: list[Any]) -> None:
    text = yaml.safe_dump_all(documents, explicit_start=True)
    refusal(text)


# Raw YAML: the constructs a generator of data never writes.

SNIPPETS = [
    "a: &x [1, 2]\nb: *x",
    "a: *nowhere",
    "a: &x [*x]",
    "a: &x {k: *x}",
    "a: &x 1\nb: &x 2\nc: *x",
    "<<: {a: 1}",
    "base: &b {k: v}\nderived:\n  <<: *b\n  k: w",
    "derived:\n  <<: [*b, *c]",
    "? [a, b]\n: c",
    "? {a: b}\n: c",
    "[a]: b",
    "{a: b}: c",
    "? |\n  block key\n: v",
    "? a\n? a",
    "--- !!set\n? a\n? b",
    "--- !!omap\n- a: 1\n- b: 2",
    "a: !!pairs [a: 1]",
    "a: !!set {x, y}",
    "a: !!omap [x: 1]",
    "a: !!timestamp 2017-01-01",
    "a: !!binary aGVsbG8=",
    "a: !!python/object:os.system {}",
    "a: !!python/object/apply:os.system ['ls']",
    "a: !!python/name:os.system",
    "a: !!python/tuple [1, 2]",
    "a: !custom x",
    "a: !<tag:yaml.org,2002:str> x",
    "a: !<%0A> x",
    "a: !<%1B%5B31m> {}",
    "a: !<%E2%80%AE> []",
    "a: ! 12",
    "a: !!str",
    "a: !!int '12'",
    "a: !!int 0x1F",
    "a: !!float 1",
    "a: !!float .nan",
    "a: !!bool yes",
    "a: !!null ''",
    "a: !!map [1]",
    "a: !!seq {a: 1}",
    "%TAG !e! tag:e.com,2000:\n---\na: !e!x y",
    "%TAG !e! %0A\n---\na: !e!x y",
    "%YAML 1.1\n---\na: 1",
    "%YAML 1.3\n---\na: 1",
    "%YAML 2.0\n---\na: 1",
    "%YAML 1.2\n%YAML 1.2\n---\na: 1",
    "%FOO bar\n---\na: 1",
    "---\na: 1\n---\nb: 2",
    "...\n---\na: 1",
    "a: 1\n...\n",
    "--- |\n  literal document",
    "--- >-\n  folded\n  document",
    "a: [1, {b: [c, {d: e}]}, f]",
    "a: {b: [1, 2], c: {d: 3}}",
    "- a\n- - b\n  - c\n- d: e\n  f: g",
    "a: |+\n  keep\n\n",
    "a: >-\n  folded\n  text",
    "a: |2\n   indented",
    "a: |0\n  x",
    "a: 'it''s'",
    'a: "\\e[31m\\x9b31m\\u202e\\N\\_\\L\\P\\0\\a\\b"',
    'a: "\\U0001F600 \\U0010FFFF"',
    'a: "\\uD800"',
    'a: "\\x"',
    'a: "\\q"',
    'a: "unterminated',
    "a: [unterminated",
    "a: {b",
    "a:\tb",
    "a: b: c",
    "- a\nb: c",
    "a: 0x1F",
    "a: 0o17",
    "a: 0b101",
    "a: 1e309",
    "a: -1e309",
    "a: -.inf",
    "a: .NaN",
    "a: 1_000",
    "a: +.5",
    "a: -0.0",
    "a: 00012",
    "a: 2017-02-29",
    "a: 2017-10-22T14:00:00Z",
    "a: 0000-01-01",
    "a: ~",
    "a: NO",
    "&a a: b",
    "*a : b",
    "a: &anchor\nb: *anchor",
    "a: b # comment",
    "# comment only",
    "a: b\n  c",
    "  a: b\nc: d",
    "a:\n- b\n-c",
    '"a\nb": c',
    "a: 1\na: 2",
    "a: [a, b, ]",
    "a: {,}",
    "a: - b",
    "[a, b]: c",
    "- ? a\n  : b",
    "? \n: ",
    ": a",
    "a: @b",
    "a: `b",
    "a: %b",
    "a: |\n\tb",
    "\ufeffa: 1",
    "a: b\u2028c: d",
    "a: b\x85c: d",
    "a: \u202eevil",
    "a" * 1100 + ": long simple key",
    "- " * 40 + "x",
    "[" * 40 + "]" * 40,
]
TOKENS = [
    "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "*b", "!!str ", "!t ",
    "!!python/object ", "\n", "  ", "\t", "'", '"', "|", ">", "#", "---", "...", "%YAML 1.2",
    "%TAG ! !", "a", "1", "1e309", "<<", "\\", "\\e", "\u2028", "\x85", "é", "\ufeff",
]  # fmt: skip


def indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.split("\n"))


@st.composite
def raw_documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4))
    text = "\n".join(parts)
    if draw(st.booleans()):  # inside minimal.yaml, at a line boundary, maybe indented
        lines = MINIMAL_TEXT.split("\n")
        at = draw(st.integers(0, len(lines)))
        spaces = draw(st.sampled_from([0, 2, 4, 6]))
        lines[at:at] = [indent(text, spaces)]
        text = "\n".join(lines)
    return text


@fuzz(200)
@given(raw_documents())
def test_raw_yaml_constructs(text: str) -> None:
    outcome(text)


@fuzz(200)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_token_soup(text: str) -> None:
    outcome(text)


# Structured mutations of minimal.yaml, made on its text so that every trap of the
# surface syntax (quoting, duplicate keys, indentation) stays reachable.

LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):(?P<value> .+)?$")
IDS = {
    section: [entry["id"] for entry in MINIMAL_DATA.get(section, []) if "id" in entry]
    for section in SECTIONS
}
ALL_IDS = [entry_id for ids in IDS.values() for entry_id in ids]
ODD_VALUES = [
    "1e309", "-1e309", ".inf", ".nan", "-0.0", "-0", "-1", "+1", "0x10", "0o10", "1_000",
    "9" * 4300, "-" + "1" * 5000, str(-(10**40)), "9.999e307", "1.7976931348623157e308", "5e-324",
    "0x" + "f" * 3000, "0o" + "7" * 3000,
    "0000-01-01", "2017-02-29", "2016-02-29", "9999-12-31", "2017-1-1", "2017-00", "2017-13",
    "2017-12-32", "10000-01-01", "2017", "17", "2017-10-22T00:00:00Z", "'2017-10-22'",
    "~", "null", "''", '""', "NO", "yes", "true", "[]", "{}", "[a, b]", "{a: b}", "[[]]",
    "!!str 12", "!!int '12'", "!!binary aGk=", "!!timestamp 2017-01-01", "!!set {a}",
    "!!python/object:os.system x", "!custom x", "&x v", "*nowhere",
    '"\\e[31mred"', '"\\x9b2J"', '"\\u202eevil"', '"\\u2028"', '"\\0"', '"[bold]x[/]"',
    '":smile:"', '"=1+1"', "|\n  block\n  text", ">-\n  folded", "'it''s'",
    "verbatim", "translation", "ICD 203", "PHIA", "likely", "person", "EUR", "eur", "EURO",
]  # fmt: skip


@st.composite
def mutated_minimal(draw: st.DrawFn) -> str:
    lines = MINIMAL_TEXT.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        keyed = [i for i, line in enumerate(lines) if LINE.match(line)]
        i = draw(st.sampled_from(keyed))
        match = LINE.match(lines[i])
        assert match is not None
        lead, key = match["lead"], match["key"]
        action = draw(
            st.sampled_from(["drop", "value", "reference", "duplicate", "same id", "indent", "key"])
        )
        if action == "drop":
            del lines[i]
        elif action == "value":
            value = draw(st.sampled_from(ODD_VALUES))
            lines[i] = f"{lead}{key}: {indent(value, len(lead) + 2).lstrip()}"
        elif action == "reference":  # any id, likely from the wrong section
            lines[i] = f"{lead}{key}: {draw(st.sampled_from(ALL_IDS))}"
        elif action == "duplicate":  # the same key twice
            lines.insert(i + 1, " " * len(lead) + lines[i][len(lead) :])
        elif action == "same id":
            lines[i] = f"{lead}id: {draw(st.sampled_from(ALL_IDS))}"
        elif action == "indent":
            lines[i] = " " * draw(st.sampled_from([0, 1, 3, 8])) + lines[i].lstrip()
        else:  # an unknown or odd key
            odd = draw(st.sampled_from(["colour", "Title", "id ", "'id'", "<<", "? x", "é"]))
            lines[i] = f"{lead}{odd}: {match['value'] or ''}"
    return "\n".join(lines)


@fuzz(200)
@given(mutated_minimal())
def test_mutated_minimal(text: str) -> None:
    outcome(text)


@fuzz(60)
@given(
    st.sampled_from(
        [("quantity", "    quantity: 2000"), ("value", "    value: 120"), ("low", "    low: 150")]
    ),
    st.one_of(
        st.integers(min_value=-(10**100), max_value=10**100).map(str),
        st.floats().map(repr),
        # Long runs of digits, decimal, hexadecimal or octal: shrinks to the shortest one.
        st.tuples(
            st.sampled_from(["", "-", "+"]),
            st.sampled_from([("", "9"), ("0x", "f"), ("0o", "7")]),
            st.sampled_from([1, 15, 16, 17, 300, 1000, 3000, 4300, 4301, 6000]),
        ).map(lambda n: n[0] + n[1][0] + n[1][1] * n[2]),
    ),
)
def test_any_number_in_a_number_field(field: tuple[str, str], number: str) -> None:
    name, line = field
    text = MINIMAL_TEXT.replace(line, f"    {name}: {number}")
    if isinstance(outcome(text), Briefing):
        # Whatever the loader accepts, the renderers must be able to print.
        run_text(text, ["aid", "--totals", "--format", "json"])
        run_text(text, ["aid", "--format", "table"])
        run_text(text, ["figures", "--format", "csv"])


# Regressions: each of these once broke the contract.


@pytest.mark.parametrize(
    "text",
    [
        "a: !<%0A> x\n",
        "a: !<%0D%0Araqqa:%20error:%20forged> x\n",
        "a: !<%1B%5B31m> x\n",
        "a: !<%C2%9B2J> x\n",
        "a: !<%E2%80%A8> x\n",
        "a: !<%E2%80%AE> x\n",
        "a: !<%09> x\n",
        "a: !<%0A> {b: 1}\n",
        "a: !<%0A> [1]\n",
        "%TAG !e! tag:x%0A,2000:\n---\na: !e!foo x\n",
        MINIMAL_TEXT.replace("    venue: Town hall", "    venue: !<%1B]0;pwned%07> Town hall"),
    ],
    ids=lambda text: repr(text[:30]),
)
def test_percent_escaped_tags_stay_one_harmless_line(text: str) -> None:
    # libyaml decodes %-escapes in tags, so a tag can hold a new line or an escape sequence.
    refusal(text)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: " + "é" * 10 + "\nb: \x01\n", "2:4"),
        ("# " + "ع" * 500 + "\n\n\nb: \x7f\n", "4:4"),
        ("a: 😀\x1b[31m\n", "1:5"),
    ],
)
def test_control_character_located_by_characters_not_bytes(text: str, where: str) -> None:
    [line] = refusal(text).lines()
    assert line.startswith(f"{NAME}:{where}: invalid YAML: character "), line


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL_TEXT.replace(
            "  title: Harbour Town after the Storm\n  publisher",
            "  title: 0x" + "f" * 4000 + "\n  publisher",
            1,
        ),
        MINIMAL_TEXT.replace("    quantity: 2000", "    quantity: -0x" + "f" * 4000),
        MINIMAL_TEXT.replace("    venue: Town hall", "    venue: 0o" + "7" * 6000),
        MINIMAL_TEXT.replace("    quantity: 2000", "    quantity: [0x" + "f" * 4000 + "]"),
        "schema_version: 0x" + "1" * 4000 + "\n",
    ],
    ids=["title", "negative quantity", "venue", "in a list", "schema_version"],
)
def test_huge_hex_and_octal_integers_are_refused_cleanly(text: str) -> None:
    # More than 4300 decimal digits: Python will not even repr() such an int.
    refusal(text)


def test_huge_integers_are_refused_and_the_largest_accepted_print() -> None:
    for number in ("0x" + "f" * 4000, "0o" + "7" * 6000, "9" * 4300, "1000000000000000000"):
        text = MINIMAL_TEXT.replace("    quantity: 2000", f"    quantity: {number}")
        assert "too large" in refusal(text).lines()[0]
    for number in ("999999999999999999", "0xDE0B6B3A763FFFF", "1.0e18"):
        text = MINIMAL_TEXT.replace("    quantity: 2000", f"    quantity: {number}")
        assert isinstance(outcome(text), Briefing), number
        for fmt in ("table", "markdown", "json", "csv", "plain"):
            run_text(text, ["aid", "--totals", "--format", fmt])


def _two_lines_of(quantity: str) -> str:
    return (
        MINIMAL_TEXT.replace(
            "    quantity: 2000\n    unit: kits\n    item: hygiene kits\n",
            f"    quantity: {quantity}\n    unit: parcels\n",
        )
        .replace("    quantity: 10000\n", f"    quantity: {quantity}\n")
        .replace("    status: delivered\n", "    status: announced\n")
        .replace("    since: 2019\n", "")  # one period, so that the two are added
    )


def test_totals_cannot_overflow() -> None:
    # Two lines of 1.7e308 parcels would add up to infinity; JSON has no Infinity.
    assert "must be at most 1e+18" in refusal(_two_lines_of("1.7e308")).lines()[0]
    text = _two_lines_of("1.0e18")  # the largest allowed: their total stays finite
    assert isinstance(outcome(text), Briefing)
    for fmt in ("json", "csv", "plain", "table", "markdown"):
        out = run_text(text, ["aid", "--totals", "--format", fmt])
        assert not re.search(r"\b(inf|Infinity|nan|NaN)\b", out), (fmt, out)
    [total] = [r for r in strict_json(run_text(text, ["aid", "--totals", "--format", "json"]))
               if r["unit"] == "parcels"]  # fmt: skip
    assert total["total"] == 2e18


def test_surrogates_given_to_parse_are_refused_cleanly() -> None:
    # decode() cannot produce them, but parse() is public and takes any str.
    refusal("a: \ud800\n")


# -- 2. end to end: a hostile but valid briefing, every command, every format ------------


def invoke(args: list[str], terminal: Terminal | None = None, path: Path = HOSTILE) -> Any:
    runner = CliRunner(env={"RAQQA_BRIEFING": None, "NO_COLOR": None, "FORCE_COLOR": None})
    terminal = terminal or Terminal(is_tty=False, width=80, color=False)
    # `diff` takes its two files as arguments: from the minimal briefing to `path`.
    where = [str(path)] if args[:1] == ["diff"] else ["-f", str(path)]
    return runner.invoke(app, [*args, *where], obj=terminal)


def run_text(text: str, args: list[str]) -> str:
    """Run a command over `text` (a temporary file); assert exit 0 and safe output."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "briefing.yaml"
        path.write_text(text, encoding="utf-8")
        result = bounded(LIMIT, " ".join(args), lambda: invoke(args, path=path))
    assert result.exit_code == 0, (args, result.stderr)
    assert "Traceback" not in result.output
    out: str = result.stdout_bytes.decode()
    assert_safe(out.replace("\r\n", "\n"), args)
    return out


# Commands over the hostile briefing, with the markup and emoji codes each must show.
COMMANDS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "overview": ([], ("[bold]", ":smile:")),
    "issues": (["issues"], ("[bold", ":warning:")),
    "issue": (["issues", "iss-flooding"], ("[bold", ":warning:")),
    "aid": (["aid"], ("[bold]", "[/bold]")),
    "aid totals": (["aid", "--totals"], ()),
    "aid by sector": (["aid", "--by", "sector"], ()),
    "aid by donor": (["aid", "--by", "donor"], ()),
    "aid chart": (["aid", "--chart"], ()),
    "reactions": (["reactions"], (":rotating_light:",)),
    "actors": (["actors"], ("[/]", ":thumbs_up:")),
    "actor": (["actors", "act-mayor"], ()),
    "timeline": (["timeline"], ("[bold]", ":ocean:")),
    "outlook": (["outlook"], ()),
    "figures": (["figures"], ("[dim]",)),
    "conflicts": (["conflicts"], ("[dim]",)),
    "sources": (["sources"], ("[link=",)),
    "errata": (["errata"], ("[reverse]", ":poop:")),
    "search": (["search", "harbour"], ("[bold]",)),
    "statements": (["statements"], ("<script>alert(1)</script>", "=cmd|")),
    "places": (["places"], ("\\u200f",)),
    "votes": (["votes"], ()),  # a version-1 file has no decisions: tests/reports/test_decisions.py
    "show": (["show", "st-mayor"], ("<script>alert(1)</script>", "[bold")),
    "search markup": (["search", "[bold]"], ("[bold]",)),
    "diff": (["diff", str(MINIMAL)], ("[bold]", ":smile:", "=cmd|")),
}
FORMATS = ["table", "markdown", "json", "csv", "plain"]
EMOJI_FROM_CODES = ("\U0001f604", "\U0001f44d", "\u26a0", "\U0001f6a8", "\U0001f30a")
MARKDOWN = MarkdownIt("commonmark").enable("table")


def test_the_hostile_fixture_is_valid() -> None:
    assert isinstance(outcome(HOSTILE.read_bytes()), Briefing)
    result = CliRunner().invoke(app, ["validate", str(HOSTILE)])
    assert result.exit_code == 0, result.output


def test_every_command_is_exercised() -> None:
    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    # init reads no briefing and writes a new file (tests/cli/test_init.py); `notes refresh` runs
    # these commands inside a note (tests/cli/test_notes.py, hostile file too); help reads
    # no briefing (tests/cli/test_commandline.py).
    others = {"brief", "validate", "schema", "init", "notes", "help"}
    covered = {args[0] for args, _ in COMMANDS.values() if args} | others
    assert registered <= covered, f"add to COMMANDS: {sorted(registered - covered)}"


def strict_json(text: str) -> Any:
    """JSON as RFC 8259 has it: no NaN, no Infinity."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def assert_safe(out: str, what: object) -> None:
    found = sorted(set(UNSAFE.findall(out)))
    assert not found, f"{what}: unsafe characters reach stdout: {found!r}"


def markdown_problems(out: str) -> list[str]:
    """What in `out` a Markdown renderer would not show as the text itself."""
    problems = []

    def walk(tokens: list[Any]) -> Iterator[Any]:
        for token in tokens:
            yield token
            if token.children:
                yield from walk(token.children)

    # raqqa's own anchors on the source list, and links to them, which must resolve.
    anchors = set(re.findall(r'^[0-9]+\. <a id="(cite-[a-z0-9-]+)"></a>', out, re.MULTILINE))
    for token in walk(MARKDOWN.parse(out)):
        own_anchor = re.fullmatch(r'<a id="cite-[a-z0-9-]+">|</a>', token.content.strip())
        if token.type == "html_inline" and own_anchor:
            continue
        if token.type in ("html_inline", "html_block") and token.content.strip() != "<br>":
            problems.append(f"raw HTML {token.content!r}")
        if token.type == "link_open" and str(token.attrs.get("href", "")).startswith("#"):
            if str(token.attrs["href"])[1:] not in anchors:
                problems.append(f"a link to a missing anchor {token.attrs['href']!r}")
            continue
        if token.type in ("text", "code_inline") and UNSAFE.search(token.content):
            problems.append(f"renders unsafe characters: {token.content!r}")
        if token.type in ("image", "link_open") and token.attrs.get("src", token.attrs.get("href")):
            href = str(token.attrs.get("src", token.attrs.get("href")))
            if not re.fullmatch(r"https?://[!#-;=?-~]+", href):
                problems.append(f"a link or image to {href!r}")
        if token.type == "image":
            problems.append(f"an image: {token.attrs}")
    return problems


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_text_in_every_format(command: str, fmt: str) -> None:
    args, _ = COMMANDS[command]
    result = bounded(LIMIT, command, lambda: invoke([*args, "--format", fmt]))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    out = result.stdout_bytes.decode()  # .stdout would turn CRLF into LF
    assert_safe(out.replace("\r\n", "\n") if fmt == "csv" else out, (command, fmt))
    assert not any(emoji in out for emoji in EMOJI_FROM_CODES), "an emoji code was rendered"
    if fmt == "json":
        assert isinstance(strict_json(out), list)
    if fmt == "csv":
        assert out.endswith("\r\n")
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert all(len(row) == len(rows[0]) for row in rows)
        records = strict_json(invoke([*args, "--format", "json"]).stdout)
        assert len(rows) == len(records) + 1
        for record, row in zip(records, rows[1:], strict=True):
            for key, cell in zip(rows[0], row, strict=True):
                value = record[key]
                value = "; ".join(value) if isinstance(value, list) else value
                if isinstance(value, str):
                    assert not cell.startswith(FORMULA_STARTS), f"{key}: a formula: {cell!r}"
                    if value.startswith(FORMULA_STARTS):
                        assert cell.startswith("'"), f"{key}: not defused: {cell!r}"
    if fmt == "plain":
        records = strict_json(invoke([*args, "--format", "json"]).stdout)
        lines = out.splitlines()
        assert len(lines) == len(records), "a record over more than one line"
    if fmt == "markdown":
        assert markdown_problems(out) == []


@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_text_in_tables(command: str, width: int) -> None:
    args, literals = COMMANDS[command]
    plain = invoke([*args, "--format", "table"], Terminal(is_tty=True, width=width, color=False))
    coloured = invoke([*args, "--format", "table"], Terminal(is_tty=True, width=width, color=True))
    assert plain.exit_code == 0 and coloured.exit_code == 0, plain.output + coloured.output
    assert_safe(plain.stdout, (command, width))
    # A hyperlink (OSC 8) only ever to a plain web address.
    for target in OSC8.findall(coloured.stdout):
        assert target == "" or re.fullmatch(r"https?://[!#-;=?-~]+", target), target
    bare = OSC8.sub("", SGR.sub("", coloured.stdout))
    assert "\x1b" not in bare, (command, width)
    # Colour is only ever SGR codes (and links) laid over the same text.
    assert bare == plain.stdout
    for line in plain.stdout.splitlines():
        assert cell_len(line) <= width, f"{command}: line wider than {width}: {line!r}"
    if width == 80:
        for literal in literals:
            assert literal in plain.stdout, f"{command}: {literal!r} not shown literally"
    assert not any(emoji in plain.stdout for emoji in EMOJI_FROM_CODES)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_text_for_readers(command: str, tmp_path: Path) -> None:
    """`--for readers` names entries by text from the file: still escaped, still safe, in
    Markdown and HTML; and the workbook of the same report holds the same text safely."""
    args, _ = COMMANDS[command]
    for fmt in ("markdown", "html"):
        result = bounded(
            LIMIT, command, functools.partial(invoke, [*args, "--format", fmt, "--for", "readers"])
        )
        assert result.exit_code == 0, result.output
        assert_safe(result.stdout, (command, fmt, "readers"))
        if fmt == "markdown":
            assert markdown_problems(result.stdout) == []
    if command == "diff":  # two versions side by side: text, not a workbook
        return
    book = tmp_path / "out.xlsx"
    result = bounded(LIMIT, command, lambda: invoke([*args, "-o", str(book)]))
    assert result.exit_code == 0, result.output
    assert book.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("fmt", ["markdown", "auto"])
def test_hostile_brief(fmt: str) -> None:
    result = invoke(["brief", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert_safe(result.stdout, "brief")
    assert "[bold]" in result.stdout.replace("\\", "")
    assert markdown_problems(result.stdout) == []


def test_hostile_validate_and_schema() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(HOSTILE)])
    # the verdict, and the count of quotes checked
    assert result.exit_code == 0 and result.stdout.count("\n") == 2, result.output
    assert_safe(result.stdout, "validate")
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    json.loads(result.stdout)


@pytest.mark.parametrize("text", ["\u0301", "\u200b", "\u0301\u0301", "\u034f"])
def test_search_for_text_that_folds_to_nothing(text: str) -> None:
    # The hostile briefing has an empty text field (a source's note).
    result = invoke(["search", text])
    assert result.exit_code in (0, 2), result.output
    result = invoke(["aid", "--match", text])
    assert result.exit_code in (0, 2), result.output


# Generated text, any character at all, dumped by PyYAML (which escapes what YAML forbids)
# into a briefing's free-text fields and printed by every format.
TEXT_FIELDS = [
    ("briefing", "title"),
    ("briefing", "summary"),
    ("sources", 0, "title"),
    ("sources", 1, "publisher"),
    ("sources", 1, "locator"),
    ("actors", 0, "name"),
    ("actors", 1, "aliases", 0),
    ("pledges", 0, "description"),
    ("pledges", 0, "unit"),
    ("reactions", 0, "claim"),
    ("statements", 0, "quote"),
    ("events", 0, "what"),
    ("errata", 0, "topic"),
    ("figures", 0, "counts"),
]


@fuzz(25)
@given(
    st.lists(st.text(min_size=0, max_size=30), min_size=len(TEXT_FIELDS), max_size=len(TEXT_FIELDS))
)
def test_any_text_end_to_end(texts: list[str]) -> None:
    data = copy.deepcopy(MINIMAL_DATA)
    for path, text in zip(TEXT_FIELDS, texts, strict=True):
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = text
    document = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    result = outcome(document)
    assume(isinstance(result, Briefing))
    for args in (["aid"], ["actors"], ["reactions"], ["issues", "iss-flooding"], ["brief"]):
        formats = ["markdown"] if args == ["brief"] else FORMATS
        for fmt in formats:
            out = run_text(document, [*args, "--format", fmt])
            if fmt == "markdown":
                assert markdown_problems(out) == [], (args, out)
            if fmt == "json":
                strict_json(out)


# -- errors through the CLI --------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"a: !<%0A> x\n",
        b"a: !<%1B%5B2J> x\n",
        MINIMAL_TEXT.replace("    venue: Town hall", "    ve\u202enue: Town hall").encode(),
        MINIMAL_TEXT.replace("    venue: Town hall", '    "venue\\e[31m": x').encode(),
        MINIMAL_TEXT.replace("    venue: Town hall", '    "venue\\u2028": x').encode(),
        MINIMAL_TEXT.replace("  - id: ev-season", '  - id: "ev-\\x9b2J"').encode(),
        MINIMAL_TEXT.replace("    speaker: act-mayor", '    speaker: "act\\e]0;x\\a"').encode(),
        MINIMAL_TEXT.replace("    quote_kind: verbatim", '    quote_kind: "\\e[1mv"').encode(),
        MINIMAL_TEXT.replace("  published: 2020-03-04", '  published: "2020\\u202e"').encode(),
        MINIMAL_TEXT.encode().replace(b"Town hall", b"Town \xc2\x9b hall"),
        b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n",
        b"\xff\xfe\x00\x00a\x00\x00\x00",
        ("a: " + "\u00e9" * 50 + "\nb: \x1b[31m\n").encode(),
    ],
    ids=lambda content: repr(content[-40:]),
)
def test_cli_errors_are_harmless_lines(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(content)
    for args in (["validate", str(path)], ["aid", "-f", str(path)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(f"raqqa: error: {path}:") for line in lines), lines
        assert not UNSAFE_IN_LINE.search(result.stderr.replace("\n", "")), result.stderr


# -- 3. tricky documents from the YAML test suite ---------------------------------------
# From https://github.com/yaml/yaml-test-suite (MIT License, Copyright (c) 2016-2020 Ingy
# döt Net), by test id. Every one of the suite's 308 valid and 94 invalid documents was run
# through decode + parse: all were refused cleanly, none crashed or hung (slowest 13 ms).

# Invalid YAML 1.2 that libyaml nevertheless parses: raqqa must still refuse it, for the
# reason it finds (not a mapping, no schema_version, a second document).
LIBYAML_ACCEPTS_INVALID = {
    "9C9N": ("---\nflow: [a,\nb,\nc]", "2:1: missing schema_version"),
    "9HCY": (
        '!foo "bar"\n%TAG ! tag:example.com,2000:app/\n---\n!foo "bar"',
        "2:1: a briefing is one YAML document",
    ),
    "9JBA": ("---\n[ a, b, c, ]#invalid", "2:1: a briefing is a mapping"),
    "CVW2": ("---\n[ a, b, c,#invalid\n]", "2:1: a briefing is a mapping"),
    "DK95-01": ('foo: "bar\n\tbaz"', "1:1: missing schema_version"),
    "EB22": (
        "---\nscalar1 # comment\n%YAML 1.2\n---\nscalar2",
        "3:1: a briefing is one YAML document",
    ),
    "G5U8": ("---\n- [-, -]", "2:1: a briefing is a mapping"),
    "MUS6-00": ("%YAML 1.1#...\n---", "3:1: a briefing is a mapping"),
    "MUS6-01": ("%YAML 1.2\n---\n%YAML 1.2\n---", "3:1: a briefing is one YAML document"),
    "QB6E": ('---\nquoted: "a\nb\nc"', "2:1: missing schema_version"),
    "RHX7": ("---\nkey: value\n%YAML 1.2\n---", "3:1: a briefing is one YAML document"),
    "S98Z": ("empty block scalar: >\n \n  \n   \n # comment", "1:1: missing schema_version"),
    "SU5Z": ('key: "value"# invalid comment', "1:1: missing schema_version"),
    "X4QW": ("block: ># comment\n  scalar", "1:1: missing schema_version"),
    "Y79Y-003": ("- [\n\tfoo,\n foo\n ]", "1:1: a briefing is a mapping"),
    "YJV2": ("[-]", "1:1: a briefing is a mapping"),
}

# Valid YAML, each refused for a reason that must stay clear.
SUITE_VALID = {
    "2XXW": (
        "--- !!set\n? Mark McGwire\n? Sammy Sosa\n? Ken Griff",
        "1:5: YAML tag tag:yaml.org,2002:set is not allowed",
    ),
    "J7PZ": (
        "--- !!omap\n- Mark McGwire: 65\n- Sammy Sosa: 63",
        "1:5: YAML tag tag:yaml.org,2002:omap is not allowed",
    ),
    "LX3P": ("[flow]: block", "1:1: a key must be text, not a list"),
    "Q9WF": ("{ first: Sammy, last: Sosa }:\n  hr: 65", "1:1: a key must be text, not a mapping"),
    "M5DY": (
        "? - Detroit Tigers\n  - Chicago cubs\n:\n  - 2001-07-23\n\n"
        "? [ New York Yankees,\n    Atlanta Braves ]\n: [ 2001-07-02, 2001-08-12 ]",
        "1:1: missing schema_version",
    ),
    "CC74": (
        '%TAG !e! tag:example.com,2000:app/\n---\n!e!foo "bar"',
        "3:1: YAML tag tag:example.com,2000:app/foo is not allowed",
    ),
    "UGM3": (
        "--- !<tag:clarkevans.com,2002:invoice>\ninvoice: 34843\nbill-to: &id001\n"
        "    given  : Chris\nship-to: *id001",
        "1:5: YAML tag tag:clarkevans.com,2002:invoice is not allowed",
    ),
    "6ZKB": (
        "Document\n---\n# Empty\n...\n%YAML 1.2\n---\nmatches %: 20",
        "2:1: a briefing is one YAML document; found a second",
    ),
    "2LFX": (
        '%FOO  bar baz # Should be ignored\n              # with a warning.\n---\n"foo"',
        "1:5: invalid YAML: found unknown directive name",
    ),
    "W5VH": (
        'a: &:@*!$"<foo>: scalar a\nb: *:@*!$"<foo>:',
        "1:5: invalid YAML: did not find expected alphabetic or numeric character",
    ),
    "229Q": ("-\n  name: Mark McGwire\n  hr:   65", "1:1: a briefing is a mapping"),
    "4ABK": (
        '{\nunquoted : "separate",\nhttp://foo.com,\nomitted value:,\n}',
        "4:14: invalid YAML: found unexpected ':'",
    ),
    "KK5P": ("complex1:\n  ? - a\ncomplex2:\n  ? - a\n  : b", "1:1: missing schema_version"),
    # A top level that is a list is refused at its first event, before the rest is read.
    "6BCT": ("- foo:\t bar\n- - baz\n  -\tbaz", "1:1: a briefing is a mapping"),
    "7BMT": (
        "---\ntop1: &node1\n  &k1 key1: one\ntop2: *node1\ntop3: *k1",
        "2:1: missing schema_version",
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"), LIBYAML_ACCEPTS_INVALID.values(), ids=list(LIBYAML_ACCEPTS_INVALID)
)
def test_suite_invalid_documents_libyaml_accepts(text: str, expected: str) -> None:
    lines = refusal(text.encode()).lines()
    assert lines[0].startswith(f"{NAME}:{expected}"), lines


@pytest.mark.parametrize(("text", "expected"), SUITE_VALID.values(), ids=list(SUITE_VALID))
def test_suite_valid_documents(text: str, expected: str) -> None:
    lines = refusal(text.encode()).lines()
    assert lines[0].startswith(f"{NAME}:{expected}"), lines


def test_suite_empty_document() -> None:  # AVM7: "---\n...\n" is no more than nothing
    assert refusal(b"\n").lines() == [f"{NAME}: is empty"]
    [line] = refusal(b"---\n...\n").lines()
    assert line.startswith(f"{NAME}:2:1: a briefing is a mapping"), line
    assert line.endswith("found nothing (null)"), line


# -- 4. limits hold, in bounded time ----------------------------------------------------


def timed_refusal(data: str | bytes, what: str) -> list[str]:
    """Load `data` within LIMIT seconds; it must be refused; return its error lines."""

    def attempt() -> list[str]:
        try:
            parse(decode(NAME, data if isinstance(data, bytes) else data.encode()))
        except BriefingError as error:
            check_error(error, None)
            return error.lines()
        raise AssertionError(f"{what}: accepted")

    lines: list[str] = bounded(LIMIT, what, attempt)
    return lines


def test_200k_aliases() -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 200_000) + "]\n"
    [line] = timed_refusal(text, "200k aliases")
    # Refused by what the aliases produce, not by how many there are.
    assert line == (
        f"{NAME}:2:{4 + 4 * MAX_ALIAS_EXPANSION + 1}: b[{MAX_ALIAS_EXPANSION}]: "
        f"aliases expand to more than {MAX_ALIAS_EXPANSION} values (an alias bomb?)"
    )


def test_200k_aliases_in_block_style() -> None:
    text = "a: &a x\nb:\n" + "- *a\n" * 200_000
    [line] = timed_refusal(text, "200k aliases")
    assert line.endswith(
        f"b[{MAX_ALIAS_EXPANSION}]: aliases expand to more than {MAX_ALIAS_EXPANSION} values"
        " (an alias bomb?)"
    )


def test_billion_laughs() -> None:
    lines = ['lol: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    [line] = timed_refusal("\n".join(lines) + "\n", "billion laughs")
    assert line.endswith(
        f"aliases expand to more than {MAX_ALIAS_EXPANSION} values (an alias bomb?)"
    )
    assert re.match(rf"{NAME}:\d+:\d+: a\d\[\d\]: ", line), line


def test_alias_bomb_made_of_mappings() -> None:
    lines = ["a0: &a0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}"]
    lines += [
        f"a{i}: &a{i} {{{', '.join(f'k{j}: *a{i - 1}' for j in range(8))}}}" for i in range(1, 12)
    ]
    [line] = timed_refusal("\n".join(lines) + "\n", "alias bomb of mappings")
    assert "an alias bomb?" in line


def test_text_aliased_many_times_is_refused() -> None:
    # Alias expansion counts characters too: a 100 KB text aliased 999 times would be
    # 100 MB of text, to render, from a 110 KB file.
    big = "w " * 50_000
    aliases = ", ".join(["*big"] * 999)
    text = MINIMAL_TEXT.replace(
        "    aliases: [The Council, HTC]", f"    aliases: [&big '{big}', {aliases}]"
    )
    lines = timed_refusal(text, "a long text aliased 999 times")
    assert any(
        line.endswith(f"more than {MAX_ALIAS_TEXT:,} characters of text (an alias bomb?)")
        for line in lines
    ), lines


def test_10_mb_scalar() -> None:
    [line] = timed_refusal("a: " + "x" * 10_000_000 + "\n", "10 MB scalar")
    assert line == f"{NAME}:1:1: missing schema_version (this raqqa reads schema_version: 1 or 2)"


def test_10_mb_scalar_in_a_briefing_loads() -> None:
    text = MINIMAL_TEXT.replace(
        "    venue: Town hall", '    venue: "' + "Town hall " * 1_000_000 + '"'
    )
    briefing = bounded(LIMIT, "10 MB venue", lambda: parse(decode(NAME, text.encode())))
    assert len(briefing.statements[0].venue) == 10_000_000


def test_10_mb_key() -> None:
    [line] = timed_refusal("x" * 10_000_000 + ": 1\n", "10 MB key")
    assert line.startswith(f"{NAME}:1:10000001: invalid YAML: ")


def test_unclosed_10_mb_quote() -> None:
    [line] = timed_refusal('a: "' + "x " * 5_000_000, "unclosed quote")
    assert "found unexpected end of stream" in line


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "{a: " * 100_000 + "}" * 100_000,
        "[{" * 50_000 + "}]" * 50_000,
        "- " * 100_000 + "x\n",
        "? " * 100_000 + "x\n",
        "a:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(3_000)) + " " * 3_001 + "x\n",
        "".join(" " * i + "- \n" for i in range(0, 6_000, 2)),
        "a: " + "[" * 100_000,  # never closed
    ],
    ids=["flow lists", "flow maps", "mixed flow", "block lists", "complex keys", "indentation",
         "indented lists", "unclosed"],
)  # fmt: skip
def test_deep_nesting(text: str) -> None:
    [line] = timed_refusal(text, "deep nesting")
    assert (
        line.endswith(f"nesting deeper than {MAX_DEPTH} levels")
        or "invalid YAML" in line
        # a list at the top is refused at its first event, before its depth is known
        or line == f"{NAME}:1:1: {NOT_A_MAPPING}; found a list"
    )


def test_1_mb_line_of_keys() -> None:
    keys = ", ".join(f"k{i}: 1" for i in range(100_000))
    [line] = timed_refusal("{" + keys + "}\n", "1 MB of keys")
    assert line == f"{NAME}:1:1: missing schema_version (this raqqa reads schema_version: 1 or 2)"


def test_1_mb_line_of_unknown_fields_in_a_briefing() -> None:
    keys = ", ".join(f"k{i}: 1" for i in range(100_000))
    data = yaml.safe_load(MINIMAL_TEXT)
    flow = json.dumps(data, default=str)[1:-1]  # JSON is flow YAML
    lines = timed_refusal("{" + flow + ", " + keys + "}\n", "1 MB of unknown fields")
    # The first thousand are kept and located, the other 99,000 counted: kept, 100,000
    # problems took more memory than the file.
    assert len(lines) == MAX_PROBLEMS + 1
    kept = lines[:-1]
    assert all(re.match(rf"{NAME}:1:\d+: k\d+: unknown field 'k\d+'", line) for line in kept)
    assert lines[-1].startswith(f"{NAME}: and 99,000 more problems not listed")


def test_1_mb_single_key() -> None:
    [line] = timed_refusal("a" * 1_000_000 + ": b\n", "1 MB key")
    assert line.startswith(f"{NAME}:1:1000001: invalid YAML: ")


def test_many_dangling_references() -> None:
    # Each dangling reference looks for a near miss among all ids: 1,000 of each, 80 KB.
    sources = "".join(
        f"  - id: src-{i:05d}\n    title: t\n    publisher: p\n    kind: article\n"
        for i in range(1_000)
    )
    cites = ", ".join(f"src-{i:05d}x" for i in range(1_000))
    text = MINIMAL_TEXT.replace("sources:\n", "sources:\n" + sources, 1).replace(
        "    cites: [src-wire]", f"    cites: [{cites}]"
    )
    lines = timed_refusal(text, "1,000 dangling references")
    assert len(lines) == 1_000


def test_many_unknown_kinds() -> None:
    entries = "".join(
        f"  - id: src-{i:05d}\n    title: t\n    publisher: p\n    kind: artcle{i}\n"
        for i in range(20_000)
    )
    lines = timed_refusal(
        MINIMAL_TEXT.replace("sources:\n", "sources:\n" + entries, 1), "20,000 bad kinds"
    )
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].startswith(f"{NAME}: and 19,000 more problems not listed")


def test_100k_anchors_and_long_names() -> None:
    timed_refusal("".join(f"k{i}: &a{i} v\n" for i in range(100_000)), "100k anchors")
    timed_refusal("a: &" + "x" * 1_000_000 + " v\nb: *" + "x" * 1_000_000 + "\n", "long anchor")
    timed_refusal("a: !" + "x" * 1_000_000 + " v\n", "long tag")


def test_a_file_at_the_size_limit_is_read_in_time(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"a: " + b"x" * (load.MAX_FILE_BYTES - 4) + b"\n")

    def attempt() -> list[str]:
        try:
            load.load_briefing(str(path), use_cache=False)
        except BriefingError as error:
            return error.lines()
        raise AssertionError("accepted")

    [line] = bounded(LIMIT, "64 MiB file", attempt)
    assert line.endswith("missing schema_version (this raqqa reads schema_version: 1 or 2)")
