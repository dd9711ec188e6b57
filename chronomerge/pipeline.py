"""The one place where the stages meet: ingest -> normalise -> validate ->
link -> analyse. The CLI and the Python API both call :func:`merge`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import NotAvailableError
from .review import ReviewSettings


def merge(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    **settings: Any,
) -> Any:
    """Merge agency chronologies into one multi-agency chronology."""
    raise NotAvailableError("merge is not available yet (issue #8).")
