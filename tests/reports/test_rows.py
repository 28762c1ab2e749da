"""Report rows are typed classes built by keyword; their columns derive from them."""

import importlib
import pkgutil
from typing import Annotated, NamedTuple

import pytest

import raqqa_cli.reports
import raqqa_cli.review
from raqqa_cli.report import MACHINES, col, columns_of, flat


def _is_row_class(value: object) -> bool:
    """A typed row: a NamedTuple whose every field is shown by `col(...)` (or is a part)."""
    if not (isinstance(value, type) and getattr(value, "_fields", None)):
        return False
    try:
        columns_of(value)
    except (TypeError, NameError):
        return False  # a NamedTuple of another kind (a worked-out line, not a row)
    return True


def _row_classes() -> list[type[tuple[object, ...]]]:
    """Every row class declared in a report module (or `review`'s)."""
    found: dict[type[tuple[object, ...]], None] = {}
    for package in (raqqa_cli.reports, raqqa_cli.review):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if _is_row_class(value) and value.__module__ == module.__name__:
                    found[value] = None
    return list(found)


def _keys(row: type[tuple[object, ...]]) -> list[str]:
    return [column.key for column in columns_of(row)]


def test_every_row_class_that_cites_one_source_names_its_via() -> None:
    """Rule 1: a record under one source says which source that one credits (null where the
    entry credits none), under the same keys in every command."""
    rows = _row_classes()
    names = {row.__name__ for row in rows}
    assert {"AidRow", "ReactionRow", "ShowRow", "ProblemRow", "Renderings"} <= names
    citing = [row for row in rows if "source_id" in _keys(row)]
    assert citing
    for row in citing:
        keys = _keys(row)
        assert "via_id" in keys, row.__name__
        assert keys.index("via_id") == keys.index("source_id") + 1, row.__name__


def test_every_people_citation_has_its_ids_for_machines() -> None:
    """A `source` column for people always travels with `source_id` for machines."""
    for row in _row_classes():
        keys = _keys(row)
        if "source" in keys:
            assert "source_id" in keys or "source_ids" in keys, row.__name__


def test_keys_are_the_fields_names_once_each() -> None:
    for row in _row_classes():
        keys = _keys(row)
        assert len(keys) == len(set(keys)), row.__name__
        assert all(keys), row.__name__


class _Part(NamedTuple):
    b: Annotated[str, col("B")]
    c: Annotated[tuple[str, ...], col("C", audience=MACHINES)]


class _Row(NamedTuple):
    a: Annotated[str, col("A")]
    part: _Part
    d: Annotated[int, col("D", numeric=True)]


class _Bare(NamedTuple):
    name: str


def test_a_part_spreads_in_place_and_a_bare_field_is_refused() -> None:
    columns = columns_of(_Row)
    assert [c.key for c in columns] == ["a", "b", "c", "d"]
    assert [c.title for c in columns] == ["A", "B", "C", "D"]
    assert columns[2].audience == MACHINES and columns[3].numeric
    # A list value (a plain tuple) stays one value; only a part is spread.
    assert flat(_Row("1", _Part("2", ("x", "y")), 4)) == ("1", "2", ("x", "y"), 4)
    with pytest.raises(TypeError, match=r"_Bare\.name"):
        columns_of(_Bare)


def test_people_read_the_via_that_machines_are_given() -> None:
    """A row's citation and its ids are one `Sourced`: where `via_id` names a source, the
    Source people read names it too (in `show` it once did not)."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.reports.show import show_report

    index = Index(load_briefing(None))
    checked = 0
    for statement in index.briefing.statements:
        report = show_report(index, statement.id)
        keys = [column.key for column in report.columns]
        for row in report.rows:
            via = row[keys.index("via_id")]
            if via:
                source_id = row[keys.index("source_id")]
                assert isinstance(via, str) and isinstance(source_id, str)
                assert index.citation(source_id, via) == row[keys.index("source")]
                assert "citing" in str(row[keys.index("source")])
                checked += 1
    assert checked  # the embedded briefing has statements reported through another source
