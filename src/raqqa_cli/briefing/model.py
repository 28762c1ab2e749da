"""The knowledge schema: what a briefing file may hold, as typed immutable records.

The type hints are the schema. `check.py` validates plain YAML data against them and
`schema.py` turns them into JSON Schema, so a field is declared once, here. Constraints
ride along as `Annotated` metadata (`Pattern`, `Minimum`, `Maximum`, `Ref`, `Doc`).

Entries are `Record`s (raqqa_cli/record.py) rather than dataclasses or NamedTuples:
immutable, typed, built by keyword, and the cheapest of the three to define at start-up
(the model's classes: NamedTuples 10 ms, Records 5 ms; frozen slotted dataclasses cost
seven times NamedTuples), which matters for a command run dozens of times a day. Fields
with defaults come last, so required fields lead each record. The constraints below are
`Struct`s, written positionally (`Doc("...")`).
"""

from collections.abc import Collection, Iterable, Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from raqqa_cli.record import Record, Struct

# The newest version this raqqa reads; every version from 1 up is read and means the same.
SCHEMA_VERSION = 2
SCHEMA_VERSIONS = (1, 2)


class Pattern(Struct):
    """The string must match `regex` (described to users as `means`)."""

    regex: str
    means: str


class Minimum(Struct):
    """The number must be at least `value`."""

    value: float


class Maximum(Struct):
    """The number must be at most `value`."""

    value: float


class Ref(Struct):
    """The string is the id of an entry in `section` ("*" for any section)."""

    section: str


class Doc(Struct):
    """A description for the JSON Schema and for error messages."""

    text: str


class Since(Struct):
    """The field is new in schema `version`: a file declaring an older version may not use it,
    so that an older raqqa never reads a file it would misread."""

    version: int


V2 = Since(2)


class Formerly(Struct):
    """The field may also be written under its former `name` (a file gives one or the other,
    never both); views show the former name for a file of a schema version before `until`."""

    name: str
    until: int


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
# Ref sections joined by "|": the id of an entry in any one of them.
AidRef = Annotated[str, Ref("packages|pledges")]

SourceKind = Literal[
    "article",
    "news report",
    "government release",
    "parliamentary record",
    "report",
    "broadcast",
    "web page",
    "dataset",
    "press release",
    "statement",
    "meeting record",
    "transcript",
]
ActorKind = Literal["person", "organisation", "state", "armed group", "coalition", "group"]
PlaceKind = Literal[
    "city",
    "town",
    "governorate",
    "province",
    "district",
    "region",
    "country",
    "river",
    "building",
    "border crossing",
]
Status = Literal[
    "announced", "pledged", "committed", "delivered", "expected", "received", "disbursed"
]
# What each status is, in the vocabularies aid people use (OCHA FTS: pledge, commitment, paid
# contribution; IATI: commitment, disbursement). A running total's updates stay within one
# family, and coverage reads "pledged", "committed" and "paid" apart; none is added to another.
STATUS_FAMILY: dict[str, str] = {
    "expected": "expected",
    "announced": "pledged",
    "pledged": "pledged",
    "committed": "committed",
    "delivered": "paid",
    "received": "paid",
    "disbursed": "paid",
}
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
QuoteKind = Literal["verbatim", "translation", "partial"]
NewMoney = Literal["yes", "no", "unclear"]
Modality = Literal["cash", "voucher", "in kind"]
DatePrecision = Literal["approximate", "inferred"]
# Values of a choice that are new in schema version 2 (a version-1 file may not use them).
V2_VALUES: dict[str, frozenset[str]] = {
    "kind": frozenset(
        {
            "group",
            "province",
            "district",
            "border crossing",
            "press release",
            "statement",
            "meeting record",
            "transcript",
            "contradicted",
            "disputed",
        }
    ),
    "status": frozenset({"expected", "received", "disbursed"}),
    "quote_kind": frozenset({"partial"}),
}
Stance = Literal["supportive", "critical", "concerned", "neutral", "mixed"]
Scale = Literal["ICD 203", "PHIA"]
Trend = Literal["increasing", "decreasing", "stable"]
# `difference` is the version-1 word for `contradicted` and means the same.
ErratumKind = Literal["contradicted", "disputed", "difference", "context"]
# An erratum of these kinds is listed by `raqqa errata` and counted by the overview.
LISTED_KINDS = frozenset({"contradicted", "disputed", "difference"})

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


