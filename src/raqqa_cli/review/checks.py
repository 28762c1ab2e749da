"""What a careful reviewer checks in a valid briefing: `raqqa validate` reports each finding as
a warning (`--strict` makes them fail), one located line each with the check's name.

The checks, each defined from the data alone:

- `single-source`: a judgement (assessment) whose source cites no other source, and that no
  erratum concerning it backs with another source: one document is all it rests on.
- `unused-source`: a source no entry names (as its source, `via`, erratum `also`, a role's
  source or the briefing's own source), though another source cites it.
- `uncited-source`: a source nothing refers to at all: no entry and no other source.
- `citation-loop`: sources whose `cites` lead back to themselves.
- `dead-end`: an entry credits a source (`via`) that its own source's `cites` never reach,
  directly or through the sources it cites: the chain stops short of the credited source.
- `likelihood-mismatch`: the judgement's likelihood words and its step disagree (see
  `LIKELIHOOD_WORDS`); a bare "will" states no likelihood, so any step disagrees with it.
- `claimant-not-in-source`: a figure's claimant is named (by name or alias) neither in the
  archived text of its source or credited source, nor in their titles or publishers. Only
  figures with an archived source text are checked: a title alone proves nothing.
- `version-1-sum`: in a schema version 1 file, amounts the totals add together that one donor
  gives with one status, currency (or unit and item): version 1 cannot say whether one updates
  another or they are for different periods; version 2's `supersedes`, `cumulative` and
  `period_start`/`period_end` can.
- `stale`: a source's `last_verified` is more than the allowed number of days before today
  (a month or a year counts from its last day, so only what is surely stale is reported).
- `behalf-not-group`: a statement made on behalf of a person; one speaks on behalf of a
  group, a state, an organisation or a coalition (co-sponsors, a group of members).
- `explanation-not-voter`: a vote's explanation is a statement that the member did not make:
  not said by it, nor on its behalf, nor by someone holding a role for it at the time.
- `one-sided-dispute`: a claim contradicted or disputed with no other source's account: what
  the other side says (`record_says`, `also`, `accounts`) is cited to the claim's own source
  alone.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from raqqa_cli.briefing.lookup import Index, Matcher, fold, names_of
from raqqa_cli.briefing.model import (
    LISTED_KINDS,
    SCALE_STEPS,
    SECTIONS,
    Actor,
    Assessment,
    Briefing,
    Source,
    claim_source_of,
)
from raqqa_cli.errors import Path, Problem, QueryError

CHECKS = (
    "single-source",
    "unused-source",
    "uncited-source",
    "citation-loop",
    "dead-end",
    "likelihood-mismatch",
    "claimant-not-in-source",
    "version-1-sum",
    "stale",
    "unchecked-quote",
    "behalf-not-group",
    "one-sided-dispute",
    "explanation-not-voter",
)
DEFAULT_STALE_DAYS = 90

# Likelihood words -> the steps they may map to, as positions on a seven-step scale: ICD 203
# (almost no chance ... almost certain) and PHIA (remote chance ... almost certain) line up
# step for step. Words not listed ("expected", "may") are not judged.
LIKELIHOOD_WORDS: dict[str, frozenset[int]] = {
    **dict.fromkeys(("almost no chance", "remote chance", "remote"), frozenset({0})),
    **dict.fromkeys(
        ("very unlikely", "highly unlikely", "very improbable", "highly improbable"),
        frozenset({1}),
    ),
    **dict.fromkeys(("unlikely", "improbable", "probably not", "not likely"), frozenset({2})),
    **dict.fromkeys(
        ("roughly even chance", "even chance", "roughly even odds", "realistic possibility"),
        frozenset({3}),
    ),
    **dict.fromkeys(("likely", "probable", "probably"), frozenset({4})),
    **dict.fromkeys(
        ("very likely", "highly likely", "very probable", "highly probable"), frozenset({5})
    ),
    **dict.fromkeys(
        ("almost certain", "almost certainly", "virtually certain", "nearly certain"),
        frozenset({6}),
    ),
}
# Words that state something will happen without saying how likely it is.
BARE_FUTURE = ("will", "would", "shall", "is going to")
_TERMS = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(term) for term in sorted(LIKELIHOOD_WORDS, key=len, reverse=True))
    + r")(?![\w-])"
)
_BARE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, BARE_FUTURE)) + r")(?![\w-])")


def parse_days(text: str) -> int:
    """`90d` or `90` -> 90; anything else is a usage error."""
    found = re.fullmatch(r"\s*([0-9]{1,6})\s*d?\s*", text)
    if found is None:
        raise QueryError(f"--stale {text!r} is not a number of days, as 90d")
    return int(found.group(1))


def parse_today(text: str) -> datetime.date:
    """`2026-11-26` -> that date; anything else is a usage error."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise QueryError(f"--today {text!r} is not a date, as 2026-11-26") from None


