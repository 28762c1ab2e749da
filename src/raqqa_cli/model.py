"""The knowledge schema: what a briefing file may hold, as frozen dataclasses.

The type hints are the schema. `check.py` validates plain YAML data against them and
`schema.py` turns them into JSON Schema, so a field is declared once, here. Constraints
ride along as `Annotated` metadata (`Pattern`, `Minimum`, `Maximum`, `Ref`, `Doc`).

Records are `NamedTuple`s rather than dataclasses: immutable, typed, and about seven times
cheaper to define at start-up (measured: 17 frozen slotted dataclasses 15.7 ms, 17
NamedTuples 2.2 ms), which matters for a command run dozens of times a day. NamedTuple
fields with defaults must come last, so required fields lead each record.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NamedTuple

SCHEMA_VERSION = 1


class Pattern(NamedTuple):
    """The string must match `regex` (described to users as `means`)."""

    regex: str
    means: str


class Minimum(NamedTuple):
    """The number must be at least `value`."""

    value: float


class Maximum(NamedTuple):
    """The number must be at most `value`."""

    value: float


class Ref(NamedTuple):
    """The string is the id of an entry in `section` ("*" for any section)."""

    section: str


class Doc(NamedTuple):
    """A description for the JSON Schema and for error messages."""

    text: str


ID_PATTERN = Pattern(
    r"^[a-z0-9][a-z0-9-]{0,79}$", "an id (lower-case letters, digits and hyphens, at most 80)"
)
DATE_PATTERN = Pattern(
    r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
)

Id = Annotated[str, ID_PATTERN, Doc("a stable identifier, unique across the file")]
PartialDate = Annotated[
    str,
    DATE_PATTERN,
    Doc("an ISO 8601 date whose precision is the one written: year, month or day"),
]
# At most 10**18: far beyond any count or sum of money, and a bound under which totals of
# any number of lines stay finite.
Amount = Annotated[int | float, Minimum(0), Maximum(1e18)]
Currency = Annotated[str, Pattern(r"^[A-Z]{3}$", "an ISO 4217 currency code such as GBP")]
# A file next to the briefing, never outside its folder: validate opens it for reading.
# The Admiralty (NATO) grading: source reliability A (reliable) to F (cannot be judged), then
# information credibility 1 (confirmed) to 6 (cannot be judged), written together: B2.
GRADE_PATTERN = Pattern(
    r"^[A-F][1-6]$",
    "an Admiralty grade: source reliability A-F, then information credibility 1-6, as B2",
)
ARCHIVE_PATTERN = Pattern(
    r"^(?!(.*/)?\.\.?(/|$))[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$",
    "a path relative to the briefing's folder (letters, digits, _ . - and /; no . or .. parts)",
)

SourceRef = Annotated[str, Ref("sources")]
ActorRef = Annotated[str, Ref("actors")]
PlaceRef = Annotated[str, Ref("places")]
StatementRef = Annotated[str, Ref("statements")]
FigureRef = Annotated[str, Ref("figures")]
PledgeRef = Annotated[str, Ref("pledges")]
PackageRef = Annotated[str, Ref("packages")]
AnyRef = Annotated[str, Ref("*")]

SourceKind = Literal[
    "article",
    "news report",
    "government release",
    "parliamentary record",
    "report",
    "broadcast",
    "web page",
    "dataset",
]
ActorKind = Literal["person", "organisation", "state", "armed group", "coalition"]
PlaceKind = Literal["city", "town", "governorate", "region", "country", "river", "building"]
Status = Literal["announced", "pledged", "committed", "delivered"]
# The IASC humanitarian clusters, with Mine Action as the area of responsibility it is
# within Protection.
Sector = Literal[
    "Camp Coordination and Camp Management",
    "Early Recovery",
    "Education",
    "Emergency Telecommunications",
    "Food Security",
    "Health",
    "Logistics",
    "Nutrition",
    "Protection",
    "Protection: Mine Action",
    "Shelter/NFI",
    "WASH",
    "Multi-sector",
]
Qualifier = Literal["exact", "about", "estimated", "at least", "more than", "at most"]
QuoteKind = Literal["verbatim", "translation"]
Stance = Literal["supportive", "critical", "concerned", "neutral", "mixed"]
Scale = Literal["ICD 203", "PHIA"]
Trend = Literal["increasing", "decreasing", "stable"]
ErratumKind = Literal["difference", "context"]

ICD_203_STEPS = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
PHIA_STEPS = (
    "remote chance",
    "highly unlikely",
    "unlikely",
    "realistic possibility",
    "likely",
    "highly likely",
    "almost certain",
)
SCALE_STEPS: dict[str, tuple[str, ...]] = {"ICD 203": ICD_203_STEPS, "PHIA": PHIA_STEPS}
Step = Literal[
    "almost no chance",
    "remote chance",
    "very unlikely",
    "highly unlikely",
    "unlikely",
    "roughly even chance",
    "realistic possibility",
    "likely",
    "very likely",
    "highly likely",
    "almost certain",
]


class About(NamedTuple):
    """The briefing itself: what it is and where it comes from."""

    title: str
    publisher: str
    published: PartialDate
    summary: str
    source: SourceRef


class Source(NamedTuple):
    """A citable document; `cites` names the sources it relies on."""

    id: Id
    title: str
    publisher: str
    kind: SourceKind
    date: PartialDate | None = None
    locator: Annotated[str | None, Doc("a URL or a precise reference")] = None
    cites: tuple[SourceRef, ...] = ()
    note: str | None = None
    archive: Annotated[
        str | None,
        ARCHIVE_PATTERN,
        Doc(
            "the source's text, archived next to the briefing; `raqqa validate` checks that"
            " every verbatim quote taken from this source occurs in it"
        ),
    ] = None
    grade: Annotated[
        str | None,
        GRADE_PATTERN,
        Doc("the analyst's grade of this source and its information; none means ungraded"),
    ] = None
    last_verified: Annotated[
        PartialDate | None, Doc("when the locator or archived text was last checked")
    ] = None


class Role(NamedTuple):
    """An office held, with the dates it was held (titles change)."""

    title: str
    source: SourceRef
    organisation: ActorRef | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


class Actor(NamedTuple):
    """A person, organisation, state, armed group or coalition."""

    id: Id
    name: str
    kind: ActorKind
    source: SourceRef
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    note: str | None = None


class Place(NamedTuple):
    """A place, with every spelling as an alias and the place it lies in."""

    id: Id
    name: str
    kind: PlaceKind
    source: SourceRef
    aliases: tuple[str, ...] = ()
    within: PlaceRef | None = None
    note: str | None = None


class Issue(NamedTuple):
    """An issue the briefing raises, with what belongs to it."""

    id: Id
    title: str
    summary: str
    source: SourceRef
    actors: tuple[ActorRef, ...] = ()
    statements: tuple[StatementRef, ...] = ()
    figures: tuple[FigureRef, ...] = ()
    pledges: tuple[PledgeRef, ...] = ()


class Statement(NamedTuple):
    """Something an actor said: paraphrase and exact quote kept apart."""

    id: Id
    speaker: ActorRef
    source: SourceRef
    date: PartialDate | None = None
    reported: Annotated[PartialDate | None, Doc("when the source reported it")] = None
    venue: Annotated[str | None, Doc("where it was said: a broadcast, a chamber")] = None
    place: PlaceRef | None = None
    paraphrase: str | None = None
    quote: str | None = None
    quote_kind: QuoteKind | None = None
    note: str | None = None
    via: Annotated[SourceRef | None, Doc("the source that `source` credits for it")] = None


class Package(NamedTuple):
    """A funding package: its money belongs to the package, not split over its items."""

    id: Id
    title: str
    donor: ActorRef
    status: Status
    source: SourceRef
    announcer: ActorRef | None = None
    date: PartialDate | None = None
    amount: Amount | None = None
    currency: Currency | None = None
    note: str | None = None
    via: SourceRef | None = None


class Pledge(NamedTuple):
    """One aid line: a quantity of something, or an amount of money, with its status."""

    id: Id
    donor: ActorRef
    status: Status
    sector: Sector
    description: str
    source: SourceRef
    announcer: ActorRef | None = None
    date: PartialDate | None = None
    since: Annotated[PartialDate | None, Doc("start of the period a running total covers")] = None
    quantity: Amount | None = None
    unit: Annotated[str | None, Doc("what the quantity counts: people, kits, ...")] = None
    item: Annotated[str | None, Doc("the thing counted, when the unit alone is vague")] = None
    qualifier: Qualifier = "exact"
    amount: Amount | None = None
    currency: Currency | None = None
    package: PackageRef | None = None
    place: PlaceRef | None = None
    channel: Annotated[str | None, Doc("who delivers it")] = None
    note: str | None = None
    via: SourceRef | None = None


class Reaction(NamedTuple):
    """An international reaction: who, their stance, what they claimed."""

    id: Id
    actor: ActorRef
    stance: Stance
    claim: str
    source: SourceRef
    speaker: ActorRef | None = None
    date: PartialDate | None = None
    reported: PartialDate | None = None
    quote: str | None = None
    quote_kind: QuoteKind | None = None
    figures: tuple[FigureRef, ...] = ()
    note: str | None = None
    via: SourceRef | None = None


class Figure(NamedTuple):
    """A key number: one claimant, a value or a range or a bound, and its scope."""

    id: Id
    measure: Annotated[str, Doc("figures sharing a measure count the same thing")]
    counts: str
    unit: str
    source: SourceRef
    value: Amount | None = None
    low: Amount | None = None
    high: Amount | None = None
    qualifier: Qualifier = "exact"
    place: PlaceRef | None = None
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    claimant: ActorRef | None = None
    as_of: PartialDate | None = None
    note: str | None = None
    via: SourceRef | None = None


class Event(NamedTuple):
    """Something that happened, dated to the precision known."""

    id: Id
    date: PartialDate
    what: str
    source: SourceRef
    place: PlaceRef | None = None
    actors: tuple[ActorRef, ...] = ()
    note: str | None = None
    via: SourceRef | None = None


class Assessment(NamedTuple):
    """An analytic judgement, in the article's words and mapped to a named scale."""

    id: Id
    judgement: str
    source: SourceRef
    words: Annotated[str | None, Doc("the article's own likelihood words")] = None
    scale: Scale | None = None
    step: Step | None = None
    trend: Trend | None = None
    condition: str | None = None
    holder: Annotated[str | None, Doc("whose judgement, when not the author's")] = None
    note: str | None = None