# Fields shared by several records in schema version 2, each said once.
DatedHow = Annotated[
    DatePrecision | None,
    V2,
    Doc(
        "how `date` is known: approximate (the source says about when) or inferred (worked out"
        " from the text: 'on Tuesday', 'today'); absent, the source states it"
    ),
]
PeriodStart = Annotated[
    PartialDate | None, V2, Doc("the first year, month or day the money or aid is for")
]
PeriodEnd = Annotated[
    PartialDate | None,
    V2,
    Doc("the last year, month or day it is for; the same as period_start for one year"),
]
Condition = Annotated[str | None, V2, Doc("what it depends on, in the source's terms")]
NewMoneyField = Annotated[
    NewMoney | None,
    V2,
    Doc("whether the money is new (yes), re-pledged (no), or the source does not say (unclear)"),
]
PartOf = Annotated[
    AidRef | None,
    V2,
    Doc("the package or pledge this is a part of; totals never add a part to its whole"),
]
Overlaps = Annotated[
    tuple[AidRef, ...],
    V2,
    Doc("packages or pledges this may overlap (the source does not say); never added together"),
]
AsOf = Annotated[
    PartialDate | None, V2, Doc("the date a running total or count is true at, when not `date`")
]
Cumulative = Annotated[
    bool,
    V2,
    Doc(
        "a running total, true as of its date; an update names the one it replaces with"
        " `supersedes` (nothing is joined because it shares a donor or unit), and totals add"
        " the latest of a chain only"
    ),
]
Toward = Annotated[
    FigureRef | None,
    V2,
    Doc("the target or appeal (a figure with target: true) this is pledged or reached against"),
]
OriginalLanguage = Annotated[
    str | None, V2, Doc("the language the words were said in, for a translation")
]


class About(Record):
    """The briefing itself: what it is and where it comes from."""

    title: str
    publisher: str
    published: PartialDate
    summary: str
    source: Annotated[SourceRef, Doc("the briefing's primary source")]
    sources: Annotated[
        tuple[SourceRef, ...], V2, Doc("the briefing's other sources, when it rests on several")
    ] = ()


class Source(Record):
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
            " every verbatim and partial quote taken from this source occurs in it"
        ),
    ] = None
    author: Annotated[str | None, V2, Doc("who wrote it, as the source names them")] = None
    via_publisher: Annotated[
        str | None,
        V2,
        Doc("the site or paper it was read on, when syndicated, reposted or mirrored"),
    ] = None
    accessed: Annotated[PartialDate | None, V2, Doc("when it was read at `locator`")] = None
    date_precision: DatedHow = None
    grade: Annotated[
        str | None,
        GRADE_PATTERN,
        Doc("the analyst's grade of this source and its information; none means ungraded"),
    ] = None
    last_verified: Annotated[
        PartialDate | None, Doc("when the locator or archived text was last checked")
    ] = None
    translation_archive: Annotated[
        str | None,
        ARCHIVE_PATTERN,
        V2,
        Doc(
            "a translation of the source's text, archived next to the briefing; `raqqa"
            " validate` checks every translation quote taken from this source against it"
        ),
    ] = None


class Role(Record):
    """An office held, with the dates it was held (titles change)."""

    title: str
    source: SourceRef
    organisation: ActorRef | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


