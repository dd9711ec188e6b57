"""Benchmark: the whole merge on the scale-100 sample (about 100,000 entries).

Prints total seconds, seconds per stage and peak memory, beside the time it
takes just to read the same files into pandas (the floor any tool pays).
Aim: the whole merge within 3 times that reading time, and within 2 GB.

    python bench/merge.py [--scale 100] [--write]

The sample is generated into bench/_out/scale<N> the first time. Each
measurement runs in its own process so peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def read_plainly(folder: Path) -> dict:
    """Read every chronology file into DataFrames with the plainest tools."""
    import docx
    import pandas as pd

    start = time.perf_counter()
    rows = 0
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if path.name.startswith("truth") or suffix not in {".xlsx", ".docx", ".csv"}:
            continue
        if suffix == ".xlsx":
            for frame in pd.read_excel(
                path, sheet_name=None, engine="calamine", header=None
            ).values():
                rows += len(frame)
        elif suffix == ".docx":
            for table in docx.Document(str(path)).tables:
                cells = [[c.text for c in row.cells] for row in table.rows]
                rows += len(pd.DataFrame(cells))
        else:
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            sep = ";" if text[:2000].count(";") > text[:2000].count(",") else ","
            from io import StringIO

            rows += len(pd.read_csv(StringIO(text), sep=sep, dtype=str))
    return {"seconds": time.perf_counter() - start, "rows": rows}


def merge_fully(folder: Path, write: bool) -> dict:
    import chronomerge as cm

    start = time.perf_counter()
    chronology = cm.merge(folder)
    result = {
        "seconds": time.perf_counter() - start,
        "entries": len(chronology.entries),
        "stages": chronology.timings,
    }
    if write:
        out = HERE / "_out" / "merge_pack"
        t0 = time.perf_counter()
        chronology.write(out)
        result["write_seconds"] = time.perf_counter() - t0
    return result


def child(phase: str, folder: Path, write: bool) -> None:
    result = read_plainly(folder) if phase == "read" else merge_fully(folder, write)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run(phase: str, folder: Path, write: bool) -> dict:
    args = [sys.executable, __file__, "--phase", phase, "--folder", str(folder)]
    if write:
        args.append("--write")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument(
        "--write", action="store_true", help="also time writing every output"
    )
    parser.add_argument("--phase", choices=["read", "merge"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args.phase, args.folder, args.write)
        return
    folder = HERE / "_out" / f"scale{args.scale}"
    if not folder.exists():
        print(f"generating the scale-{args.scale} sample into {folder} ...")
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "sample_data" / "generate.py"),
                "--scale",
                str(args.scale),
                "--out",
                str(folder),
            ],
            check=True,
        )
    files = [p for p in folder.iterdir() if not p.name.startswith("truth")]
    print(f"{len(files)} files in {folder}")
    read = run("read", folder, False)
    print(
        f"read into pandas: {read['seconds']:.1f} s, {read['rows']:,} rows, "
        f"peak {read['peak_mb']:.0f} MB"
    )
    merged = run("merge", folder, args.write)
    print(
        f"chronomerge merge: {merged['seconds']:.1f} s, {merged['entries']:,} "
        f"entries, peak {merged['peak_mb']:.0f} MB"
    )
    for stage, seconds in merged["stages"].items():
        print(f"  {stage:<18} {seconds:7.2f} s")
    if "write_seconds" in merged:
        print(f"  {'writing outputs':<18} {merged['write_seconds']:7.2f} s")
    ratio = merged["seconds"] / read["seconds"]
    print(
        f"merge / plain read: {ratio:.2f}x (aim: 3x or less); "
        f"peak memory {merged['peak_mb']:.0f} MB (aim: under 2048 MB)"
    )


if __name__ == "__main__":
    main()
