"""Walking a briefing's entries: every entry with its section, every text in a field,
what an entry is in one line. Shared by search, actors NAME and show."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import (
    Briefing,
    Decision,
    Erratum,
    Event,
    Figure,
    Package,
    Pledge,
    Reaction,
    Source,
    Statement,
    claim_source_of,
    entries_of,
)
from raqqa_cli.briefing.model import field_name as named_in
from raqqa_cli.record import Struct
from raqqa_cli.reports.phrases import figure_text, statement_text


def all_entries(index: Index) -> Iterator[tuple[Any, str]]:
    """Every entry with an id, with the section it is in, in the order a reader meets them
    (the order `Briefing.haystack` numbers them in)."""
    return entries_of(index.briefing)


class Field(Struct):
    """One field of an entry, under the source its value comes from."""

    path: str  # `quote`, or `roles[0].title` for a field of a nested record
    value: Any
    source: str | None  # the id of the source the value comes from
    via: str | None  # the source that relayed it, where the entry names one


def cited_fields(briefing: Briefing, entry: Any) -> Iterator[Field]:
    """Every field of `entry`, each under its own source (the id too): a nested record (a
    role, an amount in another currency) field by field, under the record's own source
    where it names one; an erratum's `says` (`article_says` in a version-1 file), the claim's
    words, under the claim's source (`claim_source`, else the briefing's own); everything else
    under the entry's source and `via` (a source's fields under the source itself)."""
    own = entry.id if isinstance(entry, Source) else getattr(entry, "source", None)
    via = getattr(entry, "via", None)
    erratum = isinstance(entry, Erratum)
    for name, value in zip(entry._fields, entry, strict=True):
        if type(value) is tuple and value and hasattr(value[0], "_fields"):
            for number, item in enumerate(value):
                cited = getattr(item, "source", None)
                relayed = getattr(item, "via", None) if cited else via
                for sub, part in zip(item._fields, item, strict=True):
                    path = f"{name}[{number}].{sub}"  # counted as `validate` counts
                    yield _new(Field, (path, part, cited or own, relayed))
        elif erratum and name == "says":
            claimed_by = claim_source_of(entry, briefing.briefing.source)
            yield _new(Field, (named_in(name, briefing.schema_version), value, claimed_by, None))
        else:
            yield _new(Field, (name, value, own, via))


# A `Field` made of its four values in C (`Struct`'s own constructor checks them in Python):
# a search makes one for every field of every entry that may match, 300,000 in a broad
# search across a shelf.
_new = tuple.__new__


def texts(value: Any, name: str) -> Iterator[tuple[str, str]]:
    """Every (field path, text) inside a value: strings, lists and nested records."""
    if isinstance(value, str):
        yield name, value
    elif hasattr(value, "_fields"):  # a nested record (a role); check before plain tuples
        for field_name, item in zip(value._fields, value, strict=True):
            yield from texts(item, f"{name}.{field_name}")
    elif isinstance(value, tuple):
        for item in value:
            yield from texts(item, name)


def date_of(entry: Any) -> str | None:
    """The date an entry is about, if it has one."""
    for name in ("date", "as_of", "published", "since"):
        value = getattr(entry, name, None)
        if isinstance(value, str):
            return value
    return None


def precision_of(entry: Any) -> str | None:
    """How the date `date_of` gives is known (`approximate`, `inferred`), when it is the
    entry's own `date` and the entry says; None when stated."""
    date = getattr(entry, "date", None)
    return getattr(entry, "date_precision", None) if isinstance(date, str) else None


def summary(entry: Any) -> str:
    """One line saying what an entry is, for lists of links."""
    if isinstance(entry, Statement | Reaction):
        return statement_text(entry)
    if isinstance(entry, Figure):
        return f"{entry.counts}: {figure_text(entry)}"
    if isinstance(entry, Pledge):
        from raqqa_cli.reports.aid import pledge_amount_text

        amount = pledge_amount_text(entry)
        return f"{entry.description}{' (' + amount + ')' if amount else ''}"
    if isinstance(entry, Package):
        return entry.title
    if isinstance(entry, Event):
        return entry.what
    if isinstance(entry, Decision):
        ended = f", {entry.result}" if entry.result else ""
        named = f"{entry.symbol}: {entry.title}" if entry.symbol else entry.title
        return f"{named} ({entry.kind}{ended})"
    for name in ("title", "name", "judgement", "topic"):
        value = getattr(entry, name, None)
        if isinstance(value, str):
            return value
    return str(entry.id)


def refers_to(entry: Any, target: str) -> Iterator[str]:
    """The fields of `entry` (roles' fields as `roles.organisation`) that name `target`."""
    for field_name, value in zip(entry._fields, entry, strict=True):
        if field_name == "id":
            continue
        if value == target or (isinstance(value, tuple) and target in value):
            yield field_name
        elif isinstance(value, tuple):
            for item in value:
                if hasattr(item, "_fields"):
                    yield from (f"{field_name}.{f}" for f in refers_to(item, target))
