"""How well the child's experience columns agree with a review's truth.

    .venv/bin/python bench/experience.py                       # sample_data/child_a
    .venv/bin/python bench/experience.py --folder /tmp/corpus2 # any review folder
    .venv/bin/python bench/experience.py --show 20             # list disagreements
    .venv/bin/python bench/experience.py --corpus2-seed 11     # write corpus 2, measure
    .venv/bin/python bench/experience.py --story --corpus2-seed 21  # its story mode
    .venv/bin/python bench/experience.py --corpus3-seed 31     # corpus 3 (held out)

Reads the folder's truth.csv (its child_seen, child_seen_alone,
child_spoken_to and child_words columns, true/false, say what each planted
entry records of the child), merges the folder, and prints for each column
the accuracy, precision and recall of chronomerge's reading (entries matched
by source file, location and row). A truth file without one of the columns
is said so and that column skipped. The aim: 95% or more right on each.
Seen alone is scored twice: as shipped (the contract's meaning: the entry
says so), and "alone+school_day" with [settings] listing the school day, the
meaning of corpus 2's and 3's truths (no parent or carer there).
Corpus 2: ``bench/corpus2/generate.py --out DIR`` writes a review to DIR;
its truth counts any of the family's children, so measure it with
``--whom family`` too (the review's own child is the default). Corpus 3
(bench/corpus3/generate.py, written without reading the rules) has both:
child_* columns for the review's child and family_* for either child of the
family, which ``--whom family`` measures instead.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.analyse.experience import child_experience  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402

# truth.csv's column -> the entries' column.
COLUMNS = {
    "child_seen": "child_was_seen",
    "child_seen_alone": "child_seen_alone",
    "child_spoken_to": "child_spoken_to",
    "child_words": "child_words",
}
KEY = ["source_file", "source_location", "source_row"]
# The truths of corpora 2 and 3 mean by seen alone "no parent or carer
# there" (a school day, a child found in the street); the contract's seen
# alone is only where the entry says so, with the school day a review's own
# choice ([settings] in schemas/experience.toml, empty as shipped). So the
# seen-alone row is scored twice: as shipped, and with the school day listed
# as schemas/experience.toml's [settings] comment gives it.
SCHOOL_DAY = (
    'education = ["education_concern", "education_exclusion", '
    '"information_sharing", "injury"]'
)


def agreement(truth: pd.Series, found: pd.Series) -> dict[str, float]:
    """Accuracy, precision and recall of ``found`` against ``truth`` (bools)."""
    hit = int((truth & found).sum())
    said, real = int(found.sum()), int(truth.sum())
    return {
        "entries": len(truth),
        "true": real,
        "found": said,
        "accuracy": float((truth == found).mean()) if len(truth) else 1.0,
        "precision": hit / said if said else 1.0,
        "recall": hit / real if real else 1.0,
    }


def alone_with_school_day(folder: Path, whom: str) -> pd.DataFrame:
    """child_seen_alone for each entry (by KEY) with the school day listed in
    [settings]: a fresh process with its own rules folder, since the rules
    are read once per process."""
    rules = (ROOT / "schemas" / "experience.toml").read_text(encoding="utf-8")
    rules = rules.replace("\n[settings]\n", f"\n[settings]\n{SCHOOL_DAY}\n", 1)
    script = (
        "import sys; from chronomerge.pipeline import merge; "
        "from chronomerge.analyse.experience import child_experience; "
        "c = merge(sys.argv[1]); e = c.entries; "
        "w = sys.argv[2]; "
        "a = child_experience(e, c.review, whom=w)['child_seen_alone'] if w "
        "else e['child_seen_alone']; "
        "e.assign(alone=a)[['source_file', 'source_location', 'source_row', "
        "'alone']].to_csv(sys.stdout, index=False)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "experience.toml").write_text(rules, encoding="utf-8")
        env = {**os.environ, "CHRONOMERGE_SCHEMAS": tmp, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", script, str(folder), whom],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
    return pd.read_csv(io.StringIO(done.stdout), dtype=str, keep_default_na=False)


def measure(folder: Path, show: int, whom: str = "") -> int:
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in truth.columns]
    for column in missing:
        print(f"{folder}: truth.csv has no {column} column - skipped")
    if len(missing) == len(COLUMNS):
        return 1
    started = time.perf_counter()
    chron = merge(folder)
    seconds = time.perf_counter() - started
    entries = chron.entries.assign(source_row=chron.entries["source_row"].astype(str))
    if whom:  # who counts as the child, other than schemas/experience.toml says
        found = child_experience(chron.entries, chron.review, whom=whom)
        entries = entries.assign(**{c: found[c] for c in found.columns})
    if whom == "family" and all(f"family_{c[6:]}" in truth for c in COLUMNS):
        # a truth of the family's children beside the review's child's
        truth = truth.drop(columns=list(COLUMNS)).rename(
            columns={f"family_{c[6:]}": c for c in COLUMNS}
        )
    truth = truth.rename(columns={c: f"truth_{c}" for c in truth if c not in KEY})
    joined = truth.merge(entries, on=KEY, how="inner")
    print(
        f"{folder}: {len(truth)} truth rows, {len(joined)} matched to entries, "
        f"merge {seconds:.1f} s" + (f", the child: {whom}" if whom else "")
    )
    print(f"  {'column':18} {'true':>5} {'found':>5} {'accuracy':>9} "
          f"{'precision':>9} {'recall':>7}")  # fmt: skip
    for column, ours in COLUMNS.items():
        if column in missing:
            continue
        real = joined[f"truth_{column}"].str.strip().str.lower() == "true"
        found = joined[ours].astype(bool)
        score = agreement(real, found)
        print(
            f"  {column:18} {score['true']:>5} {score['found']:>5} "
            f"{score['accuracy']:>9.1%} {score['precision']:>9.1%} "
            f"{score['recall']:>7.1%}"
        )
        if column == "child_seen_alone":
            school = alone_with_school_day(folder, whom)
            both = joined[[*KEY, f"truth_{column}"]].merge(school, on=KEY)
            day = agreement(
                both[f"truth_{column}"].str.strip().str.lower() == "true",
                both["alone"].str.lower() == "true",
            )
            print(
                f"  {'alone+school_day':18} {day['true']:>5} {day['found']:>5} "
                f"{day['accuracy']:>9.1%} {day['precision']:>9.1%} "
                f"{day['recall']:>7.1%}"
            )
        if show:
            wrong = joined[real != found]
            for row in wrong.head(show).itertuples(index=False):
                real_one = getattr(row, f"truth_{column}") == "true"
                said = "missed" if real_one else "extra"
                text = str(row.description)[:110]
                why = str(row.child_seen_why)[:80]
                print(f"    {said}: {text!r} | {why}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "sample_data/child_a")
    parser.add_argument("--show", type=int, default=0, help="disagreements to list")
    parser.add_argument(
        "--corpus2-seed",
        type=int,
        action="append",
        default=[],
        help="write corpus 2 with this seed to a temporary folder and measure it",
    )
    parser.add_argument(
        "--corpus3-seed",
        type=int,
        action="append",
        default=[],
        help="write corpus 3 with this seed to a temporary folder and measure it",
    )
    parser.add_argument(
        "--story",
        action="store_true",
        help="write corpus 2 in story mode (seeds 21 and 22 suggested)",
    )
    parser.add_argument(
        "--whom",
        choices=["subject", "family"],
        default="",
        help="who counts as the child (default: schemas/experience.toml's)",
    )
    args = parser.parse_args(argv)
    seeds = [(2, s) for s in args.corpus2_seed] + [(3, s) for s in args.corpus3_seed]
    if not seeds:
        return measure(args.folder, args.show, args.whom)
    status = 0
    for corpus, seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / f"corpus{corpus}_seed{seed}"
            generator = ROOT / "bench" / f"corpus{corpus}" / "generate.py"
            command = [sys.executable, str(generator), "--seed", str(seed)]
            command += ["--story"] if args.story and corpus == 2 else []
            subprocess.run(
                [*command, "--out", str(folder)], check=True, stdout=subprocess.DEVNULL
            )
            status |= measure(folder, args.show, args.whom)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
