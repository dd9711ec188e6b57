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


class SettingError(ValueError):
    """A review-file setting that does not fit the rules in ``schemas/``.

    Raised inside the review model's validators (so pydantic carries it);
    ``loc`` is where the setting is in the review file (``("flags", rule,
    key)``, ``("linking", "comparisons", 0, key)``), so the message can name
    its line.
    """

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
