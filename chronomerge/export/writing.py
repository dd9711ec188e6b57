"""Writing the outputs side by side.

Once the chronology is made, the CSV files, the workbook, the Word file and
the timeline depend on it alone, so they are written at once: one process a
core, this one included. The workers take the longest outputs (the
workbook first), one each, and this process writes the rest in turn (on two
cores: the workbook in a worker, the CSV files, Word file and timeline here,
which take about as long; a worker for each would only share the same two
cores, and each worker holds its own copy of much of the chronology). Each
output is one file (or a fixed set of files) written by its own function
from the same chronology, so the bytes do not depend on which finishes first.

Worker processes are forked when this process runs a single thread (nothing
to copy, nothing to import again); with other threads running (the command
line's progress display, a web server, a notebook kernel) a fork could copy a
lock another thread holds, so workers come from a forkserver (or spawn) and
receive the chronology pickled once, without the tuning pairs no output reads.
When only one output is asked, or no worker process can start, everything is
written here, in turn.
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import pickle
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..errors import ChronomergeError
from ..model import OUTPUTS
from ..workers import cores, main_not_rerun, start_method

FILE_NAMES = {
    "xlsx": "panel_pack.xlsx",
    "docx": "chronology.docx",
    "html": "timeline.html",
}
# Longest first: the outputs workers take, as many as there are workers.
POOL_ORDER = ("xlsx", "html", "docx", "csv")

Progress = Callable[[str], None]

# The chronology a forked worker inherits, or one a worker has unpickled.
_SHARED: dict[str, Any] = {}


def parse_outputs(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """The outputs asked for, in the fixed order; all of them when none is
    named. Raises ChronomergeError naming the valid ones for a wrong name."""
    if value is None:
        return OUTPUTS
    names = value.split(",") if isinstance(value, str) else list(value)
    asked = {str(n).strip().lower() for n in names if str(n).strip()}
    unknown = sorted(asked - set(OUTPUTS))
    if unknown or not asked:
        what = "No output named"
        if unknown:
            what = f"Unknown output {', '.join(repr(u) for u in unknown)}"
        raise ChronomergeError(
            f"{what}. Choose one or more of {', '.join(OUTPUTS)}, separated by "
            "commas (e.g. --outputs csv,xlsx)."
        )
    return tuple(n for n in OUTPUTS if n in asked)


def write_one(
    chronology: Any,
    name: str,
    folder: Path,
    notes_from: str | Path | None = None,
    exact: bool = False,
) -> list[Path]:
    """Write one output of ``chronology`` into ``folder`` (``exact``: the CSV
    cells as the DataFrames hold them, see Chronology.write_tables)."""
    if name == "csv":
        if exact:
            return chronology.write_tables(folder, exact=True)
        return chronology.write_tables(folder)
    if name == "xlsx":
        return [
            chronology.write_workbook(folder / FILE_NAMES[name], notes_from=notes_from)
        ]
    if name == "docx":
        return [chronology.write_document(folder / FILE_NAMES[name])]
    if name == "html":
        return [chronology.write_timeline(folder / FILE_NAMES[name])]
    raise ChronomergeError(f"Unknown output {name!r}.")


def write_outputs(
    chronology: Any,
    folder: Path,
    outputs: Sequence[str],
    *,
    notes_from: str | Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    exact: bool = False,
) -> tuple[list[Path], dict[str, float]]:
    """Write the chosen outputs, side by side when more than one is asked
    (``workers``: how many worker processes at most; one fewer than the
    cores when not given).

    Returns the files written, in the fixed order of OUTPUTS whatever the
    order they finished in, and the seconds each output took.
    """
    say = progress or (lambda _stage: None)
    names = [n for n in OUTPUTS if n in outputs]
    count = max(workers if workers is not None else cores() - 1, 0)
    # One output at least is written here, the CSV files when they are asked.
    pooled = [n for n in POOL_ORDER if n in names and n != "csv"]
    pooled = pooled[: min(count, len(names) - 1)] if len(names) > 1 else []
    count = len(pooled)
    seconds: dict[str, float] = {}
    written: dict[str, list[Path]] = {}
    failed: dict[str, ChronomergeError] = {}

    def here(name: str) -> None:
        t0 = time.perf_counter()
        try:
            written[name] = write_one(chronology, name, folder, notes_from, exact)
        except ChronomergeError as exc:
            failed[name] = exc
        seconds[name] = time.perf_counter() - t0

    pool, futures = (
        _submit(chronology, pooled, folder, notes_from, count) if pooled else (None, {})
    )
    say(f"writing {_listed(names)}")
    for name in names:
        if name not in futures:
            here(name)
    waiting = list(futures)
    for name, future in futures.items():
        try:
            paths, seconds[name], error = future.result()
            if error:
                failed[name] = error
            else:
                written[name] = paths
        except BrokenProcessPool:
            here(name)  # a worker died (killed, out of memory): write it here
        waiting.remove(name)
        if waiting:
            say(f"writing {_listed(waiting)}")
    _SHARED.clear()
    if pool is not None:
        # Wait for the pool's manager thread too: left running, Python 3.11's
        # exit handler may wake it through a pipe it has just closed and
        # print a traceback ("Bad file descriptor") after the merge's message.
        pool.shutdown(wait=True)
    # Every worker has finished before an error is raised: nothing is still
    # writing into the folder when the caller hears of it.
    for name in names:
        if name in failed:
            raise failed[name]
    return [p for n in names for p in written[n]], seconds


def _listed(names: Sequence[str]) -> str:
    return ", ".join(FILE_NAMES.get(n, "the CSV files") for n in names)


def _submit(
    chronology: Any,
    names: list[str],
    folder: Path,
    notes_from: str | Path | None,
    count: int,
) -> tuple[ProcessPoolExecutor | None, dict[str, Future]]:
    """Start ``count`` workers and give them ``names`` to write: the pool and
    a future per name; nothing when no worker can start (the caller then
    writes everything itself)."""
    slim = dataclasses.replace(chronology, pairs=chronology.pairs.iloc[:0])
    method = start_method()
    token = uuid.uuid4().hex
    if method == "fork":
        _SHARED.update(chronology=slim, token=token)
        payload = b""
    else:
        payload = pickle.dumps(slim, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with main_not_rerun():
            pool = ProcessPoolExecutor(count, mp_context=mp.get_context(method))
            futures = {
                name: pool.submit(
                    _write_in_worker, token, payload, name, folder, notes_from
                )
                for name in names
            }
    except (OSError, RuntimeError, BrokenProcessPool, NotImplementedError):
        _SHARED.clear()
        return None, {}
    return pool, futures


def _write_in_worker(
    token: str,
    payload: bytes,
    name: str,
    folder: Path,
    notes_from: str | Path | None,
) -> tuple[list[Path], float, ChronomergeError | None]:
    """In a worker: write one output. A ChronomergeError comes back as a
    plain one of the same class and message (no worker traceback), so the
    caller raises what a user sees when everything is written in turn."""
    t0 = time.perf_counter()
    if _SHARED.get("token") != token:  # unpickled once per worker
        _SHARED.update(chronology=pickle.loads(payload), token=token)
    try:
        paths = write_one(_SHARED["chronology"], name, folder, notes_from)
    except ChronomergeError as exc:
        plain = type(exc)(str(exc))
        return [], time.perf_counter() - t0, plain
    return paths, time.perf_counter() - t0, None
