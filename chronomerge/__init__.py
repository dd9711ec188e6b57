"""chronomerge: one multi-agency chronology from many agency chronologies.

The public API mirrors the command line; see the README.
"""

from ._version import __version__
from .catalogue import CATALOGUE, make_issue
from .errors import ChronomergeError, ExportError, ReadError, ReviewFileError
from .init_review import init_review
from .model import Issue
from .pipeline import merge
from .review import ReviewSettings, read_review

__all__ = [
    "CATALOGUE",
    "ChronomergeError",
    "ExportError",
    "Issue",
    "ReadError",
    "ReviewFileError",
    "ReviewSettings",
    "__version__",
    "init_review",
    "make_issue",
    "merge",
    "read_review",
]
