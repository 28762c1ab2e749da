"""How the cost of the relations and the totals grows with the file: by counting the lines of
raqqa's own code that run (a count that does not depend on the machine's load), never by a
clock. Ten times the entries and links may cost at most about ten times the lines: linear.

The shapes are the ones that were quadratic or hung: a long `supersedes` chain, a long
`part_of` chain listed whole before part, a package with thousands of lines that overlap, and
a running total whose updates each have a part at the same date.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from raqqa_cli.briefing.check import check_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.reports import aid, coverage, totals
from tests.conftest import briefing_head

SOURCE = str(Path(aid.__file__).parent.parent)
# Ten times the size, at most this many times the lines: linear growth with a margin for the
# constant part, far below the 100 times of a quadratic walk.
RATIO = 12.5

HEAD: dict[str, Any] = briefing_head("Growth", target=10**9)


def package(i: int | str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"p{i}", "title": "t", "donor": "act-a", "status": "received", "amount": 10,
        "currency": "USD", "source": "src-a", "toward": "fig-t", **fields,
    }  # fmt: skip


def line(i: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"l{i}", "donor": "act-a", "status": "received", "sector": "Health",
        "description": "d", "amount": 1, "currency": "USD", "source": "src-a", **fields,
    }  # fmt: skip


def chain(n: int) -> dict[str, Any]:
    """n updates of one running total, the latest listed first."""
    return {"packages": [
        package(i, cumulative=True, supersedes=f"p{i - 1}" if i else None)
        for i in reversed(range(n))
    ]}  # fmt: skip


def nested(n: int) -> dict[str, Any]:
    """Each package part of the one before it, the wholes listed before their parts."""
    return {"packages": [package(i, part_of=f"p{i - 1}" if i else None) for i in range(n)]}


def lines_that_overlap(n: int) -> dict[str, Any]:
    """One package of n lines, each line possibly the same money as the one before."""
    return {
        "packages": [package("big", amount=10 * n)],
        "pledges": [line(i, package="pbig", overlaps=[f"l{i - 1}"] if i else []) for i in range(n)],
    }


def parts_at_one_date(n: int) -> dict[str, Any]:
    """A running total of n updates, each with a part true at the same date as it (the shape
    that hung when the whole was listed before its part)."""
    day = [str(datetime.date(2000, 1, 1) + datetime.timedelta(days=i)) for i in range(n)]
    updates = [
        package(i, cumulative=True, as_of=day[i], supersedes=f"p{i - 1}" if i else None)
        for i in range(n)
    ]
    parts = [line(i, cumulative=True, as_of=day[i], part_of=f"p{i}") for i in range(n)]
    return {"packages": updates, "pledges": parts}


def without_none(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v is not None}


def lines_run(make: Callable[[int], dict[str, Any]], n: int) -> int:
    """The lines of raqqa's code that checking and totalling a briefing of size n runs."""
    data = dict(HEAD)
    for section, entries in make(n).items():
        data[section] = [without_none(e) for e in entries]
    count = 0

    def trace(frame: FrameType, event: str, _: Any) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(SOURCE):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        briefing, problems = check_briefing(data)
        assert briefing is not None, problems[:3]
        index = Index(briefing)
        everything = aid.AidFilter()
        for by in ("status", "donor"):
            totals.aid_totals(index, everything, by)
        aid.aid_chart(index, everything)
        coverage.aid_coverage(index, everything)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize(
    "make", [chain, nested, lines_that_overlap, parts_at_one_date], ids=lambda f: f.__name__
)
def test_ten_times_the_entries_cost_about_ten_times_the_work(
    make: Callable[[int], dict[str, Any]],
) -> None:
    small, large = lines_run(make, 300), lines_run(make, 3000)
    print(f"{make.__name__}: {small:,} lines for 300 entries, {large:,} for 3,000")
    assert large <= RATIO * small, (make.__name__, small, large, large / small)
