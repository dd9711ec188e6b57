"""bench/people.py on the sample review: the register against the truth the
generator wrote (truth_people.csv), and a folder with no truth skipped."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.people import main, measure  # noqa: E402

SAMPLE = ROOT / "sample_data" / "child_a"


def test_every_planted_person_is_registered_with_the_right_agencies(capsys):
    totals = measure(SAMPLE)
    assert totals is not None
    printed = capsys.readouterr().out
    assert totals["people"] >= 8, printed
    assert totals["found"] == totals["people"], printed
    assert totals["agencies_right"] == totals["people"], printed
    assert totals["flag_right"] == totals["people"], printed
    assert totals["extra_pairs"] == 0, printed
    assert "found 8/8" in printed


def test_a_folder_without_truth_is_skipped_with_a_message(tmp_path, capsys):
    assert main(["--folder", str(tmp_path)]) == 0
    assert "no truth_people.csv" in capsys.readouterr().out


def test_corpus3_is_written_and_measured(capsys):
    assert main(["--corpus3", "31"]) == 0
    printed = capsys.readouterr().out
    assert "corpus3_seed31" in printed
    assert "child_a" not in printed  # the sample only when no review is named
    # the review file's five people and the two named by role are measured
    assert "found " in printed and "/7, agencies right" in printed
