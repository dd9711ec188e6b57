"""Render the README pictures of the sharing page: who shared with whom, and
what was known at a decision.

    .venv/bin/python docs/make_sharing_pictures.py [--out docs/images]

Merges the sample review, writes its sharing page (``chronomerge sharing
--map``) and screenshots it with headless Chromium: ``sharing.png`` (the
picture of sends and receipts) and ``known.png`` (the What was known
section, filtered to children's social care with its first decision
opened, as a reader would click it). Needs chromium (or chromium-browser).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chronomerge import merge  # noqa: E402

AGENCY = "Wexmoor Children's Social Care"


def _shoot(browser: str, page: Path, target: Path, size: str) -> None:
    subprocess.run(
        [browser, "--headless", "--disable-gpu", "--no-sandbox",
         "--hide-scrollbars", f"--screenshot={target}", f"--window-size={size}",
         page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def _opened(page: str) -> str:
    """The What was known section alone, one agency chosen, a decision open."""
    start = page.index("<style>\n#f")
    label = AGENCY.replace("'", "&#x27;")
    number = re.search(rf'<label for="f(\d+)">{re.escape(label)}</label>', page)
    if number is None:
        raise SystemExit(f"{AGENCY} has no decisions on the page")
    n = number.group(1)
    body = page[start:].replace('id="f0" checked', 'id="f0"')
    body = body.replace(f'id="f{n}">', f'id="f{n}" checked>', 1)
    body = body.replace(
        f'<details class="d a{n}">', f'<details class="d a{n}" open>', 1
    )
    return page[: page.index("<h1>")] + "<body>" + body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("install chromium to render the pictures")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        page = merge(ROOT / "sample_data" / "child_a").write_sharing_map(
            work / "sharing.html"
        )
        _shoot(browser, page, args.out / "sharing.png", "1250,930")
        opened = work / "known.html"
        opened.write_text(_opened(page.read_text("utf-8")), encoding="utf-8")
        _shoot(browser, opened, args.out / "known.png", "1250,900")
    print(f"wrote sharing.png and known.png in {args.out}")


if __name__ == "__main__":
    main()
