"""How values read to people: numbers, quantities, money, figures, roles, periods."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.briefing.model import Figure, Reaction, Role, Statement

_CURRENCY = re.compile(r"[A-Z]{3}")
_AS_OF = re.compile(r"(?<!\w)as of(?!\w)", re.IGNORECASE)


def mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` already, in whole words, whatever the case and accents:
    "Chairman, Conservative Middle East Council" names the council, "Head of UNHCR" does
    not name "UN"."""
    from raqqa_cli.briefing.lookup import fold

    return re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", fold(text)) is not None


def where_text(venue: str | None, place: str | None) -> str | None:
    """`urgent question, House of Commons`: the venue, then the place unless the venue
    already names it (`House of Commons`, in the House of Commons, is said once)."""
    if venue and place and mentions(venue, place):
        return venue
    return ", ".join(p for p in (venue, place) if p) or None


def dated_text(date: str | None, precision: str | None) -> str | None:
    """A date as people read it, saying how it is known: `about 2022-06` when the source
    gives it roughly, `2022-06, inferred` when worked out from the text; as written when
    stated. Machines get the date and its `date_precision` apart."""
    if not date or precision is None:
        return date
    return f"about {date}" if precision == "approximate" else f"{date}, {precision}"


def said_when(date: str | None, precision: str | None, reported: str | None) -> str | None:
    """When words were said, and when the source reported them if it says: `2017-10-20,
    reported 2017-10-23`, `reported 2017-10-23` when the date said is not known."""
    dated = dated_text(date, precision)
    if not reported or reported == date:
        return dated
    return f"{dated}, reported {reported}" if dated else f"reported {reported}"


def says_as_of(text: str) -> bool:
    """Whether `text` dates itself already ("Fact Sheet #8 (as of 18 April)"), so that a
    phrase adds no second "as of"; whole words only ("gas offered" does not)."""
    return _AS_OF.search(text) is not None


QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "estimated": "an estimated ",
    "at least": "at least ",
    "more than": "more than ",
    "at most": "at most ",
}


def number_text(value: float | int) -> str:
    """A number for a phrase: thousands separators, no `.0`."""
    from raqqa_cli.render.text import format_number

    return format_number(value)


def quantity_text(
    qualifier: str,
    unit: str | None,
    value: float | None,
    low: float | None = None,
    high: float | None = None,
) -> str:
    """`more than 660,000 relief packages`, `1,130 to 1,873 people`; empty if no number."""
    if value is not None:
        amount = number_text(value)
    elif low is not None and high is not None:
        amount = f"{number_text(low)} to {number_text(high)}"
    elif low is not None:
        amount = number_text(low)
    else:
        return ""
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{amount}{' ' + unit if unit else ''}"


def counted(unit: str | None, item: str | None) -> str | None:
    """What a quantity counts, as people read it: `hygiene kits` where the item names the
    unit (unit `kits`), `metric tons of high energy biscuits` where it does not."""
    if not item:
        return unit
    if not unit or unit == "people" or _stem(unit) in {_stem(w) for w in item.split()}:
        return item
    return f"{unit} of {item}"


def _stem(word: str) -> str:
    return word.casefold().removesuffix("s")


def money_text(amount: float | int, currency: str, qualifier: str = "exact") -> str:
    """`GBP 10,000,000`, `about USD 1,200,000`: the ISO code first, never a symbol."""
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{currency} {number_text(amount)}"


def figure_text(figure: Figure) -> str:
    """A figure's number as a phrase: `about 850 Britons`, `1,130 to 1,873 civilians`;
    money as everywhere else, the currency first: `about USD 6,000,000,000`."""
    if _CURRENCY.fullmatch(figure.unit) and figure.value is not None:
        return money_text(figure.value, figure.unit, figure.qualifier)
    return quantity_text(figure.qualifier, figure.unit, figure.value, figure.low, figure.high)


def statement_text(statement: Statement | Reaction) -> str:
    """Paraphrase (or claim) and exact quote, kept apart: `... "quote" (translation)`."""
    from raqqa_cli.briefing.model import Statement

    said = statement.paraphrase if isinstance(statement, Statement) else statement.claim
    parts = [said] if said else []
    if statement.quote:
        parts.append(quote_text(statement.quote, statement.quote_kind, statement.original_language))
    return " ".join(parts)


def quote_text(quote: str, kind: str | None, language: str | None) -> str:
    """`"..."`, `"..." (partial)`, `"..." (translation from French)`: a quote in quotation
    marks, with what kind of quote it is unless it is the source's own words, whole."""
    said = f"\u201c{quote}\u201d"
    if kind == "translation" and language:
        return f"{said} (translation from {language})"
    return f"{said} ({kind})" if kind not in (None, "verbatim") else said


def period_text(start: str | None, end: str | None) -> str:
    """`2017-06 to 2017-10`, `from 2017-06`, `until 2017-10`; empty when neither is known."""
    if start and end:
        return start if start == end else f"{start} to {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else ""


def role_text(index: Index, role: Role, cite: bool = False) -> str:
    """`Secretary of State for Defence, Ministry of Defence (2014-07-15 to 2017-11-01)`
    (the organisation left out where the title names it already), with the role's own
    source when `cite` (a role may come from another source than the actor it belongs to)."""
    where = index.actor_name(role.organisation)
    if where and mentions(role.title, where):  # "Chairman, Conservative Middle East
        where = ""  # Council" names its organisation already: not twice
    held = period_text(role.start, role.end)
    text = f"{role.title}{', ' + where if where else ''}{f' ({held})' if held else ''}"
    return index.cited(text, role.source) if cite else text
