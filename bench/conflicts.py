"""How well conflicting accounts find the planted date conflicts.

    .venv/bin/python bench/conflicts.py [--seed 2 --seed 3] [--show]

The sample generator dates about one record in twenty of an event several
agencies recorded a day out (truth.csv's ``planted`` holds ``day_out``). A
planted conflict is found when a "dates differ" row names that entry.
Precision: of the "dates differ" rows, those whose two entries record the
same true event on different days in the truth.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.analyse.conflicts import DATES  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402


def measure(folder: Path, show: bool) -> dict[str, float]:
    chron = merge(folder)
    e = chron.entries
    keys = e["source_file"] + "|" + e["source_location"].astype(str)
    where = dict(zip(e["entry_id"], keys + "|" + e["source_row"].astype(str),
                     strict=True))  # fmt: skip
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    truth["pos"] = (
        truth["source_file"]
        + "|"
        + truth["source_location"]
        + "|"
        + truth["source_row"]
    )
    by_pos = truth.set_index("pos")
    planted = set(
        truth.loc[
            truth["planted"].str.contains("day_out") & (truth["shared"] != "1"), "pos"
        ]
    )
    rows = chron.conflicts[chron.conflicts["conflict"] == DATES]
    named = {where[i] for i in rows["first_entry_id"]} | {
        where[i] for i in rows["second_entry_id"]
    }
    found = planted & named
    right = 0
    for r in rows.itertuples(index=False):
        a, b = by_pos.loc[where[r.first_entry_id]], by_pos.loc[where[r.second_entry_id]]
        same = a["true_event_id"] == b["true_event_id"]
        right += bool(same and a["date_start"] != b["date_start"])
    if show:
        for pos in sorted(planted - named):
            print(f"  MISSED {pos}  {by_pos.loc[pos, 'description'][:80]}")
    return {
        "planted": len(planted),
        "found": len(found) / max(len(planted), 1),
        "precision": right / max(len(rows), 1),
        "rows": len(chron.conflicts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, action="append", default=[])
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="conflicts-"))
    try:
        reviews = [("sample_data/child_a", ROOT / "sample_data" / "child_a")]
        for seed in args.seed:
            out = work / f"seed{seed}"
            subprocess.run(
                [sys.executable, str(ROOT / "sample_data" / "generate.py"),
                 "--seed", str(seed), "--out", str(out)],
                check=True, capture_output=True,
            )  # fmt: skip
            reviews.append((f"sample seed {seed}", out))
        for name, folder in reviews:
            m = measure(folder, args.show)
            print(
                f"{name}: {m['planted']} planted date conflicts, found "
                f"{m['found']:.1%}; precision {m['precision']:.1%}; "
                f"{m['rows']} conflict rows"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
