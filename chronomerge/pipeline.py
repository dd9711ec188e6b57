"""The one place where the stages meet:

    ingest -> normalise (dates, event types) -> validate -> link -> analyse

Each stage is a function from a DataFrame (plus the review settings) to a
DataFrame and issues; none reaches back into an earlier one. The command line
and the Python API both call :func:`merge` (or :func:`read_and_check` to check
files without linking), and hold no logic of their own.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .analyse.stage import analyse_entries
from .chronology import Chronology
from .errors import ChronomergeError, ReadError
from .export.writing import FILE_NAMES, parse_outputs
from .ingest import read_inputs
from .link import link_entries
from .manifest import build_manifest
from .model import (
    FileRecord,
    Issue,
    check_entries,
    issues_frame,
    make_entry_id,
    output_columns,
)
from .normalise.dates import normalise_dates
from .normalise.events import classify_events
from .normalise.group_types import retype_by_group
from .publish import Published, publish
from .review import ReviewSettings, read_review, record_episodes
from .tracker import submission_status
from .validate import validate_entries

Progress = Callable[[str], None]


@dataclass
class CheckedInputs:
    """Entries read, dated, typed and checked; not yet linked."""

    entries: pd.DataFrame
    issues: list[Issue]
    files: list[FileRecord]
    review: ReviewSettings
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def files_read(self) -> int:
        """How many inputs became entries (a merge needs at least one)."""
        return sum(1 for f in self.files if f.was_read)


class _Clock:
    """Says each stage as it starts and keeps how long it took."""

    def __init__(self, progress: Progress | None) -> None:
        self.say: Progress = progress or (lambda _stage: None)
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.say(name)
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start


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


def read_and_check(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> CheckedInputs:
    """Read, date, type and check the entries of every input: what
    ``chronomerge validate`` shows and what a merge then links."""
    clock = _Clock(progress)
    with clock.stage("reading files"):
        ingested = read_inputs(as_paths(inputs), review)
    entries = check_entries(ingested.entries, after="ingest")
    entries = check_entries(add_entry_ids(entries), after="ids")
    with clock.stage("reading dates"):
        entries, date_issues = normalise_dates(entries, review, today=today)
    check_entries(entries, after="dates")
    with clock.stage("event types"):
        entries, type_issues = classify_events(entries, review)
    check_entries(entries, after="events")
    with clock.stage("checking entries"):
        content_issues = validate_entries(entries, review)
    issues = [*ingested.issues, *date_issues, *type_issues, *content_issues]
    return CheckedInputs(entries, issues, ingested.files, review, clock.timings)


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
) -> Chronology:
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
    started = time.perf_counter()
    paths = as_paths(inputs)
    review_obj, review_source = resolve_review(review, paths, settings)
    checked = read_and_check(paths, review_obj, progress=progress, today=today)
    if not checked.files_read:
        raise ReadError(_nothing_read_message(checked))
    chronology = _link_and_analyse(checked, review_source, _Clock(progress))
    chronology.timings["total"] = time.perf_counter() - started
    return chronology


def _link_and_analyse(
    checked: CheckedInputs, review_source: str, clock: _Clock
) -> Chronology:
    """The checked entries linked across agencies, then gaps, ages and flags."""
    review = checked.review
    with clock.stage("linking events"):
        linked = link_entries(checked.entries, review)
        entries = checked.entries.assign(event_group=linked.event_group)
        # an uncertain entry takes the type its group's other entries agree on
        entries, typed_issues = retype_by_group(entries, checked.issues)
    with clock.stage("gaps and flags"):
        analysis = analyse_entries(entries, review)
        entries = in_contract_order(sort_entries(analysis.entries))
    issues = issues_frame(typed_issues + list(linked.issues))
    manifest = build_manifest(
        checked.files,
        entries,
        review,
        review_source,
        groups=linked.groups,
        gaps=analysis.gaps,
        flags=analysis.flags,
        issues=issues,
        episodes=analysis.episodes,
        linking=linked.weights_summary(),
    )
    return Chronology(
        entries=entries,
        issues=issues,
        gaps=analysis.gaps,
        flags=analysis.flags,
        groups=linked.groups,
        review=review,
        manifest=manifest,
        not_seen=analysis.not_seen,
        pairs=linked.pairs,
        episodes=analysis.episodes,
        people=analysis.people,
        seen=analysis.seen,
        voice=analysis.voice,
        timings={**checked.timings, **clock.timings},
        submissions=submission_status(
            checked.files, checked.issues, review, entries=checked.entries
        ),
        sharing=analysis.sharing,
        known=analysis.known,
        conflicts=analysis.conflicts,
    )


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
) -> tuple[Chronology, list[Path]]:
    """Merge and write the outputs into ``out_dir``: what ``chronomerge merge``
    does.

    ``outputs``: among "csv", "xlsx", "docx", "html" (a tuple, or names
    separated by commas); None writes them all. manifest.json is always
    written. A wrong name stops before any reading, with a ChronomergeError
    naming the valid ones. ``exact_csv``: CSV cells exactly as read, none
    neutralised against spreadsheet formulas (Chronology.write_tables).

    The merge is compared with the previous one (the chronology.csv beside
    ``notes_from``, else the one in ``out_dir``): changes.csv, the Changes
    sheet and the panel notes follow entries by content
    (Chronology.compare_with). Without ``notes_from``, the notes of the
    panel_pack.xlsx already in ``out_dir`` are carried over: a rerun into
    the same folder never loses what the panel wrote.

    Returns the Chronology (pseudonymised when asked) and the files written.

    Example:
        >>> chron, written = build_pack(
        ...     "sample_data/child_a", "pack", pseudonymise=True
        ... )  # doctest: +SKIP
        >>> sorted(path.name for path in written)[:2]  # doctest: +SKIP
        ['child_not_seen.csv', 'chronology.csv']
    """
    chosen = parse_outputs(outputs)
    chronology = merge(inputs, review, progress=progress, **settings)
    if pseudonymise:
        chronology, replaced = chronology.pseudonymised()
        chronology.manifest["pseudonymised"] = {"replacements": replaced}
    if notes_from is None and "xlsx" in chosen:
        notes_from = earlier_pack(out_dir)
    chronology.compare_with(previous_merge(out_dir, notes_from))
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


def earlier_pack(out_dir: str | Path) -> Path | None:
    """The panel pack a merge into ``out_dir`` would overwrite, so that its
    panel notes are carried into the new one rather than lost; None when the
    folder holds none."""
    pack = Path(out_dir) / FILE_NAMES["xlsx"]
    return pack if pack.is_file() else None


def previous_merge(out_dir: str | Path, notes_from: str | Path | None) -> Path:
    """The chronology.csv a merge is compared with: the one beside the panel
    pack whose notes are carried over, else the one the output folder holds
    from the last merge (read before it is overwritten)."""
    if notes_from is not None:
        beside = Path(notes_from).parent / "chronology.csv"
        if beside.is_file():
            return beside
    return Path(out_dir) / "chronology.csv"


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


def find_episodes(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    write: bool = False,
    progress: Progress | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """The review's key practice episodes: what ``chronomerge episodes`` shows.

    Merges the inputs and returns Chronology.episodes: the review file's
    accepted and still-proposed episodes, and chronomerge's proposals for
    periods it does not cover yet (episodes.csv's columns). With ``write``,
    those new proposals are added to the review file (``review``, or the
    review.toml found beside the inputs) as ``[[episodes]]`` with status
    "proposed", keeping its comments, for the author to accept, rename,
    re-date or drop.

    Raises:
        ChronomergeError: ``write`` with no review file to write to.

    Example:
        >>> find_episodes("sample_data/child_a")[["episode_start", "title"]]
        ... # doctest: +SKIP
    """
    paths = as_paths(inputs)
    _, source = resolve_review(review, paths, settings)
    if write and source in ("given", "defaults"):
        raise ChronomergeError(
            "To write the proposed episodes, give the review file (--review), or "
            "keep a review.toml in the folder of agency files."
        )
    episodes = merge(paths, review, progress=progress, **settings).episodes
    if write:
        new = episodes[episodes["status"] == "proposed"]
        record_episodes(source, new.to_dict("records"))
    return episodes


def build_publication(
    inputs: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    review: ReviewSettings | str | Path | None = None,
    *,
    entries: Iterable[str] | None = None,
    episodes: str | None = None,
    dates: str | None = None,
    progress: Progress | None = None,
    **settings: Any,
) -> tuple[Published, list[Path]]:
    """Merge, then write the summary for publication and its jigsaw-risk
    report into ``out_dir``: what ``chronomerge publish`` does.

    ``entries``, ``episodes`` and ``dates`` win over the review file's
    ``[publish]`` table (see :func:`chronomerge.publish.publish`).

    Example:
        >>> published, written = build_publication(
        ...     "sample_data/child_a", "published", entries=["E1a2b3c4d5e"]
        ... )  # doctest: +SKIP
        >>> published.risks[["kind", "detail", "suggestion"]]  # doctest: +SKIP
    """
    chronology = merge(inputs, review, progress=progress, **settings)
    published = publish(chronology, entries=entries, episodes=episodes, dates=dates)
    return published, published.write(out_dir)


def find_people(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    progress: Progress | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """The people the entries name: what ``chronomerge people`` shows.

    Merges the inputs and returns Chronology.people (people.csv's columns):
    the review file's people and the family members named by role, each
    with their first and last mention, the agencies that named them and the
    entries that do. Aliases are searched for but never shown.

    Example:
        >>> find_people("sample_data/child_a")[["person", "agencies"]]
        ... # doctest: +SKIP
    """
    return merge(as_paths(inputs), review, progress=progress, **settings).people


def find_voice(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    progress: Progress | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """The voice of the child: what ``chronomerge voice`` shows.

    Merges the inputs and returns Chronology.voice (voice.csv's columns): the
    entries that record the child's own words, or how the child was seen to
    look or behave, in date order, each with the words that put it there.

    Example:
        >>> find_voice("sample_data/child_a")[["date", "what", "text"]]
        ... # doctest: +SKIP
    """
    return merge(as_paths(inputs), review, progress=progress, **settings).voice


def find_conflicts(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    progress: Progress | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """Conflicting accounts: what ``chronomerge conflicts`` shows.

    Merges the inputs and returns Chronology.conflicts (conflicts.csv's
    columns): where two agencies' accounts of one event differ (dates, times,
    outcomes, people present, an injury's side), both side by side, each
    with why and how many agencies recorded the event.

    Example:
        >>> find_conflicts("sample_data/child_a")["conflict"].value_counts()
        ... # doctest: +SKIP
    """
    return merge(as_paths(inputs), review, progress=progress, **settings).conflicts


def find_sharing(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    progress: Progress | None = None,
    page: str | Path | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """The information-sharing ledger: what ``chronomerge sharing`` shows.

    Merges the inputs and returns Chronology.sharing (sharing.csv's columns):
    every send an entry records, who to, and the recipient's entry that
    received it, or why none was found. With ``page``, the picture of it
    (Chronology.write_sharing_map) is written there too.

    Example:
        >>> find_sharing("sample_data/child_a")["status"].value_counts()
        ... # doctest: +SKIP
    """
    chronology = merge(inputs, review, progress=progress, **settings)
    if page is not None:
        chronology.write_sharing_map(page)
    return chronology.sharing


def find_known(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    agency: str | None = None,
    progress: Progress | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """What was known at each decision: what ``chronomerge known`` shows.

    Merges the inputs and returns Chronology.known (known.csv's columns): for
    every decision entry, the entries the deciding agency recorded itself,
    those others shared with it, and those others recorded that it has no
    record of. ``agency``: only that agency's decisions (its name, or a
    word of it, ignoring case).

    Example:
        >>> find_known("sample_data/child_a", agency="social care")
        ... # doctest: +SKIP
    """
    known = merge(inputs, review, progress=progress, **settings).known
    if agency:
        wanted = (
            known["deciding_agency"]
            .str.casefold()
            .str.contains(agency.casefold(), regex=False)
        )
        known = known[wanted].reset_index(drop=True)
    return known


def in_contract_order(entries: pd.DataFrame) -> pd.DataFrame:
    """Columns as chronology.csv has them, then the working columns."""
    first = [c for c in output_columns(entries) if c in entries.columns]
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


def _nothing_read_message(checked: CheckedInputs) -> str:
    if not checked.files:
        return (
            "No chronology files were found. Give the agency files (.xlsx, "
            ".docx, .csv) or the folder that holds them."
        )
    reasons: list[str] = []
    for record in checked.files:
        name = record.name
        mine = [i for i in checked.issues if i.source_file == name]
        said = next((i for i in mine if i.severity == "error"), None) or next(
            (i for i in mine if i.severity == "warning"), None
        )
        reasons.append(f"- {said.message if said else name + ' was not read.'}")
    listed = "\n".join(reasons[:20])
    if len(reasons) > 20:
        listed += f"\n- and {len(reasons) - 20} more (see each file's reason with "
        listed += "'chronomerge validate')."
    return f"None of the {len(checked.files)} input file(s) could be read:\n{listed}"
