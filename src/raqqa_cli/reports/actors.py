"""`raqqa actors [NAME]`: people and organisations, and everything linked to one."""

from collections.abc import Iterator
from typing import Annotated

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import (
    SECTIONS,
    Actor,
    Assessment,
    Place,
    Reaction,
    Role,
    Statement,
    entries_numbered,
)
from raqqa_cli.errors import quoted, shell_word
from raqqa_cli.report import (
    MACHINES,
    PEOPLE,
    Dated,
    DatePrecision,
    IsoDate,
    Note,
    Record,
    Report,
    Sourced,
    Value,
    col,
    columns_of,
    flat,
)
from raqqa_cli.reports.entries import (
    date_of,
    precision_of,
    refers_to,
    summary,
)
from raqqa_cli.reports.filters import empty_text, entry_notes, keep_matching
from raqqa_cli.reports.phrases import dated_text, role_text
from raqqa_cli.reports.speakers import organisations_at


class ActorRow(Record):
    """One actor: `raqqa actors`' record, and its row for people."""

    id: Annotated[str, col("ID")]
    name: Annotated[str, col("Name")]
    kind: Annotated[str, col("Kind")]
    roles: Annotated[tuple[str, ...], col("Roles", audience=PEOPLE)]
    # For machines, each role's fields as lists in the roles' order ("" where a role
    # gives no organisation or date): the values the phrase for people is made from.
    role_titles: Annotated[tuple[str, ...], col("Role titles", audience=MACHINES)]
    role_organisation_ids: Annotated[
        tuple[str, ...], col("Role organisation ids", audience=MACHINES)
    ]
    role_starts: Annotated[tuple[str, ...], col("Role starts", audience=MACHINES)]
    role_ends: Annotated[tuple[str, ...], col("Role ends", audience=MACHINES)]
    role_source_ids: Annotated[tuple[str, ...], col("Role source ids", audience=MACHINES)]
    aliases: Annotated[tuple[str, ...], col("Aliases")]
    note: Note
    cited: Sourced


ACTOR_COLUMNS = columns_of(ActorRow)


def actors_report(
    index: Index, matcher: Matcher | None = None, *, kind: str | None = None
) -> Report:
    """People and organisations: kind, roles with the dates held and each role's own
    source, aliases; `kind` keeps the actors of the kinds it names (`person`, `org`)."""
    from typing import get_args

    from raqqa_cli.briefing.model import ActorKind
    from raqqa_cli.reports.filters import choose

    kinds = choose(kind, get_args(ActorKind), "kind") if kind is not None else None
    rows: list[tuple[Value, ...]] = [
        flat(
            ActorRow(
                id=a.id,
                name=a.name,
                kind=a.kind,
                roles=tuple(role_text(index, r, cite=True) for r in a.roles),
                role_titles=tuple(r.title for r in a.roles),
                role_organisation_ids=tuple(r.organisation or "" for r in a.roles),
                role_starts=tuple(r.start or "" for r in a.roles),
                role_ends=tuple(r.end or "" for r in a.roles),
                role_source_ids=tuple(r.source for r in a.roles),
                aliases=a.aliases,
                note=a.note,
                cited=Sourced.of(index, a.source),
            )
        )
        for a in index.briefing.actors
        if kinds is None or a.kind in kinds
    ]
    rows = keep_matching(rows, matcher)
    return Report(
        "Actors",
        ACTOR_COLUMNS,
        tuple(rows),
        entry_notes(ACTOR_COLUMNS, rows),
        tips=(f"`{index.invocation} actors NAME` shows everything linked to one actor.",),
        empty=empty_text("actors", matcher is not None or kinds is not None),
    )