class Actor(Record):
    """A person, organisation, state, armed group or coalition."""

    id: Id
    name: str
    kind: ActorKind
    source: SourceRef
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    note: str | None = None


class Place(Record):
    """A place, with every spelling as an alias and the place it lies in."""

    id: Id
    name: str
    kind: PlaceKind
    source: SourceRef
    aliases: tuple[str, ...] = ()
    within: PlaceRef | None = None
    note: str | None = None


class Issue(Record):
    """An issue the briefing raises, with what belongs to it."""

    id: Id
    title: str
    summary: str
    source: SourceRef
    actors: tuple[ActorRef, ...] = ()
    statements: tuple[StatementRef, ...] = ()
    figures: tuple[FigureRef, ...] = ()
    pledges: tuple[PledgeRef, ...] = ()
    packages: Annotated[tuple[PackageRef, ...], V2, Doc("the funding packages it concerns")] = ()


class Rendering(Record):
    """The same remark as another source gives it: that source's words, under that source."""

    source: Annotated[SourceRef, Doc("the source that gives the remark in these words")]
    quote: Annotated[str | None, Doc("the remark in this source's words")] = None
    quote_kind: Annotated[QuoteKind | None, Doc("verbatim, partial or translation")] = None
    paraphrase: Annotated[str | None, Doc("what this source says was said, in its words")] = None
    via: SourceRef | None = None
    original_language: OriginalLanguage = None


RenderingsField = Annotated[
    tuple[Rendering, ...],
    V2,
    Doc(
        "the same remark as other sources give it (a mission's own text, a news agency's, a"
        " press summary), each under its own source; the entry's own wording stays the one"
        " under its `source`"
    ),
]


class Statement(Record):
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
    original_language: OriginalLanguage = None
    date_precision: DatedHow = None
    on_behalf_of: Annotated[
        tuple[ActorRef, ...],
        V2,
        Doc(
            "the actors the speaker spoke for: a group of members, or co-sponsors (the"
            " speaker's own state or organisation is the organisation of their role)"
        ),
    ] = ()
    in_reply_to: Annotated[
        StatementRef | None, V2, Doc("the statement this one answers, said before it")
    ] = None
    renderings: RenderingsField = ()


class Converted(Record):
    """The same money in another currency, as a source gives or converts it."""

    amount: Amount
    currency: Currency
    qualifier: Qualifier = "exact"
    rate_date: Annotated[PartialDate | None, Doc("the date of the exchange rate used")] = None
    source: Annotated[
        SourceRef | None, Doc("the source that gives this amount, when not the entry's own")
    ] = None


ConvertedField = Annotated[
    tuple[Converted, ...], V2, Doc("the same money in other currencies; never added to totals")
]


class Package(Record):
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
    qualifier: Annotated[Qualifier, V2, Doc("how exact the amount is")] = "exact"
    period_start: PeriodStart = None
    period_end: PeriodEnd = None
    as_of: AsOf = None
    cumulative: Cumulative = False
    supersedes: Annotated[
        PackageRef | None, V2, Doc("the earlier update of this running total that this replaces")
    ] = None
    part_of: PartOf = None
    overlaps: Overlaps = ()
    condition: Condition = None
    new_money: NewMoneyField = None
    converted: ConvertedField = ()
    toward: Toward = None
    date_precision: DatedHow = None


class Pledge(Record):
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
    low: Annotated[
        Amount | None,
        V2,
        Doc("the low end of a range, instead of amount (with currency) or quantity (with unit)"),
    ] = None
    high: Annotated[Amount | None, V2, Doc("the high end of that range")] = None
    period_start: PeriodStart = None
    period_end: PeriodEnd = None
    as_of: AsOf = None
    cumulative: Cumulative = False
    supersedes: Annotated[
        PledgeRef | None, V2, Doc("the earlier update of this running count that this replaces")
    ] = None
    part_of: PartOf = None
    overlaps: Overlaps = ()
    condition: Condition = None
    new_money: NewMoneyField = None
    converted: ConvertedField = ()
    toward: Toward = None
    channel_actor: Annotated[
        ActorRef | None, V2, Doc("the agency that delivers it, as an actor (beside `channel`)")
    ] = None
    modality: Annotated[Modality | None, V2, Doc("cash, voucher or in kind")] = None
    date_precision: DatedHow = None


