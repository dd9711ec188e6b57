"""Gaps: periods with no contact, for all agencies together and for each agency,
and periods in which no entry records that the child was seen.

How the edges behave (docs/contract.md, gaps.csv):

- Only entries of ``day`` or ``week`` precision inside the review period count
  as contact; an entry dated "March 2019" neither fills nor bounds a gap.
- An entry covers its whole interval: a ``w/c 04/03/2019`` entry covers that
  Monday to Sunday, so a gap after it starts on the Sunday (its ``date_end``)
  and a gap before it ends on the Monday (its ``date_start``).
- A gap is bounded by entries on both sides: ``start`` is the last day covered
  before it, ``end`` the first day covered after it, ``days = end - start``,
  reported when ``days`` is more than ``thresholds.gap_days``. The stretch
  from the period's start to the first entry, and from the last entry to the
  period's end, is not reported: nothing shows where the record begins or ends.
- With no review period, the first and last entries bound the analysis.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..model import GAP_COLUMNS, text_column
from ..review import ReviewSettings
from .dated import CLOSE_PRECISIONS, Dated, about_child, dated_entries, iso

NOT_SEEN_COLUMNS: tuple[str, ...] = (
    *GAP_COLUMNS,
    "last_seen_entry",
    "not_seen_entries",
)
# Event types whose text may say whether the child was seen.
SEEN_TEXT_TYPES: frozenset[str] = frozenset(
    {"home_visit", "health_contact", "gp_consultation"}
)
# Entries that show an agency visits the child (so its own sightings count).
VISIT_TYPES: frozenset[str] = frozenset({"home_visit", "no_access"})


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame["days"] = frame["days"].astype("int64")
    return frame


def _sweep(
    scope: np.ndarray, start: np.ndarray, end: np.ndarray, threshold: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gaps longer than ``threshold`` within each scope, in one sorted pass.

    Returns, for each gap in scope then date order, its scope, the last day
    covered before it and the first day covered after it.
    """
    order = np.lexsort((end, start, scope))
    scope, start, end = scope[order], start[order], end[order]
    same = np.r_[False, scope[1:] == scope[:-1]]
    # Latest day covered so far within the scope (week entries may overlap).
    block = np.cumsum(~same)
    covered = pd.Series(end).groupby(block).cummax().to_numpy()
    before = np.r_[0, covered[:-1]]
    at = np.flatnonzero(same & (start - before > threshold))
    return scope[at], before[at], start[at]


def find_gaps(
    entries: pd.DataFrame, review: ReviewSettings, *, dated: Dated | None = None
) -> pd.DataFrame:
    """Periods longer than the gap threshold with no contact (gaps.csv).

    One scope ``all`` for every agency together, then one per agency name.
    See the module notes for how week entries and the period's edges behave.
    ``dated`` is ``dated_entries(entries, review)`` when the caller has built it
    already (:func:`~chronomerge.analyse.stage.analyse_entries` does).

    Returns:
        Columns scope, start, end (ISO dates), days (int), sorted by scope
        (``all`` first, then agency name), then start.

    Example:
        Gaps with another threshold, without merging again:

        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> shorter = chron.review.with_overrides(gap_days=14)  # doctest: +SKIP
        >>> find_gaps(chron.entries, shorter).query("scope == 'all'")  # doctest: +SKIP
    """
    if dated is None:
        dated = dated_entries(entries, review)
    rows = dated.rows
    rows = rows[rows["in_period"] & rows["precision"].isin(CLOSE_PRECISIONS)]
    if rows.empty:
        return _empty(GAP_COLUMNS)
    start = rows["start"].to_numpy()
    end = rows["end"].to_numpy()
    names, codes = np.unique(rows["agency"].to_numpy(dtype=str), return_inverse=True)
    # Scope 0 is every agency together; agency k (in name order) is k + 1.
    scopes = np.r_[np.zeros(len(rows), dtype=np.int64), codes.astype(np.int64) + 1]
    scope, before, after = _sweep(
        scopes, np.r_[start, start], np.r_[end, end], review.thresholds.gap_days
    )
    if len(scope) == 0:
        return _empty(GAP_COLUMNS)
    labels = np.array(["all", *names.tolist()], dtype=object)
    return pd.DataFrame(
        {
            "scope": labels[scope],
            "start": [iso(d) for d in before],
            "end": [iso(d) for d in after],
            "days": (after - before).astype("int64"),
        }
    )


