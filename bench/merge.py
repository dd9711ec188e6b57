"""Benchmark: the whole merge, every output written, beside a plain read.

For each shape of input, in one run:

- ``small``: many small files (the scale-100 sample: 1,000 files, ~90k entries);
- ``agency22k``: one file per agency (10 files) at about 22,000 entries;
- ``agency100k``: one file per agency at about 100,000 entries;

it prints the time it takes just to read the files into pandas (the floor any
tool pays), the whole merge with every output (what ``chronomerge merge``
does), their ratio, the seconds of each stage and of each output, and peak
memory (the largest sum over the process and its workers, sampled).
Targets: 22k entries in agency files within 1.5x the plain read and 600 MB;
100k entries within 30 s wall.

    python bench/merge.py [--shapes small,agency22k,agency100k] [--serial]

``--serial`` also writes each output alone in-process, one after another, to
show what each costs without the others running beside it. Samples are
generated into bench/_out/ the first time. Each measurement runs in its own
process so its memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# name -> (generator scale, one file per agency)
SHAPES = {
    "small": (100, False),
    "agency22k": (26, True),
    "agency100k": (116, True),
}
OUTPUT_NAMES = ("csv", "xlsx", "docx", "html")


def read_plainly(folder: Path) -> dict:
    """Read every chronology file into DataFrames with the plainest tools."""
    from io import StringIO

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
            rows += len(pd.read_csv(StringIO(text), sep=sep, dtype=str))
    return {"seconds": time.perf_counter() - start, "rows": rows}


class TreeMemory:
    """Peak memory of this process and every process under it, summed,
    sampled every 20 ms (worker processes count too). Proportional set size,
    so pages a forked worker shares with its parent count once."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_bytes(os.getpid()))
            self._stop.wait(0.02)


def _tree_bytes(root: int) -> int:
    """Memory of ``root`` and its descendants (from /proc): PSS where the
    kernel gives it, else resident size."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _process_bytes(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def _process_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
        statm = Path(f"/proc/{pid}/statm").read_text()
    except OSError:
        return 0
    return int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE")


def merge_fully(folder: Path, serial: bool) -> dict:
    """The whole merge as ``chronomerge merge`` does it, every output."""
    from chronomerge.pipeline import build_pack

    out = HERE / "_out" / f"pack_{folder.name}"
    # A first merge: an earlier pack there would be compared with and its
    # notes carried over, which a first merge does not do.
    shutil.rmtree(out, ignore_errors=True)
    with TreeMemory() as memory:
        start = time.perf_counter()
        chronology, _written = build_pack(folder, out)
        seconds = time.perf_counter() - start
    result = {
        "seconds": seconds,
        "entries": len(chronology.entries),
        "stages": dict(chronology.timings),  # before --serial adds its own
        "tree_peak_mb": memory.peak / 2**20,
    }
    if serial:
        alone = {}
        for name in OUTPUT_NAMES:
            t0 = time.perf_counter()
            chronology.write(out / "serial", outputs=(name,))
            alone[name] = time.perf_counter() - t0
        result["alone"] = alone
    return result


def child(phase: str, folder: Path, serial: bool) -> None:
    result = read_plainly(folder) if phase == "read" else merge_fully(folder, serial)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run(phase: str, folder: Path, serial: bool) -> dict:
    args = [sys.executable, __file__, "--phase", phase, "--folder", str(folder)]
    if serial:
        args.append("--serial")
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{phase} of {folder} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sample(name: str) -> Path:
    """The folder of one shape, generated the first time."""
    scale, one_file = SHAPES[name]
    folder = HERE / "_out" / (f"scale{scale}" if not one_file else name)
    if not folder.exists():
        print(f"generating {name} (scale {scale}) into {folder} ...", flush=True)
        args = [
            sys.executable,
            str(ROOT / "sample_data" / "generate.py"),
            "--scale",
            str(scale),
            "--out",
            str(folder),
        ]
        subprocess.run(
            args + (["--one-file-per-agency"] if one_file else []),
            check=True,
            capture_output=True,
        )
    return folder


def measure(name: str, serial: bool) -> dict:
    folder = sample(name)
    files = [p for p in folder.iterdir() if p.suffix in {".xlsx", ".docx", ".csv"}]
    read = run("read", folder, False)
    merged = run("merge", folder, serial)
    return {
        "shape": name,
        "files": len([p for p in files if not p.name.startswith("truth")]),
        "read": read,
        "merged": merged,
    }


def print_table(results: list[dict]) -> None:
    rows: list[tuple[str, list[str]]] = [
        ("files", [f"{r['files']:,}" for r in results]),
        ("entries", [f"{r['merged']['entries']:,}" for r in results]),
        ("plain read (s)", [f"{r['read']['seconds']:.2f}" for r in results]),
        ("whole merge (s)", [f"{r['merged']['seconds']:.2f}" for r in results]),
        (
            "merge / read",
            [f"{r['merged']['seconds'] / r['read']['seconds']:.2f}x" for r in results],
        ),
        (
            "peak MB, all processes",
            [f"{r['merged']['tree_peak_mb']:.0f}" for r in results],
        ),
        ("peak MB, main process", [f"{r['merged']['peak_mb']:.0f}" for r in results]),
    ]
    stages: list[str] = []
    for result in results:
        stages += [s for s in result["merged"]["stages"] if s not in stages]
    for stage in stages:
        cells = [r["merged"]["stages"].get(stage, float("nan")) for r in results]
        rows.append((f"  {stage} (s)", [f"{c:.2f}" for c in cells]))
    if all("alone" in r["merged"] for r in results):
        for name in OUTPUT_NAMES:
            rows.append(
                (
                    f"  {name} alone, serial (s)",
                    [f"{r['merged']['alone'][name]:.2f}" for r in results],
                )
            )
    width = max(len(label) for label, _ in rows)
    print(f"{'':<{width}}  " + "  ".join(f"{r['shape']:>11}" for r in results))
    for label, cells in rows:
        print(f"{label:<{width}}  " + "  ".join(f"{c:>11}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shapes",
        default=",".join(SHAPES),
        help=f"comma-separated, among {', '.join(SHAPES)}",
    )
    parser.add_argument(
        "--serial", action="store_true", help="also write each output alone"
    )
    parser.add_argument("--phase", choices=["read", "merge"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args.phase, args.folder, args.serial)
        return
    names = [n.strip() for n in args.shapes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SHAPES]
    if unknown:
        parser.error(f"unknown shape {unknown[0]!r}; choose among {', '.join(SHAPES)}")
    results = []
    for name in names:
        results.append(measure(name, args.serial))
        print(f"{name}: done", file=sys.stderr, flush=True)
    print_table(results)
    print(
        "targets: agency22k merge/read <= 1.5x and peak <= 600 MB; "
        "agency100k whole merge <= 30 s"
    )


if __name__ == "__main__":
    main()
