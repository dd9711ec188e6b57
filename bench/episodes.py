"""How well the proposed key practice episodes find the planted ones.

    .venv/bin/python bench/episodes.py            # sample_data + seeds 2 and 3
    .venv/bin/python bench/episodes.py --show     # list proposals and planted

A planted episode (truth_episodes.csv, written by sample_data/generate.py from
its story) is found when a proposal starts and ends within a week of it. The
aim: every planted episode found, and no more than twice as many proposed as
planted. Corpus 2 (bench/corpus2/, held out: report on it, never tune to it)
is measured in story mode (`generate.py --story`, seeds 21 and 22 unless
--corpus2-seeds says otherwise), whose history is organised around 4 to 6
planted episodes.
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

from bench.corpus2.generate import generate as generate_corpus2  # noqa: E402
from chronomerge.analyse.episodes import propose_episodes  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402

WEEK = 7


def found(planted: pd.DataFrame, proposed: pd.DataFrame) -> list[bool]:
    """For each planted episode, whether a proposal matches it within a week."""
    if proposed.empty:
        return [False] * len(planted)
    starts = pd.to_datetime(proposed["episode_start"])
    ends = pd.to_datetime(proposed["episode_end"])
    out = []
    for row in planted.itertuples(index=False):
        s, e = pd.Timestamp(row.episode_start), pd.Timestamp(row.episode_end)
        close = ((starts - s).abs().dt.days <= WEEK) & (
            (ends - e).abs().dt.days <= WEEK
        )
        out.append(bool(close.any()))
    return out


def measure(folder: Path, show: bool) -> tuple[int, int, int, float]:
    started = time.perf_counter()
    chron = merge(folder)
    proposed = propose_episodes(chron.entries, chron.review)
    seconds = time.perf_counter() - started
    planted = pd.read_csv(folder / "truth_episodes.csv", dtype=str)
    hits = found(planted, proposed)
    if show:
        print(f"\n  {folder}")
        for row, hit in zip(planted.itertuples(index=False), hits, strict=True):
            mark = "found " if hit else "MISSED"
            print(
                f"    planted {mark} {row.episode_start} .. {row.episode_end}  "
                f"{row.title}"
            )
        for row in proposed.itertuples(index=False):
            print(
                f"    proposed      {row.episode_start} .. {row.episode_end}  "
                f"{row.title}"
            )
    return sum(hits), len(planted), len(proposed), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the episodes")
    parser.add_argument(
        "--corpus2-seeds", default="21,22", help="corpus 2 story seeds, comma-separated"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="episodes-"))
    try:
        reviews = [("sample_data/child_a", ROOT / "sample_data" / "child_a")]
        for seed in (2, 3):
            out = work / f"seed{seed}"
            subprocess.run(
                [sys.executable, str(ROOT / "sample_data" / "generate.py"),
                 "--seed", str(seed), "--out", str(out)],
                check=True, capture_output=True,
            )  # fmt: skip
            reviews.append((f"sample_data/generate.py seed {seed}", out))
        for seed in [int(x) for x in args.corpus2_seeds.split(",") if x.strip()]:
            out = work / f"corpus2-{seed}"
            generate_corpus2(seed, out, story=True)
            reviews.append((f"corpus2 story seed {seed} (held out)", out))
        print("== Key practice episodes: planted found within a week, proposed")
        print(f"{'review':34} {'found':>9} {'proposed':>9} {'ratio':>6} {'seconds':>8}")
        for name, folder in reviews:
            hit, planted, proposed, seconds = measure(folder, args.show)
            if not args.show:
                ratio = proposed / planted if planted else float("nan")
                print(
                    f"{name:34} {hit:>4} of {planted:<2} {proposed:>9} "
                    f"{ratio:>6.1f} {seconds:>8.2f}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
