# ruff: noqa: E501  (ARTICLE_FACTS rows quote the article's words whole, one row a line)
"""Fidelity of the embedded briefing to the article it is built from (issue 22).

What an outsider can check without the project's notes: the article's archived text
(`data/sources/src-article.txt`, next to the briefing) and the briefing itself, loaded as the
CLI loads it.

- The article's numbers, dates and quoted words (ARTICLE_FACTS) are in its archived text,
  word for word, and the entries that cite the article carry them.
- An entry sourced to the article carries no date, place, name, title or venue that the
  article's text does not hold, unless its note says so. A date must be pinned by a row of
  ARTICLE_FACTS for that entry and field whose words write it; a place by PLACE_EVIDENCE;
  names, titles, venues and speakers must be in the text. The exception: the note contains
  `not in the article:` followed by the detail (the date as written in the file, the place's
  id, the name or title as written) and why it is there. A place is where something happened
  or is, not what it is about: an entry sourced to the article may carry one only where the
  article itself places it (PLACE_EVIDENCE) or its note makes the exception.
- Known faults stay fixed: nobody said Raqqa was "fully cleared"; the Geneva speech is placed
  in Geneva; announcements are not placed in what they announce; Stewart's words are his,
  the newspaper's framing the article's; "increasingly likely" is a trend, not a step.

Each check is a function returning its problems, so the tests can also show that a briefing
with a known fault re-introduced fails it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from raqqa_cli.briefing import model
from raqqa_cli.briefing.load import embedded_briefing, load_briefing
from raqqa_cli.briefing.quotes import normalise_quoted

EXCEPTION_MARK = "not in the article:"

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

SECTIONS = (
    "actors", "places", "issues", "statements", "packages", "pledges",
    "reactions", "figures", "events", "assessments", "errata",
)  # fmt: skip
DATE_FIELDS = ("date", "reported", "since", "as_of", "period_start", "period_end")
NAME_FIELDS = ("name", "title", "venue")
ACTOR_FIELDS = ("speaker", "actor", "claimant")

# (the article's words, the entry that cites the article for them, its field, what the field
# holds: a number or date is compared exactly, text must occur in the field's text)
ARTICLE_FACTS: list[tuple[str, str, str, Any]] = [
    ("between 1,130 and 1,873 civilians were killed", "fig-civilian-deaths-activists", "low", 1130),
    ("between 1,130 and 1,873 civilians were killed", "fig-civilian-deaths-activists", "high", 1873),
    ("Syrian activists say", "fig-civilian-deaths-activists", "claimant", "act-syrian-activists"),
    ("Syrian activists say", "rx-syrian-activists", "actor", "act-syrian-activists"),
    ("the estimated 850 Britons", "fig-britons-went", "value", 850),
    ("the estimated 850 Britons", "fig-britons-went", "qualifier", "estimated"),
    ("Around half of the estimated 850 Britons", "fig-britons-back-share", "value", 50),
    ("Around half of the estimated 850 Britons", "fig-britons-back-share", "qualifier", "about"),
    ("since 2012", "aid-relief-packages-since-2012", "since", "2012"),
    ("more than 660,000 lifesaving relief packages", "aid-relief-packages-since-2012", "quantity", 660000),
    ("more than 660,000 lifesaving relief packages", "aid-relief-packages-since-2012", "qualifier", "more than"),
    ("provide 145,000 medical consultations", "pl-consultations", "quantity", 145000),
    ("psychological support for 1,600 people", "pl-psychological-support", "quantity", 1600),
    ("with 31,000 relief kits", "pl-relief-kits", "quantity", 31000),
    ("clean water for 15,000 people", "pl-clean-water", "quantity", 15000),
    ("with 1,000 clean delivery kits", "pl-delivery-kits", "quantity", 1000),
    ("This £10 million package of support", "pkg-raqqa-2017", "amount", 10000000),
    ("This £10 million package of support", "pkg-raqqa-2017", "currency", "GBP"),
    ("This £10 million package of support", "pkg-raqqa-2017", "title", "£10 million package of support"),
    ("Priti Patel announced on the 22th October 2017", "st-patel-announcement", "date", "2017-10-22"),
    ("Priti Patel announced on the 22th October 2017", "pkg-raqqa-2017", "date", "2017-10-22"),
    ("Priti Patel announced on the 22th October 2017", "ev-patel-announcement", "date", "2017-10-22"),
    *[
        ("Priti Patel announced on the 22th October 2017", pledge, "date", "2017-10-22")
        for pledge in (
            "pl-mine-clearance", "pl-hospitals", "pl-consultations", "pl-psychological-support",
            "pl-relief-kits", "pl-clean-water", "pl-delivery-kits",
        )
    ],
    # "now believed": the figures are as of the article's own date, its dateline
    ("News 24 Oct 2017", "fig-britons-went", "as_of", "2017-10-24"),
    ("News 24 Oct 2017", "fig-britons-back-share", "as_of", "2017-10-24"),
    ("Source – BBC News – reported 23rd October 2017", "rx-russia", "reported", "2017-10-23"),
    ("Source – BBC News – reported 23rd October 2017", "st-konashenkov-raqqa", "reported", "2017-10-23"),
    ("Source – BBC News – reported 23rd October 2017", "ev-bbc-report", "date", "2017-10-23"),
    ("News 24 Oct 2017", "ev-article-published", "date", "2017-10-24"),
    ("UN said in June", "st-un-staggering", "date", "2017-06"),
    ("UN said in June", "rx-un-june", "date", "2017-06"),
    ("UN said in June", "ev-un-staggering", "date", "2017-06"),
    ("Raqqa has been ‘wiped off the face of the earth’", "rx-russia", "quote", "wiped off the face of the earth"),
    ("comparing it to images of post-WWII Dresden", "rx-russia", "claim", "post-WWII Dresden"),
    ("there had been a “staggering” loss of life", "st-un-staggering", "quote", "staggering"),
    ("there had been a “staggering” loss of life", "rx-un-june", "quote", "staggering"),
    ("the only way of dealing with them is to kill them \"in almost every case\"", "st-stewart-kill", "quote", "in almost every case"),
    ("Major Igor Konashenkov said the West", "st-konashenkov-raqqa", "paraphrase", "Major Igor Konashenkov said the West"),
    ("Secretary of Defense, Michael Fallon", "st-fallon-momentum", "paraphrase", "Secretary of Defense"),
    ("has said his mission is to ensure every foreign Isil fighter in Syria dies in Syria", "st-mcgurk-dies-in-syria", "paraphrase", "every foreign Isil fighter in Syria dies in Syria"),
    ("it is moving increasingly in the direction of becoming an insurgency", "as-insurgency", "judgement", "moving increasingly in the direction of becoming an insurgency"),
    ("it is moving increasingly in the direction of becoming an insurgency", "as-insurgency", "trend", "increasing"),
    ("Asymmetric attacks are likely to increase in frequency", "as-asymmetric-attacks", "words", "likely"),
    ("are likely to remain attracted", "as-foreign-fighters", "words", "likely"),
    ("it is very likely that these areas will become breeding grounds", "as-breeding-grounds", "words", "very likely"),
    ("Isil is also likely to step up activating its supporters", "as-opportunistic-attacks", "words", "likely"),
    ("This becomes increasingly likely", "as-opportunistic-attacks-trend", "words", "increasingly likely"),
    ("This becomes increasingly likely", "as-opportunistic-attacks-trend", "trend", "increasing"),
    ("the terrorist group will put up a fierce fight", "as-fierce-fight", "words", "will"),
    ("Isil will transform and give birth to different offshoots", "as-offshoots", "words", "will"),
    ("others have pointed out", "as-sdf-deals", "holder", "others"),
    ("Some see the liberation of Raqqa", "as-assad-not-partner", "holder", "some"),
    ("There are fears more will follow", "as-more-returnees", "holder", "there are fears"),
    ("Keeping up the momentum of the fight against Isil", "iss-momentum", "title", "Keeping up the momentum of the fight against Isil"),
    ("Dealing with foreign Isil fighters", "iss-foreign-fighters", "title", "Dealing with foreign Isil fighters"),
    ("Curbing the threat of terrorism at home", "iss-terror-at-home", "title", "Curbing the threat of terrorism at home"),
    ("Humanitarian crisis in Raqqa", "iss-humanitarian", "title", "Humanitarian crisis in Raqqa"),
    ("on the issues in Raqqa in the House of Commons", "st-swire-to-burt", "venue", "House of Commons"),
]  # fmt: skip

# Entries sourced to the article whose place the article itself gives: the words that place
# them (each must name the place, by its name or an alias).
PLACE_EVIDENCE = {
    "st-swire-to-burt": "on the issues in Raqqa in the House of Commons",
    "aid-relief-packages-since-2012": "hygiene kits in Raqqah alone",
    "fig-britons-back-share": "are now believed to be back in the UK",
}

# Things said or announced somewhere other than what they are about: no place from the
# article or a press release; the speech to the Human Rights Council is in Geneva.
UNPLACED = (
    "ev-un-staggering",
    "ev-patel-announcement",
    "ev-evacuation-announced",
    "st-un-staggering",
)
PLACED = {"ev-pinheiro-statement": "plc-geneva", "st-pinheiro-staggering": "plc-geneva"}


# --------------------------------------------------------------------------------------------
# What the checks read


@pytest.fixture(scope="module")
def briefing() -> model.Briefing:
    return load_briefing(use_cache=False)


def archived_text(briefing: model.Briefing, source_id: str) -> str:
    """A source's archived text, from the folder of the embedded briefing."""
    source = next(source for source in briefing.sources if source.id == source_id)
    assert source.archive is not None, f"{source_id} has no archive"
    return (Path(embedded_briefing()).parent / source.archive).read_text(encoding="utf-8")


