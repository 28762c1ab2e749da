"""Report rows are typed classes built by keyword; their columns derive from them."""

from __future__ import annotations

import importlib
import pkgutil

import raqqa_cli.reports
import raqqa_cli.review
from raqqa_cli.report import ROW_CLASSES, Column


def _row_classes() -> list[type[tuple[object, ...]]]:
    """Every row class of every report, once each module that declares one is imported."""
    for package in (raqqa_cli.reports, raqqa_cli.review):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return list(dict.fromkeys(ROW_CLASSES))


def _keys(row: type[tuple[object, ...]]) -> list[str]:
    from raqqa_cli.report import columns_of

    return [column.key for column in columns_of(row)]


def test_every_row_class_that_cites_one_source_names_its_via() -> None:
    """Rule 1: a record under one source says which source that one credits (null where the
    entry credits none), under the same keys in every command."""
    rows = _row_classes()
    assert len(rows) >= 3  # the reports were found
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


def test_columns_take_their_keys_from_the_fields() -> None:
    for row in _row_classes():
        columns = [c for c in row.__dict__.values() if isinstance(c, Column)]
        assert not columns  # no stray column declared beside the fields
        keys = _keys(row)
        assert len(keys) == len(set(keys)), row.__name__
        assert all(keys), row.__name__
