"""The submission tracker: each agency the review asked, and where its
chronology stands (not received, received, checked with errors, checked
clean, resubmitted), with the dates and how late.

The review file says who was asked and when ([[agencies]] ``asked``, and
``deadline_days`` working days or a ``deadline`` date); the folder says what
came. A file belongs to an agency as ingest decides it; it was *received* on
the date written in its name, else on its file date (the day it was last
saved, as the folder shows it). Lateness counts working days in England and
Wales (weekends and the bank holidays of schemas/submissions.toml skipped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .agencies import AgencyResolver
from .ingest.files import discover, skip_reason
from .ingest.versions import FILE_DATE_BASIS, NAME_BASIS, Version, versions
from .model import FileRecord, Issue
from .review import Agency, ReviewSettings
from .workdays import add_working_days, holidays_known, working_days_between

TRACKER_COLUMNS: tuple[str, ...] = (
    "agency",
    "status",
    "asked",
    "deadline",
    "received",
    "received_from",
    "resubmitted",
    "timeliness",
    "working_days_late",
    "files",
    "superseded",
    "errors",
    "warnings",
    "why",
)
STATUSES: tuple[str, ...] = (
    "not received",
    "received",
    "checked with errors",
    "checked clean",
    "resubmitted",
)


@dataclass(frozen=True)
class _Found:
    """What the folder holds for one agency."""

    current: list[Version]
    earlier: list[Version]
    errors: int
    warnings: int
    unread: int


def deadline_of(agency: Agency) -> dt.date | None:
    """The agency's deadline: its date, or ``deadline_days`` working days
    after the day it was asked."""
    if agency.deadline is not None:
        return agency.deadline
    if agency.asked is not None and agency.deadline_days is not None:
        return add_working_days(agency.asked, agency.deadline_days)
    return None


def submission_status(
    files: Sequence[FileRecord],
    issues: Iterable[Issue],
    review: ReviewSettings,
    *,
    entries: pd.DataFrame | None = None,
    checked: bool = True,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The tracker (TRACKER_COLUMNS) from the files a read considered.

    ``entries`` settle a file's agency as ingest did (the agency most of its
    rows have); without them, or for a file that gave none, the file name
    and the review file's patterns decide. ``checked``: the files were read
    and checked (else an agency's files count as only received). ``today``:
    with it, a chronology not received is counted overdue up to that day;
    without it (the panel pack, which must not change from day to day) it
    is only said to be not received.
    """
    resolver = AgencyResolver(review)
    every = versions([Path(f.path) for f in files], resolver)
    records = {f.path: f for f in files}
    found = [
        v
        for v in every
        if v.superseded_by is not None
        or records[str(v.path)].status != "skipped"
        or (not checked and v.agency)
    ]
    by_file = _file_agencies(entries)
    problems = _problem_counts(issues)
    agency_of = {
        v.path: by_file.get(v.path.name) or v.agency or _name_agency(v, resolver)
        for v in found
    }
    names = [a.name for a in review.agencies]
    others = sorted({a for a in agency_of.values() if a and a not in names})
    rows = []
    for name in [*names, *others]:
        mine = [v for v in found if agency_of[v.path] == name]
        current = [v for v in mine if v.superseded_by is None]
        earlier = [v for v in mine if v.superseded_by is not None]
        errors = sum(problems.get(v.path.name, (0, 0))[0] for v in current)
        warnings = sum(problems.get(v.path.name, (0, 0))[1] for v in current)
        unread = sum(
            1 for v in current if not records[str(v.path)].was_read and checked
        )
        agency = next((a for a in review.agencies if a.name == name), None)
        state = _Found(current, earlier, errors, warnings, unread)
        rows.append(_row(name, agency, state, checked, today))
    table = pd.DataFrame(rows, columns=list(TRACKER_COLUMNS))
    table["working_days_late"] = table["working_days_late"].astype("Int64")
    return table


def _name_agency(version: Version, resolver: AgencyResolver) -> str:
    choice = resolver.for_file(version.path.name, [])
    return choice.name


def _file_agencies(entries: pd.DataFrame | None) -> dict[str, str]:
    """File name -> the agency most of its entries have (ties: by name)."""
    if entries is None or entries.empty:
        return {}
    counts = entries.groupby(["source_file", "agency"]).size().reset_index(name="n")
    counts = counts.sort_values(
        ["source_file", "n", "agency"], ascending=[True, False, True]
    )
    first = counts.drop_duplicates("source_file")
    return dict(zip(first["source_file"], first["agency"], strict=True))


