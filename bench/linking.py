"""How well, and how fast, cross-agency linking works on the sample reviews.

    .venv/bin/python bench/linking.py              # sample_data + a second seed,
                                                   # then corpus 2 (held out)
    .venv/bin/python bench/linking.py --show 20    # list more of the errors
    .venv/bin/python bench/linking.py --scale      # 10k / 50k / 100k entries
    .venv/bin/python bench/linking.py --scale --packed   # the same, packed
    .venv/bin/python bench/linking.py --scale --distinct # every text its own

Quality is cross-agency pairwise precision and recall against truth.csv: a
pair of entries of different agencies (as truth names them) is a true link
when both record one real occurrence (same true_event_id). Entries are taken two ways:
"truth"     truth.csv's own dates and event types (the linker alone), and
"pipeline"  the files read and normalised by chronomerge (when available).
The errors are printed by kind, with the texts, so they can be studied.

Two corpora are measured and printed side by side at the end: sample_data/
(and a second review from its generator), which chronomerge's rules were
tuned on, corpus 2 (bench/corpus2/generate.py, seeds 11 and 12 by
default), which is held out: report on it, never tune on it, and corpus 3
(bench/corpus3/generate.py, seeds 31 and 32), a third held-out review
written without reading the rules (--corpus3-seeds '' to leave it out).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus2.generate import corpus2_reviews  # noqa: E402
from bench.corpus3.generate import corpus3_reviews  # noqa: E402
from chronomerge.link import link_entries  # noqa: E402
from chronomerge.model import make_entry_id  # noqa: E402
from chronomerge.pipeline import CheckedInputs, read_and_check  # noqa: E402
from chronomerge.review import ReviewSettings, read_review  # noqa: E402

SAMPLE = ROOT / "sample_data" / "child_a"
GENERATOR = ROOT / "sample_data" / "generate.py"
KEY = ["source_file", "source_location", "source_row"]


# --- entries ------------------------------------------------------------------
def _kinds(review: ReviewSettings) -> dict[str, str]:
    return {a.name: a.kind for a in review.agencies}


def truth_entries(folder: Path) -> tuple[pd.DataFrame, ReviewSettings]:
    """Entries with truth's own dates and types (what a perfect normaliser gives)."""
    review = read_review(folder / "review.toml")
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    truth["source_row"] = truth["source_row"].astype(int)
    entries = truth.copy()
    entries["entry_id"] = [
        make_entry_id(f, loc, int(r))
        for f, loc, r in zip(
            truth["source_file"],
            truth["source_location"],
            truth["source_row"],
            strict=True,
        )
    ]
    kinds = _kinds(review)
    entries["agency_kind"] = entries["agency"].map(kinds).fillna("")
    entries["date_approximate"] = entries["date_approximate"].str.lower() == "true"
    return entries, review


def prepare_folder(folder: Path) -> CheckedInputs:
    """chronomerge's reading of a review folder, before linking
    (pipeline.read_and_check: read, dated, typed and checked)."""
    return read_and_check([folder], read_review(folder / "review.toml"))


def pipeline_entries(
    folder: Path, prepared=None
) -> tuple[pd.DataFrame, ReviewSettings] | None:
    """Entries as chronomerge reads and normalises the files, with truth joined."""
    review = read_review(folder / "review.toml")
    if prepared is None:
        prepared = prepare_folder(folder)
    if prepared is None:
        return None
    entries = getattr(prepared, "entries", prepared)
    if not isinstance(entries, pd.DataFrame):
        return None
    entries = entries.copy()
    if "agency_kind" not in entries:
        entries["agency_kind"] = entries["agency"].map(_kinds(review)).fillna("")
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    truth["source_row"] = truth["source_row"].astype(int)
    entries["source_row"] = pd.to_numeric(entries["source_row"]).astype(int)
    entries["source_location"] = entries["source_location"].fillna("").astype(str)
    truth = truth.rename(columns={"agency": "true_agency"})
    entries = entries.merge(
        truth[[*KEY, "true_event_id", "true_agency", "planted"]], on=KEY, how="left"
    )
    missing = entries["true_event_id"].isna().sum()
    if missing:
        print(f"  ({missing} entries not found in truth.csv)")
    entries["true_event_id"] = entries["true_event_id"].fillna("")
    entries["true_agency"] = entries["true_agency"].fillna(entries["agency"])
    return entries, review


