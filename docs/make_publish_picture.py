"""Render the README picture of a summary for publication:
docs/images/published_summary.png.

    .venv/bin/python docs/make_publish_picture.py [SOURCE] [--out docs/images]
        [--width 1100] [--height 900]

SOURCE is a published_summary.html, or the --out folder of a ``chronomerge
publish`` run (which holds one). Without it, entries of the sample review in
sample_data/child_a are published (ENTRIES below: the school's referral, a
clinic visit with an NHS number, a neighbour named in a police call-out, the
child's admission and the day the children became looked after), with dates
to the month, into a temporary folder.

The page is drawn by Debian's headless Chromium with a throw-away profile and
no network, as docs/make_timeline_picture.py draws the timeline: the page
holds no script and fetches nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_timeline_picture import ROOT, SAMPLE, screenshot  # noqa: E402

PICTURE = "published_summary.png"
ENTRIES = (
    "Ec625642bd0",
    "Ec59cbb3d4e",
    "E4ad41db0c2",
    "Eea0361a36b",
    "E70fe03ab6e",
    "E29c36029fc",
)


def _sample_summary(folder: Path) -> Path:
    """Publish the sample's ENTRIES, dates to the month, into ``folder``."""
    from chronomerge.pipeline import build_publication

    published, written = build_publication(
        SAMPLE, folder, entries=list(ENTRIES), dates="month"
    )
    print(f"published {len(published.summary)} rows; {len(published.risks)} risks")
    return next(path for path in written if path.suffix == ".html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        help="a published_summary.html or a publish --out folder (default: the sample)",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "images", help="where to write"
    )
    parser.add_argument("--width", type=int, default=1100, help="window width (px)")
    parser.add_argument("--height", type=int, default=900, help="window height (px)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.source is None:
            page = _sample_summary(Path(tmp) / "published")
        elif args.source.is_dir():
            page = args.source / "published_summary.html"
        else:
            page = args.source
        if not page.is_file():
            sys.exit(f"make_publish_picture: {page} does not exist")
        picture = screenshot(page, args.out / PICTURE, args.width, args.height)
    print(f"wrote {picture}")


if __name__ == "__main__":
    main()
