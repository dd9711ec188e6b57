"""Versions of one agency's chronology: which file is the newer, which the
earlier ones it replaces.

Two files are versions of one chronology when the same agency sends them and
their names are the same once version marks are taken out: the words of
schemas/submissions.toml ``[versions]`` ("v2", "FINAL", "corrected"), dates
and copy numbers ("(1)"). "Police part 1" and "Police part 2" stay two files.
The newer is the one with the later date in its name, else the later file
date (the day it was last saved, as a folder shows it); then the higher
version number, then the name, so the choice is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..agencies import AgencyResolver
from ..catalogue import make_issue
from ..model import FileRecord, Issue
from ..resources import load_toml
from .files import skip_reason
from .opening import is_link

_ISO = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_UK = re.compile(r"(?<!\d)(\d{1,2})[-_.](\d{1,2})[-_.](\d{4})(?!\d)")
_COPY = re.compile(r"\(\d+\)|\bcopy of\b")
_NUMBERED = re.compile(r"\b(?:v|ver|version|rev|revision)\s*(\d+)\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@cache
def version_words() -> frozenset[str]:
    """Words that mark a version, not a different file."""
    return frozenset(load_toml("submissions.toml")["versions"]["words"])


def _name_dates(stem: str) -> list[dt.date]:
    found = []
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        for match in pattern.finditer(stem):
            parts = [int(match.group(i + 1)) for i in order]
            try:
                found.append(dt.date(parts[0], parts[1], parts[2]))
            except ValueError:
                continue
    return found


def name_date(name: str) -> dt.date | None:
    """The date written in a file name (2019-05-03, 20190503 or 03.05.2019,
    day first), or None; two dates are the period the file covers
    ("01.04.2019 to 30.06.2019"), not the day it was sent, so None."""
    found = _name_dates(Path(name).stem)
    return found[0] if len(found) == 1 else None


def _version_number(stem: str) -> int:
    numbers = [int(n) for n in _NUMBERED.findall(stem)]
    return max(numbers) if numbers else 0


def version_key(name: str) -> str:
    """The name with version marks, its date and copy numbers taken out.

    Example:
        >>> version_key("Police_chronology_v2_FINAL (1).xlsx")
        'police chronology'
    """
    stem = Path(name).stem.casefold()
    if len(_name_dates(stem)) == 1:  # a period's two dates tell files apart
        stem = _ISO.sub(" ", stem)
        stem = _UK.sub(" ", stem)
    stem = _COPY.sub(" ", stem)
    stem = _NON_WORD.sub(" ", stem.replace("_", " "))
    stem = _NUMBERED.sub(" ", stem)
    words = [w for w in stem.split() if w not in version_words()]
    return " ".join(words)


def file_date(path: Path) -> dt.date | None:
    """The day the file was last saved (its modification time, in England),
    or None when it cannot be read."""
    try:
        seconds = path.stat(follow_symlinks=False).st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=_england()).date()


def _england() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/London")
    except Exception:  # no time zone data: UTC is within an hour
        return dt.UTC


NAME_BASIS = "the date in its name"
FILE_DATE_BASIS = "its file date (when it was last saved)"


@dataclass(frozen=True)
class Version:
    """One file of an agency's chronology, and where it stands."""

    path: Path
    agency: str
    key: str
    received: dt.date | None
    received_from: str  # "file name" or "file date"
    superseded_by: Path | None = None


def received(path: Path) -> tuple[dt.date | None, str]:
    """When a file was received: the date in its name, else its file date."""
    named = name_date(path.name)
    if named is not None:
        return named, NAME_BASIS
    return file_date(path), FILE_DATE_BASIS


def versions(paths: list[Path], resolver: AgencyResolver) -> list[Version]:
    """Each path as a Version; the earlier versions of one chronology name
    the newer file that replaces them (``superseded_by``)."""
    found: list[Version] = []
    for path in paths:
        choice = resolver.for_file(path.name, [])
        agency = choice.name if choice.basis != "default" else ""
        day, basis = received(path)
        found.append(Version(path, agency, version_key(path.name), day, basis))
    groups: dict[tuple[str, str], list[Version]] = {}
    for item in found:
        if item.agency and item.key and _may_be_chronology(item.path):
            groups.setdefault((item.agency, item.key), []).append(item)
    newest: dict[Path, Path] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        latest = max(members, key=_newness)
        for member in members:
            if member is not latest and not _same_bytes(member.path, latest.path):
                newest[member.path] = latest.path
    return [
        Version(
            v.path, v.agency, v.key, v.received, v.received_from, newest.get(v.path)
        )
        for v in found
    ]


def _may_be_chronology(path: Path) -> bool:
    """Lock files, links and files of other types are never versions."""
    return not is_link(path) and not skip_reason(path) and path.is_file()


def _same_bytes(first: Path, second: Path) -> bool:
    """An exact copy is not a new version (ingest reads it once and says so)."""
    try:
        if first.stat().st_size != second.stat().st_size:
            return False
        return first.read_bytes() == second.read_bytes()
    except OSError:
        return False


def _newness(item: Version) -> tuple[dt.date, int, int, str]:
    try:
        mtime = item.path.stat(follow_symlinks=False).st_mtime_ns
    except OSError:
        mtime = 0
    return (
        item.received or dt.date.min,
        _version_number(Path(item.path.name).stem.casefold()),
        mtime,
        item.path.name,
    )


def superseded_record(earlier: Version) -> FileRecord:
    """The manifest's record of an earlier version: listed, not read."""
    path = earlier.path
    return FileRecord(
        name=path.name, path=str(path), format=path.suffix.lower().lstrip(".")
    )


def superseded_issue(earlier: Version, found: list[Version]) -> Issue:
    """Says which newer file replaces an earlier version, and why it counts
    as the newer."""
    newer_path = earlier.superseded_by
    newer = next(v for v in found if v.path == newer_path)
    if newer.received and earlier.received and newer.received != earlier.received:
        why = f"received {newer.received.isoformat()}, by {newer.received_from}"
    else:
        why = "the same day; the higher version number or later save is used"
    return make_issue(
        "file-superseded",
        source_file=earlier.path.name,
        newer=newer.path.name,
        why=why,
    )