# --- quality --------------------------------------------------------------------
def _pairs(entries: pd.DataFrame, column: str) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    frame = entries[entries[column] != ""]
    for _, group in frame.groupby(column, sort=False):
        if len(group) < 2:
            continue
        agency = group["true_agency"] if "true_agency" in group else group["agency"]
        rows = list(zip(group["entry_id"], agency, strict=True))
        for (a, ag_a), (b, ag_b) in combinations(rows, 2):
            if ag_a != ag_b:
                out.add((a, b) if a < b else (b, a))
    return out


def evaluate(label: str, entries: pd.DataFrame, review: ReviewSettings, show: int):
    start = time.perf_counter()
    result = link_entries(entries, review)
    seconds = time.perf_counter() - start
    entries = entries.assign(event_group=result.event_group)
    truth = _pairs(entries, "true_event_id")
    found = _pairs(entries, "event_group")
    tp = len(truth & found)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    print(
        f"{label:<34} entries {len(entries):>6}  true pairs {len(truth):>5}  "
        f"linked {len(found):>5}  precision {precision:.3f}  recall {recall:.3f}  "
        f"F1 {f1:.3f}  ({seconds:.2f} s)"
    )
    by_id = entries.set_index("entry_id")
    pairs = result.pairs.set_index(["entry_id_l", "entry_id_r"])
    _errors("false links", sorted(found - truth), by_id, pairs, result, show)
    _errors("missed links", sorted(truth - found), by_id, pairs, result, show)
    _hard_negatives(entries, found)
    return precision, recall, f1


def _pair_row(pairs: pd.DataFrame, a: str, b: str) -> pd.Series | None:
    for key in ((a, b), (b, a)):
        if key in pairs.index:
            return pairs.loc[key]
    return None


def _errors(kind, errors, by_id, pairs, result, show):
    if not errors:
        return
    print(f"  {kind}: {len(errors)}")
    for a, b in errors[:show]:
        row = _pair_row(pairs, a, b)
        if row is None:
            # Dates too far apart, or too weak to link whatever the texts say.
            why = f"not kept: {result.explain(a, b) or '(nothing in common)'}"
        else:
            reasons = result.explain(a, b) or "(nothing in common)"
            why = f"score {row['score']:.3f}: {reasons}"
        print(f"    - {why}")
        for entry_id in (a, b):
            e = by_id.loc[entry_id]
            text = str(e["description"]).replace("\n", " ")[:150]
            print(
                f"        {e['agency'][:22]:<22} {e['date_text'][:18]:<18} "
                f"{e['event_type']:<20} {text}"
            )


def _hard_negatives(entries: pd.DataFrame, found: set[tuple[str, str]]) -> None:
    """Same day, same type, different agencies, different occurrences: the
    pairs a 'same date and same type' rule would wrongly link."""
    agency = entries["true_agency"] if "true_agency" in entries else entries["agency"]
    frame = entries.assign(_agency=agency)
    frame = frame[(frame["date_precision"] == "day") & (frame["true_event_id"] != "")]
    hard: list[tuple[str, str, str]] = []
    for (_day, kind), group in frame.groupby(["date_start", "event_type"]):
        rows = list(
            zip(
                group["entry_id"], group["_agency"], group["true_event_id"], strict=True
            )
        )
        for (a, ag_a, t_a), (b, ag_b, t_b) in combinations(rows, 2):
            if ag_a != ag_b and t_a != t_b:
                hard.append(((a, b) if a < b else (b, a)) + (kind,))
    wrong = [h for h in hard if h[:2] in found]
    visits = [h for h in hard if h[2] == "home_visit"]
    print(
        f"  hard negatives (same day, same type, two occurrences): {len(hard)} "
        f"pairs ({len(visits)} of home visits), {len(wrong)} wrongly linked"
    )


