"""Generate a large, valid raqqa briefing for the benchmarks.

`generate(n)` returns the YAML text of a briefing with about `n` entries spread over every
section, with unique ids, references that resolve, real dates, quotes paired with their kind
and assessment steps taken from their scale. The same seed gives the same text.

The YAML is written directly as text (no YAML library), so 100,000 entries take a few
seconds. Every free-text value goes through `json.dumps`: a JSON string is a valid YAML
double-quoted scalar.

`generate_shelf(directory, briefings, entries)` writes a shelf: a registry of actors and
sources (`registry/shared.yaml`, ids `reg-...`) and briefings `brief-001.yaml` ... (numbered
to the width of their count) that each include it and refer to their own actors and sources
and, about a third of the time, to the registry's. Briefings reuse each other's own ids
(each has an `act-1`), as real shelves do; no own id is ever a registry's.

Usage:
  python benchmarks/generate.py N [--seed S] [--shape mixed|chain|lines] > briefing.yaml
  python benchmarks/generate.py N --shelf DIR [--briefings B] [--registry-entries R] [--seed S]
      (B briefings of about N entries each, default 10, and a registry of about R entries,
      default 300, written into DIR)
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from raqqa_cli.briefing import model

# The vocabularies come from the model itself, so a generated briefing stays valid as the
# model changes.
SCALE_STEPS: dict[str, tuple[str, ...]] = model.SCALE_STEPS

# How the entries are shared out between the sections (weights, not percentages).
SHARES: dict[str, int] = {
    "sources": 5,
    "actors": 8,
    "places": 5,
    "issues": 4,
    "statements": 14,
    "packages": 3,
    "pledges": 16,
    "reactions": 8,
    "figures": 12,
    "events": 12,
    "assessments": 8,
    "errata": 5,
    "decisions": 3,
}

# Ids and words the benchmark can rely on in any generated briefing (and in every briefing
# of a shelf).
SAMPLE_ISSUE = "iss-1"
SAMPLE_ACTOR = "Relief League 2"
SAMPLE_TEXT = "water"

# A shelf: briefings that include one registry of shared actors and sources. The registry's
# ids and the numbers in its names are marked, so they never clash with a briefing's own
# (which clash between briefings: every briefing has an act-1).
REGISTRY_PATH = "registry/shared.yaml"  # relative to the shelf's folder and its briefings
REGISTRY_ENTRIES = 300
REGISTRY_SHARES: dict[str, int] = {section: SHARES[section] for section in ("sources", "actors")}
REGISTRY_IDS = "reg-"
REGISTRY_TAG = "R"
SHARED_SHARE = 1 / 3  # of a shelf briefing's references to actors and sources
# A registry organisation every briefing of a shelf refers to (its first actor's employer).
SHELF_ACTOR_ID = f"{REGISTRY_IDS}act-2"
SHELF_ACTOR = f"Relief League {REGISTRY_TAG}2"

TITLE = "A generated briefing for benchmarks"
SUMMARY = "Made-up entries in every section, to time raqqa at scale."

SOURCE_KINDS: tuple[str, ...] = get_args(model.SourceKind)
PUBLISHERS = ("Wire Service", "Daily Desk", "Monitor Group", "Ministry Press Office", "Radio One")
ACTOR_KINDS: tuple[str, ...] = get_args(model.ActorKind)
FIRST_NAMES = ("Ada", "Basil", "Chloé", "Dara", "Emre", "Farah", "Gus", "Hana", "Idris", "June")
LAST_NAMES = ("Mayor", "Haddad", "Okafor", "Lindqvist", "Nasser", "Moreau", "Kaya", "Silva")
OFFICES = ("Minister", "Spokesperson", "Director", "Envoy", "Commander", "Secretary")
PLACE_KINDS: tuple[str, ...] = get_args(model.PlaceKind)
SYLLABLES = ("ra", "qa", "dei", "mos", "al", "ha", "sa", "ka", "bu", "tel", "ur", "min")
STATUSES: tuple[str, ...] = get_args(model.Status)
SECTORS: tuple[str, ...] = get_args(model.Sector)
VOTES: tuple[str, ...] = get_args(model.VoteCast)
DECISION_KINDS: tuple[str, ...] = get_args(model.DecisionKind)
DECISION_RESULTS: tuple[str, ...] = get_args(model.DecisionResult)
# (unit, item) pairs for pledges counted in things rather than money.
UNITS = (
    ("kits", "hygiene kits"),
    ("kits", "delivery kits"),
    ("people", None),
    ("consultations", None),
    ("tonnes", "wheat flour"),
    ("litres", "drinking water"),
    ("tents", None),
)
CURRENCIES = ("GBP", "USD", "EUR", "SEK")
QUALIFIERS: tuple[str, ...] = get_args(model.Qualifier)
STANCES: tuple[str, ...] = get_args(model.Stance)
TRENDS: tuple[str, ...] = get_args(model.Trend)
TOPICS = ("water", "shelter", "mines", "schools", "clinics", "returns", "detainees", "bridges")
VENUES = ("House of Commons", "Radio One", "Press call", "Security Council")
CHANNELS = ("UN agencies", "NGO partners", "the Red Crescent")
VERBS = ("said", "warned", "promised", "argued", "confirmed", "denied")

FIRST_DAY = datetime.date(2012, 1, 1).toordinal()
LAST_DAY = datetime.date(2019, 12, 31).toordinal()


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def flow(ids: Sequence[str]) -> str:
    """A YAML flow sequence of ids (ids never need quoting)."""
    return "[" + ", ".join(ids) + "]"


def counts_for(n_entries: int, shares: dict[str, int] = SHARES) -> dict[str, int]:
    """How many entries each section of `shares` gets: at least one each, about `n_entries`
    in all."""
    total = sum(shares.values())
    return {section: max(1, round(n_entries * share / total)) for section, share in shares.items()}


@dataclass(frozen=True)
class Registry:
    """A generated registry as the briefings that include it see it: the path they include
    (relative to them) and the ids of its people, its other actors and its sources."""

    path: str
    persons: tuple[str, ...]
    bodies: tuple[str, ...]
    sources: tuple[str, ...]


class Writer:
    """Builds a briefing (or a registry) line by line, with the random choices it needs.

    Its own ids start with `ids` ("reg-" for a registry) and the numbers in its names with
    `tag`, so that a registry's entries never clash with a briefing's. Given a `registry`,
    about `SHARED_SHARE` of the references to actors and sources go to the registry's, and
    the first reference to an organisation is to `SHELF_ACTOR`."""

    def __init__(
        self,
        counts: dict[str, int],
        seed: int | str,
        *,
        ids: str = "",
        tag: str = "",
        registry: Registry | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.counts = counts
        self.ids = ids
        self.tag = tag
        self.registry = registry
        self.featured = SHELF_ACTOR_ID if registry is not None else None
        self.lines: list[str] = []
        self.persons = [n for n in range(1, counts["actors"] + 1) if n % 5 == 1]
        self.bodies = [n for n in range(1, counts["actors"] + 1) if n % 5 != 1]

    # -- small helpers -----------------------------------------------------------------

    def ident(self, section_prefix: str, n: int) -> str:
        """The id of this file's `n`th entry of the section whose ids start so."""
        return f"{self.ids}{section_prefix}-{n}"

    def number(self, n: int) -> str:
        """`n` as this file's names write it."""
        return f"{self.tag}{n}"

    def pick(self, section_prefix: str, section: str) -> str:
        """A random existing id of `section`."""
        return self.ident(section_prefix, self.rng.randint(1, self.counts[section]))

    def some(self, section_prefix: str, section: str, most: int) -> list[str]:
        """Up to `most` distinct random ids of `section`."""
        size = self.counts[section]
        chosen = self.rng.sample(range(1, size + 1), min(size, self.rng.randint(1, most)))
        return [self.ident(section_prefix, n) for n in chosen]

    def shared(self) -> Registry | None:
        """The registry, if this reference goes to it (`SHARED_SHARE` of them do)."""
        if self.registry is not None and self.rng.random() < SHARED_SHARE:
            return self.registry
        return None

    def day(self) -> datetime.date:
        return datetime.date.fromordinal(self.rng.randint(FIRST_DAY, LAST_DAY))

    def date(self) -> str:
        """A real date at day, month or year precision."""
        day = self.day()
        precision = self.rng.random()
        if precision < 0.7:
            return day.isoformat()
        if precision < 0.9:
            return day.isoformat()[:7]
        return str(day.year)

    def span(self) -> tuple[str, str]:
        """Two real dates at day precision, in order."""
        start = self.day()
        end = start + datetime.timedelta(days=self.rng.randint(0, 900))
        return start.isoformat(), end.isoformat()

    def source(self) -> str:
        if (registry := self.shared()) is not None:
            return self.rng.choice(registry.sources)
        return self.pick("src", "sources")

    def person(self) -> str:
        if (registry := self.shared()) is not None:
            return self.rng.choice(registry.persons)
        return self.ident("act", self.rng.choice(self.persons))

    def body(self) -> str:
        """An actor that is not a person (a donor, an organisation)."""
        if self.featured is not None:  # the shelf's sample actor, named in every briefing
            featured, self.featured = self.featured, None
            return featured
        if (registry := self.shared()) is not None:
            return self.rng.choice(registry.bodies or registry.persons)
        return self.ident("act", self.rng.choice(self.bodies or self.persons))

    def place_name(self, n: int) -> str:
        syllables = [SYLLABLES[(n * 7 + k * 3) % len(SYLLABLES)] for k in range(2 + n % 2)]
        return "".join(syllables).capitalize() + f" {self.number(n)}"

    def topic(self) -> str:
        return self.rng.choice(TOPICS)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    # -- sections ----------------------------------------------------------------------

    def header(self, title: str, summary: str) -> None:
        """A briefing's: its title block, and its `include` if it has a registry."""
        self.add(
            "# Generated by benchmarks/generate.py: a large, made-up briefing for benchmarks.",
            f"schema_version: {model.SCHEMA_VERSION}",
            "briefing:",
            f"  title: {quoted(title)}",
            "  publisher: Benchmark Desk",
            "  published: 2020-03-04",
            f"  summary: {quoted(summary)}",
            f"  source: {self.ident('src', 1)}",
        )
        if self.registry is not None:
            self.add(f"include: [{self.registry.path}]")

    def registry_header(self) -> None:
        """A registry's: no title block."""
        self.add(
            "# Generated by benchmarks/generate.py: the actors and sources a shelf shares.",
            f"schema_version: {model.SCHEMA_VERSION}",
        )

    def sections(self) -> None:
        """Every section of `counts`, in its order."""
        for section, count in self.counts.items():
            write_entry: Callable[[int], None] = getattr(self, section)
            self.add(f"{section}:")
            for n in range(1, count + 1):
                write_entry(n)

    def text(self) -> str:
        return "\n".join([*self.lines, ""])

    def as_registry(self, path: str) -> Registry:
        """What a briefing that includes this file at `path` may refer to."""
        return Registry(
            path,
            tuple(self.ident("act", n) for n in self.persons),
            tuple(self.ident("act", n) for n in self.bodies),
            tuple(self.ident("src", n) for n in range(1, self.counts["sources"] + 1)),
        )

    def sources(self, n: int) -> None:
        kind = SOURCE_KINDS[n % len(SOURCE_KINDS)]
        publisher = PUBLISHERS[n % len(PUBLISHERS)]
        number = self.number(n)
        self.add(
            f"  - id: {self.ident('src', n)}",
            f"    title: {quoted(f'{publisher} report {number} on {self.topic()} in Raqqa')}",
            f"    publisher: {quoted(publisher)}",
            f"    kind: {kind}",
            f"    date: {self.date()}",
        )
        if n % 3 == 0:
            self.add(f"    locator: {quoted(f'https://example.org/reports/{number}')}")
        if n > 1 and n % 2 == 0:
            cited = sorted({self.rng.randint(1, n - 1) for _ in range(2)})
            self.add(f"    cites: {flow([self.ident('src', c) for c in cited])}")

    def actors(self, n: int) -> None:
        kind = ACTOR_KINDS[n % 5 - 1] if n % 5 else ACTOR_KINDS[-1]
        number = self.number(n)
        if kind == "person":
            first = FIRST_NAMES[n % len(FIRST_NAMES)]
            last = LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]
            name = f"{first} {last} {number}"
            aliases = [f"{last} {number}", f"{first[0]}. {last} {number}"]
        else:
            name = f"{kind.title()} {number}"
            aliases = [f"{kind} {number}"]
            if kind == "organisation":
                name, aliases = f"Relief League {number}", [f"RL{number}", f"League {number}"]
        self.add(
            f"  - id: {self.ident('act', n)}",
            f"    name: {quoted(name)}",
            f"    kind: {kind}",
            f"    aliases: [{', '.join(quoted(a) for a in aliases)}]",
        )
        if kind == "person":
            start, end = self.span()
            self.add(
                "    roles:",
                f"      - title: {quoted(self.rng.choice(OFFICES))}",
                f"        organisation: {self.body()}",
                f"        start: {start}",
                f"        end: {end}",
                f"        source: {self.source()}",
            )
        self.add(f"    source: {self.source()}")

    def places(self, n: int) -> None:
        name = self.place_name(n)
        kind = "country" if n <= 3 else PLACE_KINDS[n % len(PLACE_KINDS)]
        self.add(
            f"  - id: {self.ident('plc', n)}",
            f"    name: {quoted(name)}",
            f"    kind: {kind}",
            f"    aliases: [{quoted(name.replace('a', 'ah', 1))}]",
        )
        if n > 3:
            self.add(f"    within: {self.ident('plc', self.rng.randint(1, n - 1))}")
        self.add(f"    source: {self.source()}")

    def issues(self, n: int) -> None:
        topic = self.topic()
        self.add(
            f"  - id: {self.ident('iss', n)}",
            f"    title: {quoted(f'{topic.capitalize()} after the battle ({n})')}",
            f"    summary: {quoted(f'What happens to {topic} in the city, issue {n}.')}",
            f"    actors: {flow([self.person(), self.body()])}",
            f"    statements: {flow(self.some('st', 'statements', 4))}",
            f"    figures: {flow(self.some('fig', 'figures', 3))}",
            f"    pledges: {flow(self.some('aid', 'pledges', 4))}",
            f"    source: {self.source()}",
        )

    def statements(self, n: int) -> None:
        topic = self.topic()
        self.add(
            f"  - id: {self.ident('st', n)}",
            f"    speaker: {self.person()}",
            f"    date: {self.date()}",
            f"    venue: {quoted(self.rng.choice(VENUES))}",
            f"    place: {self.pick('plc', 'places')}",
        )
        if n % 3 != 0:
            verb = self.rng.choice(VERBS)
            self.add(f"    paraphrase: {quoted(f'The speaker {verb} that {topic} comes first.')}")
        if n % 3 != 1:
            kind = "translation" if n % 4 == 0 else "verbatim"
            self.add(
                f"    quote: {quoted(f'We will not forget the {topic} of this city ({n})')}",
                f"    quote_kind: {kind}",
            )
        self.add(f"    source: {self.source()}")
        if n % 4 == 1:
            self.add(f"    via: {self.source()}")

    def packages(self, n: int) -> None:
        amount = self.rng.randint(1, 500) * 100_000
        self.add(
            f"  - id: {self.ident('pkg', n)}",
            f"    title: {quoted(f'Relief package {n}')}",
            f"    donor: {self.body()}",
            f"    announcer: {self.person()}",
            f"    date: {self.date()}",
            f"    status: {STATUSES[n % len(STATUSES)]}",
            f"    amount: {amount}",
            f"    currency: {CURRENCIES[n % len(CURRENCIES)]}",
            f"    source: {self.source()}",
        )

    def pledges(self, n: int) -> None:
        status = STATUSES[n % len(STATUSES)]
        sector = SECTORS[n % len(SECTORS)]
        self.add(
            f"  - id: {self.ident('aid', n)}",
            f"    donor: {self.body()}",
            f"    announcer: {self.person()}",
            f"    date: {self.date()}",
        )
        if status == "delivered":
            self.add(f"    since: {self.rng.randint(2012, 2016)}")
        self.add(f"    status: {status}", f"    sector: {quoted(sector)}")
        if n % 3 == 0:
            amount = self.rng.randint(1, 900) * 10_000
            self.add(
                f"    description: {quoted(f'Funding for {self.topic()} ({n})')}",
                f"    amount: {amount}",
                f"    currency: {CURRENCIES[n % len(CURRENCIES)]}",
            )
        else:
            unit, item = UNITS[n % len(UNITS)]
            self.add(
                f"    description: {quoted(f'{(item or unit).capitalize()} for {self.topic()}')}",
                f"    quantity: {self.rng.randint(1, 50_000)}",
                f"    unit: {unit}",
            )
            if item is not None:
                self.add(f"    item: {quoted(item)}")
        self.add(f"    qualifier: {QUALIFIERS[n % len(QUALIFIERS)]}")
        if n % 4 == 0:
            self.add(f"    package: {self.pick('pkg', 'packages')}")
        self.add(
            f"    place: {self.pick('plc', 'places')}",
            f"    channel: {quoted(self.rng.choice(CHANNELS))}",
            f"    source: {self.source()}",
        )

    def reactions(self, n: int) -> None:
        self.add(
            f"  - id: {self.ident('rx', n)}",
            f"    actor: {self.body()}",
            f"    speaker: {self.person()}",
            f"    date: {self.date()}",
            f"    stance: {STANCES[n % len(STANCES)]}",
            f"    claim: {quoted(f'More must be done about {self.topic()}.')}",
        )
        if n % 2 == 0:
            kind = "translation" if n % 3 == 0 else "verbatim"
            self.add(
                f"    quote: {quoted(f'The world must act on {self.topic()} now')}",
                f"    quote_kind: {kind}",
            )
        if n % 3 == 0:
            self.add(f"    figures: {flow(self.some('fig', 'figures', 2))}")
        self.add(f"    source: {self.source()}")

    def figures(self, n: int) -> None:
        topic = self.topic()
        measure = f"{topic}-{n // 2}"  # pairs of figures count the same thing
        self.add(
            f"  - id: {self.ident('fig', n)}",
            f"    measure: {measure}",
            f"    counts: {quoted(f'people affected by {topic}')}",
        )
        value = self.rng.randint(10, 90_000)
        shape = n % 3
        if shape == 0:
            self.add(f"    value: {value}", f"    qualifier: {self.rng.choice(('exact', 'about'))}")
        elif shape == 1:
            high = value + self.rng.randint(1, 5_000)
            self.add(f"    low: {value}", f"    high: {high}", "    qualifier: estimated")
        else:
            self.add(f"    low: {value}", "    qualifier: at least")
        start, end = self.span()
        self.add(
            "    unit: people",
            f"    place: {self.pick('plc', 'places')}",
            f"    period_start: {start}",
            f"    period_end: {end}",
            f"    claimant: {self.body()}",
            f"    as_of: {end}",
            f"    source: {self.source()}",
        )

    def events(self, n: int) -> None:
        self.add(
            f"  - id: {self.ident('ev', n)}",
            f"    date: {self.date()}",
            f"    what: {quoted(f'Fighting reached the {self.topic()} district ({n}).')}",
            f"    place: {self.pick('plc', 'places')}",
            f"    actors: {flow([self.body(), self.person()])}",
            f"    source: {self.source()}",
        )

    def assessments(self, n: int) -> None:
        scale = "ICD 203" if n % 3 else "PHIA"
        step = self.rng.choice(SCALE_STEPS[scale])
        topic = self.topic()
        self.add(
            f"  - id: {self.ident('as', n)}",
            f"    judgement: {quoted(f'Trouble over {topic} is {step} within a year ({n}).')}",
            f"    words: {quoted(step)}",
            f"    scale: {scale}",
            f"    step: {step}",
            f"    trend: {TRENDS[n % len(TRENDS)]}",
            f"    condition: {quoted(f'aid for {topic} does not arrive')}",
            f"    source: {self.source()}",
        )

    def errata(self, n: int) -> None:
        concerns = [self.pick("ev", "events"), self.pick("act", "actors")]
        self.add(
            f"  - id: {self.ident('err', n)}",
            f"    topic: {quoted(f'Date of event {n}')}",
            f"    article_says: {quoted('it happened on the 1th')}",
            f"    record_says: {quoted(f'it happened on {self.day().isoformat()}')}",
            f"    concerns: {flow(concerns)}",
            f"    source: {self.source()}",
            f"    also: [{self.source()}]",
        )

    def decisions(self, n: int) -> None:
        voters = self.some("act", "actors", 15)
        casts = [self.rng.choice(VOTES) for _ in voters]
        self.add(
            f"  - id: {self.ident('dec', n)}",
            f"    symbol: S/{2010 + n % 15}/{n}",
            f"    title: {quoted(f'The situation in the {self.topic()} district ({n})')}",
            f"    kind: {DECISION_KINDS[n % len(DECISION_KINDS)]}",
            f"    sponsors: {flow(self.some('act', 'actors', 3))}",
            f"    date: {self.date()}",
            f"    body: {self.body()}",
            f"    result: {DECISION_RESULTS[n % len(DECISION_RESULTS)]}",
            f"    members: {len(voters)}",
            f"    stated_for: {casts.count('for')}",
            f"    stated_against: {casts.count('against')}",
            f"    stated_abstain: {casts.count('abstain')}",
            "    votes:",
        )
        for voter, cast in zip(voters, casts, strict=True):
            explained = f", explanation: {self.pick('st', 'statements')}" if cast != "for" else ""
            self.add(f"      - {{actor: {voter}, vote: {quoted(cast)}{explained}}}")
        self.add(f"    source: {self.source()}")