class RoleHeld(Record):
    """For machines, the parts of a role that `what` says in one phrase for people: the
    title, the organisation and the end (`date` is its start); none for other links. And
    a member's vote, where the link is one."""

    role_title: Annotated[str | None, col("Role title", audience=MACHINES)]
    role_organisation_id: Annotated[str | None, col("Role organisation id", audience=MACHINES)]
    role_end: Annotated[str | None, col("Role end", audience=MACHINES)]
    vote: Annotated[str | None, col("Vote", audience=MACHINES)]

    @classmethod
    def of(cls, role: Role | None = None, vote: str | None = None) -> "RoleHeld":
        if role is None:
            return cls(role_title=None, role_organisation_id=None, role_end=None, vote=vote)
        return cls(
            role_title=role.title,
            role_organisation_id=role.organisation,
            role_end=role.end,
            vote=vote,
        )


class LinkRow(Record):
    """One thing an actor is linked to: `raqqa actors NAME`'s record, and its row for people."""

    actor: Annotated[str, col("Actor")]
    actor_id: Annotated[str, col("Actor id", audience=MACHINES)]
    section: Annotated[str, col("Section")]
    id: Annotated[str, col("ID")]
    part: Annotated[str, col("As", audience=PEOPLE)]
    role: Annotated[str, col("As", audience=MACHINES)]  # the field that names the actor
    # People read how the date is known ("about 2018-04", "2018-04-10, inferred");
    # machines get it as written, and `date_precision` beside it.
    dated: Dated
    date: IsoDate
    what: Annotated[str, col("What")]
    held: RoleHeld
    cited: Sourced
    date_precision: DatePrecision


LINK_COLUMNS = columns_of(LinkRow)


def _link(
    index: Index,
    actor: Actor,
    *,
    section: str,
    entry_id: str,
    field: str,
    date: str | None,
    what: str,
    source: str | None,
    via: str | None = None,
    precision: str | None = None,
    held: RoleHeld | None = None,
) -> LinkRow:
    """The row for one link of `actor`'s: the `field` of an entry that names it, cited to
    `source` and the source that one credits (`via`, where the entry can name one)."""
    return LinkRow(
        actor=actor.name,
        actor_id=actor.id,
        section=section,
        id=entry_id,
        part=_part(section, field),
        role=field,
        dated=dated_text(date, precision),
        date=date,
        what=what,
        held=held or RoleHeld.of(),
        cited=Sourced.of(index, source, via),
        date_precision=precision,
    )


def _links(index: Index, actor: Actor) -> Iterator[LinkRow]:
    """Everything in the briefing that names `actor`, with the part it plays there, each
    cited to the entry (or role) it comes from: a field once, however many of its items name
    the actor; a statement or reaction once, when its speaker held a role for the actor then
    and nothing else in it names the actor; a judgement whose holder is the actor's id, name
    or alias."""
    for role in actor.roles:
        yield _link(
            index,
            actor,
            section="actors",
            entry_id=actor.id,
            field="holder",
            date=role.start,
            what=role_text(index, role),
            source=role.source,
            held=RoleHeld.of(role),
        )
    naming, numbers = _may_link(index, actor)
    for number, (entry, section) in zip(
        numbers, entries_numbered(index.briefing, numbers), strict=True
    ):
        if entry.id == actor.id:
            continue
        fields = list(dict.fromkeys(refers_to(entry, actor.id))) if number in naming else []
        if isinstance(entry, Assessment):
            held = index.actor_called(entry.holder)
            fields = [f for f in fields if f != "holder"]
            fields += ["holder"] if held is not None and held.id == actor.id else []
        elif (
            isinstance(entry, Statement | Reaction)
            and not fields
            and actor.id in organisations_at(index, entry.speaker, entry.date)
        ):
            fields = ["speaker_for"]
        for field in fields:
            if field == "votes.actor":  # each vote under the source that records it
                for vote in entry.votes:
                    if vote.actor == actor.id:
                        # A decision credits no other source: no via.
                        yield _link(
                            index,
                            actor,
                            section=section,
                            entry_id=entry.id,
                            field="voted",
                            date=entry.date,
                            what=f"{VOTED[vote.vote]} {summary(entry)}",
                            source=vote.source or entry.source,
                            held=RoleHeld.of(vote=vote.vote),
                        )
                continue
            if field == "roles.organisation":
                for role in entry.roles:
                    if role.organisation == actor.id:
                        yield _link(  # an actor's role: no via either
                            index,
                            actor,
                            section=section,
                            entry_id=entry.id,
                            field="organisation",
                            date=role.start,
                            what=f"{entry.name}: {role_text(index, role)}",
                            source=role.source,
                            held=RoleHeld.of(role),
                        )
                continue
            yield _link(
                index,
                actor,
                section=section,
                entry_id=entry.id,
                field=field,
                date=date_of(entry),
                what=summary(entry),
                source=getattr(entry, "source", None),
                via=getattr(entry, "via", None),  # the source it credits, where it can name one
                precision=precision_of(entry),
            )


