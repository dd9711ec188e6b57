"""Key practice episodes in the panel pack: a copy of the sample review whose
review file accepts two of chronomerge's proposals, merged for real; the
workbook's Episodes sheet, the Word chronology's headed sections and the
timeline's bands checked in the files written. Without accepted episodes the
Word file and the timeline are as they were (every episode a proposal)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from chronomerge import merge
from chronomerge.export.document import write_document
from chronomerge.export.timeline import timeline_figure

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"
ENTRY_ID = re.compile(r"\((E[0-9a-f]{10})\)\s*$")
ACCEPTED = [
    ("2018-10-12", "2018-10-15", "Bruising: referral, strategy discussion, medical"),
    ("2019-05-20", "2019-06-10", "Domestic abuse and MARAC"),
]


def accepting_review(folder: Path) -> Path:
    """The sample review's files with a review file accepting two episodes."""
    shutil.copytree(SAMPLE, folder)
    text = (folder / "review.toml").read_text(encoding="utf-8")
    for start, end, title in ACCEPTED:
        text += (
            f'\n[[episodes]]\nstart = {start}\nend = {end}\ntitle = "{title}"\n'
            'status = "accepted"\n'
        )
    (folder / "review.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    base = tmp_path_factory.mktemp("episodes")
    folder = accepting_review(base / "child_a")
    chronology = merge([folder], review=folder / "review.toml")
    out = base / "out"
    chronology.write(out)
    return chronology, out


def _rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_the_episodes_sheet_lists_every_episode_in_date_order(merged):
    chronology, out = merged
    book = load_workbook(out / "panel_pack.xlsx")
    assert book.sheetnames.index("Episodes") == book.sheetnames.index("Chronology") + 1
    rows = _rows(book["Episodes"])
    assert len(rows) == len(chronology.episodes)
    accepted = [r for r in rows if r["Status"] == "Accepted by the author"]
    assert [(r["From"], r["To"], r["Title"]) for r in accepted] == [
        ("12/10/2018", "15/10/2018", ACCEPTED[0][2]),
        ("20/05/2019", "10/06/2019", ACCEPTED[1][2]),
    ]
    others = {r["Status"] for r in rows} - {"Accepted by the author"}
    assert others == {"Proposed by chronomerge (not yet decided)"}
    days = [tuple(reversed(r["From"].split("/"))) for r in rows]
    assert days == sorted(days)
    entries = dict(
        zip(chronology.episodes.title, chronology.episodes.entries, strict=True)
    )
    for row in rows:
        assert row["Entries"] == len(entries[row["Title"]].split(";"))
        assert row["Entries"] > 0 and isinstance(row["Days"], int)
    guide = [r[0] for r in book["About"].iter_rows(values_only=True) if r]
    assert "Episodes" in guide
    for ws in book.worksheets:  # no formula anywhere
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


def test_the_word_chronology_is_divided_at_accepted_episodes(merged):
    chronology, out = merged
    document = docx.Document(str(out / "chronology.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    episodes = [h for h in headings if h.startswith("Episode")]
    assert episodes == [
        f"Episode 1: {ACCEPTED[0][2]} (12/10/2018 to 15/10/2018)",
        f"Episode 2: {ACCEPTED[1][2]} (20/05/2019 to 10/06/2019)",
    ]
    assert headings[0] == "Before the first episode"
    assert "Between episodes 1 and 2" in headings
    ids = [
        m.group(1)
        for table in document.tables[1:]
        for row in table.rows[1:]
        if (m := ENTRY_ID.search(row.cells[-1].text))
    ]
    assert sorted(ids) == sorted(chronology.entries.entry_id)  # each once


def test_each_episode_heads_the_entries_dated_inside_it(merged):
    chronology, out = merged
    body = docx.Document(str(out / "chronology.docx")).element.body
    section, seen = "", {}
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            style = child.xpath("./w:pPr/w:pStyle/@w:val")
            if style and style[0] == "Heading2":
                section = "".join(child.itertext())
        elif child.tag.endswith("}tbl") and section:
            for m in ENTRY_ID.finditer("\n".join(child.itertext())):
                seen[m.group(1)] = section
    inside = chronology.entries.set_index("entry_id").date_start
    first = [i for i, s in seen.items() if s.startswith("Episode 1")]
    assert first and all("2018-10-12" <= inside[i] <= "2018-10-15" for i in first)


def test_no_accepted_episode_leaves_word_and_timeline_as_before(tmp_path):
    chronology = merge([SAMPLE])
    assert set(chronology.episodes.status) == {"proposed"}
    first = write_document(chronology, tmp_path / "a.docx").read_bytes()
    shapes = timeline_figure(chronology).layout.shapes
    chronology.episodes = chronology.episodes.iloc[0:0]
    assert write_document(chronology, tmp_path / "b.docx").read_bytes() == first
    assert timeline_figure(chronology).layout.shapes == shapes
    assert not any((s.name or "").startswith("episode") for s in shapes)


def test_the_timeline_bands_the_accepted_episodes(merged):
    chronology, _ = merged
    layout = timeline_figure(chronology).layout
    bands = [s for s in layout.shapes if (s.name or "").startswith("episode")]
    assert [(b.x0, b.x1) for b in bands] == [
        ("2018-10-12", "2018-10-16"),
        ("2019-05-20", "2019-06-11"),
    ]
    labels = [a for a in layout.annotations if (a.name or "").startswith("episode")]
    assert [a.text for a in labels] == ["<b>Episode 1</b>", "<b>Episode 2</b>"]
    assert ACCEPTED[1][2] in labels[1].hovertext
