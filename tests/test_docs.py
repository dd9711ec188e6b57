"""The documentation matches the code.

README.md documents every command and option (read from each command's
``--help``), every review-file setting with its default (read from the
pydantic model and schemas/review.schema.json), every flag rule and linking
comparison, and the Python API; docs/issues.md lists every issue code; public
functions have docstrings with an example.
"""

from __future__ import annotations

import inspect
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import typer
from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from typer.testing import CliRunner

import chronomerge
from chronomerge.catalogue import CATALOGUE
from chronomerge.cli import app
from chronomerge.link.comparisons import REGISTRY, build_comparisons
from chronomerge.resources import load_json
from chronomerge.review import FLAG_DEFAULTS, LinkingSettings, ReviewSettings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ISSUES_DOC = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)
COMMANDS = sorted(COMMAND.commands)  # type: ignore[attr-defined]


def section(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of its level
    or higher."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.M)
    assert match, f"no heading {heading!r}"
    level = len(match.group(1))
    rest = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables(text: str) -> list[tuple[list[str], dict[str, list[str]]]]:
    """Every Markdown table: its heading cells, and first cell (without
    backticks) -> the row's cells."""
    found: list[tuple[list[str], dict[str, list[str]]]] = []
    lines = text.splitlines()
    for number, line in enumerate(lines[:-1]):
        if not (line.startswith("|") and re.fullmatch(r"[|\-: ]+", lines[number + 1])):
            continue
        rows: dict[str, list[str]] = {}
        for row in lines[number + 2 :]:
            if not row.startswith("|"):
                break
            cells = _cells(row)
            key = cells[0].strip("`")
            assert key not in rows, f"{key} is documented twice"
            rows[key] = cells
        found.append((_cells(line), rows))
    return found


def table_rows(text: str, first_heading: str | None = None) -> dict[str, list[str]]:
    """The rows of every table in ``text`` (whose first heading is
    ``first_heading``, when given), by first cell."""
    merged: dict[str, list[str]] = {}
    for heading, rows in tables(text):
        if first_heading is None or heading[0] == first_heading:
            for key in rows:
                assert key not in merged, f"{key} is documented twice"
            merged.update(rows)
    return merged


# --- commands --------------------------------------------------------------
runner = CliRunner()


def help_text(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def options_in_help(text: str) -> set[str]:
    long = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))
    short = set(re.findall(r"(?<![\w-])-[a-zA-Z](?![\w-])", text))
    return (long | short) - {"--help"}


def test_root_help_lists_every_command():
    listed = help_text()
    for name in COMMANDS:
        assert re.search(rf"^\W*{name}\s", listed, re.M), name
    assert set(COMMANDS) == {
        "init",
        "merge",
        "validate",
        "template",
        "timeline",
        "serve",
        "decide",
        "episodes",
        "publish",
        "status",
        "voice",
        "conflicts",
        "sharing",
        "known",
        "people",
    }


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_every_option(name: str):
    """The help text parsed here is what the README is checked against, so
    check the parsing finds exactly the command's real options."""
    declared = {
        opt
        for param in COMMAND.commands[name].params  # type: ignore[attr-defined]
        if param.param_type_name == "option"
        for opt in param.opts + param.secondary_opts
    } - {"--help"}
    assert options_in_help(help_text(name)) == declared


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_in_the_readme(name: str):
    documented = section(section(README, "Commands"), f"chronomerge {name}")
    assert f"chronomerge {name}" in documented.split("```")[1], "usage line"
    missing = [
        opt
        for opt in sorted(options_in_help(help_text(name)))
        if f"`{opt}`" not in documented
    ]
    assert not missing, f"chronomerge {name}: options not in README: {missing}"
    rows = table_rows(documented)
    for param in COMMAND.commands[name].params:  # type: ignore[attr-defined]
        if param.param_type_name == "argument":
            placeholder = param.name.upper().removesuffix("S")
            assert any(key.startswith(placeholder) for key in rows), placeholder
    # Nothing documented that the command does not have.
    real = options_in_help(help_text(name))
    for key in rows:
        for opt in re.findall(r"(?<![\w-])--?[a-z][a-z0-9-]*", rows[key][0]):
            assert opt in real, f"README documents {opt} for {name}"


def test_readme_documents_the_version_option():
    assert "--version`" in section(README, "Commands")
    assert options_in_help(help_text()) == {"--version"}


# --- review file -----------------------------------------------------------
def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict) and not value:
        return "{}"
    raise TypeError(value)


def documented_default(field: Any) -> str:
    if field.default is PydanticUndefined and field.default_factory is None:
        return "required"
    value = field.default_factory() if field.default_factory else field.default
    return "none" if value is None else f"`{toml_value(value)}`"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(typing.get_args(item))
    return None


