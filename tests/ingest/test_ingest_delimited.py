"""Delimited text: encodings, delimiters, record numbers, multi-line cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import write_csv

from chronomerge.ingest import read_inputs
from chronomerge.ingest.delimited import decode, sniff_delimiter

ROWS = [
    ["Date", "Details", "Worker"],
    ["01/01/2019", "Paid £20 – Mother’s “rent”", "SW"],
    ["02/01/2019", "Café visit; naïve", "HV"],
]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_read_pound_signs_and_curly_quotes(tmp_path, encoding, expected):
    path = write_csv(tmp_path / "gp.csv", ROWS, encoding=encoding)
    result = read_inputs(path)
    assert list(result.entries.description) == [ROWS[1][1], ROWS[2][1]]
    assert result.files[0].encoding == expected


def test_short_cp1252_file_is_not_guessed_as_another_script():
    text, encoding = decode("Paid £5".encode("cp1252"))
    assert (text, encoding) == ("Paid £5", "cp1252")


def test_bytes_undefined_in_cp1252_fall_back_to_a_likely_encoding():
    text, encoding = decode(b"Date,Details\n01/01/2019,caf\xe9 \x81\n")
    assert "café" in text and encoding != "utf-8"


@pytest.mark.parametrize(
    ("delimiter", "suffix"),
    [(",", ".csv"), (";", ".csv"), ("\t", ".tsv"), ("|", ".txt")],
)
def test_delimiters(tmp_path, delimiter, suffix):
    rows = [["Date", "Details", "Outcome"], ["01/01/2019", "a, b; c", "NFA"]]
    path = write_csv(tmp_path / f"x{suffix}", rows, delimiter=delimiter)
    result = read_inputs(path)
    assert list(result.entries.description) == ["a, b; c"]
    assert result.files[0].delimiter == delimiter


def test_sniffer_prefers_consistent_width():
    sample = "Date;Details\n01/01/2019;Visit, all well\n02/01/2019;Call, no answer\n"
    assert sniff_delimiter(sample) == ";"


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_record_numbers_count_multiline_cells_once(tmp_path, newline):
    rows = [
        ["Date", "Details"],
        ["01/01/2019", "Line one\nLine two\nLine three"],
        [],
        ["02/01/2019", 'Said "hello"'],
        ["03/01/2019", "=1+1"],
    ]
    path = write_csv(tmp_path / "multi.csv", rows, newline=newline)
    result = read_inputs(path)
    e = result.entries
    assert list(e.source_row) == [2, 4, 5]
    assert list(e.source_location) == ["", "", ""]
    assert list(e.description) == [
        "Line one\nLine two\nLine three",
        'Said "hello"',
        "=1+1",
    ]


def test_title_records_above_the_header_and_ragged_rows(tmp_path):
    rows = [
        ["Housing chronology"],
        ["Agency: Wexmoor Homes"],
        ["Date", "Notes"],
        ["01/01/2019", "a", "extra cell"],
        ["02/01/2019"],
    ]
    path = write_csv(tmp_path / "housing.csv", rows)
    result = read_inputs(path)
    e = result.entries
    assert list(e.source_row) == [4, 5]
    assert list(e.description) == ["a", ""]
    assert list(e["extra.Column 3"]) == ["extra cell", ""]
    # The labelled name is kept as written when it names no known agency.
    assert set(e.agency) == {"Wexmoor Homes"}
    assert result.files[0].tables[0].header_row == 3


def test_agency_column_values_mapped_through_aliases(tmp_path):
    rows = [
        ["Date", "Agency", "Details"],
        ["01/01/2019", "Northshire Constabulary", "a"],
        ["02/01/2019", "St Elsewhere Surgery", "b"],
        ["03/01/2019", "Acme Charity", "c"],
        ["04/01/2019", "", "d"],
    ]
    path = write_csv(tmp_path / "composite.csv", rows)
    e = read_inputs(path).entries
    assert list(e.agency) == ["Police", "GP", "Acme Charity", "composite"]
    assert list(e.agency_kind) == ["police", "gp", "", ""]
    assert list(e.agency_basis) == ["column", "column", "column", "default"]
    assert list(e.agency_text) == [
        "Northshire Constabulary",
        "St Elsewhere Surgery",
        "Acme Charity",
        "",
    ]


def test_large_files_parse_the_same_with_both_parsers(tmp_path):
    import csv
    import io

    from chronomerge.ingest.delimited import _parse_fast

    block = [
        ["Date", "Details", "Outcome"],
        ["01/01/2019", 'Said "no", left\nthen came back', "NFA"],
        [],
        ["02/01/2019"],
        ["03/01/2019", "  padded  ", "a;b|c"],
    ]
    path = write_csv(tmp_path / "big.csv", block * 3000, newline="\n")
    text = path.read_text(encoding="utf-8")
    fast = _parse_fast(text, ",", 3)
    slow = [r + [""] * (3 - len(r)) for r in csv.reader(io.StringIO(text, newline=""))]
    assert fast == slow
    result = read_inputs(path)
    assert len(result.entries) == 3000 * 3
    # The header repeated inside the table is not an entry, and is counted.
    assert result.files[0].tables[0].repeated_headers == 2999
    assert _parse_fast(text, ",", 2) is None  # wider than the sample: csv reads it


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet='ab ,;"\n\t|é', max_size=60))
def test_fast_parser_never_disagrees_with_csv(text):
    import csv
    import io

    from chronomerge.ingest.delimited import _parse_fast

    slow = list(csv.reader(io.StringIO(text, newline="")))
    width = max([len(r) for r in slow] + [1])
    fast = _parse_fast(text, ",", width)
    if fast is not None:
        assert fast == [r + [""] * (width - len(r)) for r in slow]


def test_a_repeated_heading_keeps_both_columns(tmp_path):
    rows = [
        ["Date", "Details", "Details", "Notes"],
        ["01/01/2019", "first", "second", "n"],
    ]
    result = read_inputs(write_csv(tmp_path / "twice.csv", rows))
    e = result.entries
    assert (e.description[0], e["extra.Details (2)"][0], e["extra.Notes"][0]) == (
        "first",
        "second",
        "n",
    )
    assert result.files[0].tables[0].columns == {
        "Date": "date",
        "Details": "description",
        "Details (2)": "extra",
        "Notes": "extra",
    }
    assert "column-duplicate" in [i.code for i in result.issues]
