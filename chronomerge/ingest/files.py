"""Find the input files, check each is safe, and send it to its reader.

A bad file never stops the others: whatever goes wrong with one file becomes
one issue naming it and saying what to do, and the next file is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalogue import make_issue
from ..model import Issue
from ..normalise.agencies import AgencyResolver
from ..review import ReviewSettings
from . import convert
from .choose import OUTPUT_REASON
from .delimited import read_delimited
from .excel import read_workbook
from .raw import FileContext, FileEntries, RawTable
from .safety import FileProblem, check_size, head_bytes, open_package
from .tables import assemble
from .word import read_document

WORKBOOKS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
ZIP_WORKBOOKS = {".xlsx", ".xlsm", ".ods"}
DOCUMENTS = {".docx", ".docm"}
DELIMITED = {".csv", ".tsv", ".txt"}
READABLE = WORKBOOKS | DOCUMENTS | DELIMITED | set(convert.CONVERTIBLE)
# Formats agencies send that chronomerge cannot read, and what to do instead.
UNSUPPORTED = {
    ".pdf": (
        "PDF",
        "Ask the agency for the Word or Excel file the PDF was made from, or copy "
        "the table into the chronology template.",
    ),
    ".rtf": (
        "Rich Text",
        "Open it in Word and choose File > Save As > Word Document (.docx).",
    ),
    ".pages": ("Apple Pages", "Export it from Pages as a Word document (.docx)."),
    ".numbers": ("Apple Numbers", "Export it from Numbers as an Excel file (.xlsx)."),
    ".wpd": ("WordPerfect", "Open it and save it as a Word Document (.docx)."),
    ".msg": ("Outlook message", "Save the attachment itself and add that file."),
    ".eml": ("email message", "Save the attachment itself and add that file."),
    ".zip": ("zip archive", "Extract the files from it and add those instead."),
    ".7z": ("7-Zip archive", "Extract the files from it and add those instead."),
}
# Files an operating system or office program leaves in folders.
_SYSTEM_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


@dataclass
class FileOutcome:
    """What happened to one input file."""

    record: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)
    entries: FileEntries | None = None


def discover(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """The files to consider, folders read recursively, in a stable order.

    Hidden and system files found inside folders are left out silently; files
    named one by one are always considered.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    found: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            children = [
                p
                for p in path.rglob("*")
                if p.is_file() and not _is_system(p.relative_to(path))
            ]
            children.sort(key=lambda p: str(p.relative_to(path)).casefold())
        else:
            children = [path]
        for child in children:
            key = child.resolve() if child.exists() else child.absolute()
            if key not in seen:
                seen.add(key)
                found.append(child)
    return found


def _is_system(relative: Path) -> bool:
    if any(part.startswith(".") for part in relative.parts):
        return True
    return relative.name.casefold() in _SYSTEM_NAMES


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def skip_reason(path: Path) -> str:
    """Why a file is not a chronology to read, or "" when it may be one."""
    name = path.name
    suffix = path.suffix.lower()
    if name.startswith("~$") or name.startswith(".~lock."):
        return "it is a lock file that Office leaves while a file is open"
    if name.startswith("."):
        return "it is a hidden system file"
    if name.casefold() == "review.toml":
        return "it is the review file, not a chronology"
    if suffix in READABLE or suffix in UNSUPPORTED:
        return ""
    kind = suffix.lstrip(".") or "no extension"
    return f"it is not a chronology file type chronomerge reads ({kind})"