def model_settings(model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    """Every dotted setting name of the review file, with its default as the
    README writes it. A table of rules (``flags``) is ``flags.<rule>.key``."""
    found: dict[str, str] = {}
    for name, field in model.model_fields.items():
        dotted = prefix + name
        inner = _model_in(field.annotation)
        if inner is None:
            found[dotted] = documented_default(field)
        elif typing.get_origin(field.annotation) is dict:
            found.update(model_settings(inner, dotted + ".<rule>."))
        else:
            found.update(model_settings(inner, dotted + "."))
    return found


def schema_settings(schema: dict[str, Any], node: dict[str, Any], prefix: str = ""):
    """The same dotted names, from the JSON Schema."""
    names: set[str] = set()
    for name, spec in node.get("properties", {}).items():
        dotted = prefix + name
        target = spec.get("items", spec.get("additionalProperties", spec))
        ref = target.get("$ref") if isinstance(target, dict) else None
        if ref:
            inner = schema["$defs"][ref.rsplit("/", 1)[1]]
            middle = ".<rule>." if "additionalProperties" in spec else "."
            names |= schema_settings(schema, inner, dotted + middle)
        else:
            names.add(dotted)
    return names


SETTINGS = model_settings(ReviewSettings)
FLAG_SETTINGS = {
    f"flags.{rule}.{key}": f"`{toml_value(value)}`"
    for rule, settings in FLAG_DEFAULTS.items()
    for key, value in settings.items()
}
REVIEW_DOC = section(README, "The review file")
REVIEW_ROWS = table_rows(REVIEW_DOC, "setting")


def test_model_and_schema_have_the_same_settings():
    schema = load_json("review.schema.json")
    assert schema_settings(schema, schema) == set(SETTINGS)
    assert len(SETTINGS) >= 30


@pytest.mark.parametrize("name", sorted({**SETTINGS, **FLAG_SETTINGS}))
def test_every_setting_is_documented_with_its_default(name: str):
    default = {**SETTINGS, **FLAG_SETTINGS}[name]
    assert name in REVIEW_ROWS, f"README's review file section lacks `{name}`"
    cells = REVIEW_ROWS[name]
    assert cells[1] == default, f"{name}: README says {cells[1]}, code says {default}"
    assert len(cells) == 3 and len(cells[2]) > 10, f"{name}: say what it does"


def test_no_setting_is_documented_that_does_not_exist():
    known = {*SETTINGS, *FLAG_SETTINGS}
    stale = sorted(set(REVIEW_ROWS) - known)
    assert not stale, f"README documents settings the code does not have: {stale}"


def test_every_flag_rule_is_documented():
    rules = table_rows(section(REVIEW_DOC, "[flags.RULE]"), "rule")
    assert sorted(rules) == sorted(FLAG_DEFAULTS)
    for rule, cells in rules.items():
        assert len(cells) == 3 and len(cells[2]) > 20, rule


def test_every_linking_comparison_and_its_settings_are_documented():
    rows = table_rows(section(REVIEW_DOC, "[linking]"), "comparison")
    in_use = {c.name for c in build_comparisons(LinkingSettings())}
    for name, kind in REGISTRY.items():
        assert name in rows, name
        for key in kind.defaults:
            assert f"`{key}`" in rows[name][2], f"{name}.{key}"
    assert in_use <= set(REGISTRY)


def test_readme_example_review_file_is_valid():
    from chronomerge.review import parse_review

    example = REVIEW_DOC.split("```toml\n")[1].split("```")[0]
    settings = parse_review(example, "README example")
    assert settings.review.period_start is not None
    assert settings.decisions.link and settings.decisions.unlink


# --- Python API ------------------------------------------------------------
PUBLIC = [name for name in chronomerge.__all__ if name != "__version__"]
# Docstrings still to get an example, with why; each fails the test (strict
# xfail) once its example is written, so the entry is then removed.
EXAMPLE_TO_ADD: dict[str, str] = {}


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_in_the_readme(name: str):
    api = section(README, "Python API")
    assert re.search(rf"`{re.escape(name)}[`(]", api), name


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(reason=EXAMPLE_TO_ADD[name], strict=True),
        )
        if name in EXAMPLE_TO_ADD
        else name
        for name in PUBLIC
    ],
)
def test_every_public_function_and_class_has_a_docstring(name: str):
    obj = getattr(chronomerge, name)
    if not callable(obj):
        return
    doc = inspect.getdoc(obj) or ""
    assert len(doc) > 20, f"{name} has no docstring"
    if inspect.isfunction(obj):
        assert "Example" in doc and ">>>" in doc, f"{name}'s docstring has no example"


# --- other pages -----------------------------------------------------------
def test_every_issue_code_is_documented():
    rows = table_rows(ISSUES_DOC, "code")
    for code, kind in CATALOGUE.items():
        assert code in rows, code
        assert rows[code][1:] == [kind.severity, kind.title], code
    assert set(rows) == set(CATALOGUE)


@pytest.mark.parametrize("page", ["README.md", "docs/issues.md", "CHANGELOG.md"])
def test_local_links_point_at_files(page: str):
    text = (ROOT / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("docs/images/"):
            continue  # screenshots are made from a running pack, not kept in tests
        assert (ROOT / Path(page).parent / target).exists(), f"{page}: {target}"


def test_readme_shows_the_pictures():
    for picture in ("timeline", "workbook", "word", "serve_home", "serve_check"):
        assert f"](docs/images/{picture}.png)" in README


def test_quick_start_has_the_two_commands():
    quick = section(README, "Quick start")
    blocks = re.findall(r"```\n(.*?)\n```", quick, re.S)
    assert len(blocks) == 2
    assert "chronomerge merge sample_data/child_a --out pack" in blocks[0]
    assert ".venv/bin/python -m pytest" in blocks[1]


def test_worked_example_matches_the_sample_review():
    """The problems the README's worked example describes are the ones
    validate finds in the sample file."""
    from chronomerge import validate_files

    example = section(README, "A worked example: the sample review")
    sample = ROOT / "sample_data" / "child_a"
    assert "chronomerge validate sample_data/child_a/CSC_chronology_Child_A.xlsx" in (
        example
    )
    report = validate_files(
        sample / "CSC_chronology_Child_A.xlsx", sample / "review.toml"
    )
    quoted = re.findall(r'\("(The date [^"]+)"\)', example.replace("\n", " "))
    assert quoted and all(q in set(report.issues["message"]) for q in quoted)
    codes = set(report.issues["code"])
    assert {
        "date-impossible",
        "date-missing",
        "row-duplicate",
        "sheet-skipped",
    } <= codes
    assert report.has_errors  # "The exit status is 1 while there are errors"
