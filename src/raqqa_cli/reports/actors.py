"""`raqqa actors [NAME]`: people and organisations, and everything linked to one."""

from __future__ import annotations

from collections.abc import Iterator

from raqqa_cli.briefing.lookup import Index, Matcher
from raqqa_cli.briefing.model import Actor, Assessment, Reaction, Statement
from raqqa_cli.report import Column, Report, Value
from raqqa_cli.reports.entries import all_entries, date_of, precision_of, refers_to, summary
from raqqa_cli.reports.filters import entry_notes, keep_matching
from raqqa_cli.reports.phrases import dated_text, role_text
from raqqa_cli.reports.speakers import organisations_at

ACTOR_COLUMNS = (
    Column("id", "ID"),
    Column("name", "Name"),
    Column("kind", "Kind"),
    Column("roles", "Roles", audience="people"),
    # For machines, each role's fields as lists in the roles' order ("" where a role
    # gives no organisation or date): the values the phrase for people is made from.
    Column("role_titles", "Role titles", audience="machines"),
    Column("role_organisation_ids", "Role organisation ids", audience="machines"),
    Column("role_starts", "Role starts", audience="machines"),
    Column("role_ends", "Role ends", audience="machines"),
    Column("role_source_ids", "Role source ids", audience="machines"),
    Column("aliases", "Aliases"),
    Column("note", "Note", audience="machines"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
)


def actors_report(index: Index, matcher: Matcher | None = None) -> Report:
    """People and organisations: kind, roles with the dates held and each role's own
    source, aliases."""
    rows: list[tuple[Value, ...]] = [
        (
            a.id, a.name, a.kind, tuple(role_text(index, r, cite=True) for r in a.roles),
            tuple(r.title for r in a.roles), tuple(r.organisation or "" for r in a.roles),
            tuple(r.start or "" for r in a.roles), tuple(r.end or "" for r in a.roles),
            tuple(r.source for r in a.roles), a.aliases, a.note, index.citation(a.source),
            a.source,
        )
        for a in index.briefing.actors
    ]  # fmt: skip
    rows = keep_matching(rows, matcher)
    return Report(
        "Actors",
        ACTOR_COLUMNS,
        tuple(rows),
        entry_notes(ACTOR_COLUMNS, rows),
        tips=(f"`{index.invocation} actors NAME` shows everything linked to one actor.",),
        empty="no actors match",
    )


LINK_COLUMNS = (
    Column("actor", "Actor"),
    Column("actor_id", "Actor id", audience="machines"),
    Column("section", "Section"),
    Column("id", "ID"),
    Column("part", "As", audience="people"),
    Column("role", "As", audience="machines"),  # the field that names the actor
    # People read how the date is known ("about 2018-04", "2018-04-10, inferred");
    # machines get it as written, and `date_precision` beside it.
    Column("dated", "Date", audience="people"),
    Column("date", "Date", audience="machines"),
    Column("what", "What"),
    Column("source", "Source", audience="people"),
    Column("source_id", "Source id", audience="machines"),
    Column("via_id", "Via id", audience="machines"),
    Column("date_precision", "Date precision", audience="machines"),
)


# (section, entry id, field, date, what, citation, source id, via id, date precision)
_Link = tuple[str, str, str, str | None, str, str, str | None, str | None, str | None]


def _links(index: Index, actor: Actor) -> Iterator[_Link]:
    """Everything in the briefing that names `actor`, with the part it plays there, each
    cited to the entry (or role) it comes from: a field once, however many of its items name
    the actor; a statement or reaction once, when its speaker held a role for the actor then
    and nothing else in it names the actor; a judgement whose holder is the actor's id, name
    or alias."""
    for role in actor.roles:
        yield ("actors", actor.id, "holder", role.start, role_text(index, role),
               index.citation(role.source), role.source, None, None)  # fmt: skip
    for entry, section in all_entries(index):
        if entry.id == actor.id:
            continue
        fields = list(dict.fromkeys(refers_to(entry, actor.id)))
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
                        source = vote.source or entry.source
                        yield (section, entry.id, "voted", entry.date,
                               f"{VOTED[vote.vote]} {summary(entry)}", index.citation(source),
                               source, None, None)  # fmt: skip
                continue
            if field == "roles.organisation":
                for role in entry.roles:
                    if role.organisation == actor.id:
                        yield (section, entry.id, "organisation", role.start,
                               f"{entry.name}: {role_text(index, role)}",
                               index.citation(role.source), role.source, None, None)  # fmt: skip
                continue
            source = getattr(entry, "source", None)
            via = getattr(entry, "via", None)
            yield (section, entry.id, field, date_of(entry), summary(entry),
                   index.citation(source, via), source, via, precision_of(entry))  # fmt: skip


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
    rows = [
        (a.name, a.id, section, entry_id, _part(str(section), str(field)), field,
         dated_text(date, precision), date, what, citation, source, via, precision)
        for a in actors
        for section, entry_id, field, date, what, citation, source, via, precision
        in _links(index, a)
    ]  # fmt: skip
    title = "Linked to " + ", ".join(a.name for a in actors)
    return Report(title, LINK_COLUMNS, tuple(rows), empty=f"nothing is linked to {name!r}")
