"""The date rules are data: every word and threshold in schemas/dates.toml is
read as the file says, and an edited copy changes how dates are read without
any change to the code."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from chronomerge.errors import ChronomergeError
from chronomerge.normalise.dates import normalise_dates, read_date
from chronomerge.normalise.dates.cell import _fast, _read_long
from chronomerge.normalise.dates.single import Context
from chronomerge.normalise.dates.times import read_time
from chronomerge.normalise.dates.vocabulary import vocabulary
from chronomerge.resources import load_toml, schemas_dir
from chronomerge.review import ReviewInfo, ReviewSettings

RULES = load_toml("dates.toml")
PERIOD = (dt.date(2018, 4, 1), dt.date(2020, 3, 31))
TODAY = dt.date(2021, 6, 30)
DAY = dt.date(2019, 3, 12)


def read(text: str, period=PERIOD):
    return read_date(text, period=period, today=TODAY)


def interval(text: str, period=PERIOD) -> tuple[dt.date | None, dt.date | None]:
    reading = read(text, period)
    return reading.start, reading.end


def months_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_year = year + 1 if last < first else year
    return (
        dt.date(year, first, 1),
        dt.date(end_year, last, calendar.monthrange(end_year, last)[1]),
    )


# ------------------------------------------------------------- vocabulary

MONTH_WORDS = [
    (word, number)
    for number, name in enumerate(RULES["months"]["names"], start=1)
    for word in (name, name[:3])
] + list(RULES["months"]["other_spellings"].items())


@pytest.mark.parametrize(("word", "month"), MONTH_WORDS)
def test_every_month_word_names_its_month(word: str, month: int) -> None:
    assert interval(f"12 {word} 2019") == (dt.date(2019, month, 12),) * 2
    assert interval(f"{word} 2019") == months_span(2019, month, month)


@pytest.mark.parametrize("word", RULES["weekdays"]["words"])
def test_weekdays_are_passed_over(word: str) -> None:
    assert interval(f"{word} 12 March 2019") == (DAY, DAY)
    assert interval(f"{word.title()}, 12/03/2019") == (DAY, DAY)


@pytest.mark.parametrize(("season", "span"), RULES["seasons"].items())
def test_seasons_span_their_months(season: str, span: list[int]) -> None:
    reading = read(f"{season} 2019")
    assert (reading.start, reading.end) == months_span(2019, *span)
    assert reading.precision == "season"


TERMS = [
    (f"{name} {word} 2019", span)
    for name, span in RULES["school_terms"]["spans"].items()
    for word in RULES["school_terms"]["words"]
] + [
    (f"{name} {n} 2019", span)
    for name, halves in RULES["school_terms"]["half_terms"].items()
    for n, span in enumerate(halves, start=1)
]


@pytest.mark.parametrize(("text", "span"), TERMS)
def test_school_terms_span_their_months(text: str, span: list[int]) -> None:
    reading = read(text)
    assert (reading.start, reading.end) == months_span(2019, *span)
    assert reading.precision == "term"


@pytest.mark.parametrize(("word", "part"), RULES["parts"]["words"].items())
def test_parts_of_a_month_and_a_year(word: str, part: str) -> None:
    first, last = RULES["parts"]["days"][part]
    for month in (2, 3, 4):
        days = calendar.monthrange(2019, month)[1]
        assert interval(f"{word} of {calendar.month_name[month]} 2019") == (
            dt.date(2019, month, min(first, days)),
            dt.date(2019, month, min(last, days)),
        )
    assert interval(f"{word} 2019") == months_span(
        2019, *RULES["parts"]["months"][part]
    )


QUARTERS = [
    (f"{word} {n} 2019", n) for word in RULES["quarters"]["words"] for n in (1, 4)
]
QUARTERS += [
    (f"{w} quarter of 2019", n) for w, n in RULES["quarters"]["ordinals"].items()
]


@pytest.mark.parametrize(("text", "number"), QUARTERS)
def test_quarters(text: str, number: int) -> None:
    first = 3 * (number - 1) + 1
    assert interval(text) == months_span(2019, first, first + 2)


@pytest.mark.parametrize("kind", ["academic", "financial"])
def test_academic_and_financial_years(kind: str) -> None:
    first = RULES["years"][kind]["first_month"]
    for word in RULES["years"][kind]["words"]:
        for year_word in RULES["years"]["words"]:
            start, end = interval(f"{word} {year_word} 2018/19")
            assert start == dt.date(2018, first, 1)
            assert end == start.replace(year=2019) - dt.timedelta(days=1)


# ----------------------------------------------------- uncertainty, blanks

APPROX = RULES["approximate"]


@pytest.mark.parametrize(
    "text",
    [f"{w} 12/03/2019" for w in APPROX["words"] + APPROX["spaced_words"]]
    + [f"12/03/2019 {w}" for w in APPROX["words"]]
    + [f"{w.upper()} 12 March 2019" for w in APPROX["words"]]
    + [f"{m}12/03/2019" for m in APPROX["marks"]]
    + [f"12/03/2019{m}" for m in APPROX["marks"]],
)
def test_approximate_markers(text: str) -> None:
    reading = read(text)
    assert (reading.start, reading.end, reading.approximate) == (DAY, DAY, True)


def test_a_spaced_marker_needs_its_space() -> None:
    for word in APPROX["spaced_words"]:
        assert not read(f"{word}2019").approximate


@pytest.mark.parametrize("text", RULES["not_known"]["texts"])
def test_not_known_cells(text: str) -> None:
    for cell in (text, text.upper(), f"date {text}"):
        assert read(cell).problem == "date-missing"


@pytest.mark.parametrize("word", RULES["fillers"]["words"])
def test_fillers_say_nothing_about_when(word: str) -> None:
    assert interval(f"{word} 12/03/2019") == (DAY, DAY)


@pytest.mark.parametrize("word", RULES["times"]["leading_words"])
def test_words_before_a_time(word: str) -> None:
    assert read_time(f"{word} 14:35") == ("14:35", True)


@pytest.mark.parametrize("text", RULES["times"]["not_known"])
def test_time_cells_not_known(text: str) -> None:
    assert read_time(text) == (None, True)


def test_fast_shortcut_agrees_with_the_rules_for_every_marker() -> None:
    """The shortcut for numeric dates takes its markers from the data too and
    reads each exactly as the full rules do."""
    ctx = Context("DMY", PERIOD[0], PERIOD[1], TODAY)
    used = 0
    for marker in APPROX["words"] + APPROX["spaced_words"] + APPROX["marks"]:
        for gap in ("", " ", "  "):
            for date in ("12/03/2019", "12.03.19", "31/02/2019 14:35"):
                text = f"{marker}{gap}{date}"
                fast = _fast(text, ctx)
                if fast is not None:
                    used += 1
                    assert fast == _read_long(text, ctx), text
    assert used >= len(APPROX["words"]) * 3


# ----------------------------------------------------------------- ranges

RANGES = RULES["ranges"]
OPEN = RANGES["open"]


@pytest.mark.parametrize("word", RANGES["joins"])
def test_range_joins(word: str) -> None:
    assert interval(f"March {word} April 2019") == months_span(2019, 3, 4)
    assert interval(f"3 {word} 5 March 2019") == (
        dt.date(2019, 3, 3),
        dt.date(2019, 3, 5),
    )


@pytest.mark.parametrize("word", RANGES["openers"])
def test_range_openers(word: str) -> None:
    assert interval(f"{word} 3 and 5 March 2019") == (
        dt.date(2019, 3, 3),
        dt.date(2019, 3, 5),
    )


@pytest.mark.parametrize("word", RANGES["list_joins"])
def test_lists_of_dates(word: str) -> None:
    text = f"12/03/2019 {word} 14/03/2019 {word} 20/03/2019"
    assert interval(text) == (DAY, dt.date(2019, 3, 20))


@pytest.mark.parametrize("word", RANGES["present"])
def test_ranges_to_the_present(word: str) -> None:
    assert interval(f"2015 to {word}") == (dt.date(2015, 1, 1), PERIOD[1])
    assert interval(f"2015 to {word}", period=None) == (dt.date(2015, 1, 1), TODAY)


OPEN_ENDS = (
    [(f"{p} 12/03/2019", (None, DAY - dt.timedelta(days=1))) for p in OPEN["before"]]
    + [(f"{p} 12/03/2019", (None, DAY)) for p in OPEN["up_to"]]
    + [(f"{p} 12/03/2019", (DAY + dt.timedelta(days=1), None)) for p in OPEN["after"]]
    + [(f"{p} 12/03/2019", (DAY, None)) for p in OPEN["since"]]
    + [(f"12/03/2019 {p}", (DAY, None)) for p in OPEN["onwards"]]
    + [
        (f"{o} 12/03/2019 {OPEN['onwards'][0]}", (DAY, None))
        for o in OPEN["onwards_openers"]
    ]
)


@pytest.mark.parametrize(("text", "expected"), OPEN_ENDS)
def test_open_ended_ranges(text: str, expected) -> None:
    assert interval(text, period=None) == expected
    # The review period closes the open end.
    start, end = interval(text)
    assert (start or PERIOD[0], end or PERIOD[1]) == (
        expected[0] or PERIOD[0],
        expected[1] or PERIOD[1],
    )


# ---------------------------------------------------------- thresholds


def test_years_outside_the_readable_range() -> None:
    earliest, latest = RULES["years"]["earliest"], RULES["years"]["latest"]
    assert read(f"01/01/{earliest}", period=None).problem is None
    assert read(f"01/01/{latest}", period=None).problem is None
    assert read(f"01/01/{earliest - 1}", period=None).problem == "date-year-suspicious"
    assert read(f"01/01/{latest + 1}", period=None).problem == "date-year-suspicious"


def test_year_far_from_the_period() -> None:
    far = RULES["years"]["suspicious_distance"]
    low, high = PERIOD[0].year - far, PERIOD[1].year + far
    assert read(f"12/03/{low}").problem is None
    assert read(f"12/03/{high}").problem is None
    assert read(f"12/03/{low - 1}").problem == "date-year-suspicious"
    assert read(f"12/03/{high + 1}").problem == "date-year-suspicious"


def _table(count: int) -> pd.DataFrame:
    """``count`` days in order, the last one a year early (out of order)."""
    days = [dt.date(2019, 3, 1) + dt.timedelta(days=n) for n in range(count)]
    days[-1] = days[-1].replace(year=2018)
    return pd.DataFrame(
        {
            "source_file": "a.csv",
            "source_location": "",
            "source_row": range(2, count + 2),
            "source_order": range(count),
            "date": [d.strftime("%d/%m/%Y") for d in days],
        }
    )


def test_row_order_thresholds() -> None:
    """The smallest table in which one row out of order is reported: enough
    rows, and enough of them in order."""
    share, least = RULES["row_order"]["ordered_share"], RULES["row_order"]["min_rows"]
    count = least
    while count - 2 < share * (count - 1):  # pairs in order / pairs
        count += 1
    review = ReviewSettings(review=ReviewInfo())
    _, issues = normalise_dates(_table(count), review, today=TODAY)
    assert [i.source_row for i in issues if i.code == "date-out-of-order"] == [
        count + 1
    ]
    _, issues = normalise_dates(_table(count - 1), review, today=TODAY)
    assert not [i for i in issues if i.code == "date-out-of-order"]


# ------------------------------------------------------ editing the file


@pytest.mark.slow  # a fresh Python process: a few seconds on a busy machine
def test_an_edited_file_changes_the_reading(tmp_path: Path) -> None:
    """A partnership's own dates.toml, with no change to the code: a new
    uncertainty word, a month misspelling, a narrower 'early', a closer
    suspicious year, a looser row-order rule and a new term."""
    folder = tmp_path / "schemas"  # only the file changed: the rest are shipped
    folder.mkdir()
    text = (Path(str(schemas_dir())) / "dates.toml").read_text(encoding="utf-8")
    edits = [
        ('"unsure",\n]', '"unsure", "abt",\n]'),
        ("agust = 8\n", "agust = 8\nmarhc = 3\n"),
        ("early = [1, 10]", "early = [1, 7]"),
        ("suspicious_distance = 50", "suspicious_distance = 10"),
        ("ordered_share = 0.9\nmin_rows = 6", "ordered_share = 0.5\nmin_rows = 3"),
        ("winter = [12, 2]\n", "winter = [12, 2]\nlent = [1, 3]\n"),
        ("summer = [4, 7]\n", "summer = [4, 7]\nlent = [2, 3]\n"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "dates.toml").write_text(text, encoding="utf-8")
    script = """
