"""Time the comparison with a previous merge (changes.csv) and print the figures.

    .venv/bin/python bench/changes.py [--entries 20000 100000] [--edit 0.02]

Uses the generated chronology of the panel pack tests (six agencies over ten
years) as the previous merge; the new one has a share of its entries edited
(a word changed), removed, added, and every entry's id changed (as when an
agency renames its file) with the rows in another order. Prints seconds and
whether exactly the planted changes were found.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "export"))

from panel_fixtures import big_chronology  # noqa: E402

from chronomerge.compare import compare_entries  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--edit", type=float, default=0.02, help="share planted")
    args = parser.parse_args()
    for n in args.entries:
        previous = big_chronology(n).entries
        rng = random.Random(n)
        new = previous.copy()
        new["entry_id"] = "N" + new["entry_id"].str[1:]
        rows = list(range(n))
        planted = max(1, int(n * args.edit))
        picked = rng.sample(rows, 3 * planted)
        edited, removed, copied = (
            picked[:planted],
            picked[planted : 2 * planted],
            picked[2 * planted :],
        )
        for i in edited:
            text = new.at[i, "description"]
            new.at[i, "description"] = text[:-1] + " and seen again."
        added = new.loc[copied].copy()
        added["entry_id"] = "A" + added["entry_id"].str[1:]
        added["description"] = [
            f"Entry {k} added in the new version, about something else."
            for k in range(len(added))
        ]
        new = new.drop(index=removed)
        new = new.sample(frac=1, random_state=1)
        new = pd.concat([new, added], ignore_index=True)
        started = time.perf_counter()
        result = compare_entries(previous, new)
        seconds = time.perf_counter() - started
        counts = result.counts()
        exact = (counts["added"], counts["removed"], counts["changed"]) == (
            planted,
            planted,
            planted,
        )
        print(
            f"{n:>7} entries, {planted} each edited/removed/added: "
            f"{seconds:6.2f} s; found {counts['added']} added, "
            f"{counts['removed']} removed, {counts['changed']} changed "
            f"({'exactly the planted changes' if exact else 'NOT the planted changes'})"
        )


if __name__ == "__main__":
    main()
