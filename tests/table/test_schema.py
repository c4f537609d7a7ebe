"""The column schema: one record per feature-table column, and the docs built from it."""
from __future__ import annotations

import dataclasses

from analysis.paths import REPO_ROOT
from analysis.table.schema import (
    COLUMNS,
    ERROR,
    FAMILIES,
    FEATURE_COLUMNS,
    FEATURE_FAMILIES,
    STATUS_FAMILY,
    TABLE_COLUMNS,
    Column,
    data_dictionary,
)


def test_every_feature_column_has_exactly_one_record_in_table_order():
    names = [c.name for c in COLUMNS]
    assert len(names) == len(set(names))
    assert names[: len(FEATURE_COLUMNS)] == list(FEATURE_COLUMNS)
    assert names == list(TABLE_COLUMNS)
    assert names[-1] == ERROR


def test_families_are_known():
    assert {c.family for c in COLUMNS[: len(FEATURE_COLUMNS)]} <= set(FEATURE_FAMILIES)
    assert {c.family for c in COLUMNS} <= set(FAMILIES)
    assert next(c for c in COLUMNS if c.name == ERROR).family == STATUS_FAMILY
    assert set(FEATURE_FAMILIES) == {c.family for c in COLUMNS if c.name != ERROR}


def test_families_follow_the_column_prefixes():
    prefixes = {"hedging": "hedge_", "sourcing": "src_", "loaded": "lang_", "sentiment": "lang_subject",
                "balance": "lang_", "readability": "read_", "style": "style_"}
    wrong = [c.name for c in COLUMNS if c.name != ERROR and not c.name.startswith(prefixes[c.family])]
    assert wrong == []


def test_every_column_has_a_meaning_and_a_range():
    for column in COLUMNS:
        assert column.meaning.strip() and column.range.strip(), column.name
        assert "\n" not in column.meaning + column.range + column.unit, column.name


def test_columns_are_frozen_records():
    assert dataclasses.is_dataclass(Column)
    assert [f.name for f in dataclasses.fields(Column)] == ["name", "family", "meaning", "range", "unit"]
    try:
        COLUMNS[0].name = "x"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("Column is not frozen")


def test_data_dictionary_has_one_row_per_column():
    lines = data_dictionary().splitlines()
    assert lines[0].startswith("| column | family | meaning | range | unit |")
    rows = lines[2:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == list(TABLE_COLUMNS)
    # a pipe inside a cell is escaped, so every row has exactly five cells
    assert all(row.replace("\\|", "").count("|") == 6 for row in rows)


def test_docs_hold_the_data_dictionary_verbatim():
    page = (REPO_ROOT / "docs" / "features.md").read_text(encoding="utf-8")
    assert data_dictionary() in page, "docs/features.md differs from analysis.table.schema.data_dictionary()"