import datetime as dt, json
import pandas as pd
from chronomerge.normalise.dates import normalise_dates, read_date
from chronomerge.review import ReviewSettings
period = (dt.date(2018, 4, 1), dt.date(2020, 3, 31))
def show(text):
    r = read_date(text, period=period, today=dt.date(2021, 6, 30))
    return [str(r.start), str(r.end), r.approximate, r.problem]
rows = pd.DataFrame({"source_file": "a.csv", "source_location": "",
    "source_row": [2, 3, 4, 5], "source_order": [0, 1, 2, 3],
    "date": ["01/03/2019", "02/03/2019", "03/03/2018", "04/03/2019"]})
_, issues = normalise_dates(rows, ReviewSettings(), today=dt.date(2021, 6, 30))
print(json.dumps({
    "abt": show("abt 12/03/2019"), "marhc": show("12 Marhc 2019"),
    "early": show("early March 2019"), "far": show("12/03/2005"),
    "term": show("Lent term 2019"),
    "order": [i.source_row for i in issues if i.code == "date-out-of-order"],
}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CHRONOMERGE_SCHEMAS": str(folder)},
    )
    found = json.loads(done.stdout)
    assert found["abt"] == ["2019-03-12", "2019-03-12", True, None]
    assert found["marhc"] == ["2019-03-12", "2019-03-12", False, None]
    assert found["early"] == ["2019-03-01", "2019-03-07", False, None]
    assert found["far"][3] == "date-year-suspicious"
    assert found["term"] == ["2019-02-01", "2019-03-31", False, None]
    assert found["order"] == [4]
    # The shipped file reads each of these the other way.
    assert read("abt 12/03/2019").problem == "date-unreadable"
    assert read("12 Marhc 2019").problem == "date-unreadable"
    assert interval("early March 2019")[1] == dt.date(2019, 3, 10)
    assert read("12/03/2005").problem is None
    assert read("Lent term 2019").problem == "date-unreadable"


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("seasons", "spring"), [3, 13], "seasons.spring"),
        (("parts", "words", "end"), "final", "parts.words.end means 'final'"),
        (("months", "names"), ["January"], "months.names"),
        (("school_terms", "spans", "lent"), [1, 3], "school term 'lent'"),
        (("row_order", "ordered_share"), 1.5, "row_order.ordered_share"),
    ],
)
def test_an_unworkable_file_is_refused_in_plain_words(path, value, words) -> None:
    data = copy.deepcopy(RULES)
    place = data
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    with pytest.raises(ChronomergeError, match="dates.toml") as raised:
        vocabulary(data)
    assert words in str(raised.value)
    assert json.dumps(vocabulary(RULES).month_names)  # the shipped file works