def generate(
    n_entries: int,
    seed: int | str = 0,
    *,
    registry: Registry | None = None,
    title: str = TITLE,
    summary: str = SUMMARY,
) -> str:
    """The YAML text of a valid briefing with about `n_entries` entries in all sections;
    with a `registry`, one that includes it and refers to its actors and sources too."""
    writer = Writer(counts_for(n_entries), seed, registry=registry)
    writer.header(title, summary)
    writer.sections()
    return writer.text()


def generate_registry(
    n_entries: int = REGISTRY_ENTRIES, seed: int | str = 0, path: str = REGISTRY_PATH
) -> tuple[str, Registry]:
    """The YAML text of a valid registry of about `n_entries` actors and sources, whose
    references resolve within it, and what a briefing that includes it at `path` sees."""
    counts = counts_for(n_entries, REGISTRY_SHARES)
    if counts["actors"] < 2:
        raise ValueError("a registry needs at least 3 entries (its second actor is the shelf's)")
    writer = Writer(counts, seed, ids=REGISTRY_IDS, tag=REGISTRY_TAG)
    writer.registry_header()
    writer.sections()
    return writer.text(), writer.as_registry(path)


def generate_shelf(
    directory: Path,
    briefings: int,
    entries: int,
    seed: int = 0,
    registry_entries: int = REGISTRY_ENTRIES,
) -> list[Path]:
    """Write a shelf into `directory`: `REGISTRY_PATH`, a registry of about
    `registry_entries` shared actors and sources, and `brief-1.yaml` ... (numbered to the
    width of `briefings`: brief-001.yaml for 100), each a briefing of about `entries`
    entries of its own that includes the registry and refers to it. Returns the briefings'
    paths. Files already there are overwritten; no other is removed."""
    if briefings < 1 or entries < 1:
        raise ValueError("a shelf has at least one briefing of at least one entry")
    text, registry = generate_registry(registry_entries, f"shelf {seed} registry")
    (directory / REGISTRY_PATH).parent.mkdir(parents=True, exist_ok=True)
    (directory / REGISTRY_PATH).write_bytes(text.encode("utf-8"))
    width = len(str(briefings))
    paths = []
    for i in range(1, briefings + 1):
        path = directory / f"brief-{i:0{width}d}.yaml"
        text = generate(
            entries,
            f"shelf {seed} briefing {i}",
            registry=registry,
            title=f"Generated briefing {i} of a shelf of {briefings}",
            summary=f"Made-up entries on {SAMPLE_TEXT} and more, with actors and sources"
            f" shared in {REGISTRY_PATH}, to time raqqa on a shelf.",
        )
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


