"""Checks made before a file is parsed, so a hostile or damaged file is
reported instead of hanging or exhausting memory.

Excel and Word files are zip archives of XML. A "zip bomb" declares parts that
expand to gigabytes; an "entity bomb" defines XML entities that expand
exponentially. Office never writes XML document type declarations, so any
declaration in a part is refused, and declared sizes and compression ratios
are checked against the review file's [limits] before anything is expanded.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ..review import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MB = 1024 * 1024
MAX_PARTS = 20_000
# Parts smaller than this may compress very well for honest reasons.
RATIO_FLOOR = 4 * MB
PRESCAN_BYTES = 64 * 1024
MAX_PROLOG = 4 * MB
# The start of a root element, after the declaration, comments and DTD.
_ROOT = re.compile(rb"<[A-Za-z_]")
_DTD_MARKERS = (
    b"<!DOCTYPE",
    b"<!ENTITY",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)


class FileProblem(Exception):
    """A whole file cannot be read: carries an issue code and its context."""

    def __init__(self, code: str, **context: Any) -> None:
        super().__init__(code)
        self.code = code
        self.context = context


def head_bytes(path: Path, size: int = 8) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def ole_is_encrypted(path: Path, limit: int = 64 * MB) -> bool:
    """True when an OLE container holds an encrypted Office package.

    Password-protected .xlsx and .docx files are stored as an OLE container
    with an "EncryptedPackage" stream; a legacy .xls or .doc has none.
    """
    markers = (
        "EncryptedPackage".encode("utf-16-le"),
        "EncryptionInfo".encode("utf-16-le"),
    )
    with path.open("rb") as handle:
        data = handle.read(limit)
    return any(m in data for m in markers)


def check_size(path: Path, limits: Limits) -> int:
    """The file's size in bytes; refuses empty and oversized files."""
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("file-empty")
    if size > limits.max_file_mb * MB:
        raise FileProblem(
            "file-too-large",
            detail=f"it is {size / MB:,.0f} MB and the limit is "
            f"{limits.max_file_mb:,.0f} MB (max_file_mb)",
        )
    return size


def open_package(path: Path, limits: Limits, what: str) -> zipfile.ZipFile:
    """Open an Office zip package after checking it is whole and not a bomb.

    Args:
        path: the .xlsx/.docx (or .xlsm, .docm, .ods) file.
        limits: the review file's limits.
        what: "Excel" or "Word", for messages.
    """
    head = head_bytes(path)
    if head.startswith(OLE_MAGIC):
        if ole_is_encrypted(path):
            raise FileProblem("file-encrypted")
        raise FileProblem(
            "file-unsupported",
            kind="older-format",
            how=f"It is in the older {what} format with a new file name: open it "
            f"in {what}, save it as a {what} file in the current format, and add "
            "that copy.",
        )
    if not head.startswith(ZIP_MAGICS):
        raise FileProblem(
            "file-corrupt",
            detail=f"it is not really an {what} file (its contents are of another "
            "kind, perhaps a web page or text saved under this name)",
        )
    try:
        package = zipfile.ZipFile(path)
        infos = package.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise FileProblem(
            "file-corrupt",
            detail="it is incomplete or damaged (it may have been cut short when "
            f"it was sent: {exc})",
        ) from exc
    try:
        _check_members(infos, limits)
        _prescan_xml(package, infos)
    except BaseException:
        package.close()
        raise
    return package


def _check_members(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_PARTS:
        raise FileProblem(
            "file-unsafe", detail=f"it holds {len(infos):,} parts, far more than usual"
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise FileProblem("file-encrypted")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_mb * MB:
        raise FileProblem(
            "file-too-large",
            detail=f"it expands to {total / MB:,.0f} MB and the limit is "
            f"{limits.max_uncompressed_mb:,.0f} MB (max_uncompressed_mb)",
        )
    for info in infos:
        if info.file_size < RATIO_FLOOR:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise FileProblem(
                "file-unsafe",
                detail=f"its part '{info.filename}' would expand {ratio:,.0f} times "
                f"its stored size (the limit is {limits.max_compression_ratio:,.0f}; "
                "this is how 'zip bombs' work)",
            )


def _prescan_xml(package: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts that declare a document type (entity bombs).

    A declaration can only come before the root element, so each part is
    read up to its root element (and no further), however long the comments
    before it are.
    """
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with package.open(info) as part:
            start = part.read(PRESCAN_BYTES)
            if start.startswith((b"\xff\xfe", b"\xfe\xff")):
                prolog = start  # UTF-16: the markers are checked in both orders
            else:
                while not _ROOT.search(start) and len(start) < MAX_PROLOG:
                    more = part.read(PRESCAN_BYTES)
                    if not more:
                        break
                    start += more
                root = _ROOT.search(start)
                if root is None and len(start) >= MAX_PROLOG:
                    raise FileProblem(
                        "file-unsafe",
                        detail=f"its part '{info.filename}' starts with "
                        f"{MAX_PROLOG // MB} MB of text before any content",
                    )
                prolog = start[: root.start()] if root else start
        if any(marker in prolog for marker in _DTD_MARKERS):
            raise FileProblem(
                "file-unsafe",
                detail=f"its part '{info.filename}' declares XML entities, which "
                "Excel and Word never write (this is how 'XML bombs' work)",
            )


def safe_xml_parser_options() -> dict[str, Any]:
    """lxml parser settings that never expand entities or reach the network."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "huge_tree": False,
        "load_dtd": False,
        "dtd_validation": False,
    }
