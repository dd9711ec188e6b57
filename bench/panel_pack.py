"""Time the panel pack writers on large generated reviews and print the figures.

    .venv/bin/python bench/panel_pack.py [--entries 20000 100000] [--keep DIR]

Uses the generated chronology of the panel pack tests (six agencies over ten
years, one entry in three linked with its neighbour), writes panel_pack.xlsx
and chronology.docx for each size, and prints wall-clock and CPU seconds,
peak memory growth and file sizes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "export"))

from panel_fixtures import big_chronology  # noqa: E402

from chronomerge.export.document import write_document  # noqa: E402
from chronomerge.export.workbook import write_workbook  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--keep", type=Path, help="write the files here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        print(
            f"{'entries':>8} {'file':<16} {'wall s':>7} {'cpu s':>7} "
            f"{'MB':>6} {'peak RSS MB':>11}"
        )
        for n in args.entries:
            chronology = big_chronology(n)
            for name, writer in (
                ("panel_pack.xlsx", write_workbook),
                ("chronology.docx", write_document),
            ):
                path = out / f"{n}_{name}"
                wall, cpu = time.perf_counter(), time.process_time()
                writer(chronology, path)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                size = path.stat().st_size / 1e6
                print(
                    f"{n:>8} {name:<16} {wall:>7.1f} {cpu:>7.1f} {size:>6.1f} "
                    f"{_peak_mb():>11.0f}"
                )


if __name__ == "__main__":
    main()
