"""schemas/: shipped data agrees with the documented contract and the code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from chronomerge.model import CHRONOLOGY_COLUMNS, DATE_PRECISIONS, INPUT_COLUMNS
from chronomerge.resources import load_json, load_toml
from chronomerge.review import review_json_schema

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")


def contract_event_codes() -> list[str]:
    section = CONTRACT.split("## Event taxonomy")[1]
    return re.findall(r"^\| `(\w+)` \|", section, re.M)


def contract_columns() -> list[str]:
    section = CONTRACT.split("## DIR/chronology.csv")[1].split("## DIR/gaps.csv")[0]
    return re.findall(r"^\| `(\w+)`(?:, `(\w+)`)? \|", section, re.M)


def test_event_types_agree_with_contract_and_schema():
    codes = contract_event_codes()
    assert len(codes) >= 40
    assert list(load_toml("event_types.toml")["types"]) == codes
    schema = load_json("chronology.schema.json")
    assert schema["properties"]["event_type"]["enum"] == codes


def test_chronology_columns_agree_with_contract_and_schema():
    documented = [c for pair in contract_columns() for c in pair if c]
    assert documented == list(CHRONOLOGY_COLUMNS)
    schema = load_json("chronology.schema.json")
    assert schema["x-columns"] == list(CHRONOLOGY_COLUMNS)
    assert schema["properties"]["date_precision"]["enum"] == list(DATE_PRECISIONS)
    for precision in DATE_PRECISIONS:
        assert f"`{precision}`" in CONTRACT


def test_review_schema_file_is_current():
    on_disk = load_json("review.schema.json")
    assert on_disk == json.loads(json.dumps(review_json_schema())), (
        "schemas/review.schema.json is out of date: regenerate it with "
        "python -c 'import json; from chronomerge.review import review_json_schema;"
        " print(json.dumps(review_json_schema(), indent=2, sort_keys=True))'"
    )


def test_columns_cover_every_canonical_input_column():
    columns = load_toml("columns.toml")["columns"]
    assert set(columns) == set(INPUT_COLUMNS)
    headings = [h.lower() for spec in columns.values() for h in spec["headings"]]
    assert len(headings) == len(set(headings)), "a heading maps to two columns"
    for needed in [
        "Date/Time",
        "Event Ref",
        "Source of Information",
        "Seen alone",
        "Child seen?",
        "Agency analysis",
        "Action/Outcome",
    ]:
        assert needed.lower() in headings


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_agency_colours_meet_wcag_aa():
    kinds = load_toml("agencies.toml")["kinds"]
    assert len(kinds) >= 17
    for name, kind in kinds.items():
        assert contrast(kind["colour"], kind["text"]) >= 4.5, name
        assert contrast(kind["tint"], "#000000") >= 4.5, name
    colours = [k["colour"] for k in kinds.values()]
    assert len(colours) == len(set(colours))


@pytest.mark.slow
def test_wheel_ships_schemas(tmp_path):
    """A non-editable install must find the schemas (they live outside the
    package in the source tree and are mapped into it by the build)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("chronomerge-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    shipped = sorted(p.name for p in (ROOT / "schemas").iterdir() if p.is_file())
    assert len(shipped) >= 9
    for name in shipped:
        assert f"chronomerge/schemas/{name}" in names
    probe = (
        "import chronomerge.resources as r; "
        "print(r.schemas_dir()); print(len(r.load_toml('event_types.toml')['types']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    where, count = run.stdout.split()
    assert where.startswith(str(tmp_path / "site"))
    assert int(count) >= 40


def test_experience_words_are_lists_and_name_real_event_types():
    """schemas/experience.toml: every setting a list of words, the event types
    it names in the taxonomy, and the file listed where schemas are
    documented."""
    rules = {k: dict(v) for k, v in load_toml("experience.toml").items()}
    assert set(rules) == {
        "child", "others", "practitioners", "pronouns", "seen", "encounters",
        "alone", "spoken", "words", "presentation", "contacts", "settings",
        "talking", "contact_rules",
    }  # fmt: skip
    assert rules["child"].pop("whom") in ("subject", "family")
    for table in rules.values():
        for words in table.values():
            assert words and all(isinstance(w, str) and w.strip() for w in words)
    codes = set(load_toml("event_types.toml")["types"])
    named = {*rules["encounters"]["types"], *rules["seen"]["not_seen_types"]}
    for table in ("contacts", "settings", "talking"):
        named |= {t for types in rules[table].values() for t in types}
    named |= {*rules["contact_rules"]["of_the_child"]}
    named |= {*rules["contact_rules"]["not_in_person_types"]}
    assert named <= codes
    # [contacts] is keyed by the agency kinds of agencies.toml.
    kinds = set(load_toml("agencies.toml")["kinds"])
    for table in ("contacts", "settings", "talking"):
        assert set(rules[table]) <= kinds, table
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "schemas/experience.toml" in readme
    assert "schemas/experience.toml" in CONTRACT


def test_sharing_rules_name_real_kinds_and_types():
    """schemas/sharing.toml: its role words are for agency kinds of
    agencies.toml, its types are codes of the taxonomy, its patterns compile."""
    from chronomerge.analyse.conflicts import conflict_rules
    from chronomerge.analyse.known import decision_rules
    from chronomerge.analyse.sharing import sharing_rules

    data = load_toml("sharing.toml")
    kinds = set(load_toml("agencies.toml")["kinds"])
    codes = set(load_toml("event_types.toml")["types"])
    assert set(data["roles"]) <= kinds
    decisions = data["decisions"]
    assert set(decisions["types"]) <= codes
    assert set(decisions["made_by"]) <= set(decisions["types"])
    assert all(set(k) <= kinds for k in decisions["made_by"].values())
    assert set(decisions["notable_types"]) <= codes
    assert set(data["sending"]["meeting_types"]) <= codes
    assert set(data["receipt"]["matter_types"]) <= codes
    labels = set(data["what"]["patterns"]) | {data["what"]["default"]}
    assert set(data["conflicts"]["received_later"]) <= labels
    rules = sharing_rules()
    assert 0 < rules.working_days <= rules.late_search_working_days
    assert decision_rules().lookback_days > 0
    assert conflict_rules().time_minutes > 0
