"""Open an input file once, never through a link, and tell what it really is.

A file is opened a single time with ``O_NOFOLLOW`` and checked with ``fstat``
on the open handle, so a symbolic link (to /etc/passwd, to a device, to
itself) is refused and nothing can be swapped in between a check and the
read. Every reader then works from the bytes read here: the name of a file
says what its sender meant, its first bytes say what it is.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..review import Limits
from .safety import MB, OLE_MAGIC, ZIP_MAGICS, FileProblem

LINK_HOW = "copy the file itself into the folder and run again"
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the run
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True)
class Opened:
    """An input's bytes, read once, and what its contents show it to be."""

    data: bytes
    kind: str  # "zip", "ole", "pdf", "rtf" or "text"


def is_link(path: Path) -> bool:
    """True for a symbolic link (or a Windows junction), without following it."""
    try:
        return path.is_symlink() or bool(getattr(path, "is_junction", bool)())
    except OSError:
        return False


def special_reason(mode: int) -> str:
    """Why a file of this mode is not read ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a pipe, not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    return "it is not an ordinary file"


def read_once(path: Path, limits: Limits) -> bytes:
    """The whole file, read through one handle that refuses links.

    Raises:
        FileProblem: a link, something other than a regular file, a file that
            is missing, unreadable or over ``max_file_mb``.
    """
    if is_link(path):
        raise FileProblem("file-link")
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _open_problem(path, exc) from exc
    try:
        info = os.fstat(handle)
        reason = special_reason(info.st_mode)
        if reason:
            raise FileProblem("file-skipped", reason=reason)
        limit = int(limits.max_file_mb * MB)
        if info.st_size > limit:
            raise FileProblem("file-too-large", detail=_too_large(info.st_size, limits))
        data = _read_all(handle, limit)
    finally:
        os.close(handle)
    return data


def _read_all(handle: int, limit: int) -> bytes:
    """Read to the end, refusing a file that grows past the limit meanwhile."""
    if hasattr(os, "set_blocking"):
        os.set_blocking(handle, True)
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(handle, 4 * MB)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise FileProblem(
                "file-too-large", detail=f"it is over {limit / MB:,.0f} MB"
            )
        chunks.append(chunk)


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"it is {size / MB:,.0f} MB and the limit is {limits.max_file_mb:,.0f} MB "
        "(max_file_mb)"
    )


def _open_problem(path: Path, exc: OSError) -> FileProblem:
    if exc.errno in (errno.ELOOP, errno.EMLINK) or is_link(path):
        return FileProblem("file-link")
    if exc.errno == errno.ENOENT:
        return FileProblem(
            "file-skipped",
            severity="error",
            reason="it was not found: check the file name and folder",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileProblem(
            "file-corrupt",
            detail="you do not have permission to open it (ask whoever gave you "
            "the folder to share the file with you)",
        )
    text = exc.strerror or exc.__class__.__name__
    return FileProblem("file-corrupt", detail=f"it could not be opened ({text})")


def kind_of(data: bytes) -> str:
    """What the first bytes show a file to be, whatever its name says."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(ZIP_MAGICS):
        return "zip"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.lstrip()[:5].lower() == b"{\\rtf":
        return "rtf"
    return "text"


def package_kind(package: zipfile.ZipFile) -> str:
    """Which Office or OpenDocument format a zip package holds.

    One of "xlsx", "xlsb", "docx", "ods", "odt" or "" for a zip of anything
    else; decided by the parts the package holds, not by its file name.
    """
    names = set(package.namelist())
    if "mimetype" in names:
        with package.open("mimetype") as part:
            mimetype = part.read(128).strip()
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        if mimetype == b"application/vnd.oasis.opendocument.text":
            return "odt"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "word/document.xml" in names:
        return "docx"
    return ""


def ole_kind(data: bytes) -> str:
    """ "xls", "doc" or "" for a legacy (OLE) Office file, by its streams."""
    head = data[: 8 * MB]
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "xls"
    return ""


def odf_is_encrypted(package: zipfile.ZipFile) -> bool:
    """True when an OpenDocument file is saved with a password (its manifest
    lists encryption data for its parts)."""
    try:
        with package.open("META-INF/manifest.xml") as part:
            return b"encryption-data" in part.read(4 * MB)
    except KeyError:
        return False
