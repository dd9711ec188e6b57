"""Pseudonymised output: no name the review file lists is left in any output."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from panel_fixtures import NAMES, REVIEW, sample_chronology

from chronomerge.export.document import write_document
from chronomerge.export.pseudonymise import Pseudonymiser, pseudonymise
from chronomerge.export.workbook import CHRONOLOGY_HEADINGS, write_workbook
from chronomerge.review import Person

NOTE_CELL = (
    get_column_letter([h for h, _ in CHRONOLOGY_HEADINGS].index("Panel notes") + 1)
    + "2"
)

PEOPLE = REVIEW.people
ANY_NAME = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("text", "expected", "count"),
    [
        ("Jane Smith said", "Mother said", 1),
        ("JANE's car; jane smith's flat", "Mother's car; Mother's flat", 2),
        ("Janet Smithson is someone else", "Janet Smithson is someone else", 0),
        ("Kayden Smith, son of Ms Smith", "Child K, son of Ms Mother", 2),
        ("Darren O'Neill (Dazza)", "Partner (Partner)", 2),
        ("Jane\n  Smith over two lines", "Mother over two lines", 1),
        ("Dazza,Jane,Kayden", "Partner,Mother,Child K", 3),
        ("", "", 0),
    ],
)
def test_replaces_whole_names_longest_first(text, expected, count):
    assert Pseudonymiser(PEOPLE).replace(text) == (expected, count)


def test_single_letters_and_labels_are_not_replaced():
    people = [Person(label="Child A", aliases=["A", "Child A", "Amy"])]
    assert Pseudonymiser(people).replace("A note: Amy is Child A") == (
        "A note: Child A is Child A",
        1,
    )


def test_no_people_changes_nothing():
    chronology = sample_chronology()
    chronology.review = chronology.review.model_copy(update={"people": []})
    result, count = pseudonymise(chronology)
    assert count == 0
    assert result.entries.equals(chronology.entries)


def _texts(chronology) -> list[str]:
    frames = [chronology.entries, chronology.issues, chronology.flags]
    frames += [chronology.groups, chronology.gaps]
    texts = [str(v) for f in frames for v in f.to_numpy().ravel().tolist()]
    texts += [str(c) for f in frames for c in f.columns]
    return texts


def test_every_table_is_covered_and_the_count_is_right():
    chronology = sample_chronology()
    chronology.entries["extra.Notes on Jane"] = "Seen by Jane's sister"
    before = sum(len(ANY_NAME.findall(t)) for t in _texts(chronology))
    result, count = pseudonymise(chronology)
    assert before > 0 and count == before
    assert not [t for t in _texts(result) if ANY_NAME.search(t)]
    assert result.manifest["pseudonymised"] == {"replacements": count}
    # The original is left as it was.
    assert sum(len(ANY_NAME.findall(t)) for t in _texts(chronology)) == before


def _package_texts(path: Path) -> list[str]:
    """Every text node and attribute value of every XML part of a package."""
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(package.read(name))
                texts += [t for t in root.itertext()]
                texts += [v for el in root.iter() for v in el.attrib.values()]
    return texts


def test_no_listed_name_left_in_any_output(tmp_path):
    chronology = sample_chronology()
    info = chronology.review.review.model_copy(update={"name": "Smith family review"})
    chronology.review = chronology.review.model_copy(update={"review": info})
    chronology.manifest["inputs"][0]["name"] = "Jane Smith GP record.xlsx"
    # Notes carried from an earlier pack are pseudonymised too.
    earlier = write_workbook(chronology, tmp_path / "earlier.xlsx")
    book = load_workbook(earlier)
    book["Chronology"][NOTE_CELL] = "Ask whether Dazza was living there"
    book.save(earlier)

    result, count = pseudonymise(chronology)
    assert count > 0
    pack = write_workbook(result, tmp_path / "panel_pack.xlsx", notes_from=earlier)
    word = write_document(result, tmp_path / "chronology.docx")

    found = [
        t for t in _package_texts(pack) + _package_texts(word) if ANY_NAME.search(t)
    ]
    assert found == []
    book = load_workbook(pack)
    assert book["Chronology"][NOTE_CELL].value == "Ask whether Partner was living there"
    for ws in book:
        assert not ANY_NAME.search(ws.title)
        for row in ws.iter_rows(values_only=True):
            assert not [v for v in row if isinstance(v, str) and ANY_NAME.search(v)]
    document = docx.Document(str(word))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [c.text for t in document.tables for r in t.rows for c in r.cells]
    section = document.sections[0]
    paragraphs += [
        p.text for p in section.header.paragraphs + section.footer.paragraphs
    ]
    assert not [p for p in paragraphs if ANY_NAME.search(p)]
    assert any("pseudonymised" in p for p in paragraphs)


def test_names_are_present_without_pseudonymising(tmp_path):
    """The scan above can fail: the same outputs hold the names otherwise."""
    word = write_document(sample_chronology(), tmp_path / "chronology.docx")
    assert [t for t in _package_texts(word) if ANY_NAME.search(t)]


def test_an_episode_titled_with_a_name_is_pseudonymised_too():
    import pandas as pd

    from chronomerge.model import EPISODE_COLUMNS

    chronology = sample_chronology()
    name = NAMES[0]
    row = dict.fromkeys(EPISODE_COLUMNS, "")
    row.update(title=f"Bruising to {name}", status="accepted", why=f"{name} seen")
    chronology.episodes = pd.DataFrame([row], columns=list(EPISODE_COLUMNS))
    result, _count = pseudonymise(chronology)
    texts = [str(v) for v in result.episodes.to_numpy().ravel()]
    assert not [t for t in texts if ANY_NAME.search(t)]
    assert result.episodes.title.iloc[0].startswith("Bruising to ")
