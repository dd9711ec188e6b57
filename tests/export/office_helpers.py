"""Launch LibreOffice headless to convert files, as a panel member's
spreadsheet or word processor would open them (shared by the export tests)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    sources: Sequence[Path],
    tmp_path: Path,
    to: str,
    *,
    infilter: str | None = None,
) -> list[Path]:
    """Convert ``sources`` to ``to`` (pdf, xlsx, ...) in one LibreOffice run,
    with a fresh profile (a shared one locks between runs); the converted
    files, in the order given. ``infilter`` picks the import filter and its
    options (e.g. how a CSV is read)."""
    out = tmp_path / to
    profile = (tmp_path / "profile").as_uri()
    command = [
        str(SOFFICE),
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
    ]
    if infilter is not None:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", to, "--outdir", str(out), *map(str, sources)]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=240, check=False
    )
    converted = [out / f"{source.stem}.{to}" for source in sources]
    for source, path in zip(sources, converted, strict=True):
        assert path.exists(), (
            f"no {to} from {source.name}: {result.stdout}{result.stderr}"
        )
    return converted
