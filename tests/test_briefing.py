"""What the embedded briefing holds, counted against the article, so nothing is dropped.

These numbers come from reading the article ("What Comes After the Liberation of Raqqa?",
24 Oct 2017) and the domain notes' table of corrections; change them only with the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from raqqa_cli.load import embedded_briefing, load_briefing
from raqqa_cli.lookup import Index
from raqqa_cli.model import Briefing, Figure, Pledge


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return load_briefing()


def test_embedded_briefing_ships_with_the_package() -> None:
    assert Path(embedded_briefing()).is_file()


def test_about(briefing: Briefing) -> None:
    assert briefing.briefing.title == "What Comes After the Liberation of Raqqa?"
    assert briefing.briefing.published == "2017-10-24"


def test_the_four_biggest_issues(briefing: Briefing) -> None:
    assert [i.title for i in briefing.issues] == [
        "Keeping up the momentum of the fight against Isil",
        "Dealing with foreign Isil fighters",
        "Curbing the threat of terrorism at home",
        "Humanitarian crisis in Raqqa",
    ]


def test_the_package_and_its_seven_lines(briefing: Briefing) -> None:
    [package] = briefing.packages
    assert (package.amount, package.currency, package.status) == (10_000_000, "GBP", "announced")
    assert package.date == "2017-10-22"
    lines = [p for p in briefing.pledges if p.package == package.id]
    assert len(lines) == 7
    assert all(line.amount is None for line in lines)
    quantities = sorted((p.quantity, p.unit) for p in lines if p.quantity is not None)
    assert quantities == [
        (1000, "kits"), (1600, "people"), (15000, "people"), (31000, "kits"),
        (145000, "consultations"),
    ]  # fmt: skip
    sectors = {p.sector for p in lines}
    assert {"Protection: Mine Action", "Health", "Shelter/NFI", "WASH"} <= sectors


def test_aid_delivered_since_2012(briefing: Briefing) -> None:
    [delivered] = [p for p in briefing.pledges if p.status == "delivered"]
    assert isinstance(delivered, Pledge)
    assert (delivered.quantity, delivered.qualifier, delivered.since) == (
        660000,
        "more than",
        "2012",
    )
    assert delivered.package is None
    assert len(briefing.pledges) == 8


def test_reactions(briefing: Briefing) -> None:
    index = Index(briefing)
    actors = [index.actor_name(r.actor) for r in briefing.reactions]
    assert actors == ["Russia", "Syrian activists", "United Nations"]
    russia = briefing.reactions[0]
    assert russia.quote == "wiped off the face of the earth"
    assert russia.quote_kind == "translation"
    assert index.actor_name(russia.speaker) == "Igor Konashenkov"
    assert russia.reported == "2017-10-23"


def test_civilian_deaths_are_two_claimants_side_by_side(briefing: Briefing) -> None:
    index = Index(briefing)
    deaths = [f for f in briefing.figures if f.measure == "civilian-deaths-raqqa"]
    assert sorted((f.value, index.actor_name(f.claimant)) for f in deaths) == [
        (1130, "Syrian Observatory for Human Rights"),
        (1873, "Raqqa Is Being Slaughtered Silently"),
    ]


def test_britons(briefing: Briefing) -> None:
    values = {(f.value, f.unit, f.qualifier) for f in briefing.figures if isinstance(f, Figure)}
    assert (850, "people", "estimated") in values
    assert (50, "per cent of those who went", "about") in values
    assert (425, "people", "about") in values


def test_statements_of_the_named_people(briefing: Briefing) -> None:
    index = Index(briefing)
    speakers = {index.actor_name(s.speaker) for s in briefing.statements}
    assert {
        "Michael Fallon", "Rory Stewart", "Brett McGurk", "Priti Patel", "Igor Konashenkov",
        "Hugo Swire",
    } <= speakers  # fmt: skip
    [stewart] = [s for s in briefing.statements if s.speaker == "act-stewart"]
    assert stewart.quote == "in almost every case" and stewart.quote_kind == "verbatim"


def test_analytic_judgements_keep_the_articles_words(briefing: Briefing) -> None:
    words = [a.words for a in briefing.assessments]
    assert words.count("likely") >= 3
    assert "very likely" in words and "increasingly likely" in words
    [very] = [a for a in briefing.assessments if a.words == "very likely"]
    assert very.step == "very likely" and very.condition
    [rising] = [a for a in briefing.assessments if a.words == "increasingly likely"]
    assert rising.trend == "increasing" and rising.step == "likely"


def test_one_erratum_per_known_difference(briefing: Briefing) -> None:
    assert len(briefing.errata) == 14
    said = " ".join(e.article_says for e in briefing.errata)
    for words in ("Secretary of Defense", "Major", "22th", "Deiz Ezzor", "around half"):
        assert words.lower() in said.lower(), words


def test_every_spelling_is_an_alias(briefing: Briefing) -> None:
    index = Index(briefing)
    for spelling, name in [
        ("Isil", "ISIL"), ("Isis", "ISIL"), ("IS", "ISIL"), ("Daesh", "ISIL"),
        ("Islamic State", "ISIL"),
    ]:  # fmt: skip
        assert [a.name for a in index.require_actors(spelling)] == [name], spelling
    from raqqa_cli.model import Place

    assert [p.name for p in index.find_named("Raqqah", Place)] == ["Raqqa"]
    assert [p.id for p in index.find_named("Deiz Ezzor", Place)] == ["plc-deir-ez-zor"]


def test_roles_have_dates_held(briefing: Briefing) -> None:
    index = Index(briefing)
    fallon = index.get("act-fallon")
    assert [(r.title, r.end) for r in fallon.roles] == [
        ("Secretary of State for Defence", "2017-11-01")
    ]
    patel = index.get("act-patel")
    assert patel.roles[0].end == "2017-11-08"


def test_counts(briefing: Briefing) -> None:
    counts = {
        s: len(getattr(briefing, s))
        for s in ("issues", "packages", "pledges", "reactions", "errata")
    }
    assert counts == {"issues": 4, "packages": 1, "pledges": 8, "reactions": 3, "errata": 14}
    assert len(briefing.assessments) >= 12
    assert len(briefing.events) >= 15
    assert all(entry.source for entry in briefing.statements + briefing.figures)
