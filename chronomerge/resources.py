"""Load the data files in ``schemas/`` (shipped inside the wheel).

The rules live in data so a partnership can adapt them without editing code.
In a wheel the folder is ``chronomerge/schemas``; in a source checkout
(editable install) it is the top-level ``schemas/`` beside the package.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any


def schemas_dir() -> Traversable:
    """The folder holding the shipped schemas and vocabularies."""
    packaged = resources.files("chronomerge") / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "schemas"


def read_text(name: str) -> str:
    """The text of one file in ``schemas/``."""
    return (schemas_dir() / name).read_text(encoding="utf-8")


@cache
def load_toml(name: str) -> dict[str, Any]:
    """A TOML file from ``schemas/``, parsed (cached: treat as read-only)."""
    return tomllib.loads(read_text(name))


@cache
def load_json(name: str) -> dict[str, Any]:
    """A JSON file from ``schemas/``, parsed (cached: treat as read-only)."""
    return json.loads(read_text(name))
