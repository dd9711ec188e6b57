"""What ``chronomerge publish`` finds and leaves when every entry is published.

    .venv/bin/python bench/publish.py [FOLDER ...] [--show 10]

For each review folder (default: sample_data/child_a and corpus 2, seed 11,
generated into a temporary folder) every entry is selected, so the figures
are the worst case: how many entries, how long publishing took, how many
identifiers the identifier check still finds in the published text (the aim
is 0), and how many jigsaw risks of each kind are reported. ``--show N``
prints N risks of each kind, to judge by eye how many are real.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.identifiers import NameFinder, find_identifiers  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402
from chronomerge.publish import publish  # noqa: E402


def measure(folder: Path, show: int) -> None:
    chronology = merge(folder)
    ids = [str(i) for i in chronology.entries["entry_id"]]
    started = time.perf_counter()
    published = publish(chronology, entries=ids)
    seconds = time.perf_counter() - started
    review = chronology.review
    agreed = [review.review.subject, *review.allowed_names]
    for person in review.people:
        agreed += [person.label, *person.aliases]
    finder = NameFinder(agreed)
    left = sum(len(find_identifiers(t, finder)) for t in published.summary["text"])
    kinds = published.risks["kind"].value_counts().sort_index()
    print(f"{folder}: {len(ids)} entries published in {seconds:.2f} s")
    print(f"  identifiers still found in the published text: {left}")
    print(f"  rows changed: {int((published.summary['changes'] != '').sum())}")
    for kind, count in kinds.items():
        print(f"  {kind}: {count}")
        if show:
            details = published.risks.loc[published.risks["kind"] == kind, "detail"]
            for detail in details.drop_duplicates().head(show):
                print(f"      {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    folders = list(args.folders)
    with tempfile.TemporaryDirectory() as tmp:
        if not folders:
            corpus2 = Path(tmp) / "corpus2"
            subprocess.run(
                [sys.executable, str(ROOT / "bench/corpus2/generate.py"), "--seed",
                 "11", "--out", str(corpus2)],
                check=True, capture_output=True,
            )  # fmt: skip
            folders = [ROOT / "sample_data" / "child_a", corpus2]
        for folder in folders:
            measure(folder, args.show)


if __name__ == "__main__":
    main()