class Reaction(Record):
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
    about: Annotated[tuple[AnyRef, ...], V2, Doc("the entries the reaction is aimed at")] = ()
    original_language: OriginalLanguage = None
    date_precision: DatedHow = None
    renderings: RenderingsField = ()


class Figure(Record):
    """A key number: its claimant (or the claimants of one joint claim), a value or a range
    or a bound, and its scope."""

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
    supersedes: Annotated[
        FigureRef | None,
        V2,
        Doc("an earlier figure of the same claimant and measure that this one updates or revises"),
    ] = None
    part_of: Annotated[FigureRef | None, V2, Doc("the figure this one is a part of")] = None
    target: Annotated[
        bool, V2, Doc("a target or appeal: what is aimed at or asked for, not what was reached")
    ] = False
    toward: Toward = None
    converted: ConvertedField = ()
    claimants: Annotated[
        tuple[ActorRef, ...],
        V2,
        Doc(
            "further actors who make this one claim with `claimant`, in this source (a joint"
            " statement): the figure is the claim of each, and counts once"
        ),
    ] = ()


def claimants_of(figure: Figure) -> tuple[str, ...]:
    """Every actor a figure is the claim of: `claimant`, then `claimants`, each once."""
    named = (figure.claimant, *figure.claimants) if figure.claimant else figure.claimants
    return tuple(dict.fromkeys(named))


class Event(Record):
    """Something that happened, dated to the precision known."""

    id: Id
    date: PartialDate
    what: str
    source: SourceRef
    place: PlaceRef | None = None
    actors: tuple[ActorRef, ...] = ()
    note: str | None = None
    via: SourceRef | None = None
    date_precision: DatedHow = None


class Assessment(Record):
    """An analytic judgement in its source's own words, mapped to a named scale only where
    the words state a likelihood."""

    id: Id
    judgement: str
    source: SourceRef
    words: Annotated[str | None, Doc("the source's own likelihood words")] = None
    scale: Scale | None = None
    step: Step | None = None
    trend: Trend | None = None
    condition: str | None = None
    holder: Annotated[
        str | None,
        Doc(
            "whose judgement, when not the author's: an actor's id, name or alias links it to"
            " the actor; any other text ('others') is kept as written"
        ),
    ] = None
    note: str | None = None


class Account(Record):
    """What one other source says about a claim, under that source."""

    says: Annotated[str, Doc("what this source says, in its words or in paraphrase")]
    source: Annotated[SourceRef, Doc("the source that says it")]


SAYS_FORMERLY = Formerly("article_says", 2)
# Field name -> its former name, for the views of files older than `until`.
FORMER_NAMES: dict[str, Formerly] = {"says": SAYS_FORMERLY}


class Erratum(Record):
    """A claim beside what other sources say: contradicted, disputed, or context that agrees.

    The claim is a source's words (`says`, from `claim_source`, by default the briefing's
    own source); `record_says` is what other sources say (`source`, `also`). `kind: context`
    marks a fuller title or a consistent figure from elsewhere, which `raqqa errata` does not
    list.
    """

    id: Id
    topic: str
    says: Annotated[
        str,
        SAYS_FORMERLY,
        Doc(
            "what the claim's source says, in its words (checked against its archived text);"
            " `article_says` is the same field under its version-1 name"
        ),
    ]
    record_says: Annotated[str, Doc("what the other sources (`source`, `also`) say")]
    source: Annotated[
        SourceRef, Doc("the source of `record_says`: the public record, or the other side")
    ]
    concerns: tuple[AnyRef, ...] = ()
    also: tuple[SourceRef, ...] = ()
    kind: Annotated[
        ErratumKind,
        Doc(
            "contradicted (or difference, its version-1 name): the record says otherwise;"
            " disputed: the sources disagree and the record does not settle it (new in schema"
            " version 2, as is contradicted); context: the record agrees and adds to it"
        ),
    ] = "difference"
    claim_source: Annotated[
        SourceRef | None,
        V2,
        Doc("the source that makes the claim in `says`; absent, the briefing's own source"),
    ] = None
    accounts: Annotated[
        tuple[Account, ...],
        V2,
        Doc(
            "what further sources say, each under its own source (a third delegation's"
            " account), beside `record_says`"
        ),
    ] = ()