def article(briefing: model.Briefing) -> str:
    return normalise_quoted(archived_text(briefing, briefing.briefing.source))


def has_words(text: str, words: str, *, case: bool = False) -> bool:
    """`words` in `text` as whole words, quotation marks and whitespace normalised."""
    pattern = r"(?<!\w)" + re.escape(normalise_quoted(words)) + r"(?!\w)"
    return re.search(pattern, normalise_quoted(text), 0 if case else re.IGNORECASE) is not None


def entries(briefing: model.Briefing) -> Iterator[tuple[str, Any]]:
    for section in SECTIONS:
        for entry in getattr(briefing, section):
            yield section, entry


def by_id(briefing: model.Briefing) -> dict[str, Any]:
    found = {entry.id: entry for _, entry in entries(briefing)}
    found.update({source.id: source for source in briefing.sources})
    return found


def from_article(briefing: model.Briefing) -> Iterator[tuple[str, Any]]:
    for section, entry in entries(briefing):
        if section != "errata" and entry.source == briefing.briefing.source:
            yield section, entry


def excepted(entry: Any, detail: str) -> bool:
    """Whether the entry's note names `detail` as not in the article (after the mark)."""
    note = getattr(entry, "note", None) or ""
    at = note.find(EXCEPTION_MARK)
    return at >= 0 and detail in note[at + len(EXCEPTION_MARK) :]


