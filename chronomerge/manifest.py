"""manifest.json: what was read, with which settings, and what came out.

A reader checks the pack against it: every input with its SHA-256 and the
rows read and written, the settings in force, the columns chosen by their
cells, the counts (the same :func:`~chronomerge.counts.chronology_counts`
the summary prints) and the linking weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ._version import __version__
from .counts import chronology_counts
from .model import FileRecord
from .review import ReviewSettings


def build_manifest(
    files: Sequence[FileRecord],
    entries: pd.DataFrame,
    review: ReviewSettings,
    review_source: str,
    *,
    groups: pd.DataFrame,
    gaps: pd.DataFrame,
    flags: pd.DataFrame,
    issues: pd.DataFrame,
    episodes: pd.DataFrame | None = None,
    linking: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of one merge.

    ``linking``: the linking weights and how they were arrived at
    (LinkResult.weights_summary()).
    """
    counted = chronology_counts(entries, groups, gaps, flags, issues)
    return {
        "chronomerge_version": __version__,
        "review": review.review.name,
        "review_file": Path(review_source).name
        if review_source not in ("given", "defaults")
        else review_source,
        "settings": review.model_dump(mode="json"),
        "inputs": input_records(files, entries),
        "inferred_columns": inferred_columns(files),
        "counts": {
            "files_read": sum(1 for f in files if f.was_read),
            "rows_read": int(sum(f.rows for f in files)),
            "rows_written": counted["entries"],
            "event_groups": counted["event_groups"],
            "linked_events": counted["linked_events"],
            "gaps": counted["gaps"],
            "flags": counted["flags"],
            "errors": counted["errors"],
            "warnings": counted["warnings"],
            "episodes_proposed": 0 if episodes is None else len(episodes),
        },
        "linking_weights": linking or {},
    }


def input_records(
    files: Sequence[FileRecord], entries: pd.DataFrame
) -> list[dict[str, Any]]:
    """Each input as the manifest lists it (no full path: it may name the
    author's folders), with the entries it gave the chronology."""
    counts = entries["source_file"].value_counts() if len(entries) else {}
    inputs = []
    for record in sorted(files, key=lambda f: (f.name, f.path)):
        item = record.to_dict(with_path=False)
        item["rows_written"] = int(counts.get(record.name, 0)) if record.was_read else 0
        inputs.append(item)
    return inputs


def inferred_columns(files: Sequence[FileRecord]) -> list[dict[str, str]]:
    """Every column chosen by its cells rather than its heading, file by file."""
    return [
        {
            "file": record.name,
            "location": table.location,
            "column": column,
            "reason": reason,
        }
        for record in files
        for table in record.tables
        for column, reason in table.inferred.items()
    ]
