"""JSON: an array of records; numbers as numbers, dates as ISO 8601 text, lists as arrays."""

from __future__ import annotations

import json
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


def render_json(report: Report) -> str:
    """The report's rows as a JSON array of objects keyed by column, indented by two
    spaces, as `json.dumps(records, indent=2)` writes them (`render_json_plainly`), but
    encoded in one call of json's C encoder: json's own indenting encoder is Python, and
    a shelf's search wrote 5 MB through it."""
    keep = report.for_machines()
    keys = [json.dumps(report.columns[i].key, ensure_ascii=False) for i in keep]
    values: list[Any] = []
    lengths: list[int] = []  # per value: -1 a scalar, else the length of its list
    for row in report.rows:
        for i in keep:
            value = row[i]
            if isinstance(value, tuple):
                if not all(isinstance(item, _SCALARS) for item in value):
                    return render_json_plainly(report)
                lengths.append(len(value))
                values.extend(value)
            else:
                lengths.append(-1)
                values.append(value)
    if not report.rows:
        return "[]\n"
    encoded = _ENCODER.encode(values)[1:-1].split(_APART) if values else []
    out: list[str] = ["["]
    at = 0
    shape = iter(lengths)
    last_key = len(keys) - 1
    for number, _ in enumerate(report.rows):
        out.append("\n  {" if keys else "\n  {}")
        for k, key in enumerate(keys):
            length = next(shape)
            end = "," if k < last_key else ""
            if length < 0:
                out.append(f"\n    {key}: {encoded[at]}{end}")
                at += 1
            elif length == 0:
                out.append(f"\n    {key}: []{end}")
            else:
                items = ",\n      ".join(encoded[at : at + length])
                out.append(f"\n    {key}: [\n      {items}\n    ]{end}")
                at += length
        if keys:
            out.append("\n  }")
        if number < len(report.rows) - 1:
            out.append(",")
    out.append("\n]\n")
    return "".join(out).translate(AS_ESCAPES)


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
