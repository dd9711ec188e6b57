"""analyse_entries: the analysis stage as one call, with the dated frame built once."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from analyse_helpers import sample_review, truth_entries

from chronomerge import analyse
from chronomerge.analyse import experience, flags, gaps, stage
from chronomerge.analyse.ages import child_ages
from chronomerge.analyse.dated import dated_entries
from chronomerge.analyse.experience import (
    days_since_seen,
    last_seen,
    voice_of_the_child,
    with_experience,
)
from chronomerge.analyse.flags import find_flags, flags_by_entry
from chronomerge.analyse.gaps import child_not_seen, find_gaps

# Every module that builds the dated frame under its own name.
BUILDERS = (stage, gaps, flags, experience)


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, object]:
    return truth_entries(), sample_review()


def test_the_stage_is_exported():
    assert analyse.analyse_entries is stage.analyse_entries
    assert {"analyse_entries", "Analysis"} <= set(analyse.__all__)
    assert dataclasses.is_dataclass(stage.Analysis)
    assert stage.Analysis.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_analyse_entries_gives_what_the_separate_functions_give(sample):
    entries, review = sample
    analysis = stage.analyse_entries(entries, review)
    aged = entries.assign(age=child_ages(entries, review))
    pd.testing.assert_frame_equal(analysis.gaps, find_gaps(aged, review))
    pd.testing.assert_frame_equal(analysis.not_seen, child_not_seen(aged, review))
    separate = find_flags(aged, review)
    pd.testing.assert_frame_equal(analysis.flags, separate)
    # The sample has something of each, so the comparison says something.
    assert len(analysis.gaps) and len(analysis.not_seen) and len(analysis.flags)
    by_entry = flags_by_entry(separate)
    lived = with_experience(aged, review)
    lived = lived.assign(**days_since_seen(lived, review))
    expected = lived.assign(flags=[by_entry.get(i, "") for i in aged["entry_id"]])
    pd.testing.assert_frame_equal(analysis.entries, expected)
    assert list(analysis.entries.columns[-2:]) == ["days_since_seen_alone", "flags"]
    pd.testing.assert_frame_equal(analysis.seen, last_seen(lived, review))
    pd.testing.assert_frame_equal(analysis.voice, voice_of_the_child(lived, review))


def test_analyse_entries_leaves_its_input_alone(sample):
    entries, review = sample
    before = entries.copy()
    stage.analyse_entries(entries, review)
    pd.testing.assert_frame_equal(entries, before)


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Wrap the real ``dated_entries`` wherever it is called; count the calls."""
    calls: list[int] = []
    real = dated_entries

    def counted(entries, review):
        calls.append(len(entries))
        return real(entries, review)

    for module in BUILDERS:
        assert module.dated_entries is real
        monkeypatch.setattr(module, "dated_entries", counted)
    return calls


def test_the_dated_frame_is_built_once(sample, monkeypatch):
    entries, review = sample
    calls = _count_builds(monkeypatch)
    analysis = stage.analyse_entries(entries, review)
    assert len(analysis.flags) and len(analysis.not_seen)  # every part ran
    assert calls == [len(entries)]


def test_each_function_alone_still_builds_its_own(sample, monkeypatch):
    entries, review = sample
    calls = _count_builds(monkeypatch)
    find_gaps(entries, review)
    child_not_seen(entries, review)
    find_flags(entries, review)
    assert len(calls) == 3
    dated = dated_entries(entries, review)
    find_gaps(entries, review, dated=dated)
    child_not_seen(entries, review, dated=dated)
    find_flags(entries, review, dated=dated)
    assert len(calls) == 3
