"""Benchmark: event types and content checks over 100,000 entries.

Prints how well event types agree with the sample review's truth, then the
time classify_events and validate_entries take over 100,000 entries built
from the sample's descriptions: first the sample repeated (as a scaled review
repeats its wording), then a hard case with sentences shuffled between
entries of one agency and times, names and numbers mixed in, so that nearly
every text is distinct. CPU time is printed beside wall-clock time because it
is steadier on a busy machine.

    .venv/bin/python bench/events.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.normalise.events import classify_events, vocabulary  # noqa: E402
from chronomerge.review import read_review  # noqa: E402
from chronomerge.validate import validate_entries  # noqa: E402

SAMPLE = ROOT / "sample_data" / "child_a"
EXTRAS = [
    "Seen at {h:02d}:{m:02d}.",
    "Worker {n} present.",
    "Next review in {n} weeks.",
    "Ref {n}{m}{h}.",
    "Sarah Jones attended.",
    "Tel 07700 900{n:03d}.",
    "Weight {n}.{m}kg.",
    "",
]


def truth_frame() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The truth and an entries frame built from it."""
    truth = pd.read_csv(SAMPLE / "truth.csv", keep_default_na=False, dtype=str)
    review = read_review(SAMPLE / "review.toml")
    kinds = {a.name: a.kind for a in review.agencies}
    entries = pd.DataFrame(
        {
            "description": truth["description"],
            "agency": truth["agency"],
            "agency_kind": truth["agency"].map(kinds).fillna(""),
            "agency_type": "",
            "outcome": "",
            "source_file": truth["source_file"],
            "source_location": truth["source_location"],
            "source_row": truth["source_row"].astype(int),
            "date_text": truth["date_text"],
            "time": truth["time"],
        }
    )
    return truth, entries


def scaled(entries: pd.DataFrame, n: int, seed: int = 7) -> pd.DataFrame:
    """n entries: each a sample entry with a sentence from another entry of
    the same agency and a varied extra sentence."""
    rng = random.Random(seed)
    by_agency = {
        agency: [s for d in group["description"] for s in d.split(". ") if s]
        for agency, group in entries.groupby("agency")
    }
    rows = entries.to_dict("records")
    out = []
    for i in range(n):
        row = dict(rng.choice(rows))
        extra = rng.choice(EXTRAS).format(
            h=rng.randrange(24), m=rng.randrange(60), n=rng.randrange(1000)
        )
        borrowed = rng.choice(by_agency[row["agency"]])
        row["description"] = f"{row['description']} {borrowed}. {extra}".strip()
        row["source_file"] = f"agency_{i // 5000:02d}.xlsx"
        row["source_row"] = i % 5000 + 2
        out.append(row)
    return pd.DataFrame(out)


def main(n: int = 100_000) -> None:
    review = read_review(SAMPLE / "review.toml")
    truth, entries = truth_frame()
    start = time.perf_counter()
    vocabulary()
    print(f"taxonomy compiled in {time.perf_counter() - start:.2f} s")
    typed, _ = classify_events(entries, review)
    agreement = (typed["event_type"] == truth["event_type"]).mean()
    print(f"agreement with truth.csv: {agreement:.1%} of {len(truth)} entries")

    copies = [
        entries.assign(source_file=entries["source_file"] + f".{i}")
        for i in range(n // len(entries) + 1)
    ]
    repeated = pd.concat(copies, ignore_index=True).head(n)
    print(
        f"{len(repeated):,} entries repeating the sample "
        f"({repeated['description'].nunique():,} distinct descriptions)"
    )
    report(repeated, review)

    big = scaled(entries, n)
    distinct = big["description"].nunique()
    print(f"{len(big):,} entries mixing sentences, {distinct:,} distinct descriptions")
    report(big, review)


def report(entries: pd.DataFrame, review) -> None:
    """Print the time both stages take over these entries."""
    took, cpu, _ = timed(lambda: classify_events(entries, review))
    print(
        f"  classify_events: {took:.2f} s, CPU {cpu:.2f} s "
        f"({len(entries) / cpu:,.0f} entries per CPU second)"
    )
    took, cpu, issues = timed(lambda: validate_entries(entries, review))
    print(
        f"  validate_entries: {took:.2f} s, CPU {cpu:.2f} s "
        f"({len(entries) / cpu:,.0f} entries per CPU second), {len(issues):,} issues"
    )


def timed(func):
    """Wall-clock and CPU seconds (CPU time is steadier on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return time.perf_counter() - wall, time.process_time() - cpu, result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
