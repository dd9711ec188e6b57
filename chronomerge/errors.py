"""What stops a run. Anything about one row or one cell is an Issue instead."""

from __future__ import annotations


class ChronomergeError(Exception):
    """Base of every error that stops a chronomerge run."""


class ReviewFileError(ChronomergeError):
    """The review file cannot be read or has a wrong setting (names the line)."""


class ReadError(ChronomergeError):
    """No input could be read at all."""


class ExportError(ChronomergeError):
    """An output could not be written."""
