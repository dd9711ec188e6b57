"""chronomerge: one multi-agency chronology from many agency chronologies.

The public API mirrors the command line; see the README. ``chronomerge
serve``'s function is ``chronomerge.serve.serve``, kept in its subpackage so
that ``import chronomerge`` does not load the web server's libraries.
"""

from ._version import __version__
from .catalogue import CATALOGUE, make_issue
from .checking import ValidationReport, validate_files
from .chronology import Chronology
from .errors import ChronomergeError, ExportError, ReadError, ReviewFileError
from .export.template import write_template
from .init_review import init_review
from .model import Issue
from .pipeline import (
    build_pack,
    build_publication,
    build_timeline,
    find_conflicts,
    find_episodes,
    find_known,
    find_people,
    find_sharing,
    find_voice,
    merge,
)
from .publish import Published, publish
from .review import ReviewSettings, read_review, record_decision, record_episodes
from .tracker import tracker

__all__ = [
    "CATALOGUE",
    "Chronology",
    "ChronomergeError",
    "ExportError",
    "Issue",
    "ReadError",
    "ReviewFileError",
    "ReviewSettings",
    "ValidationReport",
    "__version__",
    "build_pack",
    "build_timeline",
    "find_episodes",
    "find_known",
    "find_sharing",
    "find_people",
    "find_conflicts",
    "find_voice",
    "init_review",
    "make_issue",
    "merge",
    "read_review",
    "record_decision",
    "record_episodes",
    "tracker",
    "validate_files",
    "write_template",
    "Published",
    "build_publication",
    "publish",
]
