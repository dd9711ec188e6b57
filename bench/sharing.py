"""How well the information-sharing ledger finds the planted sends and receipts.

    .venv/bin/python bench/sharing.py                 # sample_data/child_a
    .venv/bin/python bench/sharing.py --seed 2 --seed 3 --show
    .venv/bin/python bench/sharing.py --corpus2 11 --corpus2 12   # held out
    .venv/bin/python bench/sharing.py --corpus3 31 --corpus3 32   # held out, clean

The truth is truth_sharing.csv, written by sample_data/generate.py from the
sends its story plants: the send entry, the recipient's kind, and the
recipient's records of it ("received" when there are any). Printed:
- sends found with the right recipient: planted sends that have a ledger row
  for the same entry and recipient kind;
- receipts matched: planted received sends whose ledger row names one of the
  recipient's records of it;
- unreceived listed: planted unreceived sends whose row says no receipt;
- precision: ledger rows that are planted sends; and of the receipts the
  ledger names, those that are right.

``--corpus2 SEED`` measures corpus 2 as well (bench/corpus2/generate.py,
default mode), whose truth_sharing.csv bench/corpus2/truth_sharing.py writes
from the generator's own templates: figures on wording the rules were not
written from. ``--corpus3 SEED`` measures corpus 3 (bench/corpus3/generate.py,
written without reading the rules), whose truth_sharing.csv
bench/corpus3/truth.py writes from each template's note (notes.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.analyse.sharing import sharing_ledger, sharing_rules  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402


def positions(entries: pd.DataFrame) -> dict[str, str]:
    """entry_id -> "file|location|row", the truth's key."""
    return {
        str(e.entry_id): f"{e.source_file}|{e.source_location}|{int(e.source_row)}"
        for e in entries.itertuples(index=False)
    }


def measure(folder: Path, show: bool) -> dict[str, float]:
    chron = merge(folder)
    merged = time.perf_counter()
    ledger = sharing_ledger(chron.entries, chron.review)
    seconds = time.perf_counter() - merged
    where = positions(chron.entries)
    truth = pd.read_csv(folder / "truth_sharing.csv", dtype=str, keep_default_na=False)
    unreceived = {sharing_rules().status[k] for k in ("unreceived", "no_chronology")}
    rows = {
        (where[r.send_entry_id], r.to_kind): r for r in ledger.itertuples(index=False)
    }
    planted = {(t.send_entry, t.to_kind): t for t in truth.itertuples(index=False)}
    found = [k for k in planted if k in rows]
    received = [k for k in planted if planted[k].received == "true"]
    matched = [
        k
        for k in received
        if k in rows
        and where.get(rows[k].receipt_entry_id, "-")
        in planted[k].receipt_entries.split(";")
    ]
    not_received = [k for k in planted if planted[k].received == "false"]
    listed = [k for k in not_received if k in rows and rows[k].status in unreceived]
    named = [k for k, r in rows.items() if r.receipt_entry_id]
    right = [
        k
        for k in named
        if k in planted
        and where[rows[k].receipt_entry_id] in planted[k].receipt_entries.split(";")
    ]
    if show:
        for k in planted:
            if k not in rows:
                print(f"  MISSED send   {k}  ({planted[k].from_agency})")
        for k, r in rows.items():
            if k not in planted:
                print(f"  EXTRA  send   {k}  {r.why[:150]}")
        for k in received:
            if k in rows and k not in matched:
                print(f"  WRONG receipt {k}  {rows[k].why[:150]}")
        for k in not_received:
            if k in rows and k not in listed:
                print(f"  NOT LISTED    {k}  {rows[k].why[:150]}")
    return {
        "planted": len(planted),
        "found": len(found) / max(len(planted), 1),
        "receipts": len(matched) / max(len(received), 1),
        "unreceived": len(listed) / max(len(not_received), 1),
        "precision": sum(1 for k in rows if k in planted) / max(len(rows), 1),
        "receipt_precision": len(right) / max(len(named), 1),
        "rows": len(rows),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, action="append", default=[])
    parser.add_argument(
        "--corpus2", type=int, action="append", default=[], help="corpus 2 seed"
    )
    parser.add_argument(
        "--corpus3", type=int, action="append", default=[], help="corpus 3 seed"
    )
    parser.add_argument("--show", action="store_true", help="list each miss")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sharing-"))
    try:
        reviews = [("sample_data/child_a", ROOT / "sample_data" / "child_a")]
        generators = (
            ("sample", "sample seed", "sample_data/generate.py", args.seed),
            ("corpus2-", "corpus 2 seed", "bench/corpus2/generate.py", args.corpus2),
            ("corpus3-", "corpus 3 seed", "bench/corpus3/generate.py", args.corpus3),
        )
        for prefix, label, generator, seeds in generators:
            for seed in seeds:
                out = work / f"{prefix}{seed}"
                subprocess.run(
                    [sys.executable, str(ROOT / generator), "--seed", str(seed),
                     "--out", str(out)],
                    check=True, capture_output=True,
                )  # fmt: skip
                reviews.append((f"{label} {seed}", out))
        for name, folder in reviews:
            m = measure(folder, args.show)
            print(
                f"{name}: {m['planted']} planted sends, {m['rows']} ledger rows; "
                f"sends found with the right recipient {m['found']:.1%}, receipts "
                f"matched {m['receipts']:.1%}, unreceived listed "
                f"{m['unreceived']:.1%}, precision {m['precision']:.1%} (sends) "
                f"{m['receipt_precision']:.1%} (receipts); ledger "
                f"{m['seconds']:.2f} s"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
