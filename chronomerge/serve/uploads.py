"""Save uploaded files safely: size and count limits, zip folders unpacked
with their declared sizes checked first and no path leaving the folder."""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from ..ingest.safety import ZIP_READ_ERRORS

READABLE = {
    ".xlsx",
    ".xlsm",
    ".xls",
    ".docx",
    ".docm",
    ".csv",
    ".tsv",
    ".txt",
    ".doc",
    ".odt",
    ".ods",
    ".rtf",
    ".pdf",
}


@dataclass(frozen=True)
class UploadLimits:
    max_file_mb: float = 50
    max_total_mb: float = 200
    max_files: int = 60


class UploadError(Exception):
    """A plain-words reason the upload was refused."""


def safe_name(name: str) -> str:
    """A file name with no folders and no characters that could escape."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    base = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", base)
    return base.lstrip(".") or "upload"


async def save_uploads(
    files: list[UploadFile],
    folder: Path,
    limits: UploadLimits,
    notes: list[str] | None = None,
) -> list[Path]:
    """Write uploads into ``folder``; unpack .zip files. Raises UploadError.

    Every file is written as plain bytes (never as a link), and the merge then
    reads the folder exactly as ``chronomerge merge`` reads one. A member of a
    zipped folder that is a link, or that is damaged, is left out and said in
    ``notes``; it never stops the other files.
    """
    saved: list[Path] = []
    total = 0
    real = [f for f in files if getattr(f, "filename", "")]
    if not real:
        raise UploadError("No file was chosen. Choose a file, then press the button.")
    for upload in real:
        name = safe_name(upload.filename or "")
        data = await upload.read(int(limits.max_file_mb * 1024 * 1024) + 1)
        if len(data) > limits.max_file_mb * 1024 * 1024:
            raise UploadError(
                f"{name} is larger than {limits.max_file_mb:g} MB. Split it, or "
                "run 'chronomerge merge' on the command line instead."
            )
        total += len(data)
        if total > limits.max_total_mb * 1024 * 1024:
            raise UploadError(
                f"The files together are larger than {limits.max_total_mb:g} MB."
            )
        target = _unique(folder / name)
        target.write_bytes(data)
        if target.suffix.lower() == ".zip":
            saved += unpack_zip(target, folder, limits, notes)
            target.unlink()
        else:
            saved.append(target)
        if len(saved) > limits.max_files:
            raise UploadError(f"More than {limits.max_files} files were sent.")
    return saved


def unpack_zip(
    path: Path, folder: Path, limits: UploadLimits, notes: list[str] | None = None
) -> list[Path]:
    """Unpack the readable files of a zipped folder, flat, after checking sizes.

    Links stored in the zip are not unpacked, and a damaged member is left
    out; each is said in ``notes`` and the other members are unpacked.
    """
    said = notes if notes is not None else []
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UploadError(
            f"{path.name} is not a zip file that can be opened."
        ) from None
    with archive:
        members = [
            m
            for m in archive.infolist()
            if not m.is_dir()
            and Path(m.filename).suffix.lower() in READABLE
            and not Path(m.filename).name.startswith(("~$", "."))
            and "__MACOSX" not in m.filename
        ]
        if len(members) > limits.max_files:
            raise UploadError(f"{path.name} holds more than {limits.max_files} files.")
        declared = sum(m.file_size for m in members)
        if declared > limits.max_total_mb * 1024 * 1024:
            raise UploadError(
                f"{path.name} unpacks to more than {limits.max_total_mb:g} MB."
            )
        out: list[Path] = []
        for member in members:
            name = safe_name(member.filename)
            if stat.S_ISLNK(member.external_attr >> 16):
                said.append(
                    f"{name} in {path.name} was not read: it is a link to another "
                    "file, and chronomerge never follows links. Put the file itself "
                    "in the zip."
                )
                continue
            try:
                with archive.open(member) as source:
                    data = source.read(member.file_size + 1)
            except ZIP_READ_ERRORS:
                data = None
            if data is None or len(data) > member.file_size:
                said.append(
                    f"{name} in {path.name} was not read: it is damaged inside the "
                    "zip. Add the file itself, or zip the folder again."
                )
                continue
            target = _unique(folder / name)
            target.write_bytes(data)
            out.append(target)
        return out


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate
