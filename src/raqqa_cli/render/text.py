"""Text from a knowledge file is data: make it safe for each place it is printed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from raqqa_cli.report import Cited, Report, Value

if TYPE_CHECKING:
    from collections.abc import Callable


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# C0 controls except tab and newline, DEL, C1 controls, the Unicode line and paragraph
# separators (a line break to some tools), and every format character (Unicode category
# Cf): the bidirectional marks, overrides and isolates (U+061C and U+200E as much as
# U+202E) that can make a terminal or an editor show text in an order it is not stored in,
# and the zero-width characters that make two names look alike. The Cf ranges are those of
# Unicode 15.1 (tests check them against the running Python's `unicodedata`); listed, not
# computed, because asking `unicodedata` about every code point would cost 100 ms a start.
# One str.translate is several times faster than a regex substitution per cell.
FORMAT_CHARACTERS = (
    0x00AD,
    *range(0x0600, 0x0606),
    0x061C,
    0x06DD,
    0x070F,
    0x0890,
    0x0891,
    0x08E2,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
    0xFEFF,
    *range(0xFFF9, 0xFFFC),
    0x110BD,
    0x110CD,
    *range(0x13430, 0x13440),
    *range(0x1BCA0, 0x1BCA4),
    *range(0x1D173, 0x1D17B),
    0xE0001,
    *range(0xE0020, 0xE0080),
)
UNSAFE_CODES = (
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x2028,
    0x2029,
    *FORMAT_CHARACTERS,
)
_NEUTRALISE = {code: _escape(code) for code in UNSAFE_CODES}


# Finds whether there is anything to escape at all: most text has nothing, and a search
# runs in C where `translate` looks up every character.
def _character_class(codes: tuple[int, ...]) -> str:
    """`[...]` matching exactly `codes`, runs of consecutive codes as ranges."""
    runs: list[list[int]] = []
    for code in sorted(set(codes)):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in runs) + "]"


_ANY_UNSAFE = re.compile(_character_class(UNSAFE_CODES))


def neutralise(text: str) -> str:
    """Control and format characters (direction marks, zero widths) as `\\x1b`-style escapes."""
    return text.translate(_NEUTRALISE) if _ANY_UNSAFE.search(text) else text


def one_line(text: str) -> str:
    """Neutralised, with tabs and line breaks as visible escapes: one record, one line."""
    return neutralise(text.replace("\\", "\\\\")).replace("\t", "\\t").replace("\n", "\\n")


def format_number(value: int | float) -> str:
    """Thousands separators for people; no spurious `.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def human(value: Value) -> str:
    """A value as a person reads it (before any format-specific escaping)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def stop_after(title: str) -> str:
    """The full stop after a title in a reference: none when it ends in a stop of its own
    (`What Comes After ...?` is not followed by `?.`)."""
    return "" if title.rstrip().endswith((".", "?", "!")) else "."


def draw_cited(value: str, link: Callable[[str], str], escape: Callable[[str], str]) -> str:
    """A `Cited` as a format that links draws it: its words through `escape`, then each
    source through `link` (`[3], citing [5]`); any other text only escaped, never read for
    citations. The brief's Markdown and HTML differ only in `link` and `escape`."""
    if not isinstance(value, Cited):
        return escape(value)
    links = [link(source) + (f", citing {link(via)}" if via else "") for source, via in value.cites]
    return " ".join(part for part in (escape(value.words), "; ".join(links)) if part)


def draw_linked(
    value: Cited, link: Callable[[str, str | None], str], escape: Callable[[str], str]
) -> str:
    """A `Cited` drawn as the terminal shows it, each source's label through `link` (the
    label and the source's web address, or None), the text between through `escape`: the
    words first, then `, citing ` or `; ` between labels. Markdown and HTML differ only in
    `link` and `escape`."""
    shown = str(value)
    if not any(address for _id, _label, address in value.sources):
        return escape(shown)  # nothing to link: the text as any other (most citations)
    at = len(value.words) if value.words and shown.startswith(value.words) else 0
    parts = [escape(shown[:at])]
    for _source_id, label, address in value.sources:
        found = shown.find(label, at) if label else -1
        if found < 0:
            continue
        parts += [escape(shown[at:found]), link(label, address)]
        at = found + len(label)
    return "".join([*parts, escape(shown[at:])])


def draw_citing_cell(value: Value, draw: Callable[[str], str]) -> str | None:
    """A cell that holds citations (a `Cited`, or a list with one), each drawn by `draw`;
    None for a cell that holds none, which the format writes as it writes any cell."""
    if isinstance(value, Cited):
        return draw(value)
    if isinstance(value, tuple) and any(isinstance(item, Cited) for item in value):
        return "; ".join(draw(item) for item in value)
    return None


def value_of(report: Report, row: tuple[Value, ...], key: str) -> Value:
    """The value of the column keyed `key` in `row`, or None if the report has none."""
    keys = [c.key for c in report.columns]
    return row[keys.index(key)] if key in keys else None


RECORD_BLOCKS = {"field": None, "source chain": "Source chain", "referred to by": "Referred to by"}


def record_lines(report: Report) -> list[tuple[str | None, list[tuple[str, str, str]]]]:
    """One entry's record (`raqqa show`) as people read it: blocks in the report's order,
    each a heading (none for the entry's own fields) and its lines, (label, value, the
    citation said after it or ""). The entry's fields name the id they come from once, in
    the title, and their source once, on a line of its own, where every field shares it;
    a source of the chain is its full reference; an entry referring to it is its id and
    summary, cited to its own source; a check raqqa made of the entry (a quote against its
    source's archived text) is said as it is."""
    blocks: dict[str, list[tuple[Value, ...]]] = {}
    for row in report.rows:
        blocks.setdefault(str(value_of(report, row, "part")), []).append(row)
    out: list[tuple[str | None, list[tuple[str, str, str]]]] = []
    for part, rows in blocks.items():
        cited = [human(value_of(report, row, "source")) for row in rows]
        lines = []
        for row, citation in zip(rows, cited, strict=True):
            label = human(value_of(report, row, "field"))
            value = human(value_of(report, row, "shown"))
            entry = value_of(report, row, "id")
            if part != "field" and entry and entry != report.key:
                value = f"{entry}: {value}"
            if part not in ("field", "referred to by"):
                citation = ""  # a source's full reference, or raqqa's own check of the entry
            lines.append((label, value, citation))
        if part == "field" and len(set(cited)) == 1:
            lines = [(label, value, "") for label, value, _ in lines]
            # Said once, unless the entry's own `source` (and `via`) lines say it already:
            # `CMEC, 2017-10-24, citing BBC News, 2017-10-23` is those two lines, read together.
            named = {label: value.rsplit(" (", 1)[0] for label, value, _ in lines}
            own = named.get("source")
            if own and named.get("via"):
                own = f"{own}, citing {named['via']}"
            if cited[0] and cited[0] != own:
                lines.append(("cited to", cited[0], ""))
        out.append((RECORD_BLOCKS.get(part, part.capitalize()), lines))
    return out
