"""Time the timeline page and print its figures: size, writing, first draw.

    .venv/bin/python bench/timeline.py [--sizes sample,20000,100000] [--runs 3]
                                       [--keep DIR]

For the fictional review in sample_data/child_a (merged first; only the
writing is timed) and for large synthetic reviews (a dozen agencies over six
years, about one entry in eight with an imprecise date, one in four linked
with another agency's, gaps and flags), writes timeline.html, opens it in
Debian's headless Chromium (through Playwright, never a downloaded browser)
and prints the file size, the seconds to write it, and the first draw: from
navigation until Plotly has drawn (the page's ``chronomerge-drawn`` mark),
and until the test driver sees it drawn. The page with no entries shows
what loading plotly.js alone costs. Aim at 20,000 entries: at most 6 MB and
a first draw within 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from chronomerge.chronology import Chronology
from chronomerge.export.timeline import timeline_figure, write_timeline
from chronomerge.model import FLAG_COLUMNS, GAP_COLUMNS, ISSUE_COLUMNS, make_entry_id
from chronomerge.resources import load_toml
from chronomerge.review import ReviewSettings

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WORDS = str.split(
    "mother father partner child seen home visit concerns reported school nursery "
    "appointment missed referral assessment plan strategy police attended bruise "
    "injury domestic abuse alcohol housing arrears neighbour call health visitor "
    "weight centile immunisations letter sent telephone no answer discussed agreed "
    "safeguarding review conference core group plan continues stepped down"
)
PRECISIONS = [
    ("day", 0.86, 0),
    ("week", 0.04, 6),
    ("month", 0.05, 30),
    ("season", 0.02, 91),
    ("term", 0.01, 100),
    ("year", 0.01, 364),
    ("unknown", 0.01, 0),
]


def synthetic_chronology(n: int, seed: int = 20) -> Chronology:
    """``n`` random entries shaped like a merged review (fictional)."""
    rng = random.Random(seed)
    kinds = load_toml("agencies.toml")["kinds"]
    agencies = [(data["name"], kind) for kind, data in list(kinds.items())[:12]]
    types = list(load_toml("event_types.toml")["types"])
    first = dt.date(2014, 1, 1)
    span = 6 * 365
    records = []
    groups_open: list[tuple[str, dt.date]] = []
    for i in range(n):
        agency, kind = rng.choice(agencies)
        day = first + dt.timedelta(days=int(rng.triangular(0, span, span * 0.8)))
        precision, _, length = rng.choices(
            PRECISIONS, weights=[p[1] for p in PRECISIONS]
        )[0]
        start, end = day.isoformat(), (day + dt.timedelta(days=length)).isoformat()
        text = day.strftime("%d/%m/%Y")
        if precision == "unknown":
            start = end = ""
            text = "N/K"
        elif precision != "day":
            text = f"{precision} of {day:%B %Y}"
        row = 2 + i // len(agencies)
        file = f"{kind}.xlsx"
        entry_id = make_entry_id(file, "Chronology", row * 100 + i % 100)
        group = f"G{i:06d}"
        if groups_open and rng.random() < 0.25:
            group, day = groups_open[-1]
            start = end = day.isoformat()
            precision, text = "day", day.strftime("%d/%m/%Y")
        elif rng.random() < 0.3:
            groups_open.append((group, day))
        words = rng.randint(12, 70)
        records.append(
            {
                "entry_id": entry_id,
                "agency": agency,
                "agency_kind": kind,
                "source_file": file,
                "source_location": "Chronology",
                "source_row": row,
                "date_text": text,
                "date_start": start,
                "date_end": end,
                "date_precision": precision,
                "date_approximate": rng.random() < 0.03,
                "time": f"{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}"
                if rng.random() < 0.2
                else "",
                "event_type": rng.choice(types),
                "description": " ".join(rng.choice(WORDS) for _ in range(words)),
                "event_group": group,
                "flags": "",
                "age": "",
            }
        )
    entries = pd.DataFrame(records)
    dated = entries[entries["date_start"] != ""]
    flags = []
    for i in range(200):
        pick = dated.sample(2, random_state=seed + i)
        flags.append(
            (
                "single_agency_knowledge",
                min(pick["date_start"]),
                ";".join(pick["entry_id"]),
                "An injury is known to one agency only.",
            )
        )
    entries.loc[
        entries["entry_id"].isin({i for f in flags for i in f[2].split(";")}), "flags"
    ] = "single_agency_knowledge"
    gaps = [("all", "2016-02-01", "2016-04-15", 74)]
    for name, _ in agencies[:6]:
        gaps.append((name, "2017-05-02", "2017-07-30", 89))
    review = ReviewSettings.model_validate(
        {
            "review": {
                "name": "Synthetic review",
                "period_start": "2015-01-01",
                "period_end": "2019-12-31",
                "subject": "Child S",
            },
            "people": [{"label": "Child S", "date_of_birth": "2015-06-01"}],
        }
    )
    return Chronology(
        entries=entries,
        issues=pd.DataFrame(columns=list(ISSUE_COLUMNS)),
        gaps=pd.DataFrame(gaps, columns=list(GAP_COLUMNS)),
        flags=pd.DataFrame(flags, columns=list(FLAG_COLUMNS)),
        groups=pd.DataFrame(columns=["event_group", "entry_ids", "agencies"]),
        review=review,
    )


def render_seconds(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Per fresh page: seconds from navigation until Plotly has drawn (the
    page's own mark), and until the driver sees it drawn."""
    from playwright.sync_api import sync_playwright

    drawn, seen = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url == path.as_uri()
                    else route.abort()
                ),
            )
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_selector("html[data-rendered=true]", timeout=120_000)
            seen.append(page.evaluate("performance.now()") / 1000)
            mark = page.evaluate(
                "performance.getEntriesByName('chronomerge-drawn')"
                ".map(m => m.startTime)[0] || null"
            )
            drawn.append((mark or seen[-1] * 1000) / 1000)
            if errors or page.query_selector(".no-webgl"):
                sys.exit(f"the page did not draw cleanly: {errors}")
            page.close()
        browser.close()
    return drawn, seen


