"""Key practice episodes proposed from a merged chronology (analyse/episodes.py),
on agency files written here with their own wording."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge.analyse.episodes import episode_rules, propose_episodes  # noqa: E402
from chronomerge.model import EPISODE_COLUMNS  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402

REVIEW = """[review]
name = "Episodes test"
period_start = 2020-01-01
period_end = 2020-12-31

[[agencies]]
name = "Riverside Health Visiting"
kind = "health_visiting"
files = ["hv*"]

[[agencies]]
name = "Riverside Children's Services"
kind = "childrens_social_care"
files = ["csc*"]

[[agencies]]
name = "Riverside Police"
kind = "police"
files = ["police*"]
"""

HV = [
    ["Date", "Details"],
    ["03/02/2020", "Routine contact at clinic, baby weighed and feeding well."],
    [
        "14/04/2020",
        "Clinic visit: bruise found on the infant's upper arm; referral to MASH made.",
    ],
    ["02/06/2020", "Development review at clinic, no concerns raised by parents."],
    ["18/09/2020", "Contact at clinic, weight on the 50th centile."],
]
CSC = [
    ["Date", "Contact type", "Summary of contact"],
    [
        "14/04/2020",
        "Referral",
        "Referral received from health visitor re bruising to baby.",
    ],
    [
        "15/04/2020",
        "Strategy",
        "Strategy discussion with police and health: section 47 agreed.",
    ],
    ["16/04/2020", "Medical", "Child protection medical at the children's ward."],
    ["20/04/2020", "Assessment", "Single assessment started."],
    ["28/07/2020", "Assessment", "Assessment completed; no further role identified."],
    ["30/07/2020", "Closure", "Case closed to children's services."],
    [
        "08/08/2020",
        "Contact",
        "Police notification (PPN) received: domestic incident, partner arrested.",
    ],
    ["10/08/2020", "MARAC", "MARAC referral made by the allocated social worker."],
    ["01/09/2020", "MARAC", "MARAC held; safety plan shared with agencies."],
]
POLICE = [
    ["Date/Time", "Type", "Details"],
    [
        "07/08/2020 23:10",
        "Domestic",
        "Domestic incident at the family home: partner arrested for assault. "
        "PPN submitted to children's services.",
    ],
    [
        "21/05/2020 02:00",
        "Domestic",
        "Neighbour called about raised voices; words only, no offences.",
    ],
    [
        "12/10/2020 14:00",
        "Domestic",
        "Call about an argument in the street, parties gone on arrival.",
    ],
]


@pytest.fixture(scope="module")
def chronology(tmp_path_factory):
    folder = tmp_path_factory.mktemp("episodes")
    (folder / "review.toml").write_text(REVIEW)
    write_xlsx(folder / "hv_chronology.xlsx", {"HV": HV})
    write_csv(folder / "csc_chronology.csv", CSC)
    write_xlsx(folder / "police_extract.xlsx", {"Incidents": POLICE})
    return merge(folder)


def test_bursts_of_practice_are_proposed_with_dates_title_and_why(chronology):
    episodes = propose_episodes(chronology.entries, chronology.review)
    assert list(episodes.columns) == list(EPISODE_COLUMNS)
    spans = list(zip(episodes.episode_start, episodes.episode_end, strict=True))
    # The bruise, its referral, strategy, medical and assessment; the domestic
    # abuse that led to a MARAC. The call-outs that led to nothing, routine
    # clinic contacts, and social care closing its own assessment (one
    # agency's work) are no episode.
    assert spans == [
        ("2020-04-14", "2020-04-20"),
        ("2020-08-07", "2020-09-01"),
    ]
    first = episodes.iloc[0]
    assert first.title.endswith(", April 2020")
    assert "strategy discussion" in first.title
    assert "decisions: strategy discussion on 15/04/2020" in first.why
    assert first.days == 7 and first.events >= 4
    ids = set(first.entries.split(";"))
    inside = chronology.entries[
        chronology.entries.date_start.between("2020-04-14", "2020-04-20")
    ]
    assert ids == set(inside.entry_id)
    assert "Riverside Police" in episodes.iloc[1].agencies.split(";")
    assert "MARAC" in episodes.iloc[1].title


def test_proposals_do_not_depend_on_row_order(chronology):
    entries = chronology.entries.sample(frac=1, random_state=4)
    shuffled = propose_episodes(entries, chronology.review)
    pd.testing.assert_frame_equal(
        shuffled, propose_episodes(chronology.entries, chronology.review)
    )


def test_an_empty_chronology_proposes_nothing(chronology):
    empty = chronology.entries.iloc[0:0]
    episodes = propose_episodes(empty, chronology.review)
    assert episodes.empty and list(episodes.columns) == list(EPISODE_COLUMNS)


def test_the_rules_are_data_with_known_types():
    import tomllib

    from chronomerge.resources import read_text

    rules = episode_rules()
    codes = set(tomllib.loads(read_text("event_types.toml"))["types"])
    named = set(rules.words) | set(rules.triggers)
    assert named <= codes and not set(rules.words) & set(rules.triggers)
    assert rules.decisions <= set(rules.words) and rules.ends <= set(rules.words)
    for first, then in rules.follows:
        assert {first, then} <= set(rules.words)
    assert set(rules.title_order) == named
    # Weights, the closing steps after a closure and the title words from the
    # text name known types; every rule has words and a title.
    assert {kind for kind, _ in rules.weights} <= named
    assert all(weight > 0 for _, weight in rules.weights)
    assert rules.after_end <= set(rules.words)
    assert rules.min_score > 0 and rules.min_agencies >= 1 and rules.min_burst > 0
    for kind, found, otherwise in rules.from_text:
        assert kind in named and otherwise and found
        assert all(title and pattern.pattern for pattern, title, _ in found)


def test_a_merge_writes_the_proposals_and_counts_them(chronology, tmp_path):
    import csv
    import json

    from typer.testing import CliRunner

    from chronomerge.cli import app

    pd.testing.assert_frame_equal(
        chronology.episodes,
        propose_episodes(chronology.entries, chronology.review),
    )
    assert chronology.manifest["counts"]["episodes_proposed"] == 2
    source = Path(chronology.entries.source_path.iloc[0]).parent
    out = tmp_path / "pack"
    result = CliRunner().invoke(
        app,
        ["merge", str(source), "--out", str(out), "--outputs", "csv"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert (
        "Episodes proposed" in result.output and "2 (see episodes.csv)" in result.output
    )
    with (out / "episodes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["episode_start"] for r in rows] == [
        "2020-04-14",
        "2020-08-07",
    ]
    assert all(r["why"] and r["title"] for r in rows)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["episodes_proposed"] == 2


def _folder(chronology) -> Path:
    return Path(chronology.entries.source_path.iloc[0]).parent


def _copy(chronology, tmp_path) -> Path:
    import shutil

    folder = tmp_path / "review"
    shutil.copytree(_folder(chronology), folder)
    return folder


def test_proposals_written_to_the_review_file_keep_its_comments(chronology, tmp_path):
    from chronomerge import find_episodes, read_review

    folder = _copy(chronology, tmp_path)
    review = folder / "review.toml"
    review.write_text("# Our review: keep this comment\n" + review.read_text())
    found = find_episodes(folder, write=True)
    text = review.read_text()
    assert text.startswith("# Our review: keep this comment\n")
    assert text.count("[[episodes]]") == 2 and 'status = "proposed"' in text
    settings = read_review(review)
    assert [(str(e.start), e.status) for e in settings.episodes] == [
        ("2020-04-14", "proposed"),
        ("2020-08-07", "proposed"),
    ]
    assert settings.episodes[0].note == found.why.iloc[0]
    again = find_episodes(folder, write=True)  # nothing offered twice
    assert review.read_text().count("[[episodes]]") == 2
    assert list(again.status) == ["proposed"] * 2
    assert list(again.why.str.contains("review file")) == [True] * 2


def test_the_authors_decisions_stand_on_every_merge(chronology, tmp_path):
    from chronomerge import find_episodes

    folder = _copy(chronology, tmp_path)
    review = folder / "review.toml"
    review.write_text(
        review.read_text() + "\n[[episodes]]\nstart = 2020-04-14\nend = 2020-04-20\n"
        'title = "Bruising to baby Riley and the enquiry"\nstatus = "accepted"\n'
        "\n[[episodes]]\nstart = 2020-07-28\nend = 2020-07-30\n"
        'status = "dropped"\n'
        "\n[[episodes]]\nstart = 2020-08-01\nend = 2020-09-30\n"
        'title = "Domestic abuse and MARAC, August to September"\nstatus = "accepted"\n'
    )
    found = find_episodes(folder)
    assert list(zip(found.episode_start, found.status, strict=True)) == [
        ("2020-04-14", "accepted"),
        ("2020-08-01", "accepted"),
    ]
    renamed = found.iloc[0]
    assert renamed.title == "Bruising to baby Riley and the enquiry"
    assert renamed.why.startswith("accepted by the author (review file)")
    widened = found.iloc[1]  # re-dated to take in the whole MARAC process
    assert widened.days == 61 and widened.events == 3
    assert "Riverside Police" in widened.agencies.split(";")


def test_an_episode_ending_before_it_starts_is_refused_with_its_line(tmp_path):
    from chronomerge import ReviewFileError, read_review

    path = tmp_path / "review.toml"
    path.write_text(
        '[review]\nname = "x"\n\n[[episodes]]\nstart = 2020-05-01\nend = 2020-04-01\n'
    )
    with pytest.raises(ReviewFileError) as info:
        read_review(path)
    assert "line 4" in str(info.value) and "start is after end" in str(info.value)


def test_the_command_lists_them_and_writes_with_write(chronology, tmp_path):
    from typer.testing import CliRunner

    from chronomerge.cli import app

    folder = _copy(chronology, tmp_path)
    runner = CliRunner()
    shown = runner.invoke(app, ["episodes", str(folder), "-q"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "14/04/2020" in shown.output and "proposed" in shown.output
    assert "[[episodes]]" not in (folder / "review.toml").read_text()
    written = runner.invoke(
        app, ["episodes", str(folder), "--write", "-q"], env={"COLUMNS": "200"}
    )
    assert written.exit_code == 0, written.output
    assert (folder / "review.toml").read_text().count("[[episodes]]") == 2
    lone = tmp_path / "lone.csv"
    lone.write_bytes((folder / "csc_chronology.csv").read_bytes())
    refused = runner.invoke(app, ["episodes", str(lone), "--write", "-q"])
    assert refused.exit_code != 0 and "review file" in refused.output


def test_the_sample_reviews_planted_episodes_are_all_proposed():
    """Each episode planted in the sample story (truth_episodes.csv) has a
    proposal within a week at both ends, and at most twice as many are
    proposed as planted."""
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"
    planted = pd.read_csv(sample / "truth_episodes.csv", dtype=str)
    chron = merge(sample)
    proposed = chron.episodes
    assert (proposed.status == "proposed").all()
    starts = pd.to_datetime(proposed.episode_start)
    ends = pd.to_datetime(proposed.episode_end)
    for row in planted.itertuples(index=False):
        near = ((starts - pd.Timestamp(row.episode_start)).abs().dt.days <= 7) & (
            (ends - pd.Timestamp(row.episode_end)).abs().dt.days <= 7
        )
        assert near.any(), row.title
    assert len(planted) <= len(proposed) <= 2 * len(planted)


def _merged(tmp_path, agencies: str, files: dict[str, list[list[str]]]):
    """A review of the agencies (TOML [[agencies]] tables) with these csv files."""
    folder = tmp_path / "review"
    folder.mkdir()
    head = '[review]\nname = "Rules test"\nperiod_start = 2020-01-01\n'
    (folder / "review.toml").write_text(head + "period_end = 2020-12-31\n\n" + agencies)
    for name, rows in files.items():
        write_csv(folder / name, rows)
    chron = merge(folder)
    return chron, propose_episodes(chron.entries, chron.review)


CSC_AND_HV = """[[agencies]]
name = "Northfield Children's Services"
kind = "childrens_social_care"
files = ["csc*"]

