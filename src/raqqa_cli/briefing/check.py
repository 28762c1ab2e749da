"""Plain data -> a checked `Briefing`, or every problem found, each with its path.

The checks are compiled once from the type hints of `model.py`, so the schema is written
in one place. Beyond types, a few rules the types cannot say (a quote needs its kind, a
range its bounds in order) live in `RULES`, and ids and references are checked across the
whole file at the end.
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from raqqa_cli.briefing import model
from raqqa_cli.briefing.yamldoc import NOT_A_MAPPING, REFUSED
from raqqa_cli.errors import Path, Problem, Problems

INVALID: Any = object()


# Near misses are looked for only for the first few problems of a file: a file with a
# hundred thousand unknown keys or dangling references must not cost as many fuzzy searches.
SUGGESTIONS = 20


class Context:
    """What one check run collects: problems, and references to resolve at the end."""

    def __init__(self, version: int = model.SCHEMA_VERSION) -> None:
        self.problems = Problems()  # the first MAX_PROBLEMS; a million would not fit
        self.refs: list[tuple[Path, str, str]] = []
        self.suggestions_left = SUGGESTIONS
        self.version = version  # the file's declared schema_version

    def problem(self, path: Path, message: str) -> None:
        self.problems.add(Problem(message, path))

    def suggest(self, word: str, choices: Callable[[], Iterable[str]]) -> str:
        """`suggest(word, choices())` while the file's budget of near misses lasts."""
        if self.suggestions_left <= 0:
            return ""
        self.suggestions_left -= 1
        return suggest(word, choices())


Checker = Callable[[Any, Path, Context], Any]


def describe(value: object) -> str:
    """A value as users would name it in an error message."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` when a choice is close to `word`, else nothing."""
    import difflib  # only for a problem's suggestion

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def calendar_problem(text: str) -> str | None:
    """Why a well-formed YYYY[-MM[-DD]] is not a real date, or None if it is."""
    parts = [int(part) for part in text.split("-")]
    try:
        datetime.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
    except ValueError:
        return f"{text!r} is not a real date"
    return None


def _text(value: Any, path: Path, ctx: Context) -> Any:
    if isinstance(value, str):
        return value
    hint = " (quote it)" if isinstance(value, int | float | bool) else ""
    ctx.problem(path, f"expected text, got {describe(value)}{hint}")
    return INVALID


def _boolean(value: Any, path: Path, ctx: Context) -> Any:
    if isinstance(value, bool):
        return value
    ctx.problem(path, f"expected true or false, got {describe(value)}")
    return INVALID


def _number(value: Any, path: Path, ctx: Context) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    hint = ""
    if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9][0-9,_ ]*(\.[0-9]+)?", value.strip()):
        hint = " (write numbers without separators or quotes)"
    ctx.problem(path, f"expected a number, got {describe(value)}{hint}")
    return INVALID


def _integer(value: Any, path: Path, ctx: Context) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
        return int(value)
    hint = ""
    if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9][0-9,_ ]*", value.strip()):
        hint = " (write numbers without separators or quotes)"
    ctx.problem(path, f"expected a whole number, got {describe(value)}{hint}")
    return INVALID


def _literal(choices: tuple[Any, ...]) -> Checker:
    def check(value: Any, path: Path, ctx: Context) -> Any:
        if value in choices and type(value) is type(choices[0]):
            return value
        shown = ", ".join(str(choice) for choice in choices)
        near = ctx.suggest(value, lambda: map(str, choices)) if isinstance(value, str) else ""
        ctx.problem(path, f"expected one of: {shown}; got {describe(value)}{near}")
        return INVALID

    return check


def _optional(inner: Checker) -> Checker:
    def check(value: Any, path: Path, ctx: Context) -> Any:
        return None if value is None else inner(value, path, ctx)

    return check


def _tuple_of(inner: Checker) -> Checker:
    def check(value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, list):
            ctx.problem(path, f"expected a list, got {describe(value)}")
            return INVALID
        items = [
            INVALID if item is REFUSED else inner(item, (*path, index), ctx)
            for index, item in enumerate(value)
        ]
        return INVALID if any(item is INVALID for item in items) else tuple(items)

    return check