def _problem_counts(issues: Iterable[Issue]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = {}
    for issue in issues:
        if issue.code == "file-superseded":
            continue
        pair = counts.setdefault(issue.source_file, [0, 0])
        if issue.severity == "error":
            pair[0] += 1
        elif issue.severity == "warning":
            pair[1] += 1
    return {name: (pair[0], pair[1]) for name, pair in counts.items()}


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _row(
    name: str,
    agency: Agency | None,
    found: _Found,
    checked: bool,
    today: dt.date | None,
) -> dict[str, object]:
    asked = agency.asked if agency else None
    deadline = deadline_of(agency) if agency else None
    every = [*found.current, *found.earlier]
    days = sorted(v.received for v in every if v.received)
    first = days[0] if days else None
    latest = max((v.received for v in found.current if v.received), default=None)
    status = _status(found, checked)
    late, timeliness = _lateness(first, deadline, today)
    why = [_why_status(status, found)]
    if agency is None:
        why.append("This agency is not listed in the review file's [[agencies]].")
    basis = ""
    if first:
        basis = next(v for v in every if v.received == first).received_from
        why.append(f"Received {first.isoformat()} ({basis}).")
    if deadline:
        how = (
            f"{agency.deadline_days} working days after it was asked"
            if agency and agency.deadline_days
            else "the date in the review file"
        )
        why.append(f"Deadline {deadline.isoformat()} ({how}).")
        years = {d.year for d in (deadline, first or today) if d}
        unknown = sorted(y for y in years if not holidays_known(y))
        if unknown:
            listed = ", ".join(str(y) for y in unknown)
            why.append(
                f"The bank holidays of {listed} are not in schemas/submissions.toml, "
                "so only weekends were skipped."
            )
    return {
        "agency": name,
        "status": status,
        "asked": _iso(asked),
        "deadline": _iso(deadline),
        "received": _iso(first),
        "received_from": _BASIS.get(basis, ""),
        "resubmitted": _iso(latest) if found.earlier else "",
        "timeliness": timeliness,
        "working_days_late": late,
        "files": "; ".join(v.path.name for v in found.current),
        "superseded": "; ".join(v.path.name for v in found.earlier),
        "errors": found.errors,
        "warnings": found.warnings,
        "why": " ".join(why),
    }


_BASIS = {NAME_BASIS: "file name", FILE_DATE_BASIS: "file date"}


def _status(found: _Found, checked: bool) -> str:
    if not found.current:
        return "not received"
    if found.earlier:
        return "resubmitted"
    if not checked:
        return "received"
    if found.errors or found.unread:
        return "checked with errors"
    return "checked clean"


def _why_status(status: str, found: _Found) -> str:
    if status == "not received":
        return "No file of this agency is in the folder."
    problems = f"{found.errors} problem(s) to fix" if found.errors else "nothing to fix"
    if status == "resubmitted":
        newer = ", ".join(v.path.name for v in found.current)
        return (
            f"{len(found.earlier)} earlier version(s) replaced by {newer}, which "
            f"is used; it has {problems}."
        )
    if status == "received":
        return "Received; not checked yet."
    if status == "checked with errors":
        return f"Checked: {problems} (see issues.csv or chronomerge validate)."
    return "Checked: nothing to fix."


def _lateness(
    received: dt.date | None, deadline: dt.date | None, today: dt.date | None
) -> tuple[int | None, str]:
    """(working days late, in words)."""
    if deadline is None:
        return None, "no deadline set" if received else "not received"
    if received is not None:
        late = working_days_between(deadline, received)
        return late, f"{late} working days late" if late else "on time"
    if today is None:
        return None, "not received"
    late = working_days_between(deadline, today)
    if late:
        return late, f"not received; {late} working days overdue"
    return 0, "not received; not yet due"


def tracker(
    folder: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    check: bool = True,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Each agency's submission: what ``chronomerge status`` shows.

    ``review``: the review file (or settings); None uses the review.toml in
    the folder. ``check``: read and check every file (statuses "checked
    with errors"/"checked clean"), else only find them ("received").
    ``today`` (default: today's date) counts how overdue a missing
    chronology is.

    Example:
        >>> tracker("sample_data/child_a")[["agency", "status"]]  # doctest: +SKIP
    """
    from .pipeline import as_paths, read_and_check, resolve_review

    paths = as_paths(folder)
    settings, _ = resolve_review(review, paths, {})
    today = today or dt.date.today()
    if not check:
        records = [
            FileRecord(name=p.name, path=str(p), format=p.suffix.lstrip("."))
            for p in discover(paths)
            if not skip_reason(p)
        ]
        return submission_status(records, [], settings, checked=False, today=today)
    read = read_and_check(paths, settings, today=today)
    return submission_status(
        read.files, read.issues, settings, entries=read.entries, today=today
    )
