"""Properties of the loader: whatever it is given, a briefing or located one-line errors.

Never any other exception, never a multi-line message, never a problem without a place.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from raqqa_cli.briefing.load import Text, decode, parse
from raqqa_cli.briefing.lookup import Matcher, fold
from raqqa_cli.briefing.model import Briefing
from raqqa_cli.errors import BriefingError
from tests.conftest import MINIMAL

MINIMAL_DATA: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))


def outcome(text: str) -> Briefing | BriefingError:
    """What the loader makes of `text`, asserting the error contract on the way."""
    try:
        return parse(Text("fuzz.yaml", text))
    except BriefingError as error:
        assert error.problems
        for line in error.lines():
            assert line.startswith("fuzz.yaml")
            assert "\n" not in line and "\r" not in line
        return error


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    outcome(text)


@settings(max_examples=200)
@given(st.binary())
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        text = decode("fuzz.yaml", data)
    except BriefingError as error:
        assert len(error.lines()) == 1
        return
    outcome(text.text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2017-02-30", "2017-13", "NO", "yes", "~", "act-mayor", "src-desk", "-1"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `data`."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


ALL_PATHS = paths(MINIMAL_DATA)[1:]


@st.composite
def mutated_briefings(draw: st.DrawFn) -> str:
    data = copy.deepcopy(MINIMAL_DATA)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["drop", "replace", "duplicate", "add"]))
            last = path[-1]
            if action == "drop":
                del parent[last]
            elif action == "replace":
                parent[last] = draw(values)
            elif action == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[last]))
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=12))] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_briefings())
def test_mutated_briefings(text: str) -> None:
    result = outcome(text)
    if isinstance(result, BriefingError):
        for problem in result.problems:
            assert problem.line is not None, problem


def test_unmutated_minimal_round_trips() -> None:
    text = yaml.safe_dump(MINIMAL_DATA, allow_unicode=True, sort_keys=False)
    # safe_load made dates into date objects; dumped again they are plain dates.
    assert isinstance(outcome(text), Briefing)


@given(st.text())
def test_folding_ascii_by_lower_casing_changes_nothing(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c))
    assert fold(text) == "".join(c for c in kept if unicodedata.category(c) != "Cf").casefold()


@given(st.text(max_size=60), st.text(min_size=1, max_size=5))
def test_highlighted_spans_hold_what_was_searched_for(text: str, needle: str) -> None:
    assume(fold(needle).strip())
    asked = needle.strip()  # the spaces around a query are not part of it
    for start, end in Matcher(needle).spans(text):
        assert 0 <= start < end <= len(text)
        assert fold(asked) in fold(text[start:end])
        # A match starts a word: never the inside of one ("crisis" for isis).
        if asked[:1].isalnum() and start > 0:
            assert not (text[start - 1].isalnum() or text[start - 1] == "_"), (text, start)


WORDS = st.text(alphabet="abcIS Isxyz-", min_size=1, max_size=40)


@given(WORDS, st.sampled_from(["IS", "ISIS", "UN", "SDF"]))
def test_an_acronym_matches_whole_words_only(text: str, acronym: str) -> None:
    """A query in capitals names something whole: `IS` is never the word "is", nor the
    start of "ISx"; `ISIS` never the end of "crisis"."""
    import re

    whole = re.escape(acronym) if len(acronym) <= 3 else re.escape(acronym.lower())
    haystack = text if len(acronym) <= 3 else text.lower()
    expected = re.search(rf"(?<!\w){whole}(?!\w)", haystack) is not None
    assert Matcher(acronym)(text) is expected


def test_words_match_from_their_start() -> None:
    assert Matcher("Fall")("Michael Fallon said")
    assert not Matcher("allon")("Michael Fallon said")
    assert not Matcher("isis")("the humanitarian crisis")
    assert not Matcher("ISIS")("the humanitarian crisis")
    assert Matcher("ISIS")("fighters of Isis")  # four capitals and more: any case
    assert not Matcher("IS")("this is it") and Matcher("IS")("fighters of IS")
    assert Matcher("660")("more than 660,000") and Matcher("000")("660,000")
    assert Matcher("£10")("about £10 million")


NAMES = st.sampled_from(
    ["IS", "Isil", "Daesh", "Islamic State", "UN", "S\u00e9rgio", "e\u0301t\u00e9"]
)


@settings(max_examples=300)
@given(
    text=st.lists(st.one_of(NAMES, st.text(max_size=4)), max_size=8).map(" ".join),
    needle=NAMES,
    aliases=st.lists(NAMES, max_size=3).map(tuple),
)
def test_the_quick_pretest_never_turns_a_match_away(
    text: str, needle: str, aliases: tuple[str, ...]
) -> None:
    """The substring test before the patterns only skips them where they cannot match."""
    matcher = Matcher(needle, aliases)
    folded = fold(text)
    pattern = matcher._on_folded  # None for a short acronym, matched as written only
    on_folded = pattern is not None and pattern.search(folded) is not None
    per_character = (
        [] if pattern is None else [m.span() for m in pattern.finditer("".join(map(fold, text)))]
    )
    written = matcher._as_written is not None and matcher._as_written.search(text) is not None
    assert matcher(text) == (on_folded or written)
    assert bool(matcher.spans(text)) == (bool([s for s in per_character if s[0] < s[1]]) or written)


# An entry's fields, as a haystack walks them: text (any, NUL, marks and format characters
# included), a list of text, or a nested record (a tuple of text).
_FIELD = st.one_of(
    st.text(max_size=30), st.none(), st.tuples(st.text(max_size=12), st.text(max_size=12))
)


@given(
    entries=st.lists(st.lists(_FIELD, max_size=4).map(tuple), max_size=6),
    needle=st.text(min_size=1, max_size=8),
    aliases=st.lists(st.text(min_size=1, max_size=8), max_size=3),
    around=st.tuples(st.text(max_size=6), st.text(max_size=6)),
    planted_in=st.sets(st.integers(0, 6), min_size=1, max_size=3),
    first=st.booleans(),
)
def test_no_entry_with_a_field_that_matches_is_turned_away(
    entries: list[tuple[object, ...]],
    needle: str,
    aliases: list[str],
    around: tuple[str, str],
    planted_in: set[int],
    first: bool,
) -> None:
    """`Matcher.candidates` over a briefing's haystack (every entry's strings in one
    text, `briefing/haystack.py`) leaves out only entries none of whose strings matches:
    search and links walk the candidates alone, so a false "no" would lose a hit. The
    needle (in another case) is put inside a field of some entries, neighbours among
    them, first or last (where one entry's text meets the next's), so most examples
    match; `part` gives each entry's own strings back."""
    from raqqa_cli.briefing.haystack import entry_text, haystack_of
    from raqqa_cli.briefing.lookup import Matcher

    assume(needle.strip())
    before, after = around
    planted = (f"{before}{needle.swapcase()}{after}",)
    entries.extend(() for _ in range(max(0, max(planted_in) + 1 - len(entries))))
    for number in planted_in:
        entries[number] = planted + entries[number] if first else entries[number] + planted
    matcher = Matcher(needle, tuple(a for a in aliases if a.strip()))
    haystack = haystack_of(entries)
    candidates = matcher.candidates(haystack)
    assert candidates == sorted(set(candidates))
    for number, entry in enumerate(entries):
        assert haystack.part(number) == entry_text(entry)
        assert haystack.folded.part(number) == fold(entry_text(entry))
        strings = [v for f in entry for v in (f if isinstance(f, tuple) else (f,)) if v]
        if any(matcher(text) for text in strings):
            assert number in candidates


