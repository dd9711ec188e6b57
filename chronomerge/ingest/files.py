"""Find the input files, check each is safe, and send it to its reader.

A bad file never stops the others: whatever goes wrong with one file becomes
one issue naming it and saying what to do, and the next file is read.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..agencies import AgencyResolver
from ..catalogue import make_issue
from ..model import FileRecord, Issue
from ..review import ReviewSettings
from . import convert
from .choose import OUTPUT_REASON
from .delimited import read_delimited
from .excel import read_workbook
from .opening import (
    is_link,
    kind_of,
    odf_is_encrypted,
    ole_kind,
    package_kind,
    read_once,
)
from .raw import FileContext, FileEntries, RawTable
from .safety import FileProblem, ole_is_encrypted, open_package
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

    record: FileRecord
    issues: list[Issue] = field(default_factory=list)
    entries: FileEntries | None = None


def discover(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """The files to consider, folders read recursively, in a stable order.

    Hidden and system files found inside folders are left out silently; files
    named one by one are always considered. Links found in a folder (to a
    file, a folder, or nowhere) are listed, never followed, so that each is
    reported and skipped by :func:`read_file`.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    found: list[Path] = []
    seen: set[str] = set()
    for item in inputs:
        path = Path(item)
        children = _walk(path) if path.is_dir() and not is_link(path) else [path]
        for child in children:
            key = _identity(child)
            if key not in seen:
                seen.add(key)
                found.append(child)
    return found


def _walk(folder: Path) -> list[Path]:
    """Every entry under ``folder`` that may be an input, links not followed."""
    children: list[Path] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        for name in dirs:
            if is_link(here / name):
                children.append(here / name)  # reported as a link, not entered
        children.extend(here / name for name in files)
    kept = [p for p in children if not _is_system(p.relative_to(folder))]
    kept.sort(key=lambda p: str(p.relative_to(folder)).casefold())
    return kept


def _identity(path: Path) -> str:
    """The same file named twice is read once; a link is never resolved."""
    if is_link(path):
        return os.path.normpath(path.absolute())
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.normpath(path.absolute())