def date_in_text(text: str, value: str, published_year: str) -> bool:
    """A date is in the article when the article writes it at its precision: a year as its
    digits; a month by its name, with the year or in the article's own year (its dateline's);
    a day as day, month (name or first three letters) and year ("22th October 2017")."""
    parts = value.split("-")
    year = parts[0]
    if len(parts) == 1:
        return re.search(rf"\b{year}\b", text) is not None
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        named = re.search(rf"\b{month}\b", text) is not None
        return named and (year == published_year or has_words(text, f"{month} {year}"))
    day = int(parts[2])
    pattern = rf"\b{day}(?:st|nd|rd|th)?\s+(?:{month}|{month[:3]})\.?\s+{year}\b"
    return re.search(pattern, text) is not None


def names_of(briefing: model.Briefing, ref: str) -> list[str]:
    entry = by_id(briefing)[ref]
    return [entry.name, *entry.aliases]


# --------------------------------------------------------------------------------------------
# The checks, each a list of problems


def detail_problems(briefing: model.Briefing) -> list[str]:
    """Dates, names, titles, venues and speakers on entries sourced to the article that the
    article does not hold and the entry's note does not excuse."""
    text = article(briefing)
    published = str(briefing.briefing.published)[:4]
    problems = []
    pinned: dict[tuple[str, str], list[str]] = {}
    for words, entry_id, field, _ in ARTICLE_FACTS:
        pinned.setdefault((entry_id, field), []).append(words)
    for section, entry in from_article(briefing):
        for field in DATE_FIELDS:
            value = getattr(entry, field, None)
            if value is None or excepted(entry, str(value)):
                continue
            rows = [w for w in pinned.get((entry.id, field), []) if has_words(text, w)]
            if not any(date_in_text(normalise_quoted(w), str(value), published) for w in rows):
                problems.append(f"{section} {entry.id}: {field} {value} is not the article's")
        for field in NAME_FIELDS:
            value = getattr(entry, field, None)
            if value is None:
                continue
            if not has_words(text, value) and not excepted(entry, value):
                problems.append(f"{section} {entry.id}: {field} {value!r} is not in the article")
        for field in ACTOR_FIELDS:
            ref = getattr(entry, field, None)
            if ref is None:
                continue
            names = names_of(briefing, ref)
            if not any(has_words(text, name) for name in names) and not excepted(entry, ref):
                problems.append(f"{section} {entry.id}: {field} {ref} is not named in the article")
    return problems


