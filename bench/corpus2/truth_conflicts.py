"""truth_conflicts.csv: where corpus 2 records one true event differently
across agencies, for bench/conflicts.py.

Derived from truth.csv's rows (one per entry, with its ``true_event_id``,
its written date and time): two agencies' entries of one true event, both
dated to the day,

- on different days, where the generator dates a record of the event itself
  a day out (history.py: a core group an agency writes up on the next day):
  ``dates differ``. Not where one record is by nature later: a referral's
  receipt (``referral_other``, sent on one day and received on another) or a
  missing-person notification (``missing_episode``, heard of afterwards);
- on the same day at times more than an hour apart (an ambulance an hour
  after a call at 23:35, written on the call's day): ``times differ``.

Each row names both entries (source_file, source_location, source_row, as
chronomerge reports them). The agency files are not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

COLUMNS = [
    "conflict", "true_event_id",
    "first_source_file", "first_source_location", "first_source_row",
    "second_source_file", "second_source_location", "second_source_row",
]  # fmt: skip
# a record of these true events is later by nature: not a conflict of dates
RECEIVED_LATER = frozenset({"referral_other", "missing_episode"})
TIME_MINUTES = 60


def _minutes(text: str) -> int | None:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    return int(hours) * 60 + int(minutes)


def truth_conflicts(truth_rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The conflict pairs of one review's truth rows, in truth-row order."""

    def told_later(a: dict[str, str], b: dict[str, str]) -> bool:
        return bool({a["event_type"], b["event_type"]} & RECEIVED_LATER)

    return conflict_pairs(truth_rows, told_later)


def conflict_pairs(
    truth_rows: Sequence[dict[str, str]],
    told_later: Callable[[dict[str, str], dict[str, str]], bool],
) -> list[dict[str, str]]:
    """Two agencies' day-dated records of one true event on different days
    (unless ``told_later`` says one is by nature later), or on one day more
    than TIME_MINUTES apart; in truth-row order. Shared by the corpora's
    truths: it reads planted rows, no wording."""
    by_event: dict[str, list[dict[str, str]]] = {}
    for row in truth_rows:
        if row["date_precision"] == "day":
            by_event.setdefault(row["true_event_id"], []).append(row)
    out: list[dict[str, str]] = []
    for tid, rows in by_event.items():
        for a, b in combinations(rows, 2):
            if a["agency"] == b["agency"]:
                continue
            kind = ""
            if a["date_start"] != b["date_start"]:
                if not told_later(a, b):
                    kind = "dates differ"
            else:
                ta, tb = _minutes(a["time"]), _minutes(b["time"])
                if ta is not None and tb is not None and abs(ta - tb) > TIME_MINUTES:
                    kind = "times differ"
            if kind:
                out.append(
                    {
                        "conflict": kind,
                        "true_event_id": tid,
                        **{f"first_{k}": a[k] for k in _WHERE},
                        **{f"second_{k}": b[k] for k in _WHERE},
                    }
                )
    return out


_WHERE = ("source_file", "source_location", "source_row")