def _is_system(relative: Path) -> bool:
    if any(part.startswith(".") for part in relative.parts):
        return True
    return relative.name.casefold() in _SYSTEM_NAMES


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
    record = FileRecord(name=name, path=str(path), format=suffix.lstrip("."))
    outcome = FileOutcome(record)
    try:
        if is_link(path):
            raise FileProblem("file-link")
        data = read_once(path, review.limits)
        outcome.record = replace(
            record, bytes=len(data), sha256=hashlib.sha256(data).hexdigest()
        )
        reason = skip_reason(path)
        if reason:
            raise FileProblem("file-skipped", reason=reason)
        if not data:
            raise FileProblem("file-empty")
        if suffix in UNSUPPORTED:
            kind, how = UNSUPPORTED[suffix]
            raise FileProblem("file-unsupported", kind=kind, how=how)
        ctx = FileContext(
            name=name,
            path=str(path),
            override=review.override_for(name),
            resolver=resolver,
            max_rows=review.limits.max_rows,
            allow_sheet_skips=suffix in WORKBOOKS,
        )
        tables, details = _read_tables(data, suffix, review, outcome)
        outcome.record = replace(outcome.record, **details)
        if details.get("read_as"):
            ctx.allow_sheet_skips = details["read_as"] in {"xlsx", "xlsb", "xls", "ods"}
        entries = assemble(tables, ctx)
    except FileProblem as problem:
        return _refused(outcome, problem)
    except MemoryError:
        return _refused(
            outcome,
            FileProblem(
                "file-too-large", detail="there was not enough memory to read it"
            ),
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a damaged file must never stop the others
        # BaseException: a reading library's panic (pyo3's PanicException) is
        # not an Exception, and must not end the run with a traceback.
        detail = " ".join(str(exc).split())[:160] or exc.__class__.__name__
        return _refused(
            outcome,
            FileProblem(
                "file-corrupt", detail=f"its contents could not be read ({detail})"
            ),
        )
    outcome.issues.extend(entries.issues)
    outcome.issues.extend(_formula_issues(name, tables))
    outcome.entries = entries
    outcome.record = replace(
        outcome.record,
        tables=tuple(entries.tables),
        rows=entries.rows,
        status="read" if entries.tables else "failed",
    )
    if not entries.tables:
        outcome.issues.extend(_nothing_read(name, suffix, tables, outcome.issues))
    return outcome


def _refused(outcome: FileOutcome, problem: FileProblem) -> FileOutcome:
    """The outcome of a file that was not read: one issue, saying why."""
    skipped = problem.code in _SKIPS and problem.context.get("severity") != "error"
    outcome.record = replace(outcome.record, status="skipped" if skipped else "failed")
    outcome.issues.append(
        make_issue(problem.code, source_file=outcome.record.name, **problem.context)
    )
    return outcome


_SKIPS = {"file-skipped", "file-link"}


def _formula_issues(name: str, tables: list[RawTable]) -> list[Issue]:
    issues: list[Issue] = []
    for table in tables:
        for row, cells in sorted(table.unsaved_formulas.items()):
            issues.append(
                make_issue(
                    "formula-unsaved",
                    source_file=name,
                    source_location=table.location,
                    source_row=row,
                    cells=", ".join(cells),
                )
            )
    return issues


def _nothing_read(
    name: str, suffix: str, tables: list[RawTable], issues: list[Issue]
) -> list[Issue]:
    """An error saying why a file gave no entries, unless one says so already."""
    if any(i.severity == "error" and i.source_file == name for i in issues):
        return []
    if not tables:
        what = (
            "it has no sheet"
            if suffix in WORKBOOKS
            else "it has no table (perhaps only text, pictures or a scanned page)"
        )
    else:
        reasons = [i.message.rstrip(".") for i in issues if i.source_file == name]
        what = "; ".join(reasons) if reasons else "none of its tables holds entries"
    return [make_issue("file-nothing-read", source_file=name, detail=what)]


def _written_by_chronomerge(package: zipfile.ZipFile) -> bool:
    """True for chronomerge's own Word chronology (its document comment says so)."""
    try:
        with package.open("docProps/core.xml") as part:
            return b"Written by chronomerge" in part.read(64 * 1024)
    except KeyError:
        return False


def _read_tables(
    data: bytes, suffix: str, review: ReviewSettings, outcome: FileOutcome
) -> tuple[list[RawTable], dict[str, Any]]:
    """The raw tables of a file, by what its contents are (its name second)."""
    limits = review.limits
    name = outcome.record.name
    kind = kind_of(data)
    if kind == "zip":
        package = open_package(data, limits, _what(suffix))
        with package:
            found = package_kind(package)
            if found in ("ods", "odt") and odf_is_encrypted(package):
                raise FileProblem("file-encrypted")
            details = _misnamed(found, suffix, outcome)
            if found in ("xlsx", "ods", "xlsb"):
                return read_workbook(
                    data, limits, package if found == "xlsx" else None
                ), details
            if found == "docx" or (not found and suffix in DOCUMENTS):
                if _written_by_chronomerge(package):
                    raise FileProblem("file-skipped", reason=OUTPUT_REASON)
                return read_document(package), details
            if not found and suffix in WORKBOOKS:
                raise FileProblem(
                    "file-corrupt",
                    detail="it is not a complete Excel file (the parts that hold "
                    "its sheets are missing)",
                )
            if found != "odt":
                raise FileProblem(
                    "file-unsupported",
                    kind="zip archive",
                    how="It is a zip archive, not an Excel or Word file. Extract the "
                    "files from it and add those instead.",
                )
        return _converted(data, ".odt", name, outcome, limits), {
            **details,
            "converted_from": "odt",
        }
    if kind == "ole":
        if ole_is_encrypted(data):
            raise FileProblem("file-encrypted")
        if suffix in ZIP_WORKBOOKS | DOCUMENTS | {".xlsb"}:
            open_package(data, limits, _what(suffix))  # says "older format"
        found = ole_kind(data) or (
            "doc" if suffix in (".doc", ".docx", ".docm") else "xls"
        )
        details = _misnamed(found, suffix, outcome)
        if found == "xls":
            return read_workbook(data, limits, None), details
        return _converted(data, ".doc", name, outcome, limits), {
            **details,
            "converted_from": "doc",
        }
    if kind in ("pdf", "rtf"):
        label, how = UNSUPPORTED["." + kind]
        raise FileProblem("file-unsupported", kind=label, how=how)
    if suffix in DELIMITED:
        table, details = read_delimited(data, suffix)
        return [table], details
    if suffix in convert.CONVERTIBLE:
        raise FileProblem(
            "file-corrupt",
            detail=f"it is not really a {convert.CONVERTIBLE[suffix]} file (its "
            "contents are of another kind, perhaps text saved under this name)",
        )
    raise FileProblem(
        "file-corrupt",
        detail=f"it is not really an {_what(suffix)} file (its contents are of "
        "another kind, perhaps a web page or text saved under this name)",
    )


def _what(suffix: str) -> str:
    return "Word" if suffix in DOCUMENTS or suffix in convert.CONVERTIBLE else "Excel"


# What each format is called, and the file names it is usually given.
_FORMATS = {
    "xlsx": ("an Excel workbook", {".xlsx", ".xlsm"}),
    "xlsb": ("an Excel binary workbook", {".xlsb"}),
    "xls": ("an Excel 97-2003 workbook", {".xls"}),
    "ods": ("an OpenDocument spreadsheet", {".ods"}),
    "docx": ("a Word document", {".docx", ".docm"}),
    "doc": ("a Word 97-2003 document", {".doc"}),
    "odt": ("an OpenDocument text", {".odt"}),
}


def _misnamed(found: str, suffix: str, outcome: FileOutcome) -> dict[str, Any]:
    """Note a file whose name says one format and whose contents another."""
    if not found or suffix in _FORMATS[found][1]:
        return {}
    outcome.issues.append(
        make_issue(
            "file-misnamed",
            source_file=outcome.record.name,
            kind=_FORMATS[found][0],
            suffix=sorted(_FORMATS[found][1])[0],
        )
    )
    return {"read_as": found}


def _converted(
    data: bytes, suffix: str, name: str, outcome: FileOutcome, limits: Any
) -> list[RawTable]:
    """.doc / .odt: convert a private copy with LibreOffice, then read that."""
    with convert.temporary_folder() as folder:
        converted = convert.convert_to_docx(data, suffix, Path(folder))
        with open_package(converted, limits, "Word") as package:
            tables = read_document(package)
    outcome.issues.append(
        make_issue(
            "file-converted",
            source_file=name,
            kind=convert.CONVERTIBLE[suffix],
            target="a .docx file",
        )
    )
    return tables
