"""Benchmark: chronomerge's date reader beside dateparser.parse.

Reads 100,000 mixed date strings as UK chronologies write them (more than
20,000 distinct) with ``read_date`` (cold cache), then a sample of the same
strings one by one with ``dateparser.parse`` (default settings, and set day
first for English), and extrapolates. Accuracy is measured against expected
readings: the generated strings (whose true dates are known) and the
hand-written table in tests/data/dates.csv.

Run: .venv/bin/python bench/dates.py [--count 100000] [--sample 400]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path

from chronomerge.normalise.dates import cell as date_reader
from chronomerge.normalise.dates import read_date

ROOT = Path(__file__).resolve().parent.parent
PERIOD = (dt.date(2018, 4, 1), dt.date(2020, 3, 31))
TODAY = dt.date(2021, 6, 30)
MONTHS = [calendar.month_name[m] for m in range(1, 13)]
SHORT = [calendar.month_abbr[m] for m in range(1, 13)]

# (text, start, end, precision, approximate): what a string denotes.
Expected = tuple[str, str, str, str, bool]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _suffix(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _forms() -> list[tuple[int, Callable[[dt.date, random.Random], Expected]]]:
    """Weighted forms, commonest first (numeric day-first dates dominate)."""

    def day(text: str, d: dt.date, approx: bool = False) -> Expected:
        return (text, _iso(d), _iso(d), "day", approx)

    def month(d: dt.date, text: str, approx: bool = False) -> Expected:
        return (text, _iso(d.replace(day=1)), _iso(_month_end(d)), "month", approx)

    def week(d: dt.date, _: random.Random) -> Expected:
        monday = d - dt.timedelta(days=d.weekday())
        text = f"w/c {monday:%d/%m/%Y}"
        return (text, _iso(monday), _iso(monday + dt.timedelta(days=6)), "week", False)

    def emlate(d: dt.date, rng: random.Random) -> Expected:
        name = MONTHS[d.month - 1]
        last = calendar.monthrange(d.year, d.month)[1]
        part, lo, hi = rng.choice(
            [("early", 1, 10), ("mid-", 11, 20), ("mid ", 11, 20), ("late", 21, last)]
        )
        text = f"{part}{'' if part.endswith(('-', ' ')) else ' '}{name} {d.year}"
        return (text, _iso(d.replace(day=lo)), _iso(d.replace(day=hi)), "range", False)

    def season(d: dt.date, _: random.Random) -> Expected:
        names = {3: "Spring", 6: "Summer", 9: "Autumn"}
        first = 3 if d.month in (3, 4, 5) else 6 if d.month in (6, 7, 8) else 9
        start = dt.date(d.year, first, 1)
        end = _month_end(dt.date(d.year, first + 2, 1))
        return (f"{names[first]} {d.year}", _iso(start), _iso(end), "season", False)

    def between(d: dt.date, rng: random.Random) -> Expected:
        lo = max(1, d.day - rng.randint(1, 3))
        hi = min(calendar.monthrange(d.year, d.month)[1], d.day + rng.randint(0, 2))
        text = f"between {lo} and {hi} {MONTHS[d.month - 1]} {d.year}"
        start, end = d.replace(day=lo), d.replace(day=hi)
        return (text, _iso(start), _iso(end), "range", False)

    def timed(d: dt.date, rng: random.Random) -> Expected:
        hour, minute = rng.randint(0, 23), rng.choice([0, 5, 15, 30, 35, 45, 50])
        clock = rng.choice(
            [
                f"{hour:02d}:{minute:02d}",
                f"{hour:02d}{minute:02d}hrs",
                f"at {hour}:{minute:02d}",
            ]
        )
        return day(f"{d:%d/%m/%Y} {clock}", d)

    def unknown(text: str) -> Expected:
        return (text, "", "", "unknown", False)

    return [
        (30, lambda d, r: day(f"{d:%d/%m/%Y}", d)),
        (8, lambda d, r: day(f"{d:%d/%m/%y}", d)),
        (6, lambda d, r: day(f"{d:%d.%m.%Y}", d)),
        (4, lambda d, r: day(f"{d.day}/{d.month}/{d.year}", d)),
        (6, lambda d, r: day(f"{d.day} {MONTHS[d.month - 1]} {d.year}", d)),
        (
            5,
            lambda d, r: day(
                f"{d.day}{_suffix(d.day)} {MONTHS[d.month - 1]} {d.year}", d
            ),
        ),
        (4, lambda d, r: day(f"{d.day} {SHORT[d.month - 1]} {d.year}", d)),
        (
            3,
            lambda d, r: day(
                f"{d:%A} {d.day}{_suffix(d.day)} {MONTHS[d.month - 1]} {d.year}", d
            ),
        ),
        (2, lambda d, r: day(f"{MONTHS[d.month - 1]} {d.day}, {d.year}", d)),
        (2, lambda d, r: day(f"{d:%d-%b-%y}", d)),
        (6, timed),
        (3, lambda d, r: day(f"?{d:%d/%m/%Y}", d, True)),
        (2, lambda d, r: day(f"approx {d:%d/%m/%Y}", d, True)),
        (5, lambda d, r: month(d, f"{MONTHS[d.month - 1]} {d.year}")),
        (1, lambda d, r: month(d, f"c. {MONTHS[d.month - 1]} {d.year}", True)),
        (1, lambda d, r: month(d, f"{d:%b-%y}")),
        (3, week),
        (3, emlate),
        (2, season),
        (2, between),
        (
            1,
            lambda d, r: (
                str(d.year),
                f"{d.year}-01-01",
                f"{d.year}-12-31",
                "year",
                False,
            ),
        ),
        (2, lambda d, r: unknown(r.choice(["N/K", "n/k", "", "Not known"]))),
        (1, lambda d, r: unknown(r.choice(["see notes", "Tuesday", "TBC letter"]))),
    ]


def mixed_strings(count: int, seed: int = 5) -> list[Expected]:
    """``count`` strings, drawn by weight, mostly inside the two-year review
    period and some from the years before it (family history)."""
    rng = random.Random(seed)
    forms = _forms()
    weights = [w for w, _ in forms]
    makers = [f for _, f in forms]
    span = (PERIOD[1] - PERIOD[0]).days
    out = []
    for _ in range(count):
        back = 0 if rng.random() < 0.7 else rng.randrange(1, 6) * 365
        d = PERIOD[0] + dt.timedelta(days=rng.randrange(span) - back)
        maker = rng.choices(makers, weights)[0]
        out.append(maker(d, rng))
    return out


def table() -> list[Expected]:
    """The hand-written table (rows read with the default period and order)."""
    rows = []
    with open(ROOT / "tests" / "data" / "dates.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["period"] or row["order"]:
                continue
            rows.append(
                (
                    row["text"],
                    row["start"],
                    row["end"],
                    row["precision"],
                    row["approximate"] == "true",
                )
            )
    return rows


def ours(text: str) -> tuple[str, str, str, bool]:
    r = read_date(text, period=PERIOD, today=TODAY)
    return (_iso(r.start), _iso(r.end), r.precision, r.approximate)


def _dateparser_readers() -> dict[str, Callable[[str], dt.datetime | None]]:
    import dateparser

    day_first = {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": dt.datetime(TODAY.year, TODAY.month, TODAY.day),
    }
    return {
        "dateparser.parse (defaults)": lambda t: dateparser.parse(t),
        "dateparser.parse (DMY, en)": lambda t: dateparser.parse(
            t, languages=["en"], settings=day_first
        ),
    }


def theirs_correct(expected: Expected, found: dt.datetime | None) -> bool:
    """dateparser gives one moment: right when the text is one day and it is
    that day, or when the text is no date and it gives none."""
    _, start, end, precision, approx = expected
    if precision == "unknown":
        return found is None
    if precision != "day" or approx or found is None:
        return False
    return found.date().isoformat() == start == end


def accuracy_ours(rows: list[Expected]) -> float:
    return sum(ours(r[0]) == r[1:] for r in rows) / len(rows)


def _timed(texts: list[str], repeats: int = 3) -> tuple[float, float]:
    """Strings per second from a cold cache, by the clock and by CPU time:
    the best of ``repeats`` runs, as the machine may be busy with other work."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeats):
        date_reader._read_text.cache_clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        for text in texts:
            read_date(text, period=PERIOD, today=TODAY)
        best_wall = min(best_wall, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu_started)
    return len(texts) / best_wall, len(texts) / best_cpu


