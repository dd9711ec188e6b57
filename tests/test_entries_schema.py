"""The entries frame's schema, as data in model.py, holds at every stage's
exit on real files; a frame that breaks it is named, column by column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from chronomerge.model import (
    CHRONOLOGY_COLUMNS,
    ENTRY_SCHEMA,
    STAGES,
    EntriesSchemaError,
    check_entries,
)
from chronomerge.pipeline import merge, read_and_check
from chronomerge.review import ReviewSettings

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "child_a"


def test_a_merge_of_the_sample_meets_the_whole_schema():
    merged = merge(SAMPLE)
    check_entries(merged.entries, after="analyse")
    assert list(merged.entries.columns[: len(CHRONOLOGY_COLUMNS)]) == list(
        CHRONOLOGY_COLUMNS
    )


def test_a_small_csv_meets_the_schema_after_the_reading_stages(tmp_path):
    path = tmp_path / "gp.csv"
    path.write_text(
        "Date,Entry\n03/02/2019,Seen in surgery with Mother\n,Letter filed\n",
        encoding="utf-8",
    )
    out = read_and_check(path, ReviewSettings(), today=dt.date(2020, 1, 1))
    check_entries(out.entries, after="events")
    assert out.entries["source_row"].tolist() == [2, 3]


def test_a_missing_or_mistyped_column_is_named():
    merged = merge(SAMPLE)
    broken = merged.entries.drop(columns=["event_type"]).assign(
        date_approximate=merged.entries["date_approximate"].map(str)
    )
    with pytest.raises(EntriesSchemaError) as raised:
        check_entries(broken, after="events")
    said = str(raised.value)
    assert "event_type missing" in said
    assert "date_approximate is" in said and "not bool" in said
    # Columns of later stages are not asked for yet.
    check_entries(merged.entries.drop(columns=["flags", "event_group"]), "events")


def test_every_column_belongs_to_a_stage_once():
    names = [c.name for c in ENTRY_SCHEMA]
    assert len(names) == len(set(names))
    assert all(c.stage in STAGES for c in ENTRY_SCHEMA)
    empty = pd.DataFrame({c.name: pd.Series(dtype=object) for c in ENTRY_SCHEMA})
    check_entries(empty, after="analyse")


def test_one_reading_of_text_and_flag_columns_for_every_stage():
    from chronomerge.model import text_column, true_column

    frame = pd.DataFrame(
        {
            "flag": [True, "yes", " Y ", "1", "t", "TRUE", "false", "no", None, 0],
            "text": [" a ", None, 3, "B", float("nan"), "", "c", "d", "e", "f"],
        }
    )
    assert list(true_column(frame, "flag")) == [True] * 6 + [False] * 4
    assert list(true_column(frame, "absent")) == [False] * 10
    assert list(text_column(frame, "text")) == ["a", "", "3", "B", "", "", *"cdef"]
    assert list(text_column(frame, "text", lower=True))[3] == "b"
    booleans = pd.DataFrame({"flag": [True, False]})
    assert list(true_column(booleans, "flag")) == [True, False]
