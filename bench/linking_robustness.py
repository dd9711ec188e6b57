"""How well linking holds when event types are wrong, on generated reviews.

    .venv/bin/python bench/linking_robustness.py                 # seeds 2-5
    .venv/bin/python bench/linking_robustness.py --seeds 2,3,9 --share 0.3
    .venv/bin/python bench/linking_robustness.py --fixed         # also fixed weights

Entries are taken with truth.csv's own dates and types (the linker alone), then
a share of them (20% unless told) get a wrong type of a kind agencies confuse
in real files (the confusions issue #15 lists: a core group typed a
professionals meeting, a domestic abuse call-out typed a police incident, a
school concern typed 'other', ...). Which entries is decided by a hash of the
entry id, so every run perturbs the same ones. Printed: cross-agency pairwise
precision, recall and F1, exact types and perturbed, weights estimated from
each review (the default) and, with --fixed, the fixed defaults.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from linking import GENERATOR, SAMPLE, _pairs, truth_entries  # noqa: E402

from chronomerge.link import link_entries  # noqa: E402
from chronomerge.review import ReviewSettings  # noqa: E402

# A wrong type of a kind agencies confuse, per type (issue #15's confusions
# first, then others of the same kind). Not read from schemas/linking.toml,
# so the linker's own compatibility groups are not what is measured against.
CONFUSIONS: dict[str, list[str]] = {
    "core_group": ["professionals_meeting"],
    "cin_meeting": ["professionals_meeting", "core_group"],
    "cp_conference": ["core_group", "cp_plan"],
    "strategy_discussion": ["professionals_meeting", "s47_enquiry"],
    "marac": ["professionals_meeting", "information_sharing"],
    "professionals_meeting": ["core_group", "information_sharing"],
    "domestic_abuse": ["police_incident"],
    "police_incident": ["domestic_abuse", "other"],
    "ed_attendance": ["hospital_admission", "injury", "health_contact"],
    "ambulance": ["ed_attendance", "police_incident"],
    "hospital_admission": ["ed_attendance"],
    "injury": ["ed_attendance", "health_contact"],
    "cp_medical": ["health_contact", "injury"],
    "education_concern": ["other", "information_sharing"],
    "referral_other": ["referral_csc"],
    "referral_csc": ["information_sharing", "referral_other"],
    "no_access": ["home_visit"],
    "home_visit": ["health_contact", "no_access"],
    "probation": ["professionals_meeting"],
    "housing": ["police_incident", "other"],
    "information_sharing": ["other", "referral_csc"],
    "birth": ["health_contact"],
    "missing_episode": ["police_incident"],
}


def _draw(entry_id: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{entry_id}".encode()).hexdigest()[:12], 16)


def perturb(entries: pd.DataFrame, share: float) -> pd.DataFrame:
    """``share`` of the entries whose type has a confusion get one of them."""
    out = entries.copy()
    types = out["event_type"].tolist()
    for i, (entry_id, t) in enumerate(zip(out["entry_id"], types, strict=True)):
        wrong = CONFUSIONS.get(t)
        if wrong and _draw(entry_id, "pick") % 10_000 < share * 10_000:
            types[i] = wrong[_draw(entry_id, "which") % len(wrong)]
    out["event_type"] = types
    return out


def score(entries: pd.DataFrame, review: ReviewSettings) -> tuple[float, ...]:
    result = link_entries(entries, review)
    linked = entries.assign(event_group=result.event_group)
    truth, found = _pairs(linked, "true_event_id"), _pairs(linked, "event_group")
    tp = len(truth & found)
    p = tp / len(found) if found else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if tp else 0.0)


def _folder(seed: int, tmp: Path) -> Path:
    if seed == 0:
        return SAMPLE
    out = tmp / f"seed{seed}"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--seed", str(seed), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,2,3,4,5", help="0 is sample_data")
    parser.add_argument("--share", type=float, default=0.2)
    parser.add_argument("--fixed", action="store_true", help="also fixed weights")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="chronomerge-robust-"))
    modes = [("estimated", True)] + ([("fixed", False)] if args.fixed else [])
    print(f"{'review':<12} {'weights':<10} {'types':<10} "
          f"{'precision':>9} {'recall':>7} {'F1':>6}")  # fmt: skip
    totals: dict[tuple[str, str], list[float]] = {}
    try:
        for seed in [int(s) for s in args.seeds.split(",")]:
            entries, review = truth_entries(_folder(seed, tmp))
            name = "sample_data" if seed == 0 else f"seed {seed}"
            for label, on in modes:
                linking = review.linking.model_copy(update={"estimate_weights": on})
                settings = review.model_copy(update={"linking": linking})
                for kind, frame in (
                    ("exact", entries),
                    (f"{args.share:.0%} wrong", perturb(entries, args.share)),
                ):
                    p, r, f = score(frame, settings)
                    totals.setdefault((label, kind), []).append(f)
                    print(f"{name:<12} {label:<10} {kind:<10} "
                          f"{p:>9.3f} {r:>7.3f} {f:>6.3f}")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for (label, kind), values in totals.items():
        print(f"mean F1, {label} weights, {kind} types: "
              f"{sum(values) / len(values):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
