"""Time the analysis stage (analyse_entries: ages, gaps, child not seen, flags)
on a large synthetic chronology and print the figures.

    .venv/bin/python bench/analyse.py [--entries 100000] [--years 2]

The entries are random but shaped like a merged review: a dozen agencies,
every event type, about one entry in four linked with another agency's, a
few imprecise and unknown dates, and a child_seen column for visits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from chronomerge.analyse import analyse_entries
from chronomerge.resources import load_toml
from chronomerge.review import parse_review


def synthetic(n: int, years: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kinds = list(load_toml("agencies.toml")["kinds"])[:12]
    types = list(load_toml("event_types.toml")["types"])
    start = dt.date(2019, 1, 1)
    offset = rng.integers(0, 365 * years, n)
    dates = pd.to_datetime(start) + pd.to_timedelta(offset, unit="D")
    precision = rng.choice(
        ["day", "week", "month", "unknown"], n, p=[0.9, 0.04, 0.04, 0.02]
    )
    date_start = np.array(dates.strftime("%Y-%m-%d"), dtype=object)
    date_end = date_start.copy()
    week = precision == "week"
    date_end[week] = (dates[week] + pd.Timedelta(days=6)).strftime("%Y-%m-%d")
    month = precision == "month"
    first = dates[month].to_period("M").start_time
    date_start[month] = first.strftime("%Y-%m-%d")
    date_end[month] = dates[month].to_period("M").end_time.strftime("%Y-%m-%d")
    date_start[precision == "unknown"] = ""
    date_end[precision == "unknown"] = ""
    kind = rng.choice(kinds, n)
    group = np.array([f"G{i}" for i in range(n)], dtype=object)
    linked = rng.random(n) < 0.25
    group[linked] = [f"G{i - 1}" for i in np.flatnonzero(linked)]
    event_type = rng.choice(types, n)
    seen = np.where(
        np.isin(event_type, ["home_visit", "health_contact"]),
        rng.choice(["Yes", "No", ""], n),
        "",
    )
    return pd.DataFrame(
        {
            "entry_id": [f"E{i:010d}" for i in range(n)],
            "agency": [k.replace("_", " ").title() for k in kind],
            "agency_kind": kind,
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": precision,
            "date_approximate": rng.random(n) < 0.02,
            "event_type": event_type,
            "secondary_types": "",
            "description": "Home visit, child seen in the living room",
            "person": "",
            "child_seen": seen,
            "event_group": group,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()
    review = parse_review(
        "[review]\nperiod_start = 2019-01-01\nperiod_end = 2020-12-31\n"
        '[[people]]\nlabel = "Child A"\ndate_of_birth = 2019-03-01\n'
        "[thresholds]\ngap_days = 2\n"
    )
    entries = synthetic(args.entries, args.years)
    print(f"{len(entries):,} entries over {args.years} years")
    print("(CPU seconds: other work on the machine does not count)")
    began = time.process_time()
    analysis = analyse_entries(entries, review)
    took = time.process_time() - began
    print(f"{'analyse_entries':15s} {took:7.2f} s")
    for name, frame in (
        ("gaps", analysis.gaps),
        ("child_not_seen", analysis.not_seen),
        ("flags", analysis.flags),
    ):
        print(f"    {name:15s} {len(frame):>8,} rows")
    for code, count in analysis.flags["flag"].value_counts().sort_index().items():
        print(f"        {code:35s} {count:>6,}")
    flagged = int((analysis.entries["flags"] != "").sum())
    print(f"    {'entries flagged':15s} {flagged:>8,}")


if __name__ == "__main__":
    main()
