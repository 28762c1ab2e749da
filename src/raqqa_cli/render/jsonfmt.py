"""JSON: an array of records; numbers as numbers, dates as ISO 8601 text, lists as arrays."""

from __future__ import annotations

import json
import re

from raqqa_cli.report import Report

# json.dumps escapes C0 controls itself; these it would pass through, and a terminal
# showing the output may act on them. \u escapes keep the JSON exactly equivalent.
_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


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
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