class Erratum(NamedTuple):
    """The briefing's source beside the public record: a difference, or context that agrees.

    The source's words are kept either way; `kind: context` marks a fuller title or a
    consistent figure from elsewhere, which `raqqa errata` does not list as a difference.
    """

    id: Id
    topic: str
    article_says: str
    record_says: str
    source: Annotated[SourceRef, Doc("the public record beside the briefing's source")]
    concerns: tuple[AnyRef, ...] = ()
    also: tuple[SourceRef, ...] = ()
    kind: Annotated[
        ErratumKind,
        Doc("difference: the record says otherwise; context: it agrees and adds to it"),
    ] = "difference"


class Briefing(NamedTuple):
    """A whole knowledge file."""

    schema_version: Literal[1]
    briefing: About
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    issues: tuple[Issue, ...] = ()
    statements: tuple[Statement, ...] = ()
    packages: tuple[Package, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    errata: tuple[Erratum, ...] = ()


# The sections that hold entries with ids, in the order a reader meets them.
SECTIONS: tuple[str, ...] = (
    "sources",
    "actors",
    "places",
    "issues",
    "statements",
    "packages",
    "pledges",
    "reactions",
    "figures",
    "events",
    "assessments",
    "errata",
)


MISSING: Any = object()


def fields_of(cls: Any) -> tuple[tuple[str, Any], ...]:
    """A record's (field name, default) pairs in order; MISSING marks a required field."""
    defaults = cls._field_defaults
    return tuple((name, defaults.get(name, MISSING)) for name in cls._fields)


def is_record(value: Any) -> bool:
    """Whether `value` is a record class of this model (a NamedTuple class)."""
    return isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
