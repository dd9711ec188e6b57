"""notebooks/: every notebook runs from top to bottom on the sample review.

Each one is executed in a fresh kernel with the notebooks folder as its
working directory, as a person opening it in Jupyter would run it. A cell that
raises fails the test and names the cell.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SAMPLE = ROOT / "sample_data" / "child_a"
NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
# Seconds a single cell may take; the slowest (a merge) takes a few.
CELL_TIMEOUT = 120


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_there_are_notebooks_for_each_audience():
    names = [path.stem for path in NOTEBOOK_PATHS]
    for topic in ("exploring", "checking", "linking"):
        assert any(topic in name for name in names), (topic, names)


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            assert not cell.outputs, f"cell {number} has outputs: clear them"
            assert cell.execution_count is None, f"cell {number} was run"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    before = _fingerprint(SAMPLE)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} raised:\n{exc}")
    seconds = time.perf_counter() - started
    print(f"{path.name}: {seconds:.1f} s")
    ran = [c for c in notebook.cells if c.cell_type == "code"]
    assert ran and all(c.execution_count for c in ran)
    errors = [
        output
        for cell in ran
        for output in cell.outputs
        if output.get("output_type") == "error"
    ]
    assert not errors
    assert _fingerprint(SAMPLE) == before, f"{path.name} changed sample_data/child_a/"