RELATIONS_HEAD = """# Generated by benchmarks/generate.py: linked aid entries, for benchmarks.
schema_version: 2
briefing:
  title: Relations at scale
  publisher: Benchmark Desk
  published: 2020-03-04
  summary: Made-up aid entries linked by supersedes, package and overlaps.
  source: src-1
sources:
  - {id: src-1, title: Funding tracker, publisher: Benchmark Desk, kind: dataset}
actors:
  - {id: act-1, name: Donors together, kind: group, source: src-1}
figures:
  - {id: fig-appeal, measure: appeal, counts: money asked for, unit: USD, value: 1000000000000,
     target: true, source: src-1}
"""


def update_chain(n: int) -> str:
    """One running total of received funding updated n times, the latest listed first."""
    start = datetime.date(1900, 1, 1)
    lines = [RELATIONS_HEAD, "packages:"]
    for i in reversed(range(n)):
        day = start + datetime.timedelta(days=i)
        earlier = f", supersedes: pkg-{i - 1}" if i else ""
        lines.append(
            f"  - {{id: pkg-{i}, title: Funding received so far, donor: act-1, status:"
            f" received, amount: {1000 * (i + 1)}, currency: USD, cumulative: true, as_of:"
            f" {day}{earlier}, toward: fig-appeal, source: src-1}}"
        )
    return "\n".join([*lines, ""])


