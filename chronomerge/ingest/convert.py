"""Convert legacy Word (.doc) and OpenDocument text (.odt) with LibreOffice.

The input is copied into a private temporary folder and converted there, so
nothing (not even LibreOffice's lock file) is ever written next to the input.
LibreOffice runs headless with a throwaway profile and no network use.
"""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
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
    reason = outside_references(data, suffix)
    if reason:
        raise FileProblem("file-unsafe", detail=reason)
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
        *no_network_prefix(),
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


# OpenDocument elements whose link LibreOffice loads when it opens the file
# (a clickable hyperlink, text:a, is not among them).
_ODF_LOADS = re.compile(
    rb"<(?:draw:image|draw:object|draw:object-ole|draw:plugin|draw:applet|"
    rb"draw:fill-image|text:section-source|table:table-source|"
    rb"office:dde-source|svg:font-face-uri)\b[^>]*?xlink:href=\"([^\"]*)\""
)


def _inside_package(href: bytes) -> bool:
    """A link to a part of the package itself (``Pictures/1.png``, ``./Object
    1``, ``#bookmark``): no scheme, not absolute, never up out of the folder."""
    text = href.decode("utf-8", "replace").replace("\\", "/")
    if text.startswith("#"):
        return True
    if ":" in text or text.startswith("/"):
        return False
    return ".." not in text.split("/")


# Word 97-2003 field codes that make a program fetch another file or address.
_DOC_FIELDS = tuple(
    word.encode(codec)
    for word in ("INCLUDETEXT", "INCLUDEPICTURE", "IMPORT ", "DDEAUTO", "LINK ")
    for codec in ("ascii", "utf-16-le")
)


def outside_references(data: bytes, suffix: str) -> str:
    """Why a file to convert is refused ("" when it is not): it asks for
    content from outside itself (another file, a network address), which
    LibreOffice could fetch while converting it."""
    if suffix == ".odt":
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
            parts = [n for n in package.namelist() if n.endswith(".xml")]
            for name in parts:
                for match in _ODF_LOADS.finditer(package.read(name)):
                    href = match.group(1).strip()
                    if href and not _inside_package(href):
                        return _outside_message()
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return ""  # a damaged file fails in the conversion, said there
        return ""
    if any(field in data for field in _DOC_FIELDS):
        return _outside_message()
    return ""


def _outside_message() -> str:
    return (
        "it asks for content from outside itself (a linked file, picture or "
        "web address), which chronomerge never fetches. Open it in Word and save "
        "it as a Word Document (.docx), or remove the links, and add it again"
    )


@cache
def no_network_prefix() -> tuple[str, ...]:
    """``unshare`` arguments that run a program with no network at all, where
    this system allows it (Linux user namespaces); otherwise nothing."""
    program = shutil.which("unshare")
    if program is None:
        return ()
    prefix = (program, "--user", "--net", "--map-root-user")
    try:
        probe = subprocess.run(
            [*prefix, "true"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return prefix if probe.returncode == 0 else ()
