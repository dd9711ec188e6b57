"""The counts a person checks first, computed in one place.

The manifest, ``Chronology.summary()`` and ``ValidationReport.summary()`` all
report how many entries, linked events, errors and warnings there are; when
each counted for itself they disagreed (the manifest left out the problems
found while linking, such as a decision naming an unknown entry).
"""

from __future__ import annotations

import pandas as pd

from .model import SEVERITIES


def severity_counts(issues: pd.DataFrame) -> dict[str, int]:
    """How many issues of each severity: {"errors", "warnings", "info"}."""
    found = issues["severity"].value_counts() if len(issues) else pd.Series()
    names = {"error": "errors", "warning": "warnings", "info": "info"}
    return {names[s]: int(found.get(s, 0)) for s in SEVERITIES}


def chronology_counts(
    entries: pd.DataFrame,
    groups: pd.DataFrame,
    gaps: pd.DataFrame,
    flags: pd.DataFrame,
    issues: pd.DataFrame,
) -> dict[str, int]:
    """Files, agencies, entries, event groups, linked events, gaps, flags and
    issues by severity of one merged chronology."""
    has = len(entries) > 0
    return {
        "files": int(entries["source_file"].nunique()) if has else 0,
        "agencies": int(entries["agency"].nunique()) if has else 0,
        "entries": len(entries),
        "event_groups": int(entries["event_group"].nunique())
        if has and "event_group" in entries
        else 0,
        "linked_events": int((groups["size"] > 1).sum()) if len(groups) else 0,
        "gaps": len(gaps),
        "flags": len(flags),
        **severity_counts(issues),
    }
