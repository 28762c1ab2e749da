"""Text from a knowledge file is data: make it safe for each place it is printed."""

from __future__ import annotations

import re

from raqqa_cli.report import Value

# C0 controls except tab and newline, DEL, C1 controls, the Unicode line and paragraph
# separators (a line break to some tools), and the bidirectional overrides and isolates
# that can make a terminal or an editor show text in an order it is not stored in.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    """Control characters and direction overrides shown as `\\x1b`-style escapes."""
    return _UNSAFE.sub(_escape, text)


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