# --- Child not seen -------------------------------------------------------

_UNKNOWN = re.compile(r"^(n/?a|n\.a\.?|nk|n/k|not known|unknown|not applicable|-+|\?)$")
_NO = re.compile(
    r"^(no|n|not|false|0|x|✗|✘)\b|\bnot seen\b|\bunseen\b|\bnot sighted\b"
    r"|\bdid not see\b|\bdidn'?t see\b"
)
_YES = re.compile(r"^(yes|y|seen|true|1|✓|✔|sighted|observed)\b")


def seen_value(text: str) -> bool | None:
    """An agency's "child seen" cell: True (seen), False (not seen) or None.

    >>> [seen_value(v) for v in ("Yes", "N", "not seen - asleep", "Seen alone", "")]
    [True, False, False, True, None]
    """
    value = " ".join(str(text).lower().split())
    if not value or _UNKNOWN.match(value):
        return None
    if _NO.search(value):
        return False
    if _YES.match(value):
        return True
    return None


def _subject_words(review: ReviewSettings) -> list[str]:
    words = [review.review.subject]
    person = review.subject_person
    if person is not None:
        words += person.aliases
    words += ["the child", "child", "baby", "infant"]
    return [re.escape(w.lower()) for w in words if w.strip()]


def _text_patterns(review: ReviewSettings) -> tuple[re.Pattern[str], re.Pattern[str]]:
    who = "|".join(_subject_words(review))
    seen = re.compile(
        rf"\b({who})\s+(was\s+|were\s+|is\s+)?(seen|observed|sighted)\b"
        rf"|\b(saw|sighted|observed)\s+({who})\b",
        re.IGNORECASE,
    )
    not_seen = re.compile(
        rf"\b({who})\s+(was\s+|is\s+)?not\s+(seen|sighted)\b"
        rf"|\b(did not|didn'?t|unable to|could not|couldn'?t)\s+(see|sight)\s+"
        rf"({who})\b|\b({who})\s+(was\s+)?unseen\b",
        re.IGNORECASE,
    )
    return seen, not_seen


def seen_evidence(entries: pd.DataFrame, review: ReviewSettings) -> pd.Series:
    """Whether each entry records the child as seen: True, False or None.

    The agency's ``child_seen`` column decides when filled; a no-access visit
    saw no one. Otherwise a home
    visit, health contact or GP consultation whose text plainly says the child
    was (or was not) seen counts, unless its person column names someone
    else; text that says both, or neither, does not.
    """
    cells = text_column(entries, "child_seen")
    verdicts = {value: seen_value(value) for value in pd.unique(cells)}
    result = np.array(cells.map(verdicts).tolist(), dtype=object)
    types = text_column(entries, "event_type").to_numpy()
    # A visit with no access saw no one.
    result[pd.isna(result) & (types == "no_access")] = False
    candidates = (
        pd.isna(result)
        & text_column(entries, "event_type").isin(SEEN_TEXT_TYPES).to_numpy()
        & about_child(text_column(entries, "person"), review).to_numpy()
    )
    if candidates.any():
        seen, not_seen = _text_patterns(review)
        texts = text_column(entries, "description", clean=False).to_numpy()
        for i in np.flatnonzero(candidates):
            text = texts[i]
            says_seen, says_not = bool(seen.search(text)), bool(not_seen.search(text))
            if says_seen != says_not:
                result[i] = says_seen
    return pd.Series(result, index=entries.index, dtype=object)