def _annotated(inner: Checker, metadata: tuple[Any, ...]) -> Checker:
    patterns = [(re.compile(m.regex), m) for m in metadata if isinstance(m, model.Pattern)]
    minimums = [m.value for m in metadata if isinstance(m, model.Minimum)]
    maximums = [m.value for m in metadata if isinstance(m, model.Maximum)]
    refs = [m.section for m in metadata if isinstance(m, model.Ref)]
    is_date = model.DATE_PATTERN in metadata

    def check(value: Any, path: Path, ctx: Context) -> Any:
        if is_date and type(value) is int and 1000 <= value <= 9999:
            value = str(value)  # a bare year is a date of year precision
        value = inner(value, path, ctx)
        if value is INVALID or value is None:
            return value
        for regex, pattern in patterns:
            if not regex.match(value):
                # `usd` for `USD`: the case is the only thing wrong
                near = f"; did you mean {value.upper()!r}?" if regex.match(value.upper()) else ""
                ctx.problem(path, f"{value!r} is not {pattern.means}{near}")
                return INVALID
        if is_date and (why := calendar_problem(value)) is not None:
            ctx.problem(path, why)
            return INVALID
        for minimum in minimums:
            if value < minimum:
                ctx.problem(path, f"must be at least {minimum:g}, got {value!r}")
                return INVALID
        for maximum in maximums:
            if value > maximum:
                ctx.problem(path, f"must be at most {maximum:g}, got {value!r}")
                return INVALID
        for section in refs:
            ctx.refs.append((path, section, value))
        return value

    return check


new = tuple.__new__


def _record(cls: type[Any]) -> Checker:
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = model.fields_of(cls)
    names = [name for name, _ in fields]
    required = [name for name, default in fields if default is model.MISSING]
    defaults = dict(fields)
    since = {
        name: meta.version
        for name in names
        for meta in getattr(hints[name], "__metadata__", ())
        if isinstance(meta, model.Since)
    }
    # A field's former name (`article_says` for `says`) -> the field.
    formerly = {
        meta.name: (name, meta.until)
        for name in names
        for meta in getattr(hints[name], "__metadata__", ())
        if isinstance(meta, model.Formerly)
    }
    renamed = {name: (former, until) for former, (name, until) in formerly.items()}
    checkers: dict[str, Checker] = {}
    rule = RULES.get(cls)
    what = cls.__name__.lower()
    what = f"{'an' if what[0] in 'aeio' else 'a'} {what}"  # an actor, an erratum; a unit

    def check(value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, dict):
            ctx.problem(path, f"expected a mapping ({what}), got {describe(value)}")
            return INVALID
        if not checkers:
            checkers.update({name: compile_hint(hints[name]) for name in names})
        fine = True
        values: dict[str, Any] = {}
        for key, item in value.items():
            field = key
            if key in formerly:
                field = formerly[key][0]
                if field in value:
                    message = f"give {field!r} or {key!r}, not both: they are the same field"
                    ctx.problem((*path, key), message)
                    fine = False
                    continue
            elif key in renamed and ctx.version < renamed[key][1]:
                former, until = renamed[key]
                ctx.problem(
                    (*path, key), f"{_newer(repr(key), until, ctx.version)}; or write {former!r}"
                )
                fine = False
                continue
            checker = checkers.get(field)
            if item is REFUSED:
                fine = False
                continue
            if checker is None:
                spelt = [model.field_name(n, ctx.version) if n in renamed else n for n in names]
                near = ctx.suggest(key, partial(list, spelt))
                near = near or f"; {what} has: {', '.join(spelt)}"
                ctx.problem((*path, key), f"unknown field {key!r}{near}")
                fine = False
                continue
            result = checker(item, (*path, key), ctx)
            if result is INVALID:
                fine = False
            elif key != field:
                values[field] = result
            elif ctx.version < since.get(key, 0) and result != defaults[key]:
                ctx.problem((*path, key), _newer(f"{key!r}", since[key], ctx.version))
                fine = False
            elif ctx.version < 2 and result in model.V2_VALUES.get(key, ()):
                ctx.problem((*path, key), _newer(f"{key}: {result}", 2, ctx.version))
                fine = False
            else:
                values[key] = result
        for name in required:
            if name not in value and renamed.get(name, ("",))[0] not in value:
                ctx.problem(path, f"missing required field {model.field_name(name, ctx.version)!r}")
                fine = False
        if not fine:
            return INVALID
        # Every required field is there (checked above) and every key is a field: the
        # record is built as the tuple of its values, defaults filled in, without checking
        # them a second time in the keyword constructor (4% of a cold load of 10,000).
        built = new(cls, [values.get(name, default) for name, default in fields])
        if rule is not None:
            for field_name, message in rule(built):
                where = field_name if isinstance(field_name, tuple) else (field_name,)
                ctx.problem((*path, *where), message)
        return built

    return check