def read_file(
    path: Path, review: ReviewSettings, resolver: AgencyResolver
) -> FileOutcome:
    """Read one input file; never raises for a bad file."""
    name = path.name
    suffix = path.suffix.lower()
    record: dict[str, Any] = {
        "name": name,
        "path": str(path),
        "sha256": "",
        "bytes": 0,
        "format": suffix.lstrip("."),
        "status": "skipped",
        "rows": 0,
        "tables": [],
    }
    outcome = FileOutcome(record)
    if not path.is_file():
        record["status"] = "failed"
        outcome.issues.append(
            make_issue(
                "file-skipped",
                source_file=name,
                severity="error",
                reason="it was not found: check the file name and folder",
            )
        )
        return outcome
    reason = skip_reason(path)
    if reason:
        outcome.issues.append(
            make_issue("file-skipped", source_file=name, reason=reason)
        )
        with contextlib.suppress(FileProblem):
            _hash(path, record)
        return outcome
    try:
        _hash(path, record)
        if suffix in UNSUPPORTED:
            kind, how = UNSUPPORTED[suffix]
            raise FileProblem("file-unsupported", kind=kind, how=how)
        check_size(path, review.limits)
        ctx = FileContext(
            name=name,
            path=str(path),
            override=review.override_for(name),
            resolver=resolver,
            max_rows=review.limits.max_rows,
            allow_sheet_skips=suffix in WORKBOOKS,
        )
        tables, details = _read_tables(path, suffix, review, outcome)
        record.update(details)
        entries = assemble(tables, ctx)
    except FileProblem as problem:
        record["status"] = "skipped" if problem.code == "file-skipped" else "failed"
        outcome.issues.append(
            make_issue(problem.code, source_file=name, **problem.context)
        )
        return outcome
    except MemoryError:
        record["status"] = "failed"
        outcome.issues.append(
            make_issue(
                "file-too-large",
                source_file=name,
                detail="there was not enough memory to read it",
            )
        )
        return outcome
    except Exception as exc:  # a damaged file must never stop the others
        record["status"] = "failed"
        detail = " ".join(str(exc).split())[:160] or exc.__class__.__name__
        outcome.issues.append(
            make_issue(
                "file-corrupt",
                source_file=name,
                detail=f"its contents could not be read ({detail})",
            )
        )
        return outcome
    outcome.issues.extend(entries.issues)
    outcome.entries = entries
    record["tables"] = entries.tables
    record["rows"] = entries.rows
    record["status"] = "read" if entries.tables else "failed"
    return outcome


def _hash(path: Path, record: dict[str, Any]) -> None:
    try:
        record["bytes"] = path.stat().st_size
        record["sha256"] = sha256_of(path)
    except OSError as exc:
        raise FileProblem(
            "file-corrupt", detail=f"it could not be opened ({exc.strerror})"
        ) from exc


def _written_by_chronomerge(package: zipfile.ZipFile) -> bool:
    """True for chronomerge's own Word chronology (its document comment says so)."""
    try:
        with package.open("docProps/core.xml") as part:
            return b"Written by chronomerge" in part.read(64 * 1024)
    except KeyError:
        return False


def _read_tables(
    path: Path, suffix: str, review: ReviewSettings, outcome: FileOutcome
) -> tuple[list[RawTable], dict[str, Any]]:
    """The raw tables of a file, by format, and what was detected on the way."""
    limits = review.limits
    if suffix in DELIMITED:
        table, details = read_delimited(path.read_bytes(), suffix)
        return [table], details
    if suffix in ZIP_WORKBOOKS:
        package = open_package(path, limits, "Excel")
        with package:
            return read_workbook(path, limits, package), {}
    if suffix in WORKBOOKS:
        return read_workbook(path, limits, None), {}
    if suffix in DOCUMENTS:
        with open_package(path, limits, "Word") as package:
            if _written_by_chronomerge(package):
                raise FileProblem("file-skipped", reason=OUTPUT_REASON)
            return read_document(package), {}
    # .doc / .odt: convert a private copy with LibreOffice, then read that.
    if suffix == ".doc" and head_bytes(path, 4).startswith(b"PK"):
        # A .docx saved under a .doc name: read it as what it is.
        with open_package(path, limits, "Word") as package:
            return read_document(package), {"read_as": "docx"}
    with convert.temporary_folder() as folder:
        converted = convert.convert_to_docx(path, Path(folder))
        with open_package(converted, limits, "Word") as package:
            tables = read_document(package)
    kind = convert.CONVERTIBLE[suffix]
    outcome.issues.append(
        make_issue(
            "file-converted", source_file=path.name, kind=kind, target="a .docx file"
        )
    )
    return tables, {"converted_from": suffix.lstrip(".")}
