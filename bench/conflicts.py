"""How well conflicting accounts find the planted conflicts, per kind.

    .venv/bin/python bench/conflicts.py [--seed 2 --seed 3] [--corpus2 11
        --corpus2 12] [--corpus3 31 --corpus3 32] [--show]

The sample (sample_data/, and its generator with ``--seed``): the
generator dates about one record in twenty of an event several agencies
recorded a day out (truth.csv ``planted`` holds ``day_out``). Such a record
is observable when it is dated to the day (a week or a month still holding
the event's day does not differ) and it did not land on the day of the
same agency's identical record of a repeat of the event (then nothing tells
the two apart). Found: a "dates differ" or "possibly the same event, dated
differently" row names it with an entry of the same true event. Precision:
of those rows, the share whose two entries record one true event on
different days.

Corpus 2 (``--corpus2 SEED``; bench/corpus2/truth_conflicts.py): the
truth lists each pair of entries that record one true event on different
days or at times over an hour apart. Found: each pair's later entry (dates)
or either entry (times) named with its partner; precision: the rows of the
kind whose two entries are a truth pair. Corpus 3 (``--corpus3 SEED``;
bench/corpus3/truth.py, held out and written without reading the rules) is
measured the same way: its truth pairs are two agencies' accounts of one
occurrence written up on different days (a notification heard afterwards is
not one) or at times over an hour apart.

Outcomes and people present have no truth in either corpus: their rows are
counted (``--show`` prints them, to read by hand); tests/analyse/
test_conflicts.py checks them on files it writes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.analyse.conflicts import DATES, NEAR, TIMES  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402

DATED = (DATES, NEAR)


def _truth(folder: Path) -> pd.DataFrame:
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    truth["pos"] = (
        truth["source_file"]
        + "|"
        + truth["source_location"]
        + "|"
        + truth["source_row"]
    )
    return truth.set_index("pos", drop=False)


def _positions(entries: pd.DataFrame) -> dict[str, str]:
    keys = entries["source_file"] + "|" + entries["source_location"].astype(str)
    keys = keys + "|" + entries["source_row"].astype(str)
    return dict(zip(entries["entry_id"], keys, strict=True))


def _observable(truth: pd.DataFrame, pos: str) -> str:
    """Why a planted day-out cannot be seen ("" when it can)."""
    row = truth.loc[pos]
    if row["date_precision"] != "day":
        return f"dated to the {row['date_precision']}, which holds the event's day"
    twin = truth[
        (truth["agency"] == row["agency"])
        & (truth["description"] == row["description"])
        & (truth["date_start"] == row["date_start"])
        & (truth["pos"] != pos)
    ]
    if not twin.empty:
        return "moved onto the day of the same agency's identical record"
    return ""


def measure_sample(folder: Path, show: bool) -> dict[str, object]:
    """Found and precision of the dated rows on one sample review."""
    chron = merge(folder)
    where = _positions(chron.entries)
    truth = _truth(folder)
    planted = truth[truth["planted"].str.contains("day_out") & (truth["shared"] != "1")]
    hidden = {p: _observable(truth, p) for p in planted["pos"]}
    seen = {p for p, why in hidden.items() if not why}
    c = chron.conflicts
    rows = c[c["conflict"].isin(DATED)]
    named: set[str] = set()
    right = Counter[str]()
    for r in rows.itertuples(index=False):
        a, b = truth.loc[where[r.first_entry_id]], truth.loc[where[r.second_entry_id]]
        if a["true_event_id"] == b["true_event_id"]:
            named |= {a["pos"], b["pos"]}
            right[r.conflict] += a["date_start"] != b["date_start"]
    if show:
        for pos in sorted(set(hidden) - seen):
            print(f"  NOT OBSERVABLE {pos}: {hidden[pos]}")
        for pos in sorted(seen - named):
            print(f"  MISSED {pos}  {truth.loc[pos, 'description'][:80]}")
        _show(c, rows, truth, where)
    kinds = Counter(c["conflict"])
    return {
        "planted": len(planted),
        "observable": len(seen),
        "found": len(seen & named),
        "precision": {k: (right[k], kinds[k]) for k in DATED},
        "kinds": dict(sorted(kinds.items())),
    }


def measure_corpus2(folder: Path, show: bool) -> dict[str, object]:
    """Found and precision of dates and times rows against truth_conflicts.csv."""
    chron = merge(folder)
    where = _positions(chron.entries)
    truth = _truth(folder)
    pairs = pd.read_csv(
        folder / "truth_conflicts.csv", dtype=str, keep_default_na=False
    )
    keys: dict[str, set[tuple[str, frozenset[str]]]] = {DATES: set(), TIMES: set()}
    off: dict[str, set[str]] = {DATES: set(), TIMES: set()}
    for p in pairs.itertuples(index=False):
        a = truth.loc[
            f"{p.first_source_file}|{p.first_source_location}|{p.first_source_row}"
        ]
        b = truth.loc[
            f"{p.second_source_file}|{p.second_source_location}|{p.second_source_row}"
        ]
        keys[p.conflict].add(_key(p.conflict, a, b))
        off[p.conflict] |= _off(p.conflict, a, b, truth)
    c = chron.conflicts
    out: dict[str, object] = {"kinds": dict(sorted(Counter(c["conflict"]).items()))}
    for kind, names in ((DATES, DATED), (TIMES, (TIMES,))):
        rows = c[c["conflict"].isin(names)]
        named: set[str] = set()
        right = 0
        for r in rows.itertuples(index=False):
            a, b = (
                truth.loc[where[r.first_entry_id]],
                truth.loc[where[r.second_entry_id]],
            )
            if _key(kind, a, b) in keys[kind]:
                right += 1
                named |= {a["pos"], b["pos"]}
            elif show:
                print(f"  WRONG {r.conflict}: {r.why}")
        out[kind] = (len(off[kind] & named), len(off[kind]), right, len(rows))
        if show:
            for pos in sorted(off[kind] - named):
                print(f"  MISSED {kind}: {pos}  {truth.loc[pos, 'description'][:70]}")
    if show:
        _show(c, c.iloc[0:0], None, where)
    return out


def _key(kind: str, a: pd.Series, b: pd.Series) -> tuple[str, frozenset[str]]:
    """A pair of accounts as the truth knows it: the true event and the two
    dates (or times) written, so comparing another agency on the same date
    counts the same."""
    field = "date_start" if kind == DATES else "time"
    return a["true_event_id"], frozenset((a[field], b[field]))


def _off(kind: str, a: pd.Series, b: pd.Series, truth: pd.DataFrame) -> set[str]:
    """The entry of a truth pair that differs from its event's usual date
    (the date most of its day-dated entries give, ties to the earlier); both
    for times."""
    if kind == TIMES:
        return {a["pos"], b["pos"]}
    same = truth[
        (truth["true_event_id"] == a["true_event_id"])
        & (truth["date_precision"] == "day")
    ]
    votes = Counter(same["date_start"])
    usual = min(votes, key=lambda d: (-votes[d], d))
    return {r["pos"] for r in (a, b) if r["date_start"] != usual}


def _show(
    c: pd.DataFrame, dated: pd.DataFrame, truth: pd.DataFrame | None, where: dict
) -> None:
    """The rows without truth (outcomes, people present), and wrong dated rows."""
    for r in c.itertuples(index=False):
        if r.conflict in (DATES, NEAR, TIMES, "injury described differently"):
            continue
        print(f"  {r.conflict.upper()}: {r.why}")
        print(f"      1: {r.first_account[:100]}")
        print(f"      2: {r.second_account[:100]}")
    if truth is None:
        return
    for r in dated.itertuples(index=False):
        a, b = truth.loc[where[r.first_entry_id]], truth.loc[where[r.second_entry_id]]
        if (
            a["true_event_id"] != b["true_event_id"]
            or a["date_start"] == b["date_start"]
        ):
            print(f"  WRONG {r.conflict}: {r.why}")


def _generate(script: Path, seed: int, out: Path) -> Path:
    subprocess.run(
        [sys.executable, str(script), "--seed", str(seed), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, action="append", default=[])
    parser.add_argument("--corpus2", type=int, action="append", default=[])
    parser.add_argument("--corpus3", type=int, action="append", default=[])
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="conflicts-"))
    try:
        samples = [("sample_data/child_a", ROOT / "sample_data" / "child_a")]
        for seed in args.seed:
            script = ROOT / "sample_data" / "generate.py"
            samples.append(
                (f"sample seed {seed}", _generate(script, seed, work / f"s{seed}"))
            )
        for name, folder in samples:
            print(f"{name}:")
            m = measure_sample(folder, args.show)
            print(
                f"  planted date conflicts {m['planted']}, observable "
                f"{m['observable']}, found {m['found']}/{m['observable']}"
            )
            for kind, (right, rows) in m["precision"].items():  # type: ignore[attr-defined]
                share = f"{right / rows:.1%}" if rows else "-"
                print(f"  {kind}: {rows} rows, precision {share}")
            print(f"  rows per kind: {m['kinds']}")
        held_out = [(2, seed) for seed in args.corpus2]
        held_out += [(3, seed) for seed in args.corpus3]
        for corpus, seed in held_out:
            script = ROOT / "bench" / f"corpus{corpus}" / "generate.py"
            folder = _generate(script, seed, work / f"c{corpus}-{seed}")
            print(f"corpus {corpus} seed {seed}:")
            c2 = measure_corpus2(folder, args.show)
            for kind in (DATES, TIMES):
                found, planted, right, rows = c2[kind]  # type: ignore[misc]
                share = f"{right / rows:.1%}" if rows else "-"
                print(
                    f"  {kind}: found {found}/{planted} truth pairs; "
                    f"{rows} rows, precision {share}"
                )
            print(f"  rows per kind: {c2['kinds']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