def _stage_entries(texts: list[str], files: int):
    """The strings as rows of ``files`` files, in order within each file."""
    import pandas as pd

    n = len(texts)
    return pd.DataFrame(
        {
            "source_file": [f"agency{i % files}.xlsx" for i in range(n)],
            "source_location": "Sheet1",
            "source_row": range(2, n + 2),
            "source_order": range(n),
            "date": texts,
            "time": "",
        }
    )


def _stage_seconds(texts: list[str], files: int) -> tuple[float, float]:
    """Clock and CPU seconds of the pipeline stage from a cold cache."""
    from chronomerge.normalise.dates import normalise_dates
    from chronomerge.review import ReviewInfo, ReviewSettings

    entries = _stage_entries(texts, files)
    review = ReviewSettings(
        review=ReviewInfo(period_start=PERIOD[0], period_end=PERIOD[1])
    )
    date_reader._read_text.cache_clear()
    started, cpu_started = time.perf_counter(), time.process_time()
    normalise_dates(entries, review, today=TODAY)
    return time.perf_counter() - started, time.process_time() - cpu_started


def _stage_rate(texts: list[str]) -> tuple[float, float]:
    """The pipeline stage over the same strings as rows of 20 files."""
    took, cpu_took = _stage_seconds(texts, 20)
    return len(texts) / took, len(texts) / cpu_took


