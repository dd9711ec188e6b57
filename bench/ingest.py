"""Benchmark ingest: rows per second for xlsx, docx and csv, and peak memory.

Usage:
    .venv/bin/python bench/ingest.py [ROWS]   (default 100000)

Writes one chronology of ROWS rows in each format to a temporary folder, reads
each with chronomerge.ingest.read_inputs, and prints the time, the rows per
second (by the clock, and per CPU second, which a busy machine disturbs
less) and the peak memory (resident set, from the operating system, which
includes the C and Rust parsers that tracemalloc cannot see). Aims: xlsx and
docx 20,000+ rows/s, csv 200,000+ rows/s, memory under 1 GB.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADINGS = [
    "Date",
    "Time",
    "Agency",
    "Type of contact",
    "Details of contact",
    "Action/Outcome",
    "Practitioner",
    "Agency analysis",
]
TEXT = (
    "home visit by health visitor mother present child seen asleep in cot "
    "concerns about home conditions referral to children's social care made "
    "strategy discussion held police attended domestic incident reported"
)
WORDS = TEXT.split(" ")


def _row(i: int) -> list[str]:
    day = dt.date(2018, 1, 1) + dt.timedelta(days=i % 1500)
    words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(24))
    return [
        day.strftime("%d/%m/%Y"),
        f"{(i * 13) % 24:02d}:{(i * 7) % 60:02d}",
        "Police" if i % 3 else "Health Visiting",
        "Home visit",
        f"Entry {i}: {words}.",
        "No further action",
        "PC 1234",
        "Learning point noted.",
    ]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for i in range(rows):
            writer.writerow(_row(i))


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append(["Police chronology for Child A"])
    sheet.append(HEADINGS)
    for i in range(rows):
        cells: list[object] = _row(i)
        cells[0] = dt.datetime.strptime(cells[0], "%d/%m/%Y")
        sheet.append(cells)
    book.save(path)


def write_docx(path: Path, rows: int) -> None:
    """A Word table written as XML (python-docx is too slow for 100,000 rows)."""
    from docx import Document

    template = io.BytesIO()
    document = Document()
    document.add_paragraph("Agency: Police")
    document.add_table(rows=1, cols=len(HEADINGS))
    document.save(template)

    def tr(cells: list[str]) -> str:
        tcs = "".join(
            f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(c)}</w:t></w:r>'
            "</w:p></w:tc>"
            for c in cells
        )
        return f"<w:tr>{tcs}</w:tr>"

    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                first = re.search(r"<w:tr\b.*?</w:tr>", text, flags=re.S)
                assert first is not None
                body = tr(HEADINGS) + "".join(tr(_row(i)) for i in range(rows))
                text = text[: first.start()] + body + text[first.end() :]
                data = text.encode("utf-8")
            target.writestr(info, data)


def _measure(path: str, queue: multiprocessing.Queue) -> None:
    from chronomerge.ingest import read_inputs

    start = time.perf_counter()
    cpu = time.process_time()
    result = read_inputs(path)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((len(result.entries), seconds, cpu, peak_kb / 1024))


def measure(path: Path) -> tuple[int, float, float, float]:
    """(entries, wall seconds, CPU seconds, peak MB) of reading one file, in a
    fresh process (so the peak belongs to that read alone)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(str(path), queue))
    process.start()
    found = queue.get()
    process.join()
    return found


def main(rows: int = 100_000) -> None:
    writers = {"csv": write_csv, "xlsx": write_xlsx, "docx": write_docx}
    aims = {"csv": 200_000, "xlsx": 20_000, "docx": 20_000}
    with tempfile.TemporaryDirectory(prefix="chronomerge-bench-") as folder:
        print(
            f"ingest benchmark: {rows:,} rows per file ({os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f})"
        )
        print(
            f"{'format':<6} {'MB':>6} {'wall s':>7} {'rows/s':>9} {'CPU s':>6} "
            f"{'rows/CPU s':>10} {'aim':>8} {'peak MB':>8}"
        )
        for fmt, write in writers.items():
            path = Path(folder) / f"police.{fmt}"
            write(path, rows)
            entries, seconds, cpu, peak = measure(path)
            assert entries == rows, f"{fmt}: read {entries} of {rows} rows"
            size = path.stat().st_size / 1e6
            print(
                f"{fmt:<6} {size:>6.1f} {seconds:>7.2f} {rows / seconds:>9,.0f} "
                f"{cpu:>6.2f} {rows / cpu:>10,.0f} {aims[fmt]:>8,} {peak:>8.0f}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