def place_problems(briefing: model.Briefing) -> list[str]:
    """Places on entries sourced to the article that the article does not give them."""
    text = article(briefing)
    problems = []
    for section, entry in from_article(briefing):
        place = getattr(entry, "place", None)
        if place is None or excepted(entry, place):
            continue
        words = PLACE_EVIDENCE.get(entry.id)
        if words is None:
            problems.append(f"{section} {entry.id}: place {place} is not where the article puts it")
        elif not has_words(text, words):
            problems.append(f"{section} {entry.id}: the words placing it are not in the article")
        elif not any(has_words(words, name) for name in names_of(briefing, place)):
            problems.append(f"{section} {entry.id}: {words!r} does not name {place}")
    return problems


def placement_problems(briefing: model.Briefing) -> list[str]:
    """Statements placed where they were made, not where they are about."""
    found = by_id(briefing)
    problems = []
    for entry_id in UNPLACED:
        place = getattr(found[entry_id], "place", None)
        if place is not None:
            problems.append(
                f"{entry_id}: placed in {place}, but the place it was said is not known"
            )
    for entry_id, place in PLACED.items():
        if found[entry_id].place != place:
            problems.append(f"{entry_id}: placed in {found[entry_id].place}, not {place}")
    for section in ("events", "statements"):
        for entry in getattr(briefing, section):
            said = " ".join(
                filter(None, (getattr(entry, "what", None), getattr(entry, "venue", None)))
            )
            if "Human Rights Council" in said and entry.place == "plc-raqqa":
                problems.append(f"{entry.id}: a speech to the Human Rights Council placed in Raqqa")
    return problems


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):  # records and tuples of them
        for item in value:
            yield from strings_in(item)


def fully_cleared_problems(briefing: model.Briefing) -> list[str]:
    """Nobody in the record declared Raqqa "fully cleared" on 17 October: the SDF announced
    "full control", the Syrian Observatory said "completely" cleared."""
    problems = []
    for section in ("sources", *SECTIONS):
        for entry in getattr(briefing, section):
            if any("fully cleared" in text.lower() for text in strings_in(entry)):
                problems.append(f'{section} {entry.id} says "fully cleared"')
    return problems


# --------------------------------------------------------------------------------------------
# (a) The article's numbers, dates and quoted words