def overlapping_lines(n: int) -> str:
    """One package of n lines, each of which may be the same money as the one before."""
    lines = [
        RELATIONS_HEAD,
        "packages:",
        f"  - {{id: pkg-all, title: All lines, donor: act-1, status: pledged, amount:"
        f" {100 * n}, currency: USD, toward: fig-appeal, source: src-1}}",
        "pledges:",
    ]
    for i in range(n):
        overlap = f", overlaps: [aid-{i - 1}]" if i else ""
        lines.append(
            f"  - {{id: aid-{i}, donor: act-1, status: pledged, sector: Health, description:"
            f" Line {i}, amount: {50 + i % 50}, currency: USD, package: pkg-all{overlap},"
            " source: src-1}"
        )
    return "\n".join([*lines, ""])


SHAPES: dict[str, Callable[[int], str]] = {"chain": update_chain, "lines": overlapping_lines}


def main(argv: Sequence[str] | None = None) -> None:
    """Write a generated briefing to standard output, or a shelf of them to a folder."""
    parser = argparse.ArgumentParser(description="Generate a large, valid raqqa briefing.")
    parser.add_argument(
        "entries", type=int, help="about how many entries to generate (each, for a shelf)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--shelf",
        type=Path,
        metavar="DIR",
        help=f"write a shelf into DIR instead: {REGISTRY_PATH} and the briefings that include it",
    )
    parser.add_argument(
        "--briefings", type=int, default=10, help="how many briefings the shelf has (default 10)"
    )
    parser.add_argument(
        "--registry-entries",
        type=int,
        default=REGISTRY_ENTRIES,
        help=f"about how many actors and sources the shelf's registry has (default"
        f" {REGISTRY_ENTRIES})",
    )
    parser.add_argument(
        "--shape",
        choices=["mixed", *SHAPES],
        default="mixed",
        help="mixed: every section (default); chain: one update chain; lines: one package of"
        " lines that overlap",
    )
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("entries must be at least 1")
    if args.shelf is not None:
        if args.shape != "mixed":
            parser.error("a shelf's briefings are mixed: leave out --shape")
        if args.briefings < 1:
            parser.error("--briefings must be at least 1")
        if args.registry_entries < 3:
            parser.error("--registry-entries must be at least 3")
        paths = generate_shelf(
            args.shelf, args.briefings, args.entries, args.seed, args.registry_entries
        )
        print(f"{args.shelf}: {REGISTRY_PATH} and {len(paths)} briefings", file=sys.stderr)
        return
    text = (
        generate(args.entries, args.seed)
        if args.shape == "mixed"
        else (SHAPES[args.shape](args.entries))
    )
    sys.stdout.buffer.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