def _second_review(seed: int) -> Path | None:
    if not GENERATOR.exists():
        return None
    out = Path(tempfile.mkdtemp(prefix="chronomerge-bench-"))
    subprocess.run(
        [sys.executable, str(GENERATOR), "--seed", str(seed), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out if (out / "truth.csv").exists() else None


# --- scale ----------------------------------------------------------------------
def scaled_entries(n: int) -> tuple[pd.DataFrame, ReviewSettings]:
    """``n`` entries: the sample's history repeated, each copy later in time.

    Copies keep the sample's density of entries per day, as a longer or a
    bigger review would; ids stay unique because each copy's rows are
    renumbered.
    """
    base, review = truth_entries(SAMPLE)
    span = (
        pd.to_datetime(base["date_end"].replace("", None)).max()
        - pd.to_datetime(base["date_start"].replace("", None)).min()
    ).days + 30
    copies = []
    k = 0
    while sum(len(c) for c in copies) < n:
        copy = base.copy()
        shift = pd.Timedelta(days=span * k)
        for col in ("date_start", "date_end"):
            dates = pd.to_datetime(copy[col].replace("", None))
            copy[col] = (dates + shift).dt.strftime("%Y-%m-%d").fillna("")
        copy["source_row"] = copy["source_row"] + 100_000 * k
        copy["true_event_id"] = copy["true_event_id"] + f"-{k}"
        copies.append(copy)
        k += 1
    entries = pd.concat(copies, ignore_index=True).iloc[:n].copy()
    entries["entry_id"] = [
        make_entry_id(f, loc, int(r))
        for f, loc, r in zip(
            entries["source_file"],
            entries["source_location"],
            entries["source_row"],
            strict=True,
        )
    ]
    return entries, review


def packed_folder(n: int, cache: Path) -> Path:
    """sample_data/generate.py --scale: ``n`` entries' worth of histories
    packed into the one review period (made once, kept in ``cache``)."""
    factor = max(1, round(n / 1000))
    folder = cache / f"packed-{factor}"
    if not (folder / "truth.csv").exists():
        subprocess.run(
            [sys.executable, str(GENERATOR), "--scale", str(factor), "--out",
             str(folder)],
            check=True,
            capture_output=True,
        )  # fmt: skip
    return folder


def scale_one(n: int, packed: Path | None, distinct: bool) -> dict[str, float]:
    if packed is None:
        entries, review = scaled_entries(n)
    else:
        entries, review = truth_entries(packed)
    if distinct:
        # Agencies repeat stock phrases, and the generator more so; a number
        # of its own in every text makes each one distinct (the worst case
        # for text similarity, which is computed once per distinct pair).
        entries["description"] = (
            entries["description"]
            + " ref "
            + pd.Series(range(len(entries))).astype(str)
        )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    start = time.perf_counter()
    result = link_entries(entries, review)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "entries": len(entries),
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak / 1024,
        "extra_mb": (peak - before) / 1024,
        "compared": result.compared,
        "pairs": len(result.pairs),
        "groups": int((result.groups["size"] > 1).sum()),
    }


def scale(sizes: list[int], packed: bool, cache: Path, distinct: bool) -> None:
    how = (
        "histories packed into one review period (sample_data/generate.py --scale)"
        if packed
        else "the sample's history repeated in later years (its density of entries)"
    )
    if distinct:
        how += ", every text made distinct"
    print(f"Linking at scale: {how}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; each size in a fresh process")  # fmt: skip
    print("compared: candidate pairs scored; kept: those that could reach the "
          "threshold and scored 0.05 or more (the pairs table)")  # fmt: skip
    print(f"{'entries':>8} {'seconds':>8} {'cpu s':>7} {'s/10k':>6} {'peak MB':>8} "
          f"{'linking MB':>10} {'compared':>9} {'kept':>9} {'groups':>7}")  # fmt: skip
    for n in sizes:
        command = [sys.executable, __file__, "--scale-one", str(n)]
        if packed:
            command += ["--packed-folder", str(packed_folder(n, cache))]
        if distinct:
            command += ["--distinct"]
        out = subprocess.run(command, check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['entries']:>8} {r['seconds']:>8.2f} {r['cpu']:>7.2f} "
            f"{r['seconds'] / r['entries'] * 10_000:>6.2f} {r['peak_mb']:>8.0f} "
            f"{r['extra_mb']:>10.0f} {r['compared']:>9} {r['pairs']:>9} "
            f"{r['groups']:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="store_true", help="time 10k/50k/100k")
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument(
        "--packed",
        action="store_true",
        help="with --scale: time generate.py --scale reviews (many histories in "
        "one period: entries per day grow with the size) instead",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "chronomerge-bench-linking",
        help="where --packed keeps the generated reviews",
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="with --scale: give every text a number of its own, so no two "
        "texts are alike word for word (the worst case for text similarity)",
    )
    parser.add_argument("--scale-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--packed-folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--show", type=int, default=10, help="errors listed per kind")
    parser.add_argument("--seed", type=int, default=2, help="seed of the second review")
    parser.add_argument("--data", type=Path, action="append", help="review folders")
    parser.add_argument(
        "--corpus2-seeds",
        default="11,12",
        help="seeds of the held-out corpus 2 reviews, comma-separated ('' for none)",
    )
    parser.add_argument(
        "--corpus2-entries", type=int, default=900, help="entries per corpus 2 review"
    )
    parser.add_argument(
        "--corpus3-seeds",
        default="31,32",
        help="seeds of the held-out corpus 3 reviews, comma-separated ('' for none)",
    )
    parser.add_argument(
        "--corpus3-entries", type=int, default=900, help="entries per corpus 3 review"
    )
    args = parser.parse_args()
    if args.scale_one:
        print(json.dumps(scale_one(args.scale_one, args.packed_folder, args.distinct)))
        return
    if args.scale:
        sizes = [int(s) for s in args.sizes.split(",")]
        scale(sizes, args.packed, args.cache, args.distinct)
        return
    folders = args.data or [SAMPLE]
    if not args.data:
        second = _second_review(args.seed)
        if second is not None:
            folders.append(second)
    seeds = [int(x) for x in args.corpus2_seeds.split(",") if x.strip()]
    results: list[tuple[str, str, dict]] = []
    try:
        for folder in folders:
            name = "sample_data/child_a" if folder == SAMPLE else str(folder)
            if folder != SAMPLE and not args.data:
                name = f"sample_data/generate.py seed {args.seed}"
            results.append(("sample_data", name, _measure(folder, args.show)))
        with corpus2_reviews(seeds, args.corpus2_entries) as reviews:
            for seed, folder in zip(seeds, reviews, strict=True):
                results.append(
                    ("corpus2", f"corpus2 seed {seed}", _measure(folder, args.show))
                )
        seeds3 = [int(x) for x in args.corpus3_seeds.split(",") if x.strip()]
        with corpus3_reviews(seeds3, args.corpus3_entries) as reviews:
            for seed, folder in zip(seeds3, reviews, strict=True):
                results.append(
                    ("corpus3", f"corpus3 seed {seed}", _measure(folder, args.show))
                )
    finally:
        if not args.data:  # the second review was generated for this run
            for folder in folders[1:]:
                shutil.rmtree(folder, ignore_errors=True)
    side_by_side(results)


def _measure(folder: Path, show: int) -> dict[str, tuple[float, float, float]]:
    print(f"\n== {folder}")
    entries, review = truth_entries(folder)
    out = {"truth": evaluate("truth's dates and types", entries, review, show)}
    piped = pipeline_entries(folder)
    if piped is not None:
        out["pipeline"] = evaluate("read and normalised by chronomerge", *piped, show)
    return out


def side_by_side(results: list[tuple[str, str, dict]]) -> None:
    """Cross-agency pairwise precision / recall / F1, both corpora, one table."""
    print("\n== Cross-agency linking, pairwise, both corpora side by side")
    print("   (sample_data: tuned on; corpus2, corpus3: held out, never tuned on)")
    print(
        f"{'corpus':<12} {'review':<34} {'truth types P / R / F1':<24} "
        f"{'chronomerge P / R / F1':<24}"
    )

    def cell(prf) -> str:
        return "-" if prf is None else f"{prf[0]:.3f} / {prf[1]:.3f} / {prf[2]:.3f}"

    for corpus, name, r in results:
        print(
            f"{corpus:<12} {name[:34]:<34} {cell(r.get('truth')):<24} "
            f"{cell(r.get('pipeline')):<24}"
        )
    for corpus in dict.fromkeys(c for c, _, _ in results):
        mine = [r for c, _, r in results if c == corpus]
        if len(mine) < 2:
            continue
        means = {}
        for mode in ("truth", "pipeline"):
            got = [r[mode] for r in mine if mode in r]
            if got:
                means[mode] = tuple(sum(x[i] for x in got) / len(got) for i in range(3))
        print(
            f"{corpus:<12} {'mean of its reviews':<34} "
            f"{cell(means.get('truth')):<24} {cell(means.get('pipeline')):<24}"
        )


if __name__ == "__main__":
    main()