@pytest.mark.parametrize(("words", "entry_id", "field", "value"), ARTICLE_FACTS)
def test_article_fact_is_in_the_article_and_the_entry(
    briefing: model.Briefing, words: str, entry_id: str, field: str, value: Any
) -> None:
    assert has_words(article(briefing), words, case=True), f"not in the article: {words!r}"
    found = by_id(briefing)
    assert entry_id in found, f"no entry {entry_id}"
    entry = found[entry_id]
    assert entry.source == briefing.briefing.source, f"{entry_id} is not sourced to the article"
    held = getattr(entry, field)
    if isinstance(value, str):
        assert held is not None and has_words(str(held), value, case=True), (entry_id, field, held)
    else:
        assert held == value, (entry_id, field, held)


def test_the_article_archive_is_the_article(briefing: model.Briefing) -> None:
    text = archived_text(briefing, briefing.briefing.source)
    assert text.startswith(briefing.briefing.title)
    assert "News 24 Oct 2017" in text


# (b) No detail the article does not hold, but the stated exceptions


def test_entries_from_the_article_carry_only_its_dates_names_titles_and_speakers(
    briefing: model.Briefing,
) -> None:
    assert detail_problems(briefing) == []


def test_entries_from_the_article_are_placed_only_where_it_places_them(
    briefing: model.Briefing,
) -> None:
    assert place_problems(briefing) == []


def test_every_exception_names_a_detail_the_entry_has(briefing: model.Briefing) -> None:
    """An exception in a note excuses a detail the entry carries, not one it no longer has."""
    for _, entry in from_article(briefing):
        note = getattr(entry, "note", None) or ""
        if EXCEPTION_MARK not in note:
            continue
        excused = note[note.find(EXCEPTION_MARK) + len(EXCEPTION_MARK) :]
        held = [str(getattr(entry, field, None)) for field in (*DATE_FIELDS, *NAME_FIELDS, "place")]
        held += [str(getattr(entry, field, None)) for field in ACTOR_FIELDS]
        assert any(value != "None" and value in excused for value in held), entry.id


def test_the_date_rule_reads_the_article_as_written() -> None:
    text = normalise_quoted(
        "Priti Patel announced on the 22th October 2017. News 24 Oct 2017. in June"
    )
    assert date_in_text(text, "2017-10-22", "2017")
    assert date_in_text(text, "2017-10-24", "2017")
    assert date_in_text(text, "2017-06", "2017")
    assert not date_in_text(text, "2017-10-17", "2017")
    assert not date_in_text(text, "2016-06", "2017")


# Known faults stay fixed


def test_nobody_said_fully_cleared(briefing: model.Briefing) -> None:
    assert fully_cleared_problems(briefing) == []
    found = by_id(briefing)
    reuters = found["src-reuters-2017-10-17"]
    assert reuters.title.endswith(": monitor")
    assert "completely taken Syria’s Raqqa" in archived_text(briefing, reuters.id)
    assert "act-sohr" in found["ev-sohr-cleared"].actors
    sdf = found["ev-city-cleared"]
    assert "full control" in sdf.what and "clearing operations" in sdf.what
    assert '"full control"' in archived_text(briefing, sdf.source)
    assert "almost 90 percent" in archived_text(briefing, found["ev-coalition-90-percent"].source)


def test_statements_are_placed_where_they_were_made(briefing: model.Briefing) -> None:
    assert placement_problems(briefing) == []
    assert by_id(briefing)["plc-geneva"].kind == "city"


def test_errata_that_only_add_are_context(briefing: model.Briefing) -> None:
    found = by_id(briefing)
    for erratum_id in ("err-recapture-date", "err-patel"):
        if erratum_id in found:
            assert found[erratum_id].kind == "context", erratum_id


def test_errata_quote_the_article(briefing: model.Briefing) -> None:
    text = article(briefing)
    for erratum in briefing.errata:
        assert has_words(text, erratum.says, case=True), erratum.id


