"""The sample review: its files hold what its truth says, and it regenerates.

Every file is re-read here with openpyxl, python-docx and the csv module (not
with chronomerge's readers), so the truth can be trusted by the tests of the
readers, the linker and the analysis.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import io
import re
import subprocess
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pytest

from chronomerge import read_review
from chronomerge.model import DATE_PRECISIONS
from chronomerge.resources import load_toml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
GENERATOR = ROOT / "sample_data" / "generate.py"
DESCRIPTION_HEADINGS = {
    "Details", "Summary", "Notes", "What happened", "Details of contact", "Event",
}  # fmt: skip
RULES = (
    "repeated_was_not_brought",
    "da_no_referral",
    "referral_not_received",
    "single_agency_knowledge",
)


@cache
def truth(folder: Path = SAMPLE) -> list[dict[str, str]]:
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _header_columns(rows: list[list[str]]) -> tuple[int, int, int]:
    """(header row index, date column, description column) of a table."""
    for index, row in enumerate(rows[:10]):
        cells = [str(c or "").strip() for c in row]
        desc = [i for i, c in enumerate(cells) if c in DESCRIPTION_HEADINGS]
        date = [i for i, c in enumerate(cells) if c.startswith("Date")]
        if desc and date:
            return index, date[0], desc[0]
    raise AssertionError(f"no header row in {rows[:3]}")


def _cell_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@cache
def tables(folder: Path = SAMPLE) -> dict[tuple[str, str], list[list[str]]]:
    """Every table of every agency file as rows of cell text, keyed by
    (file, location); row i of the list is source_row i + 1."""
    out: dict[tuple[str, str], list[list[str]]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            for ws in wb.worksheets:
                out[(path.name, ws.title)] = [
                    [_cell_text(c) for c in row]
                    for row in ws.iter_rows(values_only=True)
                ]
        elif path.suffix == ".docx":
            for n, table in enumerate(docx.Document(path).tables, start=1):
                out[(path.name, f"table {n}")] = [
                    [cell.text for cell in row.cells] for row in table.rows
                ]
        elif path.suffix == ".csv" and not path.name.startswith("truth"):
            out[(path.name, "")] = _read_csv(path)
    return out


def test_every_truth_row_sits_where_it_says(folder: Path = SAMPLE):
    assert truth(folder), "truth.csv is empty"
    for row in truth(folder):
        rows = tables(folder)[(row["source_file"], row["source_location"])]
        _, date_col, desc_col = _header_columns(rows)
        cells = rows[int(row["source_row"]) - 1]
        where = f"{row['source_file']} {row['source_location']} row {row['source_row']}"
        assert cells[desc_col] == row["description"], where
        assert cells[date_col] == row["date_text"], where


def test_every_data_row_of_every_table_is_in_the_truth_once(folder: Path = SAMPLE):
    positions = Counter(
        (r["source_file"], r["source_location"], int(r["source_row"]))
        for r in truth(folder)
    )
    assert max(positions.values()) == 1
    chronology_tables = 0
    for (name, location), rows in tables(folder).items():
        try:
            header, _, _ = _header_columns(rows)
        except AssertionError:
            assert location == "Guidance", f"{name} {location} has no header"
            continue
        chronology_tables += 1
        for index, cells in enumerate(rows[header + 1 :], start=header + 2):
            if not any(c.strip() for c in cells):
                continue
            assert (name, location, index) in positions, (name, location, index)
    assert chronology_tables >= 11


def test_review_file_reads_and_names_every_file():
    review = read_review(SAMPLE / "review.toml")
    start, end = review.review.period_start, review.review.period_end
    assert 700 <= (end - start).days <= 735
    child = review.subject_person
    assert child is not None and child.date_of_birth is not None
    assert start - dt.timedelta(days=90) <= child.date_of_birth <= end
    assert all(p.aliases for p in review.people)
    kinds = load_toml("agencies.toml")["kinds"]
    files = sorted({r["source_file"] for r in truth()})
    assert len(files) >= 8
    for name in files:
        owners = [
            a for a in review.agencies if any(fnmatch.fnmatch(name, f) for f in a.files)
        ]
        assert len(owners) == 1, name
    for agency in review.agencies:
        assert agency.kind in kinds
    assert {r["agency"] for r in truth()} == {a.name for a in review.agencies}


def test_counts_codes_and_readings_are_valid():
    rows = truth()
    assert 600 <= len(rows) <= 1000
    per_file = Counter(r["source_file"] for r in rows)
    assert min(per_file.values()) >= 15, per_file
    codes = set(load_toml("event_types.toml")["types"])
    for row in rows:
        assert row["event_type"] in codes, row
        assert row["date_precision"] in DATE_PRECISIONS
        assert row["date_approximate"] in ("true", "false")
        assert re.fullmatch(r"(\d\d:\d\d)?", row["time"])
        if row["date_precision"] == "unknown":
            assert row["date_start"] == row["date_end"] == ""
        else:
            assert row["date_start"] <= row["date_end"], row
            if row["date_precision"] == "day":
                assert row["date_start"] == row["date_end"]
    ids = Counter(r["true_event_id"] for r in rows)
    multi_agency = defaultdict(set)
    for row in rows:
        multi_agency[row["true_event_id"]].add(row["agency"])
    assert sum(1 for agencies in multi_agency.values() if len(agencies) >= 4) >= 3
    assert len(ids) < len(rows)


# Every date form of the contract, as the sample writes it.
DATE_FORMS = {
    "day first": r"^\d\d/\d\d/\d{4}$",
    "two-digit year": r"^\d\d/\d\d/\d\d( \d\d:\d\d)?$",
    "date and time": r"^\d\d/\d\d/\d{4} \d\d:\d\d$",
    "month name": r"^\d{1,2} [A-Z][a-z]+ \d{4}$",
    "Sept": r"\bSept\b",
    "ordinal": r"^\d{1,2}(st|nd|rd|th) [A-Z][a-z]+ \d{4}$",
    "split ordinal": r"^\d{1,2} (st|nd|rd|th) [A-Z][a-z]+ \d{4}$",
    "week commencing": r"^w/c \d\d/\d\d/\d{4}$",
    "early/mid/late": r"^(early|Early|mid|Mid|late|Late) [A-Z][a-z]+ \d{4}$",
    "mid-Month": r"^mid-[A-Z][a-z]+ \d{4}$",
    "season": r"^(Spring|Summer|Autumn) \d{4}$",
    "school term": r"^(Spring|Summer|Autumn) [Tt]erm \d{4}$",
    "between": r"^between \d{1,2} and \d{1,2} [A-Z][a-z]+ \d{4}$",
    "month span": r"^[A-Z][a-z]+ \d{4} \u2013 [A-Z][a-z]+ \d{4}$",
    "month/month": r"^[A-Z][a-z]+/[A-Z][a-z]+ \d{4}$",
    "before": r"^before \d\d/\d\d/\d{4}$",
    "prior to mid": r"^prior to mid [A-Z][a-z]+ \d{4}$",
    "after": r"^after [A-Z][a-z]+ \d{4}$",
    "month first words": r"^[A-Z][a-z]+ \d{1,2} \d{4}$",
    "weekday no year": r"^[A-Z][a-z]+day [A-Z][a-z]+ \d{1,2}$",
    "no year": r"^\d{1,2} [A-Z][a-z]+$",
    "question mark": r"^\?",
    "c.": r"^c\. [A-Z][a-z]+ \d{4}$",
    "circa/approx": r"^(circa|approx\.?|around|about) ",
    "N/K": r"^[Nn]/[Kk]$",
    "blank": r"^$",
    "year": r"^\d{4}$",
    "serial number": r"^\d{5}$",
    "dotted": r"^\d\d\.\d\d\.\d{2,4}$",
}


@pytest.mark.parametrize("form", sorted(DATE_FORMS))
def test_every_date_form_appears(form):
    pattern = re.compile(DATE_FORMS[form])
    assert any(pattern.search(r["date_text"]) for r in truth()), form


def test_excel_date_cells_and_separate_time_styles():
    rows = tables()
    csc = [r for r in truth() if r["source_file"].startswith("CSC")]
    wb = openpyxl.load_workbook(SAMPLE / csc[0]["source_file"])
    ws = wb["Chronology"]
    dated = sum(
        isinstance(ws.cell(int(r["source_row"]), 1).value, dt.datetime) for r in csc
    )
    assert dated >= len(csc) - 10
    assert ws.merged_cells.ranges
    assert wb.sheetnames[0] == "Guidance"
    hospital = next(k for k in rows if k[0].startswith("Fenbridge"))
    times = {row[1] for row in rows[hospital][2:]}
    assert any(re.fullmatch(r"\d{1,2}\.\d\d[ap]m", t) for t in times)
    assert any(re.fullmatch(r"\d{4}", t) for t in times)
    assert any(re.fullmatch(r"\d\d\.\d\dhrs", t) for t in times)
    doc = docx.Document(SAMPLE / hospital[0])
    assert 'w:gridSpan w:val="2"' in doc.tables[0]._tbl.xml.replace("'", '"')


def test_csv_encodings_and_multiline_records():
    gp = next(SAMPLE.glob("Castle_Lane*.csv")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gp.decode("utf-8")
    assert b";" in gp.splitlines()[0]
    school = next(SAMPLE.glob("Brookfield*.csv")).read_bytes()
    assert school.startswith(b"\xef\xbb\xbf")
    multiline = [r for r in truth() if "\n" in r["description"]]
    assert {r["source_file"] for r in multiline} >= {gp_name(), amh_name()}


def gp_name() -> str:
    return next(SAMPLE.glob("Castle_Lane*.csv")).name


def amh_name() -> str:
    return next(SAMPLE.glob("Adult_Mental*.docx")).name


def test_word_table_continues_with_repeated_header():
    path = next(SAMPLE.glob("HV_*.docx"))
    first, second = docx.Document(path).tables
    assert [c.text for c in first.rows[0].cells] == [
        c.text for c in second.rows[0].cells
    ]
    locations = {r["source_location"] for r in truth() if r["source_file"] == path.name}
    assert locations == {"table 1", "table 2"}


@pytest.mark.parametrize(
    "label",
    [
        "unreadable_date", "impossible_date", "month_first_date", "outside_period",
        "missing_description", "real_name", "nhs_number", "duplicate_row",
        "alias_name", "day_out", "unknown_date", "missing_date",
    ],
)  # fmt: skip
def test_planted_problems_are_there(label):
    rows = [r for r in truth() if label in r["planted"].split(";")]
    assert rows, label
    if label == "duplicate_row":
        row = rows[0]
        before = next(
            r for r in truth()
            if r["source_file"] == row["source_file"]
            and int(r["source_row"]) == int(row["source_row"]) - 1
        )  # fmt: skip
        assert before["description"] == row["description"]
        assert before["date_text"] == row["date_text"]
    if label == "missing_description":
        assert rows[0]["description"] == ""
    if label == "nhs_number":
        for row in rows:
            digits = re.search(r"\d{3} \d{3} \d{4}", row["description"]).group()
            n = [int(c) for c in digits.replace(" ", "")]
            check = (
                11
                - sum(d * w for d, w in zip(n[:9], range(10, 1, -1), strict=True)) % 11
            )
            assert n[9] == check % 11


def test_about_one_in_twenty_shared_records_is_a_day_out():
    shared = [r for r in truth() if int(r["shared"]) > 1]
    out = [r for r in shared if "day_out" in r["planted"]]
    assert 0.02 <= len(out) / len(shared) <= 0.1
    for row in out:
        assert (
            abs(
                (
                    dt.date.fromisoformat(row["date_start"])
                    - dt.date.fromisoformat(row["true_date"])
                ).days
            )
            == 1
        )


def test_hard_negatives_on_one_day():
    by_day = defaultdict(list)
    for row in truth():
        if row["date_precision"] == "day":
            by_day[(row["date_start"], row["event_type"])].append(row)

    def distinct(event_type, agencies):
        for rows in (v for (_, t), v in by_day.items() if t == event_type):
            found = [r for r in rows if r["agency"] in agencies]
            if len({r["true_event_id"] for r in found}) >= 2 and (
                len(agencies) == 1 or len({r["agency"] for r in found}) >= 2
            ):
                return True
        return False

    review = read_review(SAMPLE / "review.toml")
    name = {a.kind: a.name for a in review.agencies}
    assert distinct(
        "home_visit", {name["childrens_social_care"], name["health_visiting"]}
    )
    assert distinct("gp_consultation", {name["gp"]})
    police = [r for r in truth() if r["agency"] == name["police"] and r["time"]]
    days = Counter(r["date_start"] for r in police)
    assert any(
        len({r["true_event_id"] for r in police if r["date_start"] == d}) >= 2
        for d, n in days.items()
        if n >= 2
    )


def _gaps_from_truth(folder: Path, *, covers: bool = False) -> list[tuple]:
    """Gaps from truth.csv; ``covers`` reads a week entry as covering its
    whole week (a gap after it starts on its last day)."""
    review = read_review(folder / "review.toml")
    gap_days = review.thresholds.gap_days
    start, end = review.review.period_start, review.review.period_end
    spans = defaultdict(list)
    for row in truth(folder):
        if row["date_precision"] in ("day", "week"):
            first = dt.date.fromisoformat(row["date_start"])
            last = dt.date.fromisoformat(row["date_end"])
            if start <= first and last <= end:
                for scope in ("all", row["agency"]):
                    spans[scope].append((first, last if covers else first))
    out = []
    for scope, found in spans.items():
        found.sort()
        reach = found[0][1]
        for first, last in found[1:]:
            if (first - reach).days > gap_days:
                out.append(
                    (scope, reach.isoformat(), first.isoformat(), (first - reach).days)
                )
            reach = max(reach, last)
    return sorted(out)


def test_truth_gaps_follow_from_truth_and_three_are_long(folder: Path = SAMPLE):
    with (folder / "truth_gaps.csv").open(encoding="utf-8") as handle:
        listed = sorted(
            (r["scope"], r["start"], r["end"], int(r["days"]))
            for r in csv.DictReader(handle)
        )
    expected = _gaps_from_truth(folder)
    assert listed == expected
    covering = _gaps_from_truth(folder, covers=True)
    assert covering == expected, "a week entry bounds a gap: the readings differ"
    assert sum(1 for g in listed if g[0] == "all" and g[3] >= 60) >= 3


def _firings(folder: Path, *, loose: bool) -> set[tuple[str, str, str]]:
    """The four contract rules over truth.csv, written out plainly:
    (rule, date, entries). ``loose`` also counts imprecise entries of other
    agencies that overlap the single-agency window."""
    review = read_review(folder / "review.toml")
    start, end = review.review.period_start, review.review.period_end
    csc = next(a.name for a in review.agencies if a.kind == "childrens_social_care")
    rows = []
    for r in truth(folder):
        if r["date_start"]:
            first = dt.date.fromisoformat(r["date_start"])
            last = dt.date.fromisoformat(r["date_end"])
            if start <= first and last <= end:
                pos = f"{r['source_file']}|{r['source_location']}|{r['source_row']}"
                rows.append(
                    (
                        first,
                        last,
                        r["date_precision"],
                        r["event_type"],
                        r["agency"],
                        pos,
                    )
                )
    day = dt.timedelta(days=1)
    out = set()
    wnb = sorted(
        (d, p)
        for d, _, prec, t, _, p in rows
        if t == "was_not_brought" and prec == "day"
    )
    windows = [[q for e, q in wnb if d - 90 * day <= e <= d] for d, _ in wnb]
    for k, (d, _) in enumerate(wnb):
        later = windows[k + 1] if k + 1 < len(windows) else []
        if len(windows[k]) >= 2 and not set(windows[k]) <= set(later):
            out.add(("repeated_was_not_brought", d.isoformat(), ";".join(windows[k])))
    for d, _, prec, t, agency, p in rows:
        if prec != "day":
            continue
        if t == "domestic_abuse" and not any(
            tt in ("referral_csc", "marac") and d <= e <= d + 7 * day
            for e, _, pr, tt, _, _ in rows
        ):
            out.add(("da_no_referral", d.isoformat(), p))
        if (
            t == "referral_csc"
            and agency != csc
            and not any(
                a == csc and pr in ("day", "week") and d <= e <= d + 7 * day
                for e, _, pr, _, a, _ in rows
            )
        ):
            out.add(("referral_not_received", d.isoformat(), p))
        if t in ("domestic_abuse", "injury", "ed_attendance") and not any(
            a != agency
            and (
                (pr in ("day", "week") and abs((e - d).days) <= 14)
                or (loose and e <= d + 14 * day and d - 14 * day <= f)
            )
            for e, f, pr, _, a, _ in rows
        ):
            out.add(("single_agency_knowledge", d.isoformat(), p))
    return out


def test_truth_flags_follow_from_truth_either_way_within_is_read(
    folder: Path = SAMPLE,
):
    with (folder / "truth_flags.csv").open(encoding="utf-8") as handle:
        listed = {
            (f["flag"], f["date"], f["entries"])
            for f in csv.DictReader(handle)
            if f["expected"] == "fire" and f["flag"] in RULES
        }
    assert _firings(folder, loose=False) == listed
    assert _firings(folder, loose=True) == listed


def test_truth_flags_cover_every_rule_with_near_misses(folder: Path = SAMPLE):
    with (folder / "truth_flags.csv").open(encoding="utf-8") as handle:
        flags = list(csv.DictReader(handle))
    positions = {
        f"{r['source_file']}|{r['source_location']}|{r['source_row']}": r
        for r in truth(folder)
    }
    for rule in RULES:
        mine = [f for f in flags if f["flag"] == rule]
        assert any(f["expected"] == "fire" and f["planted"] == "true" for f in mine), (
            rule
        )
        assert any(f["expected"] == "must_not_fire" for f in mine), rule
    for flag in flags:
        for position in flag["entries"].split(";"):
            assert position in positions, position
    assert all(f["planted"] == "true" for f in flags), "a background event fires a rule"


def _generate(out: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(out), *args],
        check=True,
        capture_output=True,
    )


def _same_files(a: Path, b: Path) -> None:
    names_a = sorted(p.name for p in a.iterdir())
    names_b = sorted(p.name for p in b.iterdir())
    assert names_a == names_b
    for name in names_a:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.slow
def test_generator_repeats_and_matches_the_committed_sample(tmp_path):
    _generate(tmp_path / "one")
    _generate(tmp_path / "two")
    _same_files(tmp_path / "one", tmp_path / "two")
    committed = [p for p in SAMPLE.iterdir()]
    assert committed
    _same_files(tmp_path / "one", SAMPLE)


@pytest.mark.slow
def test_another_seed_gives_another_review_and_scale_multiplies(tmp_path):
    _generate(tmp_path / "seed", "--seed", "7")
    assert (tmp_path / "seed" / "truth.csv").read_bytes() != (
        SAMPLE / "truth.csv"
    ).read_bytes()
    _generate(tmp_path / "scaled", "--scale", "2")
    scaled = tmp_path / "scaled"
    assert len([p for p in scaled.iterdir() if "_part001" in p.name]) == 10
    with (scaled / "truth.csv").open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    assert 1.8 * len(truth()) <= rows <= 2.2 * len(truth())
    for path in SAMPLE.iterdir():
        if not path.name.startswith("truth"):
            assert (scaled / path.name).read_bytes() == path.read_bytes(), path.name


def test_readme_lists_every_file_with_its_entries_and_examples():
    text = (ROOT / "sample_data" / "README.md").read_text(encoding="utf-8")
    listed = {
        m.group(1): (int(m.group(2)), m.group(3))
        for m in re.finditer(r"^\| `([^`]+)` \| [^|]+ \| (\d+) \|(.*)\|$", text, re.M)
    }
    counts = Counter(r["source_file"] for r in truth())
    assert {name: n for name, (n, _) in listed.items()} == dict(counts)
    assert f"{len(truth())} entries in all" in text
    written = defaultdict(set)
    for row in truth():
        written[row["source_file"]].add(row["date_text"])
    times = {"2.35pm", "1435", "14.35hrs", "14:35"}  # time column styles
    for name, (_, quirks) in listed.items():
        for example in re.findall(r"`([^`]*\d[^`]*)`", quirks):
            if re.search(r"\d\d|/|\.", example) and example not in times:
                assert example in written[name], (name, example)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [2, 5])
def test_other_seeds_give_a_sound_review(tmp_path, seed):
    _generate(tmp_path, "--seed", str(seed))
    read_review(tmp_path / "review.toml")
    test_every_truth_row_sits_where_it_says(tmp_path)
    test_every_data_row_of_every_table_is_in_the_truth_once(tmp_path)
    test_truth_gaps_follow_from_truth_and_three_are_long(tmp_path)
    test_truth_flags_follow_from_truth_either_way_within_is_read(tmp_path)
    test_truth_flags_cover_every_rule_with_near_misses(tmp_path)


PEOPLE_TRUTH_COLUMNS = [
    "person", "role", "adult", "household", "agencies", "not_known_to_health_or_care"
]  # fmt: skip


def test_truth_people_names_every_planted_person(folder: Path = SAMPLE):
    with (folder / "truth_people.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == PEOPLE_TRUTH_COLUMNS
        rows = list(reader)
    review = read_review(folder / "review.toml")
    agencies = {a.name for a in review.agencies}
    people = [r["person"] for r in rows]
    assert len(set(people)) == len(people)
    assert {p.label for p in review.people} <= set(people)  # each is named
    assert {"Aunt", "Neighbour"} <= set(people)  # named by role, not listed
    for row in rows:
        named = row["agencies"].split(";")
        assert named == sorted(named) and set(named) <= agencies, row
        for column in ("adult", "household", "not_known_to_health_or_care"):
            assert row[column] in ("true", "false"), (row, column)
    by = {r["person"]: r for r in rows}
    assert by["Child A"]["adult"] == "false" and by["Mother"]["household"] == "true"
    assert by["Father"]["agencies"] == "Wexmoor Police"  # the historic incident
    assert by["Aunt"]["agencies"] == "Brookfield Primary School"
