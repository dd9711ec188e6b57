"""How well the register of people (people.csv) finds the people planted.

    .venv/bin/python bench/people.py                          # sample_data/child_a
    .venv/bin/python bench/people.py --folder /tmp/corpus2    # any folder with truth
    .venv/bin/python bench/people.py --corpus3 31 --corpus3 32  # corpus 3 (held out)

A folder's truth_people.csv (written by its generator from what it planted,
never by the register) lists each person the files name: ``person``, ``role``,
``adult``, ``household``, ``agencies`` (';'-joined, the agencies whose files
name them) and ``not_known_to_health_or_care`` (whether the flag
adult_not_known_to_health_or_care should fire for them). For each one this
prints whether the register found them (by label, else by role), whether it
has the same agencies (and which it missed or added), and whether the flag
fired as it should; then the totals. A folder with no truth_people.csv is
skipped with a message.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge.pipeline import merge  # noqa: E402

FLAG = "adult_not_known_to_health_or_care"
DEFAULT = ROOT / "sample_data" / "child_a"


def _key(text: str) -> str:
    return " ".join(str(text).casefold().replace("’", "'").split())


def _split(text: str) -> set[str]:
    return {x for x in str(text).split(";") if x}


def match(truth_row: pd.Series, register: pd.DataFrame) -> int | None:
    """The register row that is the truth's person: same label, else (for a
    person the review file does not list) the same role, else a register
    row that shows the truth's words ("mum's friend" is the register's
    "Mother's friend", named_as "mum's friend")."""
    people = [_key(p) for p in register["person"]]
    if _key(truth_row.person) in people:
        return people.index(_key(truth_row.person))
    roles = [_key(r) for r in register["role"]]
    if truth_row.role and _key(truth_row.role) in roles:
        return roles.index(_key(truth_row.role))
    shown = [{_key(w) for w in _split(n)} for n in register["named_as"]]
    for k, words in enumerate(shown):
        if _key(truth_row.person) in words:
            return k
    return None


def measure(folder: Path) -> dict[str, int] | None:
    truth_path = folder / "truth_people.csv"
    if not truth_path.exists():
        print(f"{folder}: no truth_people.csv, so nothing to measure; skipped.")
        return None
    truth = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
    started = time.perf_counter()
    chron = merge(folder)
    seconds = time.perf_counter() - started
    register, flags = chron.people, chron.flags
    fired = flags.loc[flags["flag"] == FLAG, "summary"].astype(str).tolist()
    totals = dict.fromkeys(
        ("people", "found", "agencies_right", "flag_right", "pairs", "pairs_found"), 0
    )
    totals["extra_pairs"] = 0
    print(f"{folder} ({len(chron.entries)} entries, merged in {seconds:.1f} s)")
    print(f"  {'person':<24} {'found':<6} {'agencies':<9} {'flag':<5} notes")
    for row in truth.itertuples(index=False):
        k = match(pd.Series(row._asdict()), register)
        want = _split(row.agencies)
        got = _split(register["agencies"].iloc[k]) if k is not None else set()
        name = str(register["person"].iloc[k]) if k is not None else ""
        flag_wanted = row.not_known_to_health_or_care == "true"
        flag_got = bool(name) and any(s.startswith(name + " ") for s in fired)
        totals["people"] += 1
        totals["found"] += k is not None
        totals["agencies_right"] += k is not None and got == want
        totals["flag_right"] += flag_wanted == flag_got
        totals["pairs"] += len(want)
        totals["pairs_found"] += len(want & got)
        totals["extra_pairs"] += len(got - want)
        notes = []
        if want - got:
            notes.append("missed: " + "; ".join(sorted(want - got)))
        if got - want:
            notes.append("added: " + "; ".join(sorted(got - want)))
        if flag_wanted != flag_got:
            notes.append("flag " + ("missing" if flag_wanted else "not expected"))
        print(
            f"  {row.person:<24} {'yes' if k is not None else 'NO':<6} "
            f"{'right' if k is not None and got == want else 'wrong':<9} "
            f"{'right' if flag_wanted == flag_got else 'wrong':<5} {', '.join(notes)}"
        )
    listed = {_key(p) for p in truth["person"]} | {_key(r) for r in truth["role"]}
    unplanted = [
        p
        for p, shown in zip(register["person"], register["named_as"], strict=True)
        if _key(p) not in listed and not {_key(w) for w in _split(shown)} & listed
    ]
    print(
        f"  found {totals['found']}/{totals['people']}, agencies right "
        f"{totals['agencies_right']}/{totals['people']}, flag right "
        f"{totals['flag_right']}/{totals['people']}; person-agency pairs "
        f"{totals['pairs_found']}/{totals['pairs']} found, {totals['extra_pairs']} "
        f"added; in the register but not the truth: {', '.join(unplanted) or 'none'}"
    )
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder",
        type=Path,
        action="append",
        help="a review folder with truth_people.csv (again for more); "
        "default sample_data/child_a",
    )
    parser.add_argument(
        "--corpus3",
        type=int,
        action="append",
        default=[],
        help="write corpus 3 (bench/corpus3/generate.py) with this seed and measure it",
    )
    args = parser.parse_args(argv)
    for folder in args.folder or ([] if args.corpus3 else [DEFAULT]):
        measure(folder)
    for seed in args.corpus3:
        from bench.corpus3.generate import generate

        with tempfile.TemporaryDirectory() as tmp:
            measure(generate(seed, Path(tmp) / f"corpus3_seed{seed}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