def _newer(what: str, version: int, declared: int) -> str:
    return (
        f"{what} is new in schema_version {version}; this file declares schema_version"
        f" {declared} (declare schema_version: {version} to use it)"
    )


_compiled: dict[Any, Checker] = {}


def compile_hint(hint: Any) -> Checker:
    """The checker for one type hint of the model."""
    if hint in _compiled:
        return _compiled[hint]
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    checker: Checker
    if origin is typing.Annotated:
        checker = _annotated(compile_hint(args[0]), hint.__metadata__)
    elif origin is typing.Union or origin is types.UnionType:
        rest = tuple(arg for arg in args if arg is not type(None))
        inner: Checker
        if set(rest) == {int, float}:
            inner = _number
        elif len(rest) == 1:
            inner = compile_hint(rest[0])
        else:
            raise TypeError(f"unsupported union in the model: {hint}")
        checker = _optional(inner) if len(rest) < len(args) else inner
    elif origin is typing.Literal:
        checker = _literal(args)
    elif origin is tuple:
        checker = _tuple_of(compile_hint(args[0]))
    elif hint is str:
        checker = _text
    elif hint is bool:
        checker = _boolean
    elif hint is int:
        checker = _integer
    elif model.is_record(hint):
        checker = _record(hint)
    else:
        raise TypeError(f"unsupported type in the model: {hint}")
    _compiled[hint] = checker
    return checker


# -- rules the types cannot express ----------------------------------------------------

# (the field, or the path within the entry, such as ("votes", 2, "actor"); the message)
Findings = list[tuple[Any, str]]


def _quote_kind_rule(entry: model.Statement | model.Reaction | model.Rendering) -> Findings:
    if entry.quote is not None and entry.quote_kind is None:
        return [("quote_kind", "a quote needs quote_kind: verbatim, partial or translation")]
    if entry.quote is None and entry.quote_kind is not None:
        return [("quote_kind", "quote_kind is set but there is no quote")]
    return []


def _quote_rule(entry: model.Statement | model.Reaction) -> Findings:
    """The quote's kind, and renderings under sources other than the entry's own: the
    entry's own wording is the one under its `source`."""
    found = _quote_kind_rule(entry)
    for position, rendering in enumerate(entry.renderings):
        if rendering.source == entry.source:
            found.append((
                ("renderings", position, "source"),
                f"{rendering.source!r} is the entry's own source: its wording is the entry's"
                " quote or paraphrase; a rendering is another source's",
            ))  # fmt: skip
    return found


def _rendering_rule(entry: model.Rendering) -> Findings:
    found = _quote_kind_rule(entry)
    if entry.paraphrase is None and entry.quote is None:
        found.append(("quote", "a rendering needs a quote, a paraphrase or both"))
    return found


def _twice(entries: Iterable[str], field: str) -> Findings:
    """A finding at `field` naming each id given more than once."""
    seen: set[str] = set()
    twice: set[str] = set()
    for entry in entries:
        (twice if entry in seen else seen).add(entry)
    if not twice:
        return []
    return [(field, f"names {', '.join(map(repr, sorted(twice)))} more than once")]


def _statement_rule(entry: model.Statement) -> Findings:
    found = _quote_rule(entry)
    if entry.paraphrase is None and entry.quote is None:
        found.append(("paraphrase", "a statement needs a paraphrase, a quote or both"))
    return found + _twice(entry.on_behalf_of, "on_behalf_of")


def _paired(entry: Any, first: str, second: str) -> Findings:
    has_first = getattr(entry, first) is not None
    if has_first == (getattr(entry, second) is not None):
        return []
    missing, present = (second, first) if has_first else (first, second)
    return [(missing, f"{present} is given, so {missing} is needed too")]


