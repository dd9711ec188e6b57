"""The linking comparisons' settings as data: schemas/linking.toml lists each
comparison by name with every setting it takes and its default, so a review
file's ``[[linking.comparisons]]`` can be checked when it is read (an unknown
comparison, a misspelt setting, a value of the wrong kind), with the line.

What only the comparison itself can judge (a rapidfuzz scorer's name, as many
weights as levels) is checked when linking builds it (chronomerge.link).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from .errors import SettingError
from .resources import load_toml

LINKING_FILE = "linking.toml"
# Keys every comparison entry may have besides its own settings.
COMMON_KEYS = ("name", "type", "enabled")


@cache
def comparison_defaults() -> dict[str, dict[str, Any]]:
    """Each comparison of schemas/linking.toml by name: its settings and
    defaults (cached: treat as read-only)."""
    return {
        str(spec["name"]): {k: v for k, v in spec.items() if k != "name"}
        for spec in load_toml(LINKING_FILE).get("comparisons", [])
    }


def _kind(value: Any) -> str:
    """What kind of value a default is, as an error says it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a word in quotes"
    if isinstance(value, list):
        return "a list of numbers, e.g. [90, 75, 60]"
    return "a table"


def _fits(value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, list):
        return isinstance(value, list) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value
        )
    return isinstance(value, type(default))


def check_comparison(index: int, spec: Any) -> Any:
    """One ``[[linking.comparisons]]`` entry, checked against linking.toml.

    A default's name changes its settings; a new name must give the ``type``
    of a default. SettingError names the entry and key.
    """
    if not isinstance(spec, Mapping):
        return spec  # not a table: the review model refuses it
    known = comparison_defaults()
    where = ("linking", "comparisons", index)
    name = str(spec.get("name", "") or "")
    if not name:
        raise SettingError(
            where,
            "a comparison without a name: give each [[linking.comparisons]] a "
            "name, such as " + ", ".join(repr(n) for n in known),
        )
    kind = str(spec.get("type", "") or name)
    if kind not in known:
        told = "type" if "type" in spec else "name"
        raise SettingError(
            (*where, told),
            f"unknown comparison {kind!r}; to add one, give it a new name and the "
            "type of one of: " + ", ".join(known),
        )
    defaults = known[kind]
    for key, value in spec.items():
        if key in ("name", "type"):
            continue
        if key == "enabled":
            if not isinstance(value, bool):
                raise SettingError((*where, key), "should be true or false")
            continue
        if key not in defaults:
            raise SettingError(
                (*where, key),
                f"unknown setting {key!r}; the settings of {kind} are "
                + ", ".join([*defaults, "enabled"]),
            )
        if not _fits(value, defaults[key]):
            raise SettingError(
                (*where, key), f"should be {_kind(defaults[key])}, not {value!r}"
            )
    return spec


def check_comparisons(specs: Any) -> Any:
    """Every ``[[linking.comparisons]]`` entry, checked (see
    :func:`check_comparison`); anything that is not a list is left to the
    review model."""
    if not isinstance(specs, list):
        return specs
    return [check_comparison(i, spec) for i, spec in enumerate(specs)]
