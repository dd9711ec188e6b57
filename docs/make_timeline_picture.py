"""Render the README picture of the timeline: docs/images/timeline.png.

    .venv/bin/python docs/make_timeline_picture.py [SOURCE] [--out docs/images]
        [--width 1600]

SOURCE is a timeline.html, or the --out folder of a ``chronomerge merge`` run
(which holds one). Without it, the sample review in sample_data/child_a is
merged and pseudonymised (as ``chronomerge merge --pseudonymise`` does) and
its timeline written to a temporary folder.

The page is drawn by Debian's headless Chromium (``chromium --headless
--screenshot``) with a throw-away profile and no network: the page holds
everything it needs, and its Content-Security-Policy forbids any connection.
The window is as tall as the page, so the picture shows every lane and the
key without scrolling.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
PICTURE = "timeline.png"
PAGE_CHROME = 100  # the page's marking bars and note around the figure (px)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # root in a container has no user namespace sandbox
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--virtual-time-budget=30000",  # let plotly.js draw before the picture
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit(
        "make_timeline_picture: chromium is not installed (apt-get install chromium)"
    )


def _sample_timeline(folder: Path) -> Path:
    """Merge the sample review, pseudonymised, and write only its timeline."""
    from chronomerge.pipeline import build_pack

    chronology, written = build_pack(
        SAMPLE, folder, pseudonymise=True, outputs=("html",)
    )
    print(f"merged {len(chronology.entries)} entries from {SAMPLE.name}")
    return next(path for path in written if path.name == "timeline.html")


def _page_height(page: Path) -> int:
    """The figure's height, read from the page, plus the page around it."""
    import json
    import re

    from chronomerge.export.timeline.page import DATA_ID, unpack

    text = page.read_text(encoding="utf-8")
    found = re.search(rf'<script[^>]*id="{DATA_ID}"[^>]*>(.*?)</script>', text, re.S)
    if not found:
        sys.exit(f"make_timeline_picture: {page} is not a chronomerge timeline")
    layout = json.loads(unpack(found.group(1)))["layout"]
    return int(layout.get("height", 900)) + PAGE_CHROME


def screenshot(page: Path, target: Path, width: int, height: int = 0) -> Path:
    """Draw ``page`` in headless Chromium and save it as a PNG (``height``:
    the window's, else the timeline's own height)."""
    height = height or _page_height(page)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                _chromium(),
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={target}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    if not target.exists() or target.stat().st_size == 0:
        sys.exit(f"{Path(sys.argv[0]).stem}: Chromium wrote no picture of {page}")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        help="a timeline.html or a merge's --out folder (default: the sample)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "images",
        help=f"where to write {PICTURE}",
    )
    parser.add_argument("--width", type=int, default=1600, help="window width (px)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.source is None:
            page = _sample_timeline(Path(tmp) / "pack")
        elif args.source.is_dir():
            page = args.source / "timeline.html"
        else:
            page = args.source
        if not page.is_file():
            sys.exit(f"make_timeline_picture: {page} does not exist")
        picture = screenshot(page, args.out / PICTURE, args.width)
    print(f"wrote {picture}")


if __name__ == "__main__":
    main()
