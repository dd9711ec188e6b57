"""Benchmark: event types and content checks over 100,000 entries.

Prints how well event types agree with the sample review's truth, then the
time classify_events and validate_entries take over 100,000 entries built
from the sample's descriptions: first the sample repeated (as a scaled review
repeats its wording), then a hard case with sentences shuffled between
entries of one agency and times, names and numbers mixed in, so that nearly
every text is distinct. CPU time is printed beside wall-clock time because it
is steadier on a busy machine.

Quality is printed for the corpora side by side: sample_data/ (and a second
review from its generator), which the rules were tuned on, corpus 2
(bench/corpus2/generate.py, seeds 11 and 12), which is held out: report on
it, never tune on it, and corpus 3 (bench/corpus3/generate.py, seeds 31 and
32), a third held-out review written without reading the rules. For each
review: the share of entries whose event_type matches truth.csv, typed from
truth's own texts, as chronomerge reads the files, and after linking (where
an uncertain entry may take its event group's type); the entries whose
description came out empty where truth has text (a narrative column not
found); the description-missing issues; then the commonest confusions (true
-> given).

    .venv/bin/python bench/events.py [N]            # quality, then timing
    .venv/bin/python bench/events.py --no-timing    # quality only
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus2.generate import corpus2_reviews  # noqa: E402
from bench.corpus3.generate import corpus3_reviews  # noqa: E402
from bench.linking import GENERATOR, KEY, prepare_folder  # noqa: E402
from chronomerge.link import link_entries  # noqa: E402
from chronomerge.normalise.events import classify_events, vocabulary  # noqa: E402
from chronomerge.normalise.group_types import retype_by_group  # noqa: E402
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


def truth_frame(folder: Path = SAMPLE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The truth and an entries frame built from it."""
    truth = pd.read_csv(folder / "truth.csv", keep_default_na=False, dtype=str)
    review = read_review(folder / "review.toml")
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


# --- quality, both corpora ---------------------------------------------------------
def quality(folder: Path) -> dict:
    """Event types against truth.csv, from truth's texts and as chronomerge reads
    the files; descriptions lost; description-missing issues; confusions."""
    review = read_review(folder / "review.toml")
    truth, entries = truth_frame(folder)
    typed, _ = classify_events(entries, review)
    out: dict = {
        "entries": len(truth),
        "truth_text": (typed["event_type"] == truth["event_type"]).mean(),
    }
    prepared = _read_folder(folder)
    if prepared is None:
        return out
    got = prepared.entries.copy()
    got["source_row"] = pd.to_numeric(got["source_row"]).astype(int).astype(str)
    got["source_location"] = got["source_location"].fillna("").astype(str)
    joined = truth.merge(
        got[[*KEY, "event_type", "description"]],
        on=KEY,
        how="left",
        suffixes=("", "_got"),
        indicator=True,
    )
    found = joined["_merge"] == "both"
    known = set(map(tuple, truth[KEY].to_numpy()))
    extra = sum(1 for k in map(tuple, got[KEY].to_numpy()) if k not in known)
    joined["event_type_got"] = joined["event_type_got"].fillna("(not read)")
    joined["description_got"] = joined["description_got"].fillna("")
    has_text = joined["description"].str.strip() != ""
    lost = has_text & (joined["description_got"].astype(str).str.strip() == "")
    wrong = joined[joined["event_type"] != joined["event_type_got"]]
    after = truth.merge(
        _linked(prepared, review)[[*KEY, "event_type"]], on=KEY, how="left"
    )
    out.update(
        {
            "pipeline": (joined["event_type"] == joined["event_type_got"]).mean(),
            "linked": (after["event_type_x"] == after["event_type_y"]).mean(),
            "not_read": int((~found).sum()),
            "extra": extra,
            "with_text": int(has_text.sum()),
            "text_lost": int(lost.sum()),
            "missing_issues": sum(
                1 for i in prepared.issues if i.code == "description-missing"
            ),
            "confusions": Counter(
                zip(wrong["event_type"], wrong["event_type_got"], strict=True)
            ),
        }
    )
    return out


def _linked(prepared, review) -> pd.DataFrame:
    """The entries as the merge leaves them after linking: an uncertain type
    may be taken from its event group (chronomerge.normalise.group_types)."""
    linked = link_entries(prepared.entries, review)
    entries = prepared.entries.assign(event_group=linked.event_group)
    entries, _ = retype_by_group(entries, list(prepared.issues))
    entries = entries.copy()
    entries["source_row"] = pd.to_numeric(entries["source_row"]).astype(int).astype(str)
    entries["source_location"] = entries["source_location"].fillna("").astype(str)
    return entries


def _read_folder(folder: Path):
    """The folder read, dated, typed and checked (pipeline.read_and_check,
    or bench/linking's reading where the pipeline has no such step)."""
    from chronomerge import pipeline

    read_and_check = getattr(pipeline, "read_and_check", None)
    if read_and_check is None:
        return prepare_folder(folder)
    return read_and_check([folder], read_review(folder / "review.toml"))