[[agencies]]
name = "Northfield Health Visiting"
kind = "health_visiting"
files = ["hv*"]
"""


def test_a_sparse_step_down_window_is_one_proposal_to_its_last_closure(tmp_path):
    """A review conference ends the plan, then the step-down and each agency's
    closure come days to a fortnight apart: one decision window, not cut at
    the first closure."""
    csc = [
        ["Date", "Note"],
        [
            "05/10/2020",
            "Review child protection conference: child protection plan ended.",
        ],
        ["19/10/2020", "Case stepped down to early help."],
        ["02/11/2020", "Case closed to children's social care."],
    ]
    hv = [
        ["Date", "Note"],
        ["05/10/2020", "Attended the review child protection conference."],
        ["10/03/2020", "Routine contact at clinic, baby weighed."],
        ["30/10/2020", "Discharged from health visiting caseload."],
    ]
    _, episodes = _merged(tmp_path, CSC_AND_HV, {"csc.csv": csc, "hv.csv": hv})
    spans = list(zip(episodes.episode_start, episodes.episode_end, strict=True))
    assert spans == [("2020-10-05", "2020-11-02")]
    only = episodes.iloc[0]
    assert "case closure" in only.title and "conference" in only.title
    assert "decisions: child protection conference on 05/10/2020" in only.why
    assert "times the review's usual weight" in only.why


def test_a_routine_burst_of_one_busy_agency_is_not_proposed(tmp_path):
    """Four referrals a school makes in ten days, with no other agency taking
    part, are that school's own work, not a multi-agency episode; the same
    burst with social care acting on one of them, in a strategy discussion
    the school took part in, is."""
    school = [
        ["Date", "Entry"],
        ["02/03/2020", "Referral to the school nurse for sleep support."],
        ["04/03/2020", "Referral to CAMHS made by the SENCo."],
        ["09/03/2020", "Referral to the young carers service."],
        ["11/03/2020", "Referral to the educational psychologist."],
    ]
    agencies = """[[agencies]]