def _may_link(index: Index, actor: Actor) -> tuple[set[int], list[int]]:
    """The entries that may link to `actor`, by their numbers in the briefing's haystack:
    those whose strings hold its id (only they can name it in a field), with every
    judgement (its holder may be a name), and every statement or reaction by someone who
    held a role for the actor at some time; and, of them, those that hold the id."""
    briefing = index.briefing
    naming = briefing.haystack.holding((actor.id,))
    speakers = {a.id for a in briefing.actors if any(r.organisation == actor.id for r in a.roles)}
    numbers = set(naming)
    start = 0
    for section in SECTIONS:
        entries = getattr(briefing, section)
        if section == "assessments":
            numbers.update(range(start, start + len(entries)))
        elif section in ("statements", "reactions") and speakers:
            numbers.update(start + i for i, e in enumerate(entries) if e.speaker in speakers)
        start += len(entries)
    return naming, sorted(numbers)


# A member's vote, as people say it before the decision it was cast on.
VOTED = {
    "for": "voted for",
    "against": "voted against",
    "abstain": "abstained on",
    "absent": "was absent for",
    "did not vote": "did not vote on",
}


# The part an actor plays, as people say it, by the field that names the actor (machines
# get the field's name); a field not listed reads as its name.
PARTS = {
    "holder": "office holder",
    "speaker_for": "represented by the speaker",
    "on_behalf_of": "spoken on behalf of",
    "actors": "involved",
    "concerns": "concerned",
    "actor": "reacting",
    "about": "target",
    "channel_actor": "channel",
    "organisation": "organisation of a role",
    "voted": "vote",
    "sponsors": "sponsor",
    "body": "deciding body",
}


def _part(section: str, field: str) -> str:
    if section == "assessments" and field == "holder":
        return "whose judgement"
    return PARTS.get(field, field.replace("_", " "))


def actor_detail(index: Index, name: str) -> Report:
    """Everything linked to the actors that go by `name` (any alias)."""
    actors = index.require_actors(name)
    rows = [flat(row) for a in actors for row in _links(index, a)]
    title = "Linked to " + ", ".join(a.name for a in actors)
    # `actors Raqqa` found the group "Raqqa Is Being Slaughtered Silently" and said nothing
    # of the city: a place that goes by the name is named, with where to find it.
    places = [p for p in index.find_named(name, Place) if isinstance(p, Place)]
    notes: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    if places:
        named = ", ".join(f"{p.name} ({p.id})" for p in places)
        notes = (f"{quoted(name)} is also a place, {named}: not an actor, so not listed here.",)
        tips = (f"`{index.invocation} search {shell_word(name)}` finds everything that names it.",)
    return Report(
        title,
        LINK_COLUMNS,
        tuple(rows),
        notes,
        empty=f"nothing is linked to {name!r}",
        key=actors[0].id if len(actors) == 1 else None,  # one actor: its id in the heading
        tips=tips,
    )