def _range_rule(entry: model.Pledge) -> Findings:
    """A pledge gives amount (with currency) or quantity (with unit), or a range instead."""
    if entry.low is None:
        return [("low", "high is given, so low is needed too")] if entry.high is not None else []
    if entry.amount is not None or entry.quantity is not None:
        which = "amount" if entry.amount is not None else "quantity"
        return [(which, f"give {which}, or low (and high) for a range, not both")]
    if (entry.unit is None) == (entry.currency is None):
        return [("low", "a range needs a currency (money) or a unit (a quantity), not both")]
    return _ordered(entry, "low", "high")


def _links_rule(entry: model.Pledge | model.Package) -> Findings:
    found = _ordered(entry, "period_start", "period_end")
    for field in ("supersedes", "part_of"):
        if getattr(entry, field) == entry.id:
            found.append((field, f"{entry.id!r} cannot name itself"))
    if entry.id in entry.overlaps:
        found.append(("overlaps", f"{entry.id!r} cannot overlap itself"))
    return found


def _pledge_rule(entry: model.Pledge) -> Findings:
    found = _range_rule(entry) + _links_rule(entry)
    if entry.low is None or entry.unit is None:
        found += _paired(entry, "quantity", "unit")
    if entry.low is None or entry.currency is None:
        found += _paired(entry, "amount", "currency")
    return found


def _package_rule(entry: model.Package) -> Findings:
    return _paired(entry, "amount", "currency") + _links_rule(entry)


def _ordered(entry: Any, start: str, end: str) -> Findings:
    first, last = getattr(entry, start), getattr(entry, end)
    if first is not None and last is not None and last < first:
        return [(end, f"{end} {last!r} comes before {start} {first!r}")]
    return []


def _figure_rule(entry: model.Figure) -> Findings:
    found = _ordered(entry, "period_start", "period_end") + _ordered(entry, "low", "high")
    for field in ("supersedes", "part_of"):
        if getattr(entry, field) == entry.id:
            found.append((field, f"{entry.id!r} cannot name itself"))
    if entry.value is not None and (entry.low is not None or entry.high is not None):
        found.append(("value", "give a value, or low (and high) for a bound or range, not both"))
    elif entry.value is None and entry.low is None:
        found.append(("value", "a figure needs a value, or low (and high) for a bound or range"))
    if entry.claimant is not None and entry.claimant in entry.claimants:
        found.append(("claimants", f"{entry.claimant!r} is the claimant already"))
    return found + _twice(entry.claimants, "claimants")


def _assessment_rule(entry: model.Assessment) -> Findings:
    if entry.step is None:
        return []
    if entry.scale is None:
        return [("scale", f"step {entry.step!r} needs the scale it belongs to")]
    steps = model.SCALE_STEPS[entry.scale]
    if entry.step not in steps:
        return [("step", f"{entry.step!r} is not a step of {entry.scale}: {', '.join(steps)}")]
    return []


def _decision_rule(entry: model.Decision) -> Findings:
    """One vote per member; sponsors once each; a stated tally the recorded votes bear out."""
    from raqqa_cli.briefing.tally import tally_problems

    found: Findings = []
    sponsors: set[str] = set()
    for sponsor in entry.sponsors:
        if sponsor in sponsors:
            found.append(("sponsors", f"names {sponsor!r} more than once"))
        sponsors.add(sponsor)
    voted: dict[str, int] = {}
    for position, vote in enumerate(entry.votes):
        if vote.actor in voted:
            found.append((
                ("votes", position, "actor"),
                f"{vote.actor!r} has a vote already, at votes[{voted[vote.actor]}]:"
                " one vote per member",
            ))  # fmt: skip
        else:
            voted[vote.actor] = position
    return found + tally_problems(entry)


def _role_rule(entry: model.Role) -> Findings:
    return _ordered(entry, "start", "end")


RULES: dict[type[Any], Callable[[Any], Findings]] = {
    model.Statement: _statement_rule,
    model.Reaction: _quote_rule,
    model.Rendering: _rendering_rule,
    model.Pledge: _pledge_rule,
    model.Package: _package_rule,
    model.Figure: _figure_rule,
    model.Assessment: _assessment_rule,
    model.Role: _role_rule,
    model.Decision: _decision_rule,
}


# -- the whole file -------------------------------------------------------------------


def _index_ids(data: dict[str, Any], ctx: Context) -> dict[str, tuple[str, int]]:
    """Every id in the file -> where it is defined; duplicates are problems."""
    index: dict[str, tuple[str, int]] = {}
    for section in model.SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        for position, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            entry_id = entry["id"]
            if entry_id in index:
                first_section, first_position = index[entry_id]
                ctx.problem(
                    (section, position, "id"),
                    f"duplicate id {entry_id!r}, first used at {first_section}[{first_position}]",
                )
            else:
                index[entry_id] = (section, position)
    return index