def sample_chronology() -> Chronology:
    """The fictional review in sample_data/child_a, merged."""
    from chronomerge.pipeline import merge

    return merge(Path(__file__).resolve().parent.parent / "sample_data" / "child_a")


def empty_like(chronology: Chronology) -> Chronology:
    """The same review with no entries: the page is plotly.js and the frame."""
    return Chronology(
        entries=pd.DataFrame(columns=["entry_id", "agency", "date_start"]),
        issues=pd.DataFrame(columns=list(ISSUE_COLUMNS)),
        gaps=pd.DataFrame(columns=list(GAP_COLUMNS)),
        flags=pd.DataFrame(columns=list(FLAG_COLUMNS)),
        groups=pd.DataFrame(),
        review=chronology.review,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,20000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep the pages in")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="chronomerge-bench-"))
    browser = Path(CHROMIUM).exists()
    if not browser:
        print(f"first draw: skipped ({CHROMIUM} is not installed)")
    cases: list[tuple[str, Chronology]] = []
    for size in args.sizes.split(","):
        if size == "sample":
            cases.append(("sample", sample_chronology()))
        else:
            cases.append((f"{int(size):,}", synthetic_chronology(int(size))))
    cases.insert(0, ("empty", empty_like(cases[0][1])))
    print(
        f"{'entries':>9} {'traces':>9} {'MB':>6} {'write s':>8} "
        f"{'drawn s':>8} {'seen s':>7}  (medians of {args.runs} draws)"
    )
    for label, chronology in cases:
        path = folder / f"timeline-{label.replace(',', '')}.html"
        write_timeline(chronology, path)  # warm: plotly.js read, imports
        started = time.perf_counter()
        write_timeline(chronology, path)
        written = time.perf_counter() - started
        fig = timeline_figure(chronology)
        kinds = {
            str(t.type) for t in fig.data if (t.meta or {}).get("role") == "entries"
        }
        traces = "gl" if "scattergl" in kinds else "svg" if kinds else "-"
        size = path.stat().st_size / 1e6
        line = f"{len(chronology.entries):>9,} {traces:>9} {size:>6.2f} {written:>8.2f}"
        if browser:
            drawn, seen = render_seconds(path, args.runs)
            line += f" {statistics.median(drawn):>8.2f} {statistics.median(seen):>7.2f}"
        print(f"{line}  {label}")
    print("aim at 20,000 entries: at most 6 MB, drawn within 2 s")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