def claim_source_of(erratum: Erratum, briefing_source: str) -> str:
    """The source whose words an erratum's `says` are: its `claim_source`, else the
    briefing's own source."""
    return erratum.claim_source or briefing_source


def field_name(name: str, version: int) -> str:
    """A field's name as views show it for a file of schema `version`: `says` is
    `article_says` before version 2, so version-1 output keeps its keys."""
    former = FORMER_NAMES.get(name)
    return former.name if former is not None and version < former.until else name


VoteCast = Literal["for", "against", "abstain", "absent", "did not vote"]
DecisionKind = Literal[
    "draft resolution",
    "resolution",
    "draft decision",
    "decision",
    "amendment",
    "motion",
    "procedural motion",
    "bill",
]
DecisionResult = Literal[
    "adopted", "rejected", "vetoed", "not put to a vote", "withdrawn", "postponed", "pending"
]
# A count of votes or of members: a whole number, far below any bound that matters.
Count = Annotated[int, Minimum(0), Maximum(100000)]


class Vote(Record):
    """How one member voted on a decision, under the source that records it."""

    actor: Annotated[ActorRef, Doc("the member that voted (a state, a delegation, a member)")]
    vote: Annotated[VoteCast, Doc("for, against, abstain, absent or did not vote")]
    source: Annotated[
        SourceRef | None, Doc("the source that records this vote, when not the decision's")
    ] = None
    explanation: Annotated[
        StatementRef | None, Doc("the member's explanation of vote, as a statement")
    ] = None


class Decision(Record):
    """A draft, resolution, motion or bill put to a body: sponsors, result, each vote."""

    id: Id
    title: Annotated[str, Doc("what the text is about, as a desk officer would name it")]
    kind: DecisionKind
    source: SourceRef
    symbol: Annotated[str | None, Doc("the document symbol, such as S/2017/970")] = None
    sponsors: Annotated[tuple[ActorRef, ...], Doc("the actors that put the text forward")] = ()
    date: PartialDate | None = None
    venue: Annotated[str | None, Doc("where it was decided: a meeting, a chamber")] = None
    body: Annotated[ActorRef | None, Doc("the deciding body, such as the Security Council")] = None
    result: DecisionResult | None = None
    why: Annotated[
        str | None, Doc("why it ended so, in the source's terms: 'vetoed by Russia'")
    ] = None
    members: Annotated[
        Count | None,
        Doc(
            "how many members may vote (15 in the Security Council); with a vote recorded for"
            " each, the stated tally must match the recorded one exactly"
        ),
    ] = None
    stated_for: Annotated[Count | None, Doc("the votes in favour, as the source states")] = None
    stated_against: Annotated[Count | None, Doc("the votes against, as the source states")] = None
    stated_abstain: Annotated[Count | None, Doc("the abstentions, as the source states")] = None
    votes: Annotated[tuple[Vote, ...], Doc("each member's vote, one per member")] = ()
    note: str | None = None


# Between two entries' strings in a `Haystack`'s text.
HAYSTACK_SEPARATOR = "\0"


