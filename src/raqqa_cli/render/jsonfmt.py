"""JSON: an array of records; numbers as numbers, dates as ISO 8601 text, lists as arrays."""

from __future__ import annotations

import json
from itertools import accumulate, chain, cycle, pairwise
from typing import Any

from raqqa_cli.render.text import UNSAFE_CODES
from raqqa_cli.report import Report

# json.dumps escapes C0 controls itself, but passes the other characters a terminal might
# act on (C1 controls, direction overrides, line separators): \u escapes keep the JSON
# exactly equivalent.
AS_ESCAPES = {code: f"\\u{code:04x}" for code in UNSAFE_CODES}

# Every value of a report at once, through json's C encoder: items apart by a NUL, which no
# encoded value holds (json writes it as \u0000), so the text splits into the values again.
_APART = "\0"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(_APART, ":"))
_SCALARS = (str, int, float, type(None))
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})
_ITEMS = ",\n      "  # between a list's items in a record


def render_json(report: Report) -> str:
    """The report's rows as a JSON array of objects keyed by column, indented by two
    spaces, as `json.dumps(records, indent=2)` writes them (`render_json_plainly`), but
    encoded by json's C encoder a column at a time, and put together by `str.join` over
    the cells: json's own indenting encoder is Python, and a shelf's search wrote 5 MB
    through it; cell by cell in Python, a shelf's time line spent a tenth of its time
    here."""
    keep = report.for_machines()
    if not report.rows:
        return "[]\n"
    if not keep:
        return "[" + ",".join(["\n  {}"] * len(report.rows)) + "\n]\n"
    columns = [_cells([row[i] for row in report.rows]) for i in keep]
    if None in columns:  # a value it does not expect (a list of lists)
        return render_json_plainly(report)
    keys = [json.dumps(report.columns[i].key, ensure_ascii=False) for i in keep]
    # Before each cell: its key, after the previous cell (or row) is closed.
    before = [f"\n  }},\n  {{\n    {keys[0]}: ", *(f",\n    {key}: " for key in keys[1:])]
    cells = chain.from_iterable(zip(*columns, strict=True))  # row by row
    body = "".join(chain.from_iterable(zip(cycle(before), cells)))
    text = "[" + body[len("\n  },") :] + "\n  }\n]\n"
    return text.translate(AS_ESCAPES)


def _cells(values: list[Any]) -> list[str] | None:
    """A column's values as JSON, each as `json.dumps(indent=2)` writes it in a record;
    None where one is neither a scalar nor a list of scalars."""
    kinds = set(map(type, values))
    if kinds <= _SCALAR_TYPES:  # most columns: one call of the C encoder
        return _ENCODER.encode(values)[1:-1].split(_APART)
    items = list(chain.from_iterable(values)) if kinds == {tuple} else None
    if items is not None and set(map(type, items)) <= _SCALAR_TYPES:
        # A column of lists of plain scalars (ids): their items in one call too.
        encoded = _ENCODER.encode(items)[1:-1].split(_APART) if items else []
        ends = list(accumulate(map(len, values), initial=0))
        return [
            f"[\n      {_ITEMS.join(encoded[start:end])}\n    ]" if end > start else "[]"
            for start, end in pairwise(ends)
        ]
    cells = []  # value by value
    for value in values:
        if isinstance(value, tuple):
            if not all(isinstance(item, _SCALARS) for item in value):
                return None
            joined = _ITEMS.join(_ENCODER.encode(value)[1:-1].split(_APART))
            cells.append(f"[\n      {joined}\n    ]" if value else "[]")
        elif isinstance(value, _SCALARS):
            cells.append(_ENCODER.encode(value))
        else:
            return None
    return cells


def render_json_plainly(report: Report) -> str:
    """`render_json` through `json.dumps(..., indent=2)` itself: the reference it must
    equal, and the way for a value it does not expect (a list of lists)."""
    keep = report.for_machines()
    keys = [report.columns[i].key for i in keep]
    records = [
        {
            key: list(v) if isinstance(v, tuple) else v
            for key, v in zip(keys, (row[i] for i in keep), strict=True)
        }
        for row in report.rows
    ]
    text = json.dumps(records, ensure_ascii=False, indent=2)
    return text.translate(AS_ESCAPES) + "\n"
