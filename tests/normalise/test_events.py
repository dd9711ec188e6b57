"""Event types: the taxonomy's words, the main-type rules, the DataFrame stage,
real files, and agreement with the sample review's truth."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from chronomerge.normalise.events import (
    classify_events,
    classify_text,
    event_type_codes,
    read_type_column,
    vocabulary,
)
from chronomerge.resources import load_toml
from chronomerge.review import Agency, ReviewSettings, read_review

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"


# --- the data file ----------------------------------------------------------------


def test_every_type_has_words_priority_and_known_agencies():
    data = load_toml("event_types.toml")
    kinds = set(load_toml("agencies.toml")["kinds"])
    priorities = set()
    for code, spec in data["types"].items():
        if code != "other":
            assert spec["keywords"] or spec["abbreviations"], code
            assert spec["agencies"], code
        assert set(spec["agencies"]) <= kinds, code
        assert set(spec.get("default_for", [])) <= kinds, code
        assert set(spec.get("agency_words", {})) <= kinds, code
        for pattern in spec["patterns"]:
            re.compile(pattern)
        priorities.add(spec["priority"])
    assert data["types"]["other"]["priority"] == min(priorities)


def test_each_agency_kind_has_at_most_one_default_type():
    seen: dict[str, str] = {}
    for code, spec in load_toml("event_types.toml")["types"].items():
        for kind in spec.get("default_for", []):
            assert kind not in seen, (
                f"{kind} is the default of {seen.get(kind)} and {code}"
            )
            seen[kind] = code


# --- the words practitioners write ----------------------------------------------

MAIN_TYPES = [
    # (text, agency kind, expected main type)
    ("Strat discussion held with police and health", "", "strategy_discussion"),
    (
        "Strategy mtg - threshold for s47 met",
        "childrens_social_care",
        "strategy_discussion",
    ),
    ("S47 enquiry commenced, both children seen alone", "", "s47_enquiry"),
    ("s.47 initiated following strategy", "childrens_social_care", "s47_enquiry"),
    ("Partner arrested for section 47 assault on Mother", "police", "criminal_justice"),
    (
        "S47 assault reported by Mother, suspect outstanding",
        "police",
        "police_incident",
    ),
    ("Child A DNA'd 12 month review", "health_visiting", "was_not_brought"),
    ("DNA - letter sent to Mother offering new appt", "gp", "was_not_brought"),
    ("WNB to audiology, 2nd time", "hospital", "was_not_brought"),
    ("Child was not brought to the dental appointment", "", "was_not_brought"),
    ("DNA test results received (paternity)", "childrens_social_care", None),
    ("Paternity DNA swabs taken at contact centre", "childrens_social_care", None),
    ("Case closed - NFA", "childrens_social_care", "case_closure"),
    ("Outcome of assessment: NFA, step down to universal services", "", "case_closure"),
    (
        "HV contact at clinic, weight on 25th centile",
        "health_visiting",
        "health_contact",
    ),
    ("SW visit - Child A seen in bedroom", "childrens_social_care", "home_visit"),
    (
        "DA incident, Mother assaulted by Partner, children present",
        "police",
        "domestic_abuse",
    ),
    ("Attended ED with head injury after fall from sofa", "hospital", "ed_attendance"),
    ("Seen in A&E with 2cm burn to left hand", "", "ed_attendance"),
    ("Attended A and E with Mother: wheeze", "", "ed_attendance"),
    ("CP conf - plan continued under neglect", "", "cp_conference"),
    ("ICPC held, both children made subject to CP plans", "", "cp_conference"),
    ("RCPC: plan ended, step down to CIN", "", "cp_conference"),
    ("CIN review held at school", "", "cin_meeting"),
    ("TAF meeting at school, Mother attended", "early_help", "early_help"),
    ("EHA completed with family", "", "early_help"),
    ("MARAC referral made (DASH high risk)", "police", "marac"),
    ("Case heard at MARAC", "domestic_abuse", "marac"),
    ("Child A accommodated under S20 with grandparents", "", "looked_after"),
    ("PPO used, children taken to place of safety", "police", "looked_after"),
    ("EPO granted by family court", "childrens_social_care", "looked_after"),
    (
        "Contact received by MASH from school re bruising",
        "childrens_social_care",
        "referral_csc",
    ),
    ("PPN submitted to MASH re DA incident", "police", "referral_csc"),
    ("Referral to CAMHS made by GP", "gp", "referral_other"),
    (
        "Referred to early help for parenting support",
        "health_visiting",
        "referral_other",
    ),
    ("Unannounced home visit - no answer, calling card left", "", "no_access"),
    ("No access visit. Curtains drawn.", "childrens_social_care", "no_access"),
    (
        "Telephone call to HV for update. Missed clinic last week.",
        "",
        "information_sharing",
    ),
    ("Email from school re attendance", "childrens_social_care", "information_sharing"),
    ("Letter received from paediatric clinic", "gp", "information_sharing"),
    ("Report sent to child protection conference", "gp", "cp_conference"),
    ("Child A seen with Mother: cough and cold", "gp", "gp_consultation"),
    ("Mother seen: low mood, sertraline continued", "gp", "gp_consultation"),
    ("CPN appointment, mood low", "adult_mental_health", "mental_health"),
    (
        "Absent, no reason given. First day call made.",
        "education",
        "education_attendance",
    ),
    ("Fixed term exclusion for 2 days", "education", "education_exclusion"),
    ("Logged on CPOMS: arrived hungry and unkempt", "education", "education_concern"),
    ("Bruise to left cheek noted by TA, body map completed", "education", "injury"),
    (
        "Reported missing from home by Mother, found next day",
        "police",
        "missing_episode",
    ),
    ("Partner has moved into the family home", "", "household_change"),
    ("Notice to quit served for rent arrears", "housing", "housing"),
    ("Probation supervision appointment attended", "probation", "probation"),
    ("Ambulance called, conveyed to hospital", "ambulance", "ambulance"),
    ("Professionals meeting to share concerns", "", "professionals_meeting"),
    (
        "Escalation to team manager under resolution protocol",
        "health_visiting",
        "escalation",
    ),
    ("Child A born at 39 weeks by NVD", "midwifery", "birth"),
    ("Child A pronounced dead at hospital", "hospital", "death"),
    (
        "CP medical by on-call paediatrician, skeletal survey clear",
        "hospital",
        "cp_medical",
    ),
    ("Admitted to paediatric ward for observation", "hospital", "hospital_admission"),
    ("Fracture clinic follow-up, cast removed", "hospital", "outpatient"),
    ("Core group mtg held, actions reviewed", "", "core_group"),
    ("Management oversight: consider PLO", "childrens_social_care", None),
    ("Plan: review in 4 weeks", "", None),
]


@pytest.mark.parametrize(("text", "kind", "expected"), MAIN_TYPES)
def test_main_type_of_practitioner_text(text, kind, expected):
    assert classify_text(text, kind).main == expected


@pytest.mark.parametrize(
    ("text", "kind", "secondary"),
    [
        ("Taken to GP with a head injury, referred to social care", "gp", "injury"),
        ("PPN submitted to MASH re DA incident", "police", "domestic_abuse"),
        ("Home visit - no answer, card left", "childrens_social_care", "home_visit"),
        ("Contact from school: sibling disclosed DA. Progress to strategy.",
         "childrens_social_care", "strategy_discussion"),
    ],
)  # fmt: skip
def test_other_events_named_become_secondary(text, kind, secondary):
    ranked = classify_text(text, kind)
    assert secondary in ranked.others
    assert ranked.main != secondary


def test_weak_words_count_for_the_agencys_own_type_only():
    # "seen" is a consultation in a GP record, nothing in a school's.
    assert classify_text("Child A seen, mother worried", "gp").main == "gp_consultation"
    assert classify_text("Child A seen, mother worried", "education").main is None
    # "low mood" is the mental health service's own business, a GP's topic
    assert classify_text("Low mood", "adult_mental_health").main == "mental_health"
    assert classify_text("Low mood", "gp").main is None


@pytest.mark.parametrize(
    ("text", "kind", "main"),
    [
        # a phone call with a parent is the agency's own contact...
        ("Telephone contact with Mother. Sleep advice.", "health_visiting",
         "health_contact"),
        ("Telephone review with Mother", "adult_mental_health", "mental_health"),
        ("IDVA met Mother at home. Housing options discussed.", "domestic_abuse",
         "other"),
        # ... a call with a professional is information sharing
        ("Telephone call to school", "health_visiting", "information_sharing"),
        ("SW rang for update", "health_visiting", "information_sharing"),
        # an agency with no default type: the contact words say nothing
        ("Session with Mother", "childrens_social_care", None),
        ("Seen at home with Mother", "childrens_social_care", "home_visit"),
    ],
)  # fmt: skip
def test_contact_words_name_the_agencys_own_work(text, kind, main):
    assert classify_text(text, kind).main == main


@pytest.mark.parametrize(
    ("text", "kind", "main", "absent"),
    [
        ("Domestic incident. NFA, no PPN submitted", "police", "domestic_abuse",
         "referral_csc"),
        ("Verbal argument, no assault disclosed", "police", "domestic_abuse",
         "police_incident"),
        ("Mother declined referral to early help", "health_visiting", None,
         "referral_other"),
        ("No concerns re DA", "midwifery", None, "domestic_abuse"),
        # keywords that begin with a negation are read whole
        ("No access, card left", "", "no_access", ""),
        ("Child A not brought to clinic", "", "was_not_brought", ""),
        ("No further action", "", "case_closure", ""),
    ],
)  # fmt: skip
def test_what_is_denied_does_not_count(text, kind, main, absent):
    ranked = classify_text(text, kind)
    assert ranked.main == main
    assert absent not in ranked.codes


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        ("Strategy Discussion", "mapped", "strategy_discussion"),
        ("Stratergy Meeting", "mapped", "strategy_discussion"),
        ("Core Grp Mtg", "mapped", "core_group"),
        ("Home Visit", "mapped", "home_visit"),
        ("DNA", "mapped", "was_not_brought"),
        ("ED attendance", "mapped", "ed_attendance"),
        ("cp_conference", "mapped", "cp_conference"),
        ("Case note", "generic", None),
        ("Telephone", "generic", None),
        ("  ", "blank", None),
        ("Widget", "unknown", None),
    ],
)
def test_reading_the_agencys_type_column(value, status, code):
    reading = read_type_column(value)
    assert reading.status == status
    assert (reading.codes[0] if reading.codes else None) == code


# --- the DataFrame stage --------------------------------------------------------


def _entries(rows: list[dict]) -> pd.DataFrame:
    base = {
        "description": "", "agency_type": "", "outcome": "", "agency": "Agency",
        "agency_kind": "", "source_file": "a.csv", "source_location": "",
    }  # fmt: skip
    return pd.DataFrame(
        [{**base, **row, "source_row": i + 2} for i, row in enumerate(rows)]
    )


def test_classify_events_adds_type_secondary_and_source():
    entries = _entries(
        [
            {"description": "Home visit, bruise seen", "agency_type": "Home visit"},
            {"description": "CIN meeting held at school", "agency_type": "Meeting"},
            {"description": "Strat held; agreed s47"},
            {"description": "Nothing recognisable here"},
            {"description": "Nothing recognisable", "agency_kind": "gp"},
            {"description": "", "outcome": "NFA, case closed"},
            {"description": "Unclear entry", "agency_type": "Widget"},
        ]
    )
    out, issues = classify_events(entries, ReviewSettings())
    assert out["event_type"].tolist() == [
        "home_visit",
        "cin_meeting",
        "strategy_discussion",
        "other",
        "gp_consultation",
        "case_closure",
        "other",
    ]
    assert out["event_type_source"].tolist() == [
        "column", "text", "text", "default", "default", "text", "default",
    ]  # fmt: skip
    assert out["secondary_types"][0] == "injury"
    assert "professionals_meeting" in out["secondary_types"][1].split(";")
    assert out["secondary_types"][3] == ""
    assert [i.as_tuple() for i in issues] == [
        (8, "agency_type", "event-type-unknown"),
        # Nothing recognisable, and a type guessed only from who wrote it:
        (5, "event_type", "event-type-uncertain"),
        (6, "event_type", "event-type-uncertain"),
        (8, "event_type", "event-type-uncertain"),
    ]
    assert "'Widget'" in issues[0].message
    assert [i.severity for i in issues[1:]] == ["info"] * 3
    confidence = out["event_type_confidence"].astype(float)
    assert confidence[0] == 1.0 and confidence[2] > 0.9  # named plainly
    assert confidence[4] < 0.5  # the GP's kind alone
    assert list(entries.columns) == list(out.columns)[: len(entries.columns)]


def test_outcome_types_are_secondary():
    entries = _entries(
        [{"description": "Police attended, verbal argument", "outcome": "PPN to MASH"}]
    )
    out, _ = classify_events(entries, ReviewSettings())
    assert out["event_type"][0] == "domestic_abuse"
    assert "referral_csc" in out["secondary_types"][0].split(";")


def test_agency_kind_comes_from_the_review_when_missing():
    review = ReviewSettings(
        agencies=[Agency(name="Castle Lane Surgery", kind="gp", files=["gp*.csv"])]
    )
    entries = _entries(
        [
            {"description": "Seen: cough", "agency": "Castle Lane Surgery"},
            {"description": "Seen: cough", "agency": "Dr X", "source_file": "gp1.csv"},
        ]
    ).drop(columns="agency_kind")
    out, _ = classify_events(entries, review)
    assert out["event_type"].tolist() == ["gp_consultation", "gp_consultation"]


def test_empty_input():
    out, issues = classify_events(_entries([]), ReviewSettings())
    assert out.empty and issues == []
    assert {"event_type", "secondary_types", "event_type_source"} <= set(out.columns)


def test_every_result_is_a_taxonomy_code():
    codes = set(event_type_codes())
    texts = [row[0] for row in MAIN_TYPES] + ["", "?", "12/03/2019"]
    out, _ = classify_events(
        _entries([{"description": t, "agency_type": t} for t in texts]),
        ReviewSettings(),
    )
    assert set(out["event_type"]) <= codes
    for secondary in out["secondary_types"]:
        assert set(filter(None, secondary.split(";"))) <= codes


# --- real files -----------------------------------------------------------------


def test_types_from_files_read_by_ingest(tmp_path):
    ingest = pytest.importorskip("chronomerge.ingest")
    with open(tmp_path / "police.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Date", "Type of contact", "Details", "Action taken"])
        writer.writerow(
            ["01/05/2019", "Domestic", "Verbal argument, words only", "PPN"]
        )
        writer.writerow(["03/05/2019", "Stratergy Mtg", "Attended with CSC", ""])
        writer.writerow(["04/05/2019", "Gizmo", "Strategy discussion held", ""])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(["Date", "Event type", "Description"])
    sheet.append(["02/05/2019", "", "Child A seen with Mother: cough. Advice given."])
    sheet.append(["05/05/2019", "Telephone", "Call to school re attendance"])
    book.save(tmp_path / "gp.xlsx")
    review = ReviewSettings(
        agencies=[
            Agency(name="Police", kind="police", files=["police*"]),
            Agency(name="Surgery", kind="gp", files=["gp*"]),
        ]
    )
    entries = ingest.read_inputs([tmp_path], review).entries
    out, issues = classify_events(entries, review)
    got = {
        (r.source_file, int(r.source_row)): (r.event_type, r.event_type_source)
        for r in out.itertuples()
    }
    assert got == {
        ("police.csv", 2): ("domestic_abuse", "column"),
        ("police.csv", 3): ("strategy_discussion", "column"),
        ("police.csv", 4): ("strategy_discussion", "text"),
        ("gp.xlsx", 2): ("gp_consultation", "text"),
        ("gp.xlsx", 3): ("information_sharing", "text"),
    }
    assert [(i.source_file, i.source_row, i.value) for i in issues] == [
        ("police.csv", 4, "Gizmo")
    ]


# --- agreement with the sample's truth ------------------------------------------


def _truth() -> pd.DataFrame:
    path = SAMPLE / "truth.csv"
    if not path.exists():
        pytest.skip("sample_data/child_a/truth.csv is not there")
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def test_agreement_with_sample_truth_from_descriptions():
    truth = _truth()
    review = read_review(SAMPLE / "review.toml")
    kinds = {a.name: a.kind for a in review.agencies}
    entries = pd.DataFrame(
        {
            "description": truth["description"],
            "agency": truth["agency"],
            "agency_kind": truth["agency"].map(kinds).fillna(""),
            "source_file": truth["source_file"],
            "source_location": truth["source_location"],
            "source_row": truth["source_row"].astype(int),
        }
    )
    out, _ = classify_events(entries, review)
    agreement = (out["event_type"] == truth["event_type"]).mean()
    print(f"\nevent types agree with truth.csv (descriptions): {agreement:.1%}")
    assert agreement >= 0.90


def test_agreement_with_sample_truth_from_the_files():
    ingest = pytest.importorskip("chronomerge.ingest")
    truth = _truth()
    review = read_review(SAMPLE / "review.toml")
    entries = ingest.read_inputs([SAMPLE], review).entries
    out, _ = classify_events(entries, review)
    key = ["source_file", "source_location", "source_row"]
    out = out.assign(source_row=out["source_row"].astype(int).astype(str))
    merged = truth.merge(out[[*key, "event_type"]], on=key, suffixes=("", "_got"))
    assert len(merged) == len(truth)
    agreement = (merged["event_type"] == merged["event_type_got"]).mean()
    print(f"\nevent types agree with truth.csv (files, type columns): {agreement:.1%}")
    assert agreement >= 0.90


def test_vocabulary_is_compiled_once():
    assert vocabulary() is vocabulary()
