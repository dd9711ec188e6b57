"""The timeline's "Person" control in a real browser (Debian's headless
Chromium, offline, as tests/export/test_timeline_browser.py opens pages):
choosing a person shows only the entries the register says name them, their
period bars with them; "Everyone" brings every entry back."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_people_outputs import GP, HOUSING, POLICE, REVIEW
from test_timeline_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    assert_clean,
    browser,
    driver,
    visit,
)

from chronomerge.pipeline import build_pack

pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is missing: pip install -e '.[test]'",
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (apt-get install chromium); "
        ".ci/run installs it",
    ),
]

# Written here: a second housing file with a season, drawn as a period bar.
HOUSING_LATER = [
    ["Date", "Note"],
    ["Summer 2021", "Repairs: stepfather let the contractor in; damp treated."],
    ["14/09/2021", "Rent statement posted to the tenant."],
]

# The entries the page draws now: per trace, the point count and hover texts.
SHOWN_JS = """() => {
  const gd = document.getElementById("chronomerge-timeline");
  const role = r => gd._fullData.filter(t => t.meta && t.meta.role === r);
  const drawn = t => Array.from(t.y).map((v, j) => j).filter(j => t.y[j] === t.y[j]);
  return {
    points: role("entries").reduce((n, t) => n + drawn(t).length, 0),
    texts: role("entries").flatMap(t => drawn(t).map(j => t.hovertext[j])),
    bars: role("periods").reduce((n, t) => n + drawn(t).length, 0),
    rings: role("flagged").reduce((n, t) => n + drawn(t).length, 0),
    xtype: gd._fullLayout.xaxis.type,
    options: [...document.querySelectorAll("#chronomerge-people option")]
      .map(o => o.textContent),
    hidden: document.getElementById("chronomerge-people").hidden,
    note: document.querySelector("#chronomerge-people output").textContent,
  };
}"""


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    from ingest_helpers import write_csv, write_xlsx

    folder = tmp_path_factory.mktemp("people-timeline")
    (folder / "review.toml").write_text(REVIEW)
    write_xlsx(folder / "eastvale_log.xlsx", {"Log": POLICE})
    write_csv(folder / "housing_notes.csv", HOUSING)
    write_csv(folder / "housing_later.csv", HOUSING_LATER)
    write_csv(folder / "gp_extract.csv", GP)
    out = tmp_path_factory.mktemp("people-timeline-out")
    chronology, _ = build_pack(folder, out, outputs="csv,html")
    return chronology, out / "timeline.html"


def _dated(chronology, ids: set[str] | None = None) -> int:
    entries = chronology.entries
    dated = entries[entries["date_start"].astype(str) != ""]
    return len(dated) if ids is None else int(dated.entry_id.isin(ids).sum())


def test_choosing_a_person_shows_only_their_entries(browser, merged):  # noqa: F811
    chronology, page_path = merged
    seen = visit(browser, page_path)
    page = seen.page
    before = page.evaluate(SHOWN_JS)
    assert not before["hidden"]
    people = chronology.people.set_index("person")
    assert before["options"][0] == "Everyone: all entries"
    assert [o.split(" (")[0].split(":")[0] for o in before["options"][1:]] == list(
        people.index
    )
    assert before["points"] == _dated(chronology)
    assert before["bars"] == 2  # the summer's bar: its start and end

    ids = set(people.loc["Man 1", "entry_ids"].split(";"))
    option = next(o for o in before["options"] if o.startswith("Man 1"))
    page.select_option("#chronomerge-people select", label=option)
    page.wait_for_selector("html[data-person='Man 1']")
    after = page.evaluate(SHOWN_JS)
    assert after["points"] == _dated(chronology, ids) == 4
    assert all(
        "Braddock" in t or "stepfather" in t.casefold() for t in after["texts"]
    ), after["texts"]
    assert after["bars"] == 2  # the summer entry names the stepfather
    # The prompt names him: every entry ringed for it names him too.
    assert after["rings"] == before["rings"] > 0
    assert "naming Man 1" in after["note"] and after["xtype"] == "date"
    page.screenshot(path=str(page_path.with_name("person.png")), full_page=True)

    option = next(o for o in before["options"] if o.startswith("Maternal"))
    page.select_option("#chronomerge-people select", label=option)
    page.wait_for_selector("html[data-person='Maternal grandfather']")
    grandfather = page.evaluate(SHOWN_JS)
    assert grandfather["bars"] == 0 and grandfather["rings"] == 0
    assert grandfather["points"] == 2  # the GP's words and housing's own column

    page.select_option("#chronomerge-people select", label="Everyone: all entries")
    page.wait_for_selector("html[data-person='']")
    again = page.evaluate(SHOWN_JS)
    assert again["points"] == before["points"] and again["bars"] == 2
    assert again["rings"] == before["rings"]
    assert again["note"] == ""
    assert_clean(seen)


def test_the_page_is_the_same_bytes_when_made_again(merged, tmp_path):
    chronology, page_path = merged
    from chronomerge.export.timeline import write_timeline

    again = write_timeline(chronology, tmp_path / "timeline.html")
    assert Path(again).read_bytes() == page_path.read_bytes()
