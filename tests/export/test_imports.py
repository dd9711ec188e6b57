"""export is the last stage: it reads the records the stages made (the
Chronology, the entries schema, the review settings) and reaches back into
no stage, nor into checking (which calls the annotate writer), so a change
to how ages or gaps are worked out cannot change a writer, and a writer can
be tested on a frame built by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import chronomerge

PACKAGE = Path(chronomerge.__file__).resolve().parent
EXPORT = PACKAGE / "export"
# The stages before export and the modules that run them.
STAGES = {"ingest", "normalise", "validate", "link", "analyse", "pipeline"}
CALLERS = {"checking", "cli", "serve"}


def imported(path: Path) -> set[str]:
    """Every module a file imports (at the top, in a function or under
    TYPE_CHECKING), as an absolute dotted name."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts[:-1]  # a module's package; an __init__'s is itself
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def reaches(path: Path, modules: set[str]) -> set[str]:
    """Which of ``modules`` (top-level chronomerge modules) a file imports."""
    return {
        name.split(".")[1]
        for name in imported(path)
        if name.startswith("chronomerge.") and name.split(".")[1] in modules
    }


def test_the_checker_sees_relative_imports_at_every_depth():
    timeline = EXPORT / "timeline" / "placing.py"
    assert "chronomerge.chronology.Chronology" in imported(timeline)
    assert "chronomerge.export.style" in imported(timeline)
    assert reaches(PACKAGE / "pipeline.py", STAGES) >= {"link", "analyse"}
    assert reaches(PACKAGE / "checking.py", STAGES | CALLERS) == {"pipeline"}


def test_export_imports_no_earlier_stage_nor_its_callers():
    found = {
        str(path.relative_to(PACKAGE)): sorted(reaches(path, STAGES | CALLERS))
        for path in sorted(EXPORT.rglob("*.py"))
    }
    assert len(found) > 20
    assert {path: names for path, names in found.items() if names} == {}
