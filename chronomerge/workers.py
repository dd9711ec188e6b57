"""Worker processes: how they start, how many, and work shared out in order.

Two stages have independent pieces of work that a large review makes slow:
the linker's blocks of candidate pairs and the outputs written once the
chronology is made. Both use the rules here, so they start workers the same
safe way: forked when this process runs a single thread (nothing to copy,
nothing to import again); with other threads running (the command line's
progress display, a web server, a notebook kernel) a fork could copy a lock
another thread holds, so workers then come from a forkserver (or spawn) and
receive what they need pickled once. A forkserver imports the module of
the work before it forks any worker, so each worker starts with the package
imported (about 0.8 s of imports each otherwise, at every merge).

``CHRONOMERGE_WORKERS`` caps how many workers any stage starts (``1``: none,
everything in this process), for a shared server or a small machine.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import pickle
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

T = TypeVar("T")

# The environment variable capping the number of worker processes.
WORKERS_CAP = "CHRONOMERGE_WORKERS"

# What a forked worker inherits, or what a worker has unpickled, by token.
_STATE: dict[str, Any] = {}


def cores() -> int:
    """The cores this process may run on, capped by CHRONOMERGE_WORKERS."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    cap = os.environ.get(WORKERS_CAP, "").strip()
    if cap.isdigit() and int(cap) > 0:
        count = min(count, int(cap))
    return max(count, 1)


def start_method() -> str:
    """fork when only this thread runs (safe and cheapest), else forkserver
    or spawn, whichever this platform has."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def pool_context(method: str, preload: Sequence[str] = ()) -> BaseContext:
    """The context workers start from. A forkserver is asked to import
    ``preload`` (the modules the work lives in) once, when it starts, so the
    workers it forks need not import them each; later pools of the same
    process fork from that server too. Other methods need nothing."""
    context = mp.get_context(method)
    modules = [name for name in preload if name != "__main__"]
    if method == "forkserver" and modules:
        context.set_forkserver_preload(modules)
    return context


@contextlib.contextmanager
def main_not_rerun() -> Iterator[None]:
    """While workers start, hide where the main module came from.

    A spawned or forkserver worker imports the caller's main script again,
    and a script without ``if __name__ == "__main__":`` would then run its
    whole merge again in every worker. The workers need nothing from it (what
    they run lives in the package), so they are started as from an
    interactive session. Processes start within ``submit``
    (ProcessPoolExecutor starts them on demand for these methods), so this
    covers them all.
    """
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {
        k: main.__dict__[k]
        for k in ("__file__", "__spec__")
        if main and k in main.__dict__
    }
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__spec__ = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                main.__dict__.pop("__spec__", None)


def in_order(
    task: Callable[[Any, Sequence[int]], list[T]],
    state: Any,
    count: int,
    workers: int,
    method: str | None = None,
) -> list[T]:
    """``task(state, pieces)`` over the pieces ``0 .. count-1``, the results
    in piece order whichever worker made them.

    The pieces are dealt out in runs of consecutive numbers, a few runs per
    worker, so a worker picks up the next run as it finishes one. With one
    worker, or when no worker process can start or one dies, the pieces are
    worked here: the result is the same either way (``task`` must depend on
    nothing but its arguments). ``task`` must be a module-level function, so
    that a worker can find it by name; ``method`` forces a start method
    (tests).
    """
    runs = _runs(count, workers)
    if workers < 2 or len(runs) < 2:
        return task(state, range(count))
    method = method or start_method()
    token = uuid.uuid4().hex
    payload = b""
    if method == "fork":
        _STATE[token] = state
    else:
        payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    pool: ProcessPoolExecutor | None = None
    try:
        with main_not_rerun():
            pool = ProcessPoolExecutor(
                min(workers, len(runs)),
                mp_context=pool_context(method, [task.__module__]),
                initializer=_receive,
                initargs=(token, payload),
            )
            futures = [pool.submit(_run_in_worker, task, token, run) for run in runs]
        out: list[T] = []
        for future in futures:
            out.extend(future.result())
        return out
    except (OSError, RuntimeError, BrokenProcessPool, NotImplementedError):
        return task(state, range(count))
    finally:
        _STATE.pop(token, None)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _runs(count: int, workers: int) -> list[range]:
    """``count`` pieces in runs of consecutive numbers, about four per worker."""
    if count <= 0:
        return []
    size = max(1, -(-count // max(workers * 4, 1)))
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


def _receive(token: str, payload: bytes) -> None:
    """A worker's start: the state unpickled once (a forked one inherited it)."""
    if payload:
        _STATE.clear()
        _STATE[token] = pickle.loads(payload)


def _run_in_worker(
    task: Callable[[Any, Sequence[int]], list[T]], token: str, run: Sequence[int]
) -> list[T]:
    """In a worker: one run of pieces over the state it holds."""
    return task(_STATE[token], run)