def last_day(partial: str) -> datetime.date:
    """The last day a partial date can mean: `2020` -> 2020-12-31, `2020-02` -> 2020-02-29."""
    parts = [int(part) for part in partial.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    year, month = parts
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _warn(check: str, path: Path, message: str) -> Problem:
    return Problem(f"[{check}] {message}", path)


def _entries(briefing: Briefing) -> Iterator[tuple[str, int, Any]]:
    for section in SECTIONS:
        for position, entry in enumerate(getattr(briefing, section)):
            yield section, position, entry


def _nested(entry: Any) -> Iterator[tuple[str, int, Any]]:
    """The records inside an entry (roles, conversions, votes, accounts, renderings), each
    with its field and number."""
    for name, value in zip(entry._fields, entry, strict=True):
        if isinstance(value, tuple):
            for number, item in enumerate(value):
                if hasattr(item, "_fields"):
                    yield name, number, item


def _sources_named(briefing: Briefing) -> set[str]:
    """Every source an entry names: its source, via, an erratum's also and claim source, and
    the source and via of every record inside it (a role, a vote, a rendering, ...)."""
    named = {briefing.briefing.source, *briefing.briefing.sources}
    for section, _, entry in _entries(briefing):
        if section == "sources":
            continue
        named.update(s for s in (getattr(entry, "source", None), getattr(entry, "via", None)) if s)
        named.update(getattr(entry, "also", ()))
        if claimed_by := getattr(entry, "claim_source", None):
            named.add(claimed_by)
        for _, _, item in _nested(entry):
            inner = (getattr(item, "source", None), getattr(item, "via", None))
            named.update(s for s in inner if s)
    return named


def _reach(sources: dict[str, Source]) -> dict[str, set[str]]:
    """Each source -> every source its `cites` lead to, directly or through others."""
    reach: dict[str, set[str]] = {}
    for start in sources:
        seen: set[str] = set()
        todo = list(sources[start].cites)
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current in sources:
                todo.extend(sources[current].cites)
        reach[start] = seen
    return reach


def source_checks(briefing: Briefing) -> Iterator[Problem]:
    """unused-source, uncited-source, citation-loop and dead-end."""
    sources = {s.id: s for s in briefing.sources}
    named = _sources_named(briefing)
    cited_by: dict[str, list[str]] = {}
    for source in briefing.sources:
        for cited in source.cites:
            cited_by.setdefault(cited, []).append(source.id)
    reach = _reach(sources)
    looped: set[str] = set()
    for position, source in enumerate(briefing.sources):
        here: Path = ("sources", position, "id")
        if source.id not in named and source.id in cited_by:
            yield _warn(
                "unused-source",
                here,
                f"no entry names {source.id}; only {', '.join(cited_by[source.id])} cites it",
            )
        elif source.id not in named:
            yield _warn(
                "uncited-source",
                here,
                f"nothing refers to {source.id}: no entry names it and no source cites it",
            )
        if source.id in reach[source.id] and source.id not in looped:
            loop = [s for s in sources if s in reach[source.id] and source.id in reach[s]]
            looped.update(loop)
            yield _warn(
                "citation-loop",
                ("sources", position, "cites"),
                f"{source.id} cites itself through {' -> '.join(loop)}",
            )
    for section, position, entry in _entries(briefing):
        crediting: list[tuple[Any, Path]] = [(entry, (section, position, "via"))]
        crediting += [
            (item, (section, position, name, number, "via"))
            for name, number, item in _nested(entry)
            if getattr(item, "via", None)
        ]
        for record, path in crediting:
            via = getattr(record, "via", None)
            own = getattr(record, "source", None)
            if via and own and via != own and via not in reach.get(own, set()):
                yield _warn(
                    "dead-end",
                    path,
                    f"credits {via}, but its source {own} does not cite it, directly or through"
                    " the sources it cites",
                )


def single_source(briefing: Briefing) -> Iterator[Problem]:
    """Judgements resting on one source that cites nothing and nothing else backs, unless
    the judgement's holder is that source's author or publisher, or a speaker in it: a
    delegation's view in its own published statement is sourced as well as it can be."""
    sources = {s.id: s for s in briefing.sources}
    backed: dict[str, set[str]] = {}
    for erratum in briefing.errata:
        for concerned in erratum.concerns:
            backed.setdefault(concerned, set()).update((erratum.source, *erratum.also))
    speakers: dict[str, set[str]] = {}  # source id -> the actors whose statements it holds
    for statement in briefing.statements:
        speakers.setdefault(statement.source, set()).add(statement.speaker)
    index = Index(briefing)
    for position, judgement in enumerate(briefing.assessments):
        source = sources.get(judgement.source)
        others = backed.get(judgement.id, set()) - {judgement.source}
        if source is None or source.cites or others:
            continue
        holders = _holders(judgement.holder, index)
        if any(_own_words(holder, source, speakers.get(source.id, set())) for holder in holders):
            continue
        if judgement.holder and _written_by(judgement.holder, source):
            continue
        yield _warn(
            "single-source",
            ("assessments", position, "source"),
            f"this judgement rests on {source.id} alone: it cites no source and no other"
            " source backs it",
        )


def _holders(holder: str | None, index: Index) -> list[Actor]:
    """The actors a judgement's `holder` names: the one it is (`Index.actor_called`: id,
    name or alias), else each whose name appears in it whole ("Jamie McGoldrick, UN
    Resident Coordinator")."""
    exact = index.actor_called(holder)
    if exact is not None or not holder:
        return [exact] if exact is not None else []
    return [
        actor
        for actor in index.briefing.actors
        if Matcher(actor.name, tuple(n for n in names_of(actor) if n != actor.id))(holder)
    ]


def _written_by(holder: str, source: Source) -> bool:
    """Whether the holder's own words name who wrote or issued `source` (no actor needed)."""
    return any(
        fold(holder) == fold(text) or Matcher(text)(holder)
        for text in (source.author, source.publisher)
        if text
    )


def _own_words(actor: Actor, source: Source, speakers: set[str]) -> bool:
    """Whether `source` is `actor`'s own: it wrote or issued it, or speaks in it."""
    if actor.id in speakers:
        return True
    matcher = Matcher(actor.name, tuple(n for n in names_of(actor) if n != actor.id))
    return any(matcher(text) for text in (source.author, source.publisher) if text)


def expected_steps(words: str) -> frozenset[int] | None:
    """The steps likelihood `words` allow (empty: none, for a bare "will"), or None when the
    words are not ones this check knows."""
    folded = fold(words)
    found = _TERMS.search(folded)
    if found is not None:
        return LIKELIHOOD_WORDS[found.group(1)]
    if _BARE.search(folded):
        return frozenset()
    return None


def likelihood(briefing: Briefing) -> Iterator[Problem]:
    """Likelihood words that disagree with the step they are mapped to."""
    for position, judgement in enumerate(briefing.assessments):
        problem = likelihood_problem(judgement)
        if problem is not None:
            yield _warn("likelihood-mismatch", ("assessments", position, "step"), problem)


def likelihood_problem(judgement: Assessment) -> str | None:
    """Why the words and the step of one judgement disagree, or None."""
    if judgement.words is None or judgement.step is None or judgement.scale is None:
        return None
    allowed = expected_steps(judgement.words)
    if allowed is None:
        return None
    steps = SCALE_STEPS[judgement.scale]
    if judgement.step not in steps:
        return None  # the loader reports a step of the wrong scale
    if not allowed:
        return (
            f"{judgement.words!r} states no likelihood, but it is mapped to"
            f" {judgement.step!r} ({judgement.scale})"
        )
    if steps.index(judgement.step) in allowed:
        return None
    wanted = " or ".join(repr(steps[n]) for n in sorted(allowed))
    return (
        f"{judgement.words!r} reads as {wanted} on {judgement.scale}, but it is mapped to"
        f" {judgement.step!r}"
    )


def claimants(briefing: Briefing, archives: dict[str, str]) -> Iterator[Problem]:
    """Figures whose claimant their source (or the source it credits) does not name."""
    sources = {s.id: s for s in briefing.sources}
    actors = {a.id: a for a in briefing.actors}
    for position, figure in enumerate(briefing.figures):
        read = [s for s in (figure.source, figure.via) if s and s in archives]
        if not read:
            continue  # a title alone is no evidence that the text does not name them
        texts = [archives[s] for s in read]
        for source_id in (figure.source, figure.via):
            source = sources.get(source_id or "")
            if source is not None:
                texts += [source.title, source.publisher]
        first: Path = ("figures", position, "claimant")
        named: list[tuple[str | None, Path]] = [(figure.claimant, first)]
        named += [
            (claimant, ("figures", position, "claimants", number))
            for number, claimant in enumerate(figure.claimants)
        ]
        for actor_id, path in named:
            actor: Actor | None = actors.get(actor_id or "")
            if actor is None:
                continue
            matcher = Matcher(actor.name, tuple(n for n in names_of(actor) if n != actor.id))
            if not any(matcher(text) for text in texts):
                yield _warn(
                    "claimant-not-in-source",
                    path,
                    f"{actor.name} is named neither in the archived text of"
                    f" {' or '.join(read)} nor in the title or publisher of the figure's sources",
                )


def unchecked(briefing: Briefing) -> Iterator[Problem]:
    """Quotes validate could not check against their source's words (`quotes.py`)."""
    from raqqa_cli.briefing.quotes import unchecked_quotes

    for passage, why in unchecked_quotes(briefing):
        wanted = "a translation_archive" if passage.kind == "translation" else "an archive"
        yield _warn(
            "unchecked-quote",
            passage.path,
            f"this {passage.kind} quote of {passage.source} is not checked: {why}"
            f" (give the source {wanted})",
        )


def stale(briefing: Briefing, today: datetime.date, days: int) -> Iterator[Problem]:
    """Sources last verified more than `days` days before `today`."""
    for position, source in enumerate(briefing.sources):
        if source.last_verified is None:
            continue
        age = (today - last_day(source.last_verified)).days
        if age > days:
            yield _warn(
                "stale",
                ("sources", position, "last_verified"),
                f"last verified {source.last_verified}, {age} days before {today.isoformat()}"
                f" (more than {days})",
            )


def behalf_of_people(briefing: Briefing) -> Iterator[Problem]:
    """Statements made on behalf of a person rather than of a group, state, organisation or
    coalition."""
    people = {actor.id: actor.name for actor in briefing.actors if actor.kind == "person"}
    for position, statement in enumerate(briefing.statements):
        for number, actor_id in enumerate(statement.on_behalf_of):
            if actor_id in people:
                yield _warn(
                    "behalf-not-group",
                    ("statements", position, "on_behalf_of", number),
                    f"made on behalf of {people[actor_id]} ({actor_id}), a person: a statement"
                    " is made on behalf of a group, state, organisation or coalition",
                )


def explanations(briefing: Briefing) -> Iterator[Problem]:
    """Explanations of vote that are not the voting member's own statement."""
    if not briefing.decisions:
        return
    from raqqa_cli.reports.speakers import organisations_at

    index = Index(briefing)
    for position, decision in enumerate(briefing.decisions):
        for number, vote in enumerate(decision.votes):
            said = index.get(vote.explanation)
            if said is None or vote.actor in (said.speaker, *said.on_behalf_of):
                continue
            if vote.actor in organisations_at(index, said.speaker, said.date):
                continue
            yield _warn(
                "explanation-not-voter",
                ("decisions", position, "votes", number, "explanation"),
                f"{said.id} is not {index.actor_name(vote.actor)}'s statement: its speaker is"
                f" {index.actor_name(said.speaker)}, who neither speaks on its behalf nor"
                " holds a role for it then",
            )


def one_sided(briefing: Briefing) -> Iterator[Problem]:
    """Claims contradicted or disputed where no other source gives the other side."""
    own = briefing.briefing.source
    for position, erratum in enumerate(briefing.errata):
        if erratum.kind not in LISTED_KINDS:
            continue
        claimed_by = claim_source_of(erratum, own)
        others = {erratum.source, *erratum.also, *(a.source for a in erratum.accounts)}
        if others - {claimed_by}:
            continue
        yield _warn(
            "one-sided-dispute",
            ("errata", position, "source"),
            f"this claim is {'disputed' if erratum.kind == 'disputed' else 'contradicted'}"
            f" with one side only: what the other side says is cited to {claimed_by}, the"
            " claim's own source; cite the source that gives it",
        )


def version_one_sums(briefing: Briefing) -> Iterator[Problem]:
    """Version 1 cannot tell updates or periods apart: say where the totals add one donor's
    like amounts, and which version-2 fields would tell."""
    if briefing.schema_version != 1:
        return
    from raqqa_cli.briefing.relations import amount_kind

    funded = {p.id for p in briefing.packages if p.amount is not None and p.currency}
    groups: dict[tuple[Any, ...], list[tuple[str, int, str]]] = {}
    for section in ("packages", "pledges"):
        for position, entry in enumerate(getattr(briefing, section)):
            kind = amount_kind(entry)
            line = getattr(entry, "package", None) in funded and kind and kind[0] == "money"
            if kind is None or line or kind[:2] == ("quantity", "people"):
                continue
            key = (entry.donor, entry.status, kind)
            groups.setdefault(key, []).append((section, position, entry.id))
    for members in groups.values():
        for section, position, entry_id in members[1:]:
            others = ", ".join(i for _, _, i in members if i != entry_id)
            yield _warn(
                "version-1-sum",
                (section, position, "id"),
                f"the totals add {entry_id} to {others} (one donor, status and unit): if one"
                " updates another, or they are for different periods, declare schema_version:"
                " 2 and say so with supersedes and cumulative, or period_start and period_end",
            )


def review(
    briefing: Briefing,
    archives: dict[str, str],
    today: datetime.date,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> list[Problem]:
    """Every finding of every check, as problems whose message starts `[check-name]`;
    `archives` holds the archived text of the sources that have one, by source id."""
    return [
        *single_source(briefing),
        *source_checks(briefing),
        *likelihood(briefing),
        *claimants(briefing, archives),
        *version_one_sums(briefing),
        *stale(briefing, today, stale_days),
        *unchecked(briefing),
        *behalf_of_people(briefing),
        *explanations(briefing),
        *one_sided(briefing),
    ]


def check_of(problem: Problem) -> tuple[str | None, str]:
    """(`check-name`, the rest) of a finding's message; (None, message) for an error."""
    found = re.match(r"\[([a-z0-9-]+)\] ", problem.message)
    if found is None or found.group(1) not in CHECKS:
        return None, problem.message
    return found.group(1), problem.message[found.end() :]
