"""The flag rules as data (schemas/flags.toml): each rule's code, label,
neutral description and settings, with each setting's type and default.

The review file is checked against it when it is read (:mod:`.review`); the
analysis builds its rule registry from it (:mod:`.analyse.flags`) and runs the
checks of :mod:`.analyse.rules`, one function named by each code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import SettingError
from .resources import load_toml

FLAGS_FILE = "flags.toml"


def _whole(least: int) -> Callable[[Any], Any]:
    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise TypeError
        return value

    return check


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return list(value)


# Each setting type: how it is said in an error, and its check (the value as
# the rules use it, or TypeError).
SETTING_TYPES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "days": ("a whole number of days (0 or more)", _whole(0)),
    "count": ("a whole number (1 or more)", _whole(1)),
    "months": ("a whole number of months (1 or more)", _whole(1)),
    "number": ("a number", _number),
    "bool": ("true or false", _bool),
    "strings": ('a list of words, e.g. ["gp", "hospital"]', _strings),
}
# JSON Schema of each type, for schemas/review.schema.json.
_JSON_TYPES: dict[str, dict[str, Any]] = {
    "days": {"type": "integer", "minimum": 0},
    "count": {"type": "integer", "minimum": 1},
    "months": {"type": "integer", "minimum": 1},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "strings": {"type": "array", "items": {"type": "string"}},
}


@dataclass(frozen=True)
class Setting:
    """One setting of a rule: its name, type, default and what it does."""

    name: str
    type: str
    default: Any
    about: str

    @property
    def expected(self) -> str:
        """The type in plain words ("a whole number (1 or more)")."""
        return SETTING_TYPES[self.type][0]

    def check(self, value: Any) -> Any:
        """The value as the rule uses it; TypeError when it is not of the type."""
        return SETTING_TYPES[self.type][1](value)

    def json_schema(self) -> dict[str, Any]:
        return {
            **_JSON_TYPES[self.type],
            "default": self.default,
            "description": self.about,
        }


@dataclass(frozen=True)
class FlagRuleSpec:
    """One rule as schemas/flags.toml describes it (the check is in code)."""

    code: str
    label: str
    description: str
    settings: Mapping[str, Setting]

    @property
    def defaults(self) -> dict[str, Any]:
        """The settings' defaults, a fresh copy each time."""
        return {
            name: list(s.default) if isinstance(s.default, list) else s.default
            for name, s in self.settings.items()
        }

    def check_settings(self, table: Mapping[str, Any]) -> dict[str, Any]:
        """A review file's ``[flags.<code>]`` table, checked and as the rules
        use it; SettingError names the first setting that does not fit."""
        checked = dict(table)
        for key, value in table.items():
            if key == "enabled":
                continue  # every rule has it; the review model checks it
            setting = self.settings.get(key)
            if setting is None:
                known = ", ".join(["enabled", *self.settings])
                raise SettingError(
                    ("flags", self.code, key),
                    f"unknown setting {key!r}; the settings of {self.code} are {known}",
                )
            try:
                checked[key] = setting.check(value)
            except TypeError:
                raise SettingError(
                    ("flags", self.code, key),
                    f"should be {setting.expected}, not {_shown(value)}",
                ) from None
        return checked


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _rule(code: str, data: Mapping[str, Any]) -> FlagRuleSpec:
    settings = {}
    for name, spec in data.get("settings", {}).items():
        setting = Setting(name, spec["type"], spec["default"], spec["about"])
        if setting.type not in SETTING_TYPES:
            raise ValueError(
                f"{FLAGS_FILE}: {code}.{name}: unknown type {spec['type']}"
            )
        setting.check(setting.default)  # a default of another type is a bug
        settings[name] = setting
    return FlagRuleSpec(code, data["label"], data["description"], settings)


@cache
def flag_rules() -> dict[str, FlagRuleSpec]:
    """Every rule of schemas/flags.toml by code, in the file's order
    (cached: treat as read-only)."""
    return {
        code: _rule(code, data) for code, data in load_toml(FLAGS_FILE)["rules"].items()
    }


def check_flags(flags: Any) -> Any:
    """A review file's ``[flags]`` tables, checked against schemas/flags.toml
    and as the rules use them. SettingError names an unknown rule or setting,
    or a value of the wrong type; anything that is not a table of tables is
    left for the review model to refuse."""
    if not isinstance(flags, Mapping):
        return flags
    rules = flag_rules()
    checked: dict[str, Any] = {}
    for code, table in flags.items():
        rule = rules.get(code)
        if rule is None:
            raise SettingError(
                ("flags", str(code)),
                f"unknown flag rule {code!r}; known rules: " + ", ".join(rules),
            )
        checked[code] = (
            rule.check_settings(table) if isinstance(table, Mapping) else table
        )
    return checked


def flags_json_schema() -> dict[str, Any]:
    """The ``flags`` table of the review file's JSON Schema: each rule with
    its typed settings, nothing else."""
    return {
        "propertyNames": {"enum": list(flag_rules())},
        "properties": {
            code: {
                "type": "object",
                "description": rule.label,
                "additionalProperties": False,
                "properties": {
                    "enabled": {
                        "type": "boolean",
                        "default": True,
                        "description": "Run this rule.",
                    },
                    **{n: s.json_schema() for n, s in rule.settings.items()},
                },
            }
            for code, rule in flag_rules().items()
        },
    }
