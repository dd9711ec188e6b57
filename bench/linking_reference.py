"""The weight estimate on the generated reviews the default weights were set
on, printed as schemas/linking.toml's [estimation.reference] block.

    .venv/bin/python bench/linking_reference.py            # sample_data, seeds 3-8

Estimation (chronomerge.link.estimate) moves a weight by how far a review's
estimate of log2(m/u) is from these values, so the defaults' allowance for
evidence that comes together stays. Re-run it when the default weights or
the comparisons change, and paste the block into schemas/linking.toml.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from linking import GENERATOR, SAMPLE, truth_entries  # noqa: E402

from chronomerge.link import estimate as estimation  # noqa: E402
from chronomerge.link import linker  # noqa: E402
from chronomerge.link.comparisons import build_comparisons, type_rules  # noqa: E402
from chronomerge.link.prepared import entry_arrays  # noqa: E402
from chronomerge.link.text import build_rules  # noqa: E402
from chronomerge.resources import load_toml  # noqa: E402


def raw_estimate(folder: Path) -> dict[tuple[str, str], float]:
    """log2(m/u) per estimated level, with the candidate pairs' chances of
    being one occurrence taken from the default weights (one step)."""
    entries, review = truth_entries(folder)
    prep = entry_arrays(entries, build_rules(review))
    comparisons = build_comparisons(review.linking)
    types = type_rules()
    prior = float(load_toml("linking.toml").get("prior", -4.0))
    keys = linker._keys(comparisons, prior, review.linking.threshold, types, prep)
    text = next(c for c in comparisons if c.name == "text")
    config = {**estimation.settings(), "reference": {}, "iterations": 1}
    found = estimation.estimate(
        prep, comparisons, review.linking, prior, text, types, keys, config
    )
    w = found.weights[found.weights["estimated"]]
    return {
        (r.comparison, r.level): float(r.estimate) for r in w.itertuples(index=False)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,3,4,5,6,7,8", help="0 is sample_data")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="chronomerge-reference-"))
    values: dict[tuple[str, str], list[float]] = {}
    try:
        for seed in [int(s) for s in args.seeds.split(",")]:
            folder = SAMPLE
            if seed:
                folder = tmp / f"seed{seed}"
                subprocess.run(
                    [sys.executable, str(GENERATOR), "--seed", str(seed), "--out",
                     str(folder)],
                    check=True,
                    capture_output=True,
                )  # fmt: skip
            for key, v in raw_estimate(folder).items():
                values.setdefault(key, []).append(v)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# bench/linking_reference.py --seeds {args.seeds}")
    by_comparison: dict[str, list[str]] = {}
    for (name, level), vs in values.items():
        by_comparison.setdefault(name, []).append(
            f'"{level}" = {float(np.mean(vs)):.2f}'
        )
    for name, parts in by_comparison.items():
        print(f"[estimation.reference.{name}]")
        print("\n".join(parts))


if __name__ == "__main__":
    main()
