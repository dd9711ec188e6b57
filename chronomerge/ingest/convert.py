"""Convert legacy Word (.doc) and OpenDocument text (.odt) with LibreOffice.

The input is copied into a private temporary folder and converted there, so
nothing (not even LibreOffice's lock file) is ever written next to the input.
LibreOffice runs headless with a throwaway profile and no network use.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from .safety import FileProblem

CONVERTIBLE = {".doc": "Word 97-2003", ".odt": "OpenDocument text"}
TIMEOUT_SECONDS = 180


def soffice() -> str | None:
    """The LibreOffice program, when it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def how_to_convert(suffix: str) -> str:
    """Plain words telling a person how to convert a file themselves."""
    if suffix == ".odt":
        return (
            "Open it in LibreOffice or Word and save it as a Word Document (.docx), "
            "or install LibreOffice so chronomerge can convert it."
        )
    return (
        "Open it in Word and choose File > Save As > Word Document (.docx), or "
        "install LibreOffice so chronomerge can convert it."
    )


def convert_to_docx(data: bytes, suffix: str, folder: Path) -> Path:
    """Convert a .doc or .odt file's bytes to .docx inside ``folder`` (a temp
    folder). The bytes are the ones already read and checked (an .odt's parts
    were scanned for entity declarations first), never the input path again.

    Raises:
        FileProblem: when LibreOffice is missing or the conversion fails.
    """
    program = soffice()
    if program is None:
        raise FileProblem(
            "file-unsupported",
            kind=CONVERTIBLE.get(suffix, suffix),
            how=how_to_convert(suffix),
        )
    source = folder / "in" / f"input{suffix}"
    source.parent.mkdir(parents=True)
    source.write_bytes(data)
    out = folder / "out"
    profile = _profile()
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    env = {**os.environ, "HOME": str(folder)}
    try:
        subprocess.run(
            command,
            check=False,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failed(suffix) from exc
    result = out / "input.docx"
    if not result.is_file() or result.stat().st_size == 0:
        raise _failed(suffix)
    return result


@cache
def _profile() -> Path:
    """One throwaway LibreOffice profile per run (starting a new one is slow)."""
    folder = Path(tempfile.mkdtemp(prefix="chronomerge-libreoffice-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder / "profile"


def _failed(suffix: str) -> FileProblem:
    return FileProblem(
        "file-unsupported",
        kind=CONVERTIBLE.get(suffix, suffix),
        how="LibreOffice could not convert it. " + how_to_convert(suffix),
    )


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A private folder for one conversion, removed when closed."""
    return tempfile.TemporaryDirectory(prefix="chronomerge-convert-")