def _actor_names(data: dict[str, Any]) -> dict[str, str]:
    """Every actor's name and alias, folded (case and accents), -> the actor's id."""
    from raqqa_cli.briefing.lookup import fold

    names: dict[str, str] = {}
    actors = data.get("actors")
    for actor in actors if isinstance(actors, list) else ():
        if not isinstance(actor, dict) or not isinstance(actor.get("id"), str):
            continue
        aliases = actor.get("aliases")
        for name in [actor.get("name"), *(aliases if isinstance(aliases, list) else ())]:
            if isinstance(name, str):
                names.setdefault(fold(name), actor["id"])
    return names


def _actor_named(ref: str, names: dict[str, str]) -> str | None:
    """The id of the actor `ref` names (by name or alias, nearly), or None."""
    from raqqa_cli.briefing.lookup import fold

    folded = fold(ref)
    if folded in names:
        return names[folded]
    import difflib  # only for a problem's suggestion

    close = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def _resolve_refs(index: dict[str, tuple[str, int]], ctx: Context, data: dict[str, Any]) -> None:
    def ids_in(sections: list[str]) -> list[str]:
        return [key for key, (where, _) in index.items() if "*" in sections or where in sections]

    names: dict[str, str] | None = None
    for path, section, ref in ctx.refs:
        found = index.get(ref)
        sections = section.split("|")  # "packages|pledges": an entry of either
        named = " or ".join(sections)
        if found is None:
            where = "" if section == "*" else f" in {named}"
            near = ""
            if "actors" in sections and ctx.suggestions_left > 0:
                # "Priti Patel" where `act-patel` belongs: a name given for an id
                names = _actor_names(data) if names is None else names
                if (actor_id := _actor_named(ref, names)) is not None:
                    ctx.suggestions_left -= 1
                    near = f"; did you mean {actor_id!r}? (an actor is named by its id)"
            near = near or ctx.suggest(ref, partial(ids_in, sections))
            ctx.problem(path, f"no entry has the id {ref!r}{where}{near}")
        elif section != "*" and found[0] not in sections:
            ctx.problem(path, f"{ref!r} is in {found[0]}, but this must name one of {named}")


def _chain_problems(briefing: model.Briefing) -> Problems:
    """Links the types cannot check: the relations between entries (`relations.py`: loops
    through any mix of links, updates and parts of unlike things, forks, two updates at one
    date; replies to oneself, in a loop or dated before what they answer), and `toward`
    naming a figure that is no target."""
    from raqqa_cli.briefing.relations import relation_problems

    problems = Problems(relation_problems(briefing))
    targets = {figure.id for figure in briefing.figures if figure.target}
    for section in ("packages", "pledges", "figures"):
        for position, entry in enumerate(getattr(briefing, section)):
            if entry.toward is not None and entry.toward not in targets:
                message = f"{entry.toward!r} is not a target: give that figure target: true"
                problems.add(Problem(message, (section, position, "toward")))
    return problems


def check_briefing(data: object) -> tuple[model.Briefing | None, list[Problem]]:
    """Check plain data against the schema; the briefing, or None and every problem."""
    ctx = Context()
    if not isinstance(data, dict):
        ctx.problem(
            (),
            f"{NOT_A_MAPPING}; found {describe(data)}",
        )
        return None, ctx.problems
    version = data.get("schema_version")
    if version not in model.SCHEMA_VERSIONS or type(version) is not int:
        readable = " or ".join(map(str, model.SCHEMA_VERSIONS))
        message = (
            f"missing schema_version (this raqqa reads schema_version: {readable})"
            if "schema_version" not in data
            else f"unsupported schema_version {version!r}: this raqqa reads"
            f" schema_version: {readable}"
        )
        ctx.problem(("schema_version",) if "schema_version" in data else (), message)
        return None, ctx.problems
    ctx.version = version
    briefing = compile_hint(model.Briefing)(data, (), ctx)
    _resolve_refs(_index_ids(data, ctx), ctx, data)
    if ctx.problems or briefing is INVALID:
        return None, ctx.problems
    if problems := _chain_problems(briefing):
        return None, problems
    return briefing, []