def test_stewart_framing_is_the_articles_and_his_words_are_his(briefing: model.Briefing) -> None:
    found = by_id(briefing)
    framing = "rather than be allowed to return to the UK"
    assert framing not in found["st-stewart-kill"].paraphrase
    errata = [
        erratum
        for erratum in briefing.errata
        if "st-stewart-kill" in erratum.concerns and framing in erratum.says
    ]
    assert len(errata) == 1 and errata[0].kind == "difference"
    cited = [errata[0].source, *errata[0].also]
    newspaper = next(found[ref] for ref in cited if found[ref].publisher == "The Daily Telegraph")
    assert framing in archived_text(briefing, newspaper.id)
    his = [
        statement
        for statement in briefing.statements
        if statement.speaker == "act-stewart" and statement.source != briefing.briefing.source
    ]
    quotes = {statement.quote: statement.source for statement in his}
    law = "If they came back to the UK they need to be arrested and tried in accordance with normal British law"
    assert law in quotes
    assert law in archived_text(briefing, quotes[law])


def test_increasingly_likely_is_a_trend_not_a_step(briefing: model.Briefing) -> None:
    for judgement in briefing.assessments:
        if judgement.words and "increasingly" in judgement.words:
            assert judgement.step is None and judgement.scale is None, judgement.id
            assert judgement.trend == "increasing", judgement.id
    summary = briefing.briefing.summary
    assert "is moving increasingly in the direction of becoming an insurgency" in summary
    assert "will turn" not in summary


def test_the_article_gives_its_quoted_words_to_russia_not_konashenkov(
    briefing: model.Briefing,
) -> None:
    found = by_id(briefing)
    assert found["st-konashenkov-raqqa"].quote is None
    assert found["rx-russia"].actor == "act-russia" and found["rx-russia"].speaker is None


# Meaning: ids resolve, dates are real, archives say where they came from


def test_references_resolve_and_dates_are_real(briefing: model.Briefing) -> None:
    found = by_id(briefing)
    for section, entry in entries(briefing):
        for ref in (entry.source, getattr(entry, "via", None), *getattr(entry, "also", ())):
            assert ref is None or ref in found, (section, entry.id, ref)
        for field in (*DATE_FIELDS, "start", "end"):
            value = getattr(entry, field, None)
            if value is not None:
                parts = [int(part) for part in str(value).split("-")]
                datetime.date(parts[0], *[*parts[1:], 1, 1][:2])
    for source in briefing.sources:
        for field in ("date", "accessed", "last_verified"):
            value = getattr(source, field, None)
            if value is not None:
                parts = [int(part) for part in str(value).split("-")]
                datetime.date(parts[0], *[*parts[1:], 1, 1][:2])


def test_archives_say_where_they_were_retrieved(briefing: model.Briefing) -> None:
    for source in briefing.sources:
        if source.archive is None or source.id == briefing.briefing.source:
            continue
        first = archived_text(briefing, source.id).splitlines()[0]
        assert first.startswith("# Retrieved ") and "http" in first, source.id


# The checks catch the faults the fact-check found, were they brought back


def _with(briefing: model.Briefing, section: str, entry_id: str, **changes: Any) -> model.Briefing:
    changed = tuple(
        entry._replace(**changes) if entry.id == entry_id else entry
        for entry in getattr(briefing, section)
    )
    changes_made: dict[str, Any] = {section: changed}
    return briefing._replace(**changes_made)


def test_a_raqqa_place_on_the_geneva_speech_fails(briefing: model.Briefing) -> None:
    assert placement_problems(_with(briefing, "events", "ev-pinheiro-statement", place="plc-raqqa"))


def test_a_raqqa_place_on_what_the_article_reports_fails(briefing: model.Briefing) -> None:
    bad = _with(briefing, "events", "ev-un-staggering", place="plc-raqqa")
    assert place_problems(bad) and placement_problems(bad)


def test_fully_cleared_under_any_source_fails(briefing: model.Briefing) -> None:
    bad = _with(briefing, "events", "ev-city-cleared", what="The SDF says Raqqa is fully cleared.")
    assert fully_cleared_problems(bad)


def test_a_date_the_article_does_not_give_fails(briefing: model.Briefing) -> None:
    assert detail_problems(_with(briefing, "statements", "st-stewart-kill", date="2017-10-22"))