name = "Northfield Primary School"
kind = "education"
files = ["school*"]
"""
    _, alone = _merged(tmp_path, agencies, {"school.csv": school})
    assert alone.empty
    csc = [
        ["Date", "Note"],
        ["11/03/2020", "Strategy discussion with school and police."],
    ]
    both = tmp_path / "both"
    both.mkdir()
    took_part = [*school, ["11/03/2020", "DSL joined the strategy discussion."]]
    _, joined = _merged(
        both, agencies + "\n" + CSC_AND_HV, {"school.csv": took_part, "csc.csv": csc}
    )
    assert list(joined.episode_start) == ["2020-03-02"]


def test_a_looked_after_mention_is_not_titled_as_a_status_change(tmp_path):
    """Legal planning and a looked after review of a sibling are recorded with
    the looked after type; the title says what they are, never "child looked
    after"."""
    csc = [
        ["Date", "Note"],
        ["14/04/2020", "Referral received from health visitor re bruising."],
        ["15/04/2020", "Strategy discussion: section 47 agreed."],
        [
            "17/04/2020",
            "LAC review for the sibling held; the child is not looked after.",
        ],
        ["20/04/2020", "Legal planning meeting: PLO agreed."],
    ]
    hv = [
        ["Date", "Note"],
        ["14/04/2020", "Bruise seen on the baby's arm; referral to MASH made."],
    ]
    _, episodes = _merged(tmp_path, CSC_AND_HV, {"csc.csv": csc, "hv.csv": hv})
    assert len(episodes) == 1
    title = episodes.iloc[0].title
    assert "looked after" not in title.replace("looked after review", "")
    assert "legal planning" in title or "looked after review" in title
    assert "child looked after" not in episodes.iloc[0].why
    placed = [row[:] for row in csc]
    placed[4] = [
        "20/04/2020",
        "Child accommodated under section 20 with foster carers.",
    ]
    again = tmp_path / "placed"
    again.mkdir()
    _, moved = _merged(again, CSC_AND_HV, {"csc.csv": placed, "hv.csv": hv})
    assert "child looked after" in moved.iloc[0].title
