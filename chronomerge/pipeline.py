"""The one place where the stages meet:

    ingest -> normalise (dates, event types) -> validate -> link -> analyse

Each stage is a function from a DataFrame (plus the review settings) to a
DataFrame and issues; none reaches back into an earlier one. The command line
and the Python API both call :func:`merge` (or :func:`prepare` to check files
without linking), and hold no logic of their own.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._version import __version__
from .counts import chronology_counts
from .errors import ReadError
from .model import Issue, check_entries, issues_frame, make_entry_id
from .review import ReviewSettings, read_review

Progress = Callable[[str], None]


@dataclass
class Prepared:
    """Entries read, dated, typed and checked; not yet linked."""

    entries: pd.DataFrame
    issues: list[Issue]
    files: list[dict[str, Any]]
    review: ReviewSettings
    timings: dict[str, float] = field(default_factory=dict)


def as_paths(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """One path or many, as a list of Paths."""
    if isinstance(inputs, str | Path):
        return [Path(inputs)]
    return [Path(p) for p in inputs]


def resolve_review(
    review: ReviewSettings | str | Path | None,
    inputs: list[Path],
    settings: dict[str, Any],
) -> tuple[ReviewSettings, str]:
    """The settings to use, and where they came from.

    With no review file given, a ``review.toml`` at the top of the one input
    folder is used, as an author who keeps it beside the files would expect.
    Command-line settings win over the file.
    """
    source = ""
    if isinstance(review, ReviewSettings):
        settings_obj, source = review, "given"
    elif review is not None:
        settings_obj, source = read_review(review), str(review)
    else:
        found = [p / "review.toml" for p in inputs if (p / "review.toml").is_file()]
        if len(found) == 1:
            settings_obj, source = read_review(found[0]), str(found[0])
        else:
            settings_obj, source = ReviewSettings(), "defaults"
    return settings_obj.with_overrides(**settings), source


def prepare(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Prepared:
    """Read, date, type and check the entries of every input."""
    from .ingest import read_inputs
    from .normalise.dates import normalise_dates
    from .normalise.events import classify_events
    from .validate import validate_entries

    say = progress or (lambda _stage: None)
    timings: dict[str, float] = {}

    def timed(stage: str, func: Callable[[], Any]) -> Any:
        say(stage)
        start = time.perf_counter()
        result = func()
        timings[stage] = time.perf_counter() - start
        return result

    paths = as_paths(inputs)
    ingested = timed("reading files", lambda: read_inputs(paths, review))
    issues: list[Issue] = list(ingested.issues)
    entries = check_entries(ingested.entries, after="ingest")
    entries = check_entries(add_entry_ids(entries), after="ids")
    entries, date_issues = timed(
        "reading dates", lambda: normalise_dates(entries, review, today=today)
    )
    check_entries(entries, after="dates")
    entries, type_issues = timed(
        "event types", lambda: classify_events(entries, review)
    )
    check_entries(entries, after="events")
    content_issues = timed(
        "checking entries", lambda: validate_entries(entries, review)
    )
    issues += date_issues + type_issues + content_issues
    return Prepared(entries, issues, ingested.files, review, timings)


def add_entry_ids(entries: pd.DataFrame) -> pd.DataFrame:
    """Give every entry its stable id (see model.make_entry_id).

    Two inputs with the same file name in different folders would share ids,
    so the later ones are keyed on their folder too.
    """
    entries = entries.copy()
    if entries.empty:
        entries["entry_id"] = pd.Series(dtype="object")
        return entries
    names = entries["source_file"].astype(str)
    paths = entries["source_path"].astype(str)
    first_path = (
        pd.DataFrame({"n": names, "p": paths})
        .drop_duplicates()
        .sort_values(["n", "p"])
        .drop_duplicates("n")
        .set_index("n")["p"]
    )
    key = names.where(
        paths == names.map(first_path),
        paths.map(lambda p: f"{Path(p).parent.name}/{Path(p).name}"),
    )
    entries["entry_id"] = [
        make_entry_id(k, str(loc), int(row))
        for k, loc, row in zip(
            key, entries["source_location"], entries["source_row"], strict=True
        )
    ]
    return entries


def merge(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    **settings: Any,
) -> Any:
    """Merge agency chronologies into one multi-agency chronology.

    Args:
        inputs: files and folders (read recursively).
        review: a review file path, a ReviewSettings, or None for defaults (a
            review.toml at the top of a single input folder is used).
        progress: called with the name of each stage as it starts.
        today: the date that counts as today (for future-date checks).
        **settings: command-line style settings that win over the review
            file: ``from_date``, ``to_date``, ``gap_days``.

    Returns:
        A :class:`~chronomerge.chronology.Chronology`.

    Raises:
        ReadError: when no input at all could be read.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> chron.entries.groupby("agency").size()  # doctest: +SKIP
    """
    from .analyse.stage import analyse_entries
    from .chronology import Chronology
    from .link import link_entries

    started = time.perf_counter()
    paths = as_paths(inputs)
    review_obj, review_source = resolve_review(review, paths, settings)
    prepared = prepare(paths, review_obj, progress=progress, today=today)
    if not any(f.get("status") == "read" for f in prepared.files):
        raise ReadError(_nothing_read_message(prepared))
    say = progress or (lambda _stage: None)
    timings = dict(prepared.timings)
    entries = prepared.entries

    say("linking events")
    t0 = time.perf_counter()
    linked = link_entries(entries, review_obj)
    entries = entries.assign(event_group=linked.event_group)
    timings["linking events"] = time.perf_counter() - t0

    say("gaps and flags")
    t0 = time.perf_counter()
    analysis = analyse_entries(entries, review_obj)
    gaps, not_seen, flags = analysis.gaps, analysis.not_seen, analysis.flags
    entries = in_contract_order(sort_entries(analysis.entries))
    timings["gaps and flags"] = time.perf_counter() - t0

    issues = issues_frame(prepared.issues + list(linked.issues))
    chronology = Chronology(
        entries=entries,
        issues=issues,
        gaps=gaps,
        flags=flags,
        groups=linked.groups,
        review=review_obj,
        manifest=build_manifest(
            prepared,
            entries,
            review_obj,
            review_source,
            linked.groups,
            gaps,
            flags,
            issues,
            linking=linked.weights_summary(),
        ),
        not_seen=not_seen,
        pairs=linked.pairs,
        timings=timings,
    )
    timings["total"] = time.perf_counter() - started
    return chronology


def build_pack(
    inputs: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    review: ReviewSettings | str | Path | None = None,
    *,
    notes_from: str | Path | None = None,
    pseudonymise: bool = False,
    outputs: str | tuple[str, ...] | None = None,
    progress: Progress | None = None,
    exact_csv: bool = False,
    **settings: Any,
) -> tuple[Any, list[Path]]:
    """Merge and write the outputs into ``out_dir``: what ``chronomerge merge``
    does.

    ``outputs``: among "csv", "xlsx", "docx", "html" (a tuple, or names
    separated by commas); None writes them all. manifest.json is always
    written. A wrong name stops before any reading, with a ChronomergeError
    naming the valid ones. ``exact_csv``: CSV cells exactly as read, none
    neutralised against spreadsheet formulas (Chronology.write_tables).

    Returns the Chronology (pseudonymised when asked) and the files written.

    Example:
        >>> chron, written = build_pack(
        ...     "sample_data/child_a", "pack", pseudonymise=True
        ... )  # doctest: +SKIP
        >>> sorted(path.name for path in written)[:2]  # doctest: +SKIP
        ['child_not_seen.csv', 'chronology.csv']
    """
    from .export.writing import parse_outputs

    chosen = parse_outputs(outputs)
    chronology = merge(inputs, review, progress=progress, **settings)
    if pseudonymise:
        chronology, replaced = chronology.pseudonymised()
        chronology.manifest["pseudonymised"] = {"replacements": replaced}
    started = time.perf_counter()
    written = chronology.write(
        out_dir,
        outputs=chosen,
        notes_from=notes_from,
        progress=progress,
        exact=exact_csv,
    )
    chronology.timings["writing outputs"] = time.perf_counter() - started
    return chronology, written


def build_timeline(
    inputs: str | Path | Iterable[str | Path],
    output: str | Path,
    review: ReviewSettings | str | Path | None = None,
    *,
    progress: Progress | None = None,
    **settings: Any,
) -> Path:
    """Merge and write only the interactive timeline: ``chronomerge timeline``.

    Returns the path written (one self-contained HTML file).

    Example:
        >>> build_timeline("sample_data/child_a", "timeline.html")  # doctest: +SKIP
        PosixPath('timeline.html')
    """
    chronology = merge(inputs, review, progress=progress, **settings)
    return chronology.write_timeline(output)


def in_contract_order(entries: pd.DataFrame) -> pd.DataFrame:
    """Columns as chronology.csv has them, then the working columns."""
    from .export.tables import chronology_columns

    first = [c for c in chronology_columns(entries) if c in entries.columns]
    return entries[first + [c for c in entries.columns if c not in first]]


def sort_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """Date order, as the contract says: date_start, time, agency, then the
    position in the source (sequence first, where the agency numbered its
    entries). Undated entries come last, in source order."""
    keys = pd.DataFrame(
        {
            "undated": entries["date_start"].fillna("").eq(""),
            "date": entries["date_start"].fillna(""),
            "time": entries["time"].fillna(""),
            "agency": entries["agency"].astype(str),
            "file": entries["source_file"].astype(str),
            "order": entries["source_order"].astype(int),
        },
        index=entries.index,
    )
    order = keys.sort_values(
        ["undated", "date", "time", "agency", "file", "order"], kind="stable"
    ).index
    return entries.loc[order].reset_index(drop=True)


def build_manifest(
    prepared: Prepared,
    entries: pd.DataFrame,
    review: ReviewSettings,
    review_source: str,
    groups: pd.DataFrame,
    gaps: pd.DataFrame,
    flags: pd.DataFrame,
    issues: pd.DataFrame,
    linking: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What was read and with which settings, so a reader can check the pack.

    ``linking``: the linking weights and how they were arrived at
    (LinkResult.weights_summary()).
    """
    counts = entries["source_file"].value_counts() if len(entries) else {}
    inputs = []
    for record in sorted(
        prepared.files, key=lambda f: (f.get("name", ""), f.get("path", ""))
    ):
        item = {k: v for k, v in record.items() if k != "path"}
        item["rows_written"] = (
            int(counts.get(record.get("name"), 0))
            if (record.get("status") == "read")
            else 0
        )
        inputs.append(item)
    counted = chronology_counts(entries, groups, gaps, flags, issues)
    from .ingest.content import inferred_columns

    return {
        "chronomerge_version": __version__,
        "review": review.review.name,
        "review_file": Path(review_source).name
        if review_source not in ("given", "defaults")
        else review_source,
        "settings": review.model_dump(mode="json"),
        "inputs": inputs,
        "inferred_columns": inferred_columns(prepared.files),
        "counts": {
            "files_read": sum(1 for f in prepared.files if f.get("status") == "read"),
            "rows_read": int(sum(f.get("rows", 0) for f in prepared.files)),
            "rows_written": counted["entries"],
            "event_groups": counted["event_groups"],
            "linked_events": counted["linked_events"],
            "gaps": counted["gaps"],
            "flags": counted["flags"],
            "errors": counted["errors"],
            "warnings": counted["warnings"],
        },
        "linking_weights": linking or {},
    }


def _nothing_read_message(prepared: Prepared) -> str:
    if not prepared.files:
        return (
            "No chronology files were found. Give the agency files (.xlsx, "
            ".docx, .csv) or the folder that holds them."
        )
    reasons: list[str] = []
    for record in prepared.files:
        name = record.get("name", "")
        mine = [i for i in prepared.issues if i.source_file == name]
        said = next((i for i in mine if i.severity == "error"), None) or next(
            (i for i in mine if i.severity == "warning"), None
        )
        reasons.append(f"- {said.message if said else name + ' was not read.'}")
    listed = "\n".join(reasons[:20])
    if len(reasons) > 20:
        listed += f"\n- and {len(reasons) - 20} more (see each file's reason with "
        listed += "'chronomerge validate')."
    return f"None of the {len(prepared.files)} input file(s) could be read:\n{listed}"
