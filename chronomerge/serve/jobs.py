"""Work started from the page: each job in its own temporary folder, run in a
background thread so the page can show progress, deleted when asked, when it
expires and when the server stops."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ChronomergeError

JOB_LIFETIME_SECONDS = 2 * 60 * 60


@dataclass
class Job:
    id: str
    kind: str
    folder: Path
    stage: str = "Waiting to start"
    status: str = "running"  # running, done, failed
    error: str = ""
    result: Any = None
    notes: list[str] = field(default_factory=list)  # files left out of a zip
    created: float = field(default_factory=time.monotonic)

    @property
    def inputs(self) -> Path:
        return self.folder / "inputs"

    @property
    def outputs(self) -> Path:
        return self.folder / "outputs"


class JobStore:
    """Jobs under one temporary root that is removed on close."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="chronomerge-serve-"))
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new(self, kind: str) -> Job:
        self.expire()
        job_id = secrets.token_hex(8)
        folder = self.root / job_id
        (folder / "inputs").mkdir(parents=True)
        (folder / "outputs").mkdir()
        job = Job(job_id, kind, folder)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def run(self, job: Job, work: Callable[[Job], Any]) -> None:
        """Run ``work`` in a thread; uploads are deleted when it ends."""

        def target() -> None:
            try:
                job.result = work(job)
                job.status = "done"
            except Exception as exc:  # shown to the person, never stops the server
                job.error = plain_message(exc)
                job.status = "failed"
            finally:
                shutil.rmtree(job.inputs, ignore_errors=True)
                job.stage = "Finished"

        threading.Thread(target=target, daemon=True).start()

    def delete(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
        if job is not None:
            shutil.rmtree(job.folder, ignore_errors=True)

    def expire(self) -> None:
        now = time.monotonic()
        for job_id in [
            j.id
            for j in list(self._jobs.values())
            if now - j.created > JOB_LIFETIME_SECONDS
        ]:
            self.delete(job_id)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def plain_message(exc: Exception) -> str:
    """What a person is told when a job fails: a chronomerge error as it is,
    anything else without its internals."""
    if isinstance(exc, ChronomergeError):
        return str(exc)
    return (
        "Something went wrong while working on these files "
        f"({type(exc).__name__}). The files were not changed. Try again, or "
        "run the same files with the chronomerge command to see more."
    )