def _stage_scaling() -> None:
    """CPU time per row as the input grows, with files of about 86 rows (as
    in the scale-100 sample) and as one long table: it should stay flat."""
    for rows in (25_000, 100_000, 400_000):
        texts = [s[0] for s in mixed_strings(rows, seed=rows)]
        for files, label in ((rows // 86, f"{rows // 86:,} files"), (1, "one table")):
            took, cpu = _stage_seconds(texts, files)
            print(
                f"  {rows:>9,} rows, {label:<12} {cpu:6.2f} s CPU "
                f"({cpu / rows * 1e6:5.1f} us a row), {took:6.2f} s by the clock"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=400)
    args = parser.parse_args()

    strings = mixed_strings(args.count)
    texts = [s[0] for s in strings]
    distinct = len(set(texts))
    print(f"{len(texts):,} strings, {distinct:,} distinct")

    calls_before = date_reader.fallback_calls()
    ours_rate, cpu_rate = _timed(texts)
    print(
        f"read_date, cold cache:       {ours_rate:12,.0f} strings/s "
        f"({cpu_rate:,.0f} per CPU second; best of 3)"
    )
    unique = list(dict.fromkeys(texts))
    rate, cpu = _timed(unique)
    print(
        f"read_date, distinct only:    {rate:12,.0f} strings/s "
        f"({cpu:,.0f} per CPU second; every one a cache miss)"
    )
    print(f"strings sent to dateparser:  {date_reader.fallback_calls() - calls_before}")

    rows_per_s, cpu_rows = _stage_rate(texts)
    print(
        f"normalise_dates (the stage): {rows_per_s:12,.0f} rows/s "
        f"({cpu_rows:,.0f} per CPU second; issues, years and order included)"
    )

    print("normalise_dates as the input grows (cold cache each time):")
    _stage_scaling()

    rng = random.Random(7)
    sample = rng.sample(strings, min(args.sample, len(strings)))
    rates, cpu_rates = {}, {}
    for name, reader in _dateparser_readers().items():
        for text in ("01/02/2019", "see notes", "Tuesday"):
            reader(text)  # load its language data before timing
        started, cpu_started = time.perf_counter(), time.process_time()
        found = [reader(s[0]) for s in sample]
        took = time.perf_counter() - started
        cpu_took = time.process_time() - cpu_started
        rates[name] = len(sample) / took
        cpu_rates[name] = len(sample) / cpu_took
        right = sum(theirs_correct(s, f) for s, f in zip(sample, found, strict=True))
        print(
            f"{name:28} {rates[name]:12,.0f} strings/s (sample of {len(sample)}; "
            f"100,000 would take {100_000 / rates[name]:,.0f} s), "
            f"right on {right / len(sample):.1%} of the sample"
        )
    fastest = max(rates.values())
    print(
        f"read_date is {ours_rate / fastest:,.0f} times faster than the faster "
        f"dateparser ({cpu_rate / max(cpu_rates.values()):,.0f} times in CPU time)"
    )

    print("\nAccuracy (interval, precision and approximate flag all right):")
    print(f"  read_date on the generated strings:   {accuracy_ours(strings):.1%}")
    rows = table()
    print(
        f"  read_date on tests/data/dates.csv:    {accuracy_ours(rows):.1%} "
        f"of {len(rows)}"
    )
    for name, reader in _dateparser_readers().items():
        right = sum(theirs_correct(r, reader(r[0])) for r in rows)
        print(f"  {name} on the table: {right / len(rows):.1%}")


if __name__ == "__main__":
    main()
