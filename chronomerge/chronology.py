"""The result of a merge: the entries and their analysis, as DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .review import ReviewSettings


@dataclass
class Chronology:
    """One multi-agency chronology.

    Attributes:
        entries: one row per input entry (docs/contract.md, chronology.csv
            columns first, then extra columns); ``date_start``/``date_end``
            are ISO strings ("" when unknown), ``date_approximate`` is bool,
            ``source_row`` int, ``flags`` a ';'-joined string.
        issues: validation problems (model.ISSUE_COLUMNS).
        gaps: periods with no entry (model.GAP_COLUMNS, maybe more).
        flags: possible missed opportunities (model.FLAG_COLUMNS, maybe more).
        groups: one row per event group: ``event_group``, ``entry_ids``
            (';'-joined), ``agencies`` (';'-joined), ``size``, ``score``,
            ``reasons`` (plain words).
        review: the settings used.
        manifest: inputs (name, sha256, rows read), counts, settings, version.
    """

    entries: pd.DataFrame
    issues: pd.DataFrame
    gaps: pd.DataFrame
    flags: pd.DataFrame
    groups: pd.DataFrame
    review: ReviewSettings = field(default_factory=ReviewSettings)
    manifest: dict[str, Any] = field(default_factory=dict)
