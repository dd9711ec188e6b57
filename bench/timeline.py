"""Time the timeline on a large synthetic review and print the figures.

    .venv/bin/python bench/timeline.py [--entries 20000] [--keep DIR]

Builds a Chronology shaped like a big merged review (a dozen agencies over
six years, about one entry in eight with an imprecise date, one in four
linked with another agency's, gaps and flags), writes timeline.html, opens it
in Debian's headless Chromium (through Playwright, never a downloaded
browser) and prints how long the page takes to draw (from navigation until
Plotly has plotted) and the file size. The aim is under 5 seconds.
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


def render_seconds(path: Path, runs: int) -> list[float]:
    """Seconds from navigation until Plotly has drawn, per fresh page."""
    from playwright.sync_api import sync_playwright

    times = []
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
            page.wait_for_selector("html[data-rendered=true]", timeout=60_000)
            times.append(page.evaluate("performance.now()") / 1000)
            if errors or page.query_selector(".no-webgl"):
                sys.exit(f"the page did not draw cleanly: {errors}")
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep timeline.html in")
    args = parser.parse_args()

    chronology = synthetic_chronology(args.entries)
    folder = Path(tempfile.mkdtemp(prefix="chronomerge-bench-"))
    path = (args.keep or folder) / "timeline.html"
    started = time.perf_counter()
    fig = timeline_figure(chronology)
    built = time.perf_counter() - started
    started = time.perf_counter()
    write_timeline(chronology, path)
    written = time.perf_counter() - started
    traces = {str(t.type) for t in fig.data if (t.meta or {}).get("role") == "entries"}
    print(f"entries:            {args.entries:,} ({', '.join(sorted(traces))})")
    print(f"figure built in:    {built:.2f} s")
    print(f"figure + page in:   {written:.2f} s")
    print(f"timeline.html:      {path.stat().st_size / 1e6:.1f} MB")
    if not Path(CHROMIUM).exists():
        print(f"render:             skipped ({CHROMIUM} is not installed)")
    else:
        # The same page with no entries: what loading plotly.js itself costs.
        empty = write_timeline(
            Chronology(
                entries=pd.DataFrame(columns=["entry_id", "agency", "date_start"]),
                issues=pd.DataFrame(columns=list(ISSUE_COLUMNS)),
                gaps=pd.DataFrame(columns=list(GAP_COLUMNS)),
                flags=pd.DataFrame(columns=list(FLAG_COLUMNS)),
                groups=pd.DataFrame(),
                review=chronology.review,
            ),
            folder / "empty.html",
        )
        for label, page in (("empty timeline:", empty), ("drawn in Chromium:", path)):
            times = render_seconds(page, args.runs)
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"{label:<19} median {statistics.median(times):.2f} s (runs: {shown})"
            )
        print("aim: the 20,000-entry page drawn in under 5 s")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
