"""Who a speaker spoke for: the organisations of the roles they held when they spoke, and the
actors a statement says it was made on behalf of. Shared by the `--actor` filters of
`statements` and `reactions`, by `actors NAME` and by the statement views.

The rule (docs/knowledge-file.md, "Delegations and speakers"): a role counts at a date
unless its own dates show it had not begun or had already ended then, compared at the
precision both dates give (a role ending 2017-11-01 may still be held in 2017-11); with no
date to compare, every role counts.
"""

from __future__ import annotations

from collections.abc import Collection

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Actor, Role, Statement
from raqqa_cli.briefing.relations import before


def held_at(role: Role, when: str | None) -> bool:
    """Whether `role` may have been held at partial date `when`."""
    if when is None:
        return True
    if role.start is not None and before(when, role.start):
        return False
    return role.end is None or not before(role.end, when)


def organisations_at(index: Index, speaker: str | None, when: str | None) -> tuple[str, ...]:
    """The organisations (or states) `speaker` held a role for at `when`, each once, in the
    order of the roles."""
    actor = index.get(speaker)
    if not isinstance(actor, Actor):
        return ()
    return tuple(
        dict.fromkeys(
            role.organisation
            for role in actor.roles
            if role.organisation is not None
            and role.organisation != actor.id
            and held_at(role, when)
        )
    )


def spoke_for(index: Index, speaker: str | None, when: str | None) -> str | None:
    """The one organisation `speaker` held a role for at `when`; None when there is none, or
    several (which of them they spoke for is not guessed)."""
    found = organisations_at(index, speaker, when)
    return found[0] if len(found) == 1 else None


def speaks_for_any(
    index: Index, speaker: str | None, when: str | None, actors: Collection[str]
) -> bool:
    """Whether `speaker` is one of `actors`, or held a role at `when` for one of them."""
    if speaker is None:
        return False
    return speaker in actors or any(o in actors for o in organisations_at(index, speaker, when))


def statement_names(index: Index, statement: Statement, actors: Collection[str]) -> bool:
    """Whether a statement counts for one of `actors`: said by it, by someone holding a role
    for it at the statement's date, or on its behalf."""
    return speaks_for_any(index, statement.speaker, statement.date, actors) or any(
        a in actors for a in statement.on_behalf_of
    )


def speaker_name(index: Index, speaker: str | None, when: str | None) -> str | None:
    """`Ana Ruiz (Spain)`: the speaker, with the organisation they spoke for when it is one."""
    name = index.actor_name(speaker)
    organisation = index.actor_name(spoke_for(index, speaker, when))
    return f"{name} ({organisation})" if name and organisation else name


def speaker_text(index: Index, statement: Statement) -> str | None:
    """The speaker as people read it: `Ana Ruiz (Spain), on behalf of France, Germany; in
    reply to Ivan Petrov (st-ru-1)`."""
    text = speaker_name(index, statement.speaker, statement.date)
    behalf = [n for n in map(index.actor_name, dict.fromkeys(statement.on_behalf_of)) if n]
    if behalf:
        text = f"{text}, on behalf of {', '.join(behalf)}"
    answered = index.get(statement.in_reply_to)
    if isinstance(answered, Statement):
        whom = index.actor_name(answered.speaker)
        text = f"{text}; in reply to {whom} ({answered.id})"
    return text
