"""JSON: an array of records; numbers as numbers, dates as ISO 8601 text, lists as arrays."""

from __future__ import annotations

import json

from raqqa_cli.render.text import UNSAFE_CODES
from raqqa_cli.report import Report

# json.dumps escapes C0 controls itself, but passes the other characters a terminal might
# act on (C1 controls, direction overrides, line separators): \u escapes keep the JSON
# exactly equivalent.
AS_ESCAPES = {code: f"\\u{code:04x}" for code in UNSAFE_CODES}


def render_json(report: Report) -> str:
    """The report's rows as a JSON array of objects keyed by column."""
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