def _sample_second(seed: int = 2) -> Path | None:
    """A second review from sample_data/generate.py (the tuned-on generator)."""
    if not GENERATOR.exists():
        return None
    out = Path(tempfile.mkdtemp(prefix="chronomerge-bench-events-"))
    subprocess.run(
        [sys.executable, str(GENERATOR), "--seed", str(seed), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def both_corpora(
    seeds: list[int],
    entries: int,
    top: int,
    seeds3: list[int] | None = None,
    entries3: int = 900,
) -> None:
    """Event-type quality on sample_data, corpus 2 and corpus 3, side by side."""
    results: list[tuple[str, str, dict]] = [
        ("sample_data", "sample_data/child_a", quality(SAMPLE))
    ]
    second = _sample_second()
    if second is not None:
        try:
            results.append(
                ("sample_data", "sample_data/generate.py seed 2", quality(second))
            )
        finally:
            shutil.rmtree(second, ignore_errors=True)
    with corpus2_reviews(seeds, entries) as folders:
        for seed, folder in zip(seeds, folders, strict=True):
            results.append(("corpus2", f"corpus2 seed {seed}", quality(folder)))
    seeds3 = [31, 32] if seeds3 is None else seeds3
    with corpus3_reviews(seeds3, entries3) as folders:
        for seed, folder in zip(seeds3, folders, strict=True):
            results.append(("corpus3", f"corpus3 seed {seed}", quality(folder)))
    print("\n== Event types, the corpora side by side")
    print("   (sample_data: tuned on; corpus2, corpus3: held out, never tuned on)")
    print(
        f"{'corpus':<12} {'review':<31} {'entries':>7} {'type ok':>8} "
        f"{'type ok':>8} {'type ok':>8} {'not':>4} {'not in':>6} {'text':>10} "
        f"{'description-':>13}"
    )
    print(
        f"{'':<12} {'':<31} {'':>7} {'(truth':>8} {'(chrono-':>8} {'(after':>8} "
        f"{'read':>4} {'truth':>6} {'lost':>10} {'missing':>13}"
    )
    print(f"{'':<12} {'':<31} {'':>7} {'text)':>8} {'merge)':>8} {'linking)':>8}")

    def pct(x) -> str:
        return "-" if x is None else f"{x:.1%}"

    for corpus, name, r in results:
        lost = (
            f"{r['text_lost']}/{r['with_text']}" if "text_lost" in r else "-"
        )  # rows with text in truth whose description came out empty
        print(
            f"{corpus:<12} {name:<31} {r['entries']:>7} {pct(r['truth_text']):>8} "
            f"{pct(r.get('pipeline')):>8} {pct(r.get('linked')):>8} "
            f"{r.get('not_read', '-'):>4} "
            f"{r.get('extra', '-'):>6} {lost:>10} "
            f"{r.get('missing_issues', '-'):>13}"
        )
    for corpus in dict.fromkeys(c for c, _, _ in results):
        mine = [r for c, _, r in results if c == corpus]
        n = sum(r["entries"] for r in mine)
        truth_ok = sum(r["truth_text"] * r["entries"] for r in mine) / n
        piped = [r for r in mine if "pipeline" in r]
        pipe_ok = (
            sum(r["pipeline"] * r["entries"] for r in piped)
            / sum(r["entries"] for r in piped)
            if piped
            else None
        )
        with_text = sum(r.get("with_text", 0) for r in mine)
        lost = sum(r.get("text_lost", 0) for r in mine)
        found = f"{1 - lost / with_text:.1%}" if with_text else "-"
        linked_ok = (
            sum(r["linked"] * r["entries"] for r in piped)
            / sum(r["entries"] for r in piped)
            if piped
            else None
        )
        print(
            f"{corpus:<12} {'all its reviews':<31} {n:>7} {pct(truth_ok):>8} "
            f"{pct(pipe_ok):>8} {pct(linked_ok):>8}   descriptions found: {found}"
        )
    for corpus in dict.fromkeys(c for c, _, _ in results):
        total: Counter = Counter()
        for c, _, r in results:
            if c == corpus:
                total.update(r.get("confusions", Counter()))
        print(
            f"\n  top confusions in {corpus} as chronomerge reads it (true -> given):"
        )
        for (true, given), count in total.most_common(top):
            print(f"    {true:<22} -> {given:<22} {count:>4}")


def main(n: int = 100_000, timing: bool = True, **corpus2) -> None:
    both_corpora(**corpus2)
    if not timing:
        return
    review = read_review(SAMPLE / "review.toml")
    truth, entries = truth_frame()
    start = time.perf_counter()
    vocabulary()
    print(f"\ntaxonomy compiled in {time.perf_counter() - start:.2f} s")
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--no-timing", action="store_true", help="quality only")
    parser.add_argument("--top", type=int, default=12, help="confusions listed")
    parser.add_argument(
        "--corpus2-seeds", default="11,12", help="corpus 2 seeds, comma-separated"
    )
    parser.add_argument("--corpus2-entries", type=int, default=900)
    parser.add_argument(
        "--corpus3-seeds", default="31,32", help="corpus 3 seeds ('' for none)"
    )
    parser.add_argument("--corpus3-entries", type=int, default=900)
    args = parser.parse_args()
    main(
        args.n,
        timing=not args.no_timing,
        seeds=[int(x) for x in args.corpus2_seeds.split(",") if x.strip()],
        entries=args.corpus2_entries,
        top=args.top,
        seeds3=[int(x) for x in args.corpus3_seeds.split(",") if x.strip()],
        entries3=args.corpus3_entries,
    )
