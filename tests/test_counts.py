"""One set of counts: the manifest, the summary and the written manifest.json
agree, including problems found while linking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import chronomerge as cm

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "child_a"


def _sample_with_unknown_decision(tmp_path: Path) -> Path:
    folder = tmp_path / "review"
    shutil.copytree(SAMPLE, folder)
    review = folder / "review.toml"
    text = review.read_text(encoding="utf-8")
    # A decision naming an entry no file holds: a warning found while linking.
    text += '\n[decisions]\nunlink = [["E0000000000", "E0000000001"]]\n'
    if text.count("[decisions]") > 1:
        raise AssertionError("the sample already has decisions; adapt the test")
    review.write_text(text, encoding="utf-8")
    return folder


def test_manifest_and_summary_count_the_same_problems(tmp_path):
    folder = _sample_with_unknown_decision(tmp_path)
    merged = cm.merge(folder, folder / "review.toml")
    codes = merged.issues["code"].tolist()
    assert "decision-unknown-entry" in codes
    counts = merged.manifest["counts"]
    summary = merged.summary()
    severities = merged.issues["severity"].value_counts()
    assert counts["warnings"] == summary["warnings"] == int(severities["warning"])
    assert counts["errors"] == summary["errors"] == int(severities["error"])
    assert counts["rows_written"] == summary["entries"] == len(merged.entries)
    assert counts["linked_events"] == summary["linked events"]
    assert counts["gaps"] == summary["gaps"] == len(merged.gaps)
    assert counts["flags"] == summary["flags"] == len(merged.flags)

    written = cm.build_pack(folder, tmp_path / "out", folder / "review.toml")[1]
    manifest = next(p for p in written if p.name == "manifest.json")
    on_disk = json.loads(manifest.read_text(encoding="utf-8"))["counts"]
    assert on_disk["warnings"] == summary["warnings"]