@given(st.text())
def test_folding_drops_marks_and_format_characters_as_written_out(text: str) -> None:
    """`fold`'s table (`str.translate`, each character decided once) folds as the plain
    rule reads: decomposed, no combining mark, no format character, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    ).casefold()
    assert fold(text) == expected
    assert fold(text) == expected  # and again, from the table's memory


_NAME = st.one_of(
    st.text(min_size=1, max_size=12),
    st.sampled_from(
        ["IS", "Isil", "Fallon", "Michael", "Michael Fallon", "Sérgio", "A\0B", "é", "\u0301"]
    ),
)


@given(
    actors=st.lists(st.tuples(_NAME, st.lists(_NAME, max_size=3)), min_size=0, max_size=6),
    asked=_NAME,
)
@example(actors=[("Fallon", []), ("Michael Fallon", [])], asked="Michael")
@example(actors=[("Sergio", ["Fallon"]), ("Sérgio Fallon", [])], asked="serg")
def test_names_are_found_as_a_name_by_name_reading_finds_them(
    actors: list[tuple[str, list[str]]], asked: str
) -> None:
    """`Index.find_named` reads every name of a section in one folded text; it finds what
    reading the names one by one finds: the whole name, else a whole word of one (four
    letters up), else the start of a word. Any names: accents, marks alone, NULs."""
    import re

    from raqqa_cli.briefing.lookup import Index, names_of
    from raqqa_cli.briefing.model import Actor

    entries = tuple(
        Actor(id=f"act-{n}", name=name, kind="person", source="src-x", aliases=tuple(aliases))
        for n, (name, aliases) in enumerate(actors)
    )
    briefing = MINIMAL_BRIEFING._replace(actors=entries)
    needle = fold(asked.strip())

    def named(test: Any) -> list[Actor]:
        return [e for e in entries if any(test(fold(n)) for n in names_of(e))]

    expected: list[Actor] = []
    if needle:
        expected = named(lambda name: name == needle)
        if not expected and len(needle) > 3:
            word = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
            expected = named(lambda name: word.search(name) is not None)
            if not expected:
                start = re.compile(rf"(?<!\w){re.escape(needle)}")
                expected = named(lambda name: start.search(name) is not None)
    assert Index(briefing).find_named(asked, Actor) == expected
    # And who goes by a name exactly (`actor_called`): one actor, or none where several do.
    called = [e for e in entries if asked and needle in {fold(n) for n in names_of(e)}]
    found = Index(briefing).actor_called(asked)
    assert found == (called[0] if len(called) == 1 else None)


MINIMAL_BRIEFING = parse(Text("minimal.yaml", MINIMAL.read_text(encoding="utf-8")))


@given(st.data())
def test_entries_by_number_are_those_listed_at_those_places(data: st.DataObject) -> None:
    """`entries_numbered` finds the entries a search's candidates number, section by
    section: the same as listing every entry (`entries_of`) and taking those places, on
    briefings with empty sections among full ones."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.model import SECTIONS, entries_numbered, entries_of

    briefing = load_briefing(None)
    emptied = data.draw(st.sets(st.sampled_from(SECTIONS)))
    briefing = briefing._replace(**{section: () for section in emptied})
    listed = list(entries_of(briefing))
    numbers = sorted(data.draw(st.sets(st.integers(0, max(0, len(listed) - 1)))))
    numbers = [n for n in numbers if n < len(listed)]
    assert list(entries_numbered(briefing, numbers)) == [listed[n] for n in numbers]
