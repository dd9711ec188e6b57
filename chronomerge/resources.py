"""Load the data files in ``schemas/`` (shipped inside the wheel).

The rules live in data so a partnership can adapt them without editing code.
In a wheel the folder is ``chronomerge/schemas``; in a source checkout
(editable install) it is the top-level ``schemas/`` beside the package. A
partnership's own copies of some of the files can sit in a folder of its own,
named by the environment variable ``CHRONOMERGE_SCHEMAS``: a file found there
is used instead of the shipped one, so an upgrade never overwrites them.
"""

from __future__ import annotations

import json
import os
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


# The environment variable naming a folder of the partnership's own schemas.
OWN_SCHEMAS = "CHRONOMERGE_SCHEMAS"


def read_text(name: str) -> str:
    """The text of one file in ``schemas/``: the partnership's own copy when
    ``CHRONOMERGE_SCHEMAS`` names a folder that has it, else the shipped one."""
    own = os.environ.get(OWN_SCHEMAS, "").strip()
    if own and (Path(own) / name).is_file():
        return (Path(own) / name).read_text(encoding="utf-8")
    return (schemas_dir() / name).read_text(encoding="utf-8")


@cache
def load_toml(name: str) -> dict[str, Any]:
    """A TOML file from ``schemas/``, parsed (cached: treat as read-only)."""
    return tomllib.loads(read_text(name))


@cache
def load_json(name: str) -> dict[str, Any]:
    """A JSON file from ``schemas/``, parsed (cached: treat as read-only)."""
    return json.loads(read_text(name))
