"""JSON written by one call of json's C encoder is byte for byte what `json.dumps(records,
indent=2)` writes, for any report: any text (controls, NUL, surrogates' neighbours, the
characters raqqa escapes), numbers, lists, empty lists, no rows, no columns."""

from __future__ import annotations

import enum
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from raqqa_cli.render.jsonfmt import render_json, render_json_plainly
from raqqa_cli.report import Audience, Column, Report

scalars = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


class Kind(enum.StrEnum):  # values that are str or int of their own class, as enums are
    pledged = "pledged"


class Count(enum.IntEnum):
    one = 1


scalars = st.one_of(scalars, st.just(Kind.pledged), st.just(Count.one))
values = st.one_of(scalars, st.lists(scalars, max_size=4).map(tuple))
AUDIENCES: tuple[Audience, ...] = ("all", "people", "machines")
audiences = st.sampled_from(AUDIENCES)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    count = draw(st.integers(0, 5))
    columns = tuple(
        Column(key, key.title(), audience=draw(audiences))
        for key in draw(
            st.lists(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), max_size=count, unique=True)
        )
    )
    rows = draw(st.lists(st.tuples(*(values for _ in columns)), max_size=6))
    return Report("T", columns, tuple(rows))


@given(reports())
def test_the_fast_json_is_json_dumps_indented(report: Report) -> None:
    fast = render_json(report)
    assert fast == render_json_plainly(report)
    json.loads(fast)  # and it reads back


def test_a_value_it_does_not_expect_is_written_plainly() -> None:
    report = Report("T", (Column("a", "A"),), ((("x", ("nested",)),),))  # type: ignore[arg-type]
    assert render_json(report) == render_json_plainly(report)


@given(st.lists(st.lists(scalars, max_size=3).map(tuple), min_size=1, max_size=6))
def test_a_column_of_lists_alone_is_json_dumps_indented(cells: list[tuple[Any, ...]]) -> None:
    """A column that holds only lists (ids, sources) is encoded item by item at once."""
    report = Report("T", (Column("ids", "Ids"), Column("n", "N")), tuple((c, 1) for c in cells))
    assert render_json(report) == render_json_plainly(report)
