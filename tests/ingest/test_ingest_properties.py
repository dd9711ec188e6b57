"""Property: any table written to xlsx, docx or csv reads back row for row.

Random headings (from the synonyms in schemas/columns.toml, plus headings that
match nothing), random blank rows, and cell text with quotes, line breaks,
formulas typed as text and non-Latin script.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import write_csv, write_docx, write_xlsx

from chronomerge.ingest import read_inputs
from chronomerge.resources import load_toml

SYNONYMS = {
    column: spec["headings"]
    for column, spec in load_toml("columns.toml")["columns"].items()
}
UNKNOWN = ["Pupil", "Clinician", "Occurrence No.", "Ward", "Visit outcome code"]
SCRIPTS = [
    "Ωμέγα",
    "Привет мир",
    "مرحبا",
    "中文记录",
    "हिन्दी",
    "ÆØÅ",
    "=1+1",
    '"quoted"',
]

cell_text = st.one_of(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"),
            whitelist_characters="\n\t\"',;|",
        ),
        max_size=25,
    ),
    st.sampled_from(SCRIPTS),
    st.just("=SUM(A1:A3)"),
    st.just("Line one\nLine two"),
)


@st.composite
def tables(draw):
    needed = draw(st.sampled_from(["date", "description"]))
    others = draw(
        st.lists(
            st.sampled_from(sorted(set(SYNONYMS) - {needed})),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    columns = [needed, *others]
    columns = draw(st.permutations(columns))
    headings = [draw(st.sampled_from(SYNONYMS[c])) for c in columns]
    if draw(st.booleans()):
        extra = draw(st.sampled_from(UNKNOWN))
        columns.append(f"extra.{extra}")
        headings.append(extra)
    rows = draw(
        st.lists(
            st.one_of(
                st.lists(cell_text, min_size=len(columns), max_size=len(columns)),
                st.just([""] * len(columns)),
                st.just([" "] * len(columns)),
            ),
            max_size=12,
        )
    )
    return columns, headings, rows


def check(path: Path, columns, rows) -> None:
    result = read_inputs(path)
    errors = [i.code for i in result.issues if i.severity == "error"]
    assert set(errors) <= {"column-missing"}, result.issues
    kept = [r for r in rows if any(c.strip() for c in r)]
    e = result.entries
    assert len(e) == len(kept), result.issues
    if not kept:
        return
    for j, column in enumerate(columns):
        name = "agency_text" if column == "agency" else column
        assert list(e[name]) == [r[j].strip() for r in kept], column


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(tables())
def test_xlsx_round_trip(table):
    columns, headings, rows = table
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "t.xlsx", {"Chronology": [headings, *rows]})
        check(path, columns, rows)


@SETTINGS
@given(tables())
def test_docx_round_trip(table):
    columns, headings, rows = table
    with tempfile.TemporaryDirectory() as folder:
        path = write_docx(Path(folder) / "t.docx", [[headings, *rows]])
        check(path, columns, rows)


@SETTINGS
@given(tables())
def test_csv_round_trip(table):
    columns, headings, rows = table
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "t.csv", [headings, *rows])
        check(path, columns, rows)
