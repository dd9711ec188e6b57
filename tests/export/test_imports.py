"""export is the last stage: it reads the records the stages made (the
Chronology, the entries schema, the review settings) and reaches back into
no stage, nor into checking (which calls the annotate writer), so a change
to how ages or gaps are worked out cannot change a writer, and a writer can
be tested on a frame built by hand. Chronology's writer methods are the one
lazy edge into export (docs/design.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import chronomerge

PACKAGE = Path(chronomerge.__file__).resolve().parent
EXPORT = PACKAGE / "export"
# The stages before export and the modules that run them.
STAGES = {"ingest", "normalise", "validate", "link", "analyse", "pipeline"}
CALLERS = {"checking", "cli", "serve"}


def _imports(tree: ast.AST, path: Path) -> set[str]:
    """Every module imported anywhere in ``tree`` (a file of the package at
    ``path``), as absolute dotted names, with each name taken from one."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imported(path: Path) -> set[str]:
    """What a file imports: at the top, in a function or under TYPE_CHECKING."""
    return _imports(ast.parse(path.read_text(encoding="utf-8")), path)


def local_imports(path: Path) -> set[str]:
    """The package's modules a file imports inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        name
        for node in ast.walk(tree)
        if isinstance(node, functions)
        for name in _imports(ast.Module(body=node.body, type_ignores=[]), path)
        if name.startswith("chronomerge.")
    }


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


def test_the_writer_methods_are_the_one_lazy_edge_into_export():
    """Chronology's writer methods import export when called; export imports
    the package's modules at the top only."""
    lazy = local_imports(PACKAGE / "chronology.py")
    assert "chronomerge.export.timeline.write_timeline" in lazy
    assert all(name.startswith("chronomerge.export.") for name in lazy)
    inside = {
        str(path.relative_to(PACKAGE)): sorted(local_imports(path))
        for path in sorted(EXPORT.rglob("*.py"))
    }
    assert {path: names for path, names in inside.items() if names} == {}