def child_not_seen(
    entries: pd.DataFrame, review: ReviewSettings, *, dated: Dated | None = None
) -> pd.DataFrame:
    """Periods longer than the gap threshold with no entry recording the child seen.

    Bounded, like gaps, by two entries that record the child as seen (day or
    week precision, inside the review period), for all agencies together and
    for each agency that visits: one with a filled ``child_seen`` cell, a home
    visit or a no-access visit (a GP's consultations alone say nothing about
    how often the child should be seen). Empty when no entry says whether the
    child was seen.

    Returns:
        Columns scope, start, end, days, last_seen_entry (the entry id that
        opens the period), not_seen_entries (';'-joined ids of the entries in
        between that record the child as not seen), sorted like gaps.

    ``dated`` is ``dated_entries(entries, review)`` when the caller has built it
    already, as for :func:`find_gaps`.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> longer = chron.review.with_overrides(gap_days=60)  # doctest: +SKIP
        >>> child_not_seen(chron.entries, longer)[["scope", "start", "days"]]
        ... # doctest: +SKIP
    """
    evidence = seen_evidence(entries, review)
    if evidence.isna().all():
        return _empty(NOT_SEEN_COLUMNS)
    if dated is None:
        dated = dated_entries(entries, review)
    rows = dated.rows
    rows = rows[rows["in_period"] & rows["precision"].isin(CLOSE_PRECISIONS)]
    said = evidence.iloc[rows["pos"].to_numpy()].map({True: 1, False: 0})
    said = said.fillna(-1).to_numpy()
    sightings = rows[said == 1]
    unseen = rows[said == 0]
    if len(sightings) < 2:
        return _empty(NOT_SEEN_COLUMNS)
    threshold = review.thresholds.gap_days
    out = []
    scopes = [("all", sightings, unseen)]
    visits = rows["type"].isin(VISIT_TYPES).to_numpy() | (
        text_column(entries, "child_seen").to_numpy()[rows["pos"]] != ""
    )
    visiting = set(rows.loc[visits, "agency"])
    for agency, part in sightings.groupby("agency", sort=True, observed=True):
        if agency in visiting:
            scopes.append((agency, part, unseen[unseen["agency"] == agency]))
    for scope, seen_rows, not_rows in scopes:
        seen_rows = seen_rows.sort_values(["start", "end", "entry_id"])
        not_rows = not_rows.sort_values(["start", "entry_id"])
        not_start = not_rows["start"].to_numpy()
        not_end = not_rows["end"].to_numpy()
        not_ids = not_rows["entry_id"].to_numpy()
        start = seen_rows["start"].to_numpy()
        covered = np.maximum.accumulate(seen_rows["end"].to_numpy())
        last_idx = _running_argmax(seen_rows["end"].to_numpy())
        seen_ids = seen_rows["entry_id"].to_numpy()
        for i in np.flatnonzero(start[1:] - covered[:-1] > threshold):
            lo, hi = covered[i], start[i + 1]
            first = np.searchsorted(not_start, lo, side="right")
            stop = np.searchsorted(not_start, hi, side="left")
            inside = not_end[first:stop] < hi
            out.append(
                {
                    "scope": scope,
                    "start": iso(lo),
                    "end": iso(hi),
                    "days": int(hi - lo),
                    "last_seen_entry": seen_ids[last_idx[i]],
                    "not_seen_entries": ";".join(not_ids[first:stop][inside]),
                }
            )
    if not out:
        return _empty(NOT_SEEN_COLUMNS)
    frame = pd.DataFrame(out, columns=list(NOT_SEEN_COLUMNS))
    return _sort_scopes(frame)


def _running_argmax(values: np.ndarray) -> np.ndarray:
    """Position of the running maximum (the latest such on ties)."""
    peak = np.maximum.accumulate(values)
    at_peak = np.where(values == peak, np.arange(len(values)), 0)
    return np.maximum.accumulate(at_peak)


def _sort_scopes(frame: pd.DataFrame) -> pd.DataFrame:
    key = frame["scope"] != "all"
    frame = frame.assign(_k=key).sort_values(["_k", "scope", "start"], kind="stable")
    return frame.drop(columns="_k").reset_index(drop=True)