class Haystack(Struct):
    """Every string of a briefing's entries in one `text`, and where each entry's part of it
    ends (`briefing/haystack.py` makes it, and says why)."""

    text: str
    ends: tuple[int, ...]

    def part(self, number: int) -> str:
        """The strings of the entry numbered `number`."""
        start = self.ends[number - 1] + 1 if number else 0
        return self.text[start : self.ends[number]]

    @cached_property
    def folded(self) -> "Haystack":
        """The same, folded as `lookup.fold` folds (case, accents, format characters).
        Folding works character by character and keeps NUL, so the whole text is folded
        at once; where a value holds a NUL of its own, part by part."""
        from raqqa_cli.briefing.haystack import ends_of
        from raqqa_cli.briefing.lookup import fold

        if self.text.isascii():  # folding is lower-casing, and no length changes
            return Haystack(self.text.lower(), self.ends)
        parts = fold(self.text).split(HAYSTACK_SEPARATOR)
        if len(parts) != len(self.ends):
            parts = [fold(self.part(number)) for number in range(len(self.ends))]
        return Haystack(HAYSTACK_SEPARATOR.join(parts), ends_of(parts))

    def holding(self, words: Collection[str]) -> set[int]:
        """The numbers of the entries whose strings hold any of `words`, as written."""
        from bisect import bisect_right  # not at start-up: most commands never search

        found: set[int] = set()
        text, ends = self.text, self.ends
        if "" in words:  # held by every entry (an alias of accents alone folds to nothing)
            return set(range(len(ends)))
        last = len(ends) - 1
        for word in words:
            at = text.find(word)
            while at >= 0:
                number = bisect_right(ends, at)
                if number > last:  # an empty word, after the last entry
                    break
                found.add(number)
                at = text.find(word, ends[number] + 1)  # the next entry that holds it
        return found


class Briefing(Record):
    """A whole knowledge file."""

    schema_version: Annotated[
        Literal[1, 2], Doc("1, or 2 for a file that uses the fields new in version 2")
    ]
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
    decisions: Annotated[
        tuple[Decision, ...],
        V2,
        Doc("drafts, resolutions, motions and bills put to a vote, with each member's vote"),
    ] = ()
    include: Annotated[
        tuple[str, ...],
        Doc(
            "files whose entries count as this briefing's own (registries of actors,"
            " sources, places...): paths relative to this file, globs allowed"
        ),
    ] = ()

    @cached_property
    def haystack(self) -> Haystack:
        """Every entry's strings in one text (`briefing/haystack.py`): made on first use,
        or given by the cache, which keeps it with the briefing."""
        from raqqa_cli.briefing.haystack import haystack_of

        return haystack_of(entry for entry, _ in entries_of(self))


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
    "decisions",
)


def entries_of(briefing: Briefing) -> Iterator[tuple[Any, str]]:
    """Every entry with an id, with the section it is in, in the order a reader meets them."""
    for section in SECTIONS:
        for entry in getattr(briefing, section):
            yield entry, section


def entries_numbered(briefing: Briefing, numbers: Iterable[int]) -> Iterator[tuple[Any, str]]:
    """The entries `entries_of` gives as the `numbers`th (ascending), found section by
    section without walking the others (a search asks for a few entries of thousands)."""
    start = 0
    sections = iter(SECTIONS)
    section = next(sections)
    entries = getattr(briefing, section)
    for number in numbers:
        while number >= start + len(entries):
            start += len(entries)
            section = next(sections)
            entries = getattr(briefing, section)
        yield entries[number - start], section


MISSING: Any = object()


def fields_of(cls: Any) -> tuple[tuple[str, Any], ...]:
    """A record's (field name, default) pairs in order; MISSING marks a required field."""
    defaults = cls._field_defaults
    return tuple((name, defaults.get(name, MISSING)) for name in cls._fields)


def is_record(value: Any) -> bool:
    """Whether `value` is a record class of this model (a `Record` class)."""
    return isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
