"""The abbreviations practitioners write, one table for every stage.

Linking expands them before comparing texts; the event types read a short
form written in capitals as the type its expansion names. Both read
schemas/abbreviations.toml through :func:`abbreviations`, so "CG" cannot
mean a core group to one stage and nothing to the other.
"""

from __future__ import annotations

from .resources import load_toml


def abbreviations() -> dict[str, str]:
    """Each short form (as written in the schema) and what it stands for."""
    table = load_toml("abbreviations.toml").get("abbreviations", {})
    return {str(short): str(long) for short, long in table.items()}
