"""Render the README picture of key practice episodes on the timeline:
docs/images/episodes_timeline.png.

    .venv/bin/python docs/make_episodes_picture.py [--out docs/images]

The sample review's proposed episodes are written into a copy of its review
file (as ``chronomerge episodes --write`` does); the first two are accepted,
the first renamed, as an author would; the sample is merged with that file,
pseudonymised, and its timeline drawn by Debian's headless Chromium with the
accepted episodes as numbered bands behind the lanes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))
SAMPLE = ROOT / "sample_data" / "child_a"
PICTURE = "episodes_timeline.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--width", type=int, default=1600, help="window width (px)")
    args = parser.parse_args()
    from make_timeline_picture import screenshot

    import chronomerge as cm
    from chronomerge.pipeline import build_pack

    with tempfile.TemporaryDirectory() as work:
        review = Path(work) / "review.toml"
        shutil.copy(SAMPLE / "review.toml", review)
        cm.record_episodes(review, cm.merge(SAMPLE).episodes.to_dict("records"))
        settings = cm.read_review(review)
        decided = []
        for number, episode in enumerate(settings.episodes):
            if number == 0:
                episode = episode.model_copy(
                    update={"status": "accepted", "title": "Bruising to Child A"}
                )
            elif number == 1:
                episode = episode.model_copy(update={"status": "accepted"})
            decided.append(episode)
        chosen = settings.model_copy(update={"episodes": decided})
        out = Path(work) / "pack"
        _, written = build_pack(
            SAMPLE, out, chosen, pseudonymise=True, outputs=("html",)
        )
        page = next(path for path in written if path.name == "timeline.html")
        picture = screenshot(page, args.out / PICTURE, args.width)
    print(f"wrote {picture}")


if __name__ == "__main__":
    main()
