"""Block by block: pairs made and scored a few days at a time give exactly the
groups, pairs and reasons of making them all at once."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from link_helpers import entry, frame

import chronomerge.link.estimate as estimation
import chronomerge.link.linker as linker
import chronomerge.link.scoring as scoring
import chronomerge.workers as workers
from chronomerge.link import link_entries
from chronomerge.link.blocking import candidate_blocks
from chronomerge.link.comparisons import build_comparisons, type_rules
from chronomerge.link.prepared import entry_arrays
from chronomerge.link.text import build_rules
from chronomerge.model import make_entry_id
from chronomerge.review import LinkingSettings, ReviewSettings, read_review

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"
ONE_BLOCK = 10**12


def sample_entries() -> tuple[pd.DataFrame, ReviewSettings]:
    """The sample review's entries with truth.csv's own dates and types."""
    review = read_review(SAMPLE / "review.toml")
    entries = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    entries["entry_id"] = [
        make_entry_id(f, loc, int(r))
        for f, loc, r in zip(
            entries["source_file"],
            entries["source_location"],
            entries["source_row"],
            strict=True,
        )
    ]
    kinds = {a.name: a.kind for a in review.agencies}
    entries["agency_kind"] = entries["agency"].map(kinds).fillna("")
    return entries, review


def busy_days(seed: int) -> pd.DataFrame:
    """Many agencies on a few days: exact dates, weeks, months, times past
    midnight, untyped entries and texts naming other agencies."""
    rng = np.random.default_rng(seed)
    agencies = ["Children's Social Care", "Police", "Health Visiting", "GP", "School"]
    types = ["strategy_discussion", "home_visit", "health_contact", "police_incident"]
    types += ["domestic_abuse", "ed_attendance", ""]
    words = ["joint", "visit", "police", "mother", "bruise", "strat", "school", "hv"]
    rows = []
    for k in range(300):
        day = int(rng.integers(1, 20))
        kind = rng.choice(["day", "day", "day", "week", "month"])
        text = " ".join(rng.choice(words, size=int(rng.integers(2, 6))))
        extra = {}
        if kind == "week":
            extra = {"start": f"2019-03-{day:02d}", "stop": f"2019-03-{day + 6:02d}"}
        elif kind == "month":
            extra = {"start": "2019-03-01", "stop": "2019-03-31"}
        time = rng.choice(["", "00:30", "09:00", "09:10", "23:55", "25:10"])
        rows.append(
            entry(
                str(rng.choice(agencies)),
                f"2019-03-{day:02d}" if kind == "day" else f"{kind} of {day}",
                str(rng.choice(types)),
                text,
                precision=str(kind),
                time=str(time),
                file=f"file{k % 7}.csv",
                **extra,
            )
        )
    return frame(*rows)


def _link(entries, review, budget, monkeypatch):
    monkeypatch.setattr(linker, "BLOCK_PAIRS", budget)
    return link_entries(entries, review)


def _same(first, second):
    assert first.event_group.equals(second.event_group)
    pd.testing.assert_frame_equal(first.groups, second.groups)
    pd.testing.assert_frame_equal(first.pairs, second.pairs)
    assert first.compared == second.compared


@pytest.mark.parametrize("budget", [1, 37, 500])
def test_the_sample_links_the_same_block_by_block(budget, monkeypatch):
    entries, review = sample_entries()
    whole = _link(entries, review, ONE_BLOCK, monkeypatch)
    blocks = _link(entries, review, budget, monkeypatch)
    _same(whole, blocks)
    assert (whole.groups["size"] > 1).sum() > 50
    prep = entry_arrays(entries, build_rules(review))
    made = list(candidate_blocks(prep, review.linking, None, budget))
    assert len(made) > 1
    if budget == 1:  # a block of one day each: the earlier dates share it
        assert all(len(set(prep.start[left].tolist())) == 1 for left, _ in made)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_busy_days_link_the_same_block_by_block(seed, monkeypatch):
    entries = busy_days(seed)
    review = ReviewSettings()
    whole = _link(entries, review, ONE_BLOCK, monkeypatch)
    assert whole.compared > len(whole.pairs) > 0
    assert whole.pairs["score"].min() >= 0.0499  # weaker pairs are not kept
    for budget in (1, 50):
        _same(whole, _link(entries, review, budget, monkeypatch))
    # Keys only leave out pairs that could never link: every date pair,
    # compared block by block, keeps the same pairs (with the weights fixed:
    # estimation learns from the candidate pairs, and those are the keys').
    fixed = ReviewSettings(linking=LinkingSettings(estimate_weights=False))
    whole = _link(entries, fixed, ONE_BLOCK, monkeypatch)
    monkeypatch.setattr(linker, "_keys", lambda *args: None)
    every = _link(entries, fixed, 50, monkeypatch)
    assert every.compared > whole.compared
    pd.testing.assert_frame_equal(every.pairs, whole.pairs)
    assert every.event_group.equals(whole.event_group)


@pytest.mark.parametrize("budget", [1, 20, ONE_BLOCK])
def test_blocks_hold_every_date_pair_once_in_date_order(budget):
    entries = busy_days(4)
    prep = entry_arrays(entries, build_rules())
    found = list(candidate_blocks(prep, LinkingSettings(), None, budget))
    left = np.concatenate([b[0] for b in found])
    right = np.concatenate([b[1] for b in found])
    pairs = set(zip(left.tolist(), right.tolist(), strict=True))
    assert len(pairs) == len(left)
    assert (np.diff(prep.start[left]) >= 0).all()
    # Against the plain rule, pair by pair: dates meet (the tolerance for
    # exact dates only), and one agency only for two files' same-day records.
    usable = [k for k in range(prep.n) if prep.end[k] - prep.start[k] < 124]
    expected = set()
    for i, a in enumerate(usable):
        for b in usable[i + 1 :]:
            day = prep.is_day[a] and prep.is_day[b]
            reach = 1 if day else 0
            if (
                max(prep.start[a], prep.start[b])
                > min(prep.end[a], prep.end[b]) + reach
            ):
                continue
            if prep.agency[a] == prep.agency[b] and not (
                prep.file[a] != prep.file[b]
                and prep.start[a] == prep.start[b]
                and prep.end[a] == prep.end[b]
                and prep.type_code[a] == prep.type_code[b]
            ):
                continue
            expected.add(tuple(sorted((a, b))))
    assert {tuple(sorted(p)) for p in pairs} == expected


def test_a_pair_too_weak_to_link_is_compared_not_kept_and_still_explained():
    entries = frame(
        entry("Children's Social Care", "2019-03-12", "home_visit", "Visit to home."),
        entry("Health Visiting", "2019-03-13", "health_contact", "Baby weighed."),
    )
    result = link_entries(entries, ReviewSettings())
    assert result.compared == 1 and len(result.pairs) == 0
    ids = list(entries["entry_id"])
    why = result.explain(ids[1], ids[0])
    assert why.startswith("a day apart (12/03/2019 and 13/03/2019)")
    assert result.explain(ids[0], "E0000000000") == ""


def test_explain_gives_a_linked_pair_the_reasons_of_the_pairs_table():
    entries, review = sample_entries()
    result = link_entries(entries, review)
    linked = result.pairs[result.pairs["linked"]].head(20)
    assert len(linked) == 20
    for a, b, why in zip(
        linked["entry_id_l"], linked["entry_id_r"], linked["reasons"], strict=True
    ):
        assert why and result.explain(a, b) == why == result.explain(b, a)


@pytest.mark.parametrize("budget", [1, 200, 5000])
def test_no_block_makes_more_pairs_at_once_than_the_budget(budget):
    """Busy days never hold every pair at once: a block makes at most
    ``budget`` pairs before any is dropped, unless it is one day alone."""
    from chronomerge.link.blocking import Keys, _blocks, _sources

    prep = entry_arrays(busy_days(5), build_rules())
    usable = np.flatnonzero(prep.dated & (prep.end - prep.start < 124))
    for keys in (None, Keys(minutes=60.0)):
        sources = _sources(prep, usable, 1, keys)
        blocks = _blocks(prep, sources, budget)
        assert blocks[0][0] == prep.start[usable].min()
        assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:], strict=False))
        for first, last in blocks:
            made = sum(len(source.pairs(first, last)[0]) for source in sources)
            starts = prep.start[usable]
            days = set(starts[(starts >= first) & (starts < last)].tolist())
            assert made <= budget or len(days) == 1


def _pair_set(blocks) -> set[tuple[int, int]]:
    return {
        (a, b)
        for left, right in blocks
        for a, b in zip(left.tolist(), right.tolist(), strict=True)
    }


def test_a_large_reviews_estimate_samples_blocks_spread_over_it():
    """Estimation needs a sample of the candidate pairs, not all of them:
    past ``spread`` pairs it gets small blocks of days spread over the whole
    review, the same ones every run; below it, every block."""
    entries, review = sample_entries()
    prep = entry_arrays(entries, build_rules(review))
    every = _pair_set(candidate_blocks(prep, review.linking))
    assert _pair_set(candidate_blocks(prep, review.linking, spread=10**9)) == every
    sampled_blocks = list(candidate_blocks(prep, review.linking, spread=2000))
    sampled = _pair_set(sampled_blocks)
    assert sampled < every
    assert 200 < len(sampled) < len(every) / 2
    assert sampled == _pair_set(candidate_blocks(prep, review.linking, spread=2000))
    # Spread over the review: from its first quarter of pairs to its last.
    first_days = prep.start[np.array([a for a, _b in sorted(sampled)])]
    all_days = prep.start[np.array([a for a, _b in sorted(every)])]
    lo, hi = np.quantile(all_days, [0.25, 0.75])
    assert first_days.min() < lo
    assert first_days.max() > hi
    # The weights estimated from such a sample are the same on every run.
    config = {**estimation.settings(), "sample_from_pairs": 2000}
    runs = [
        estimation.estimate(prep, *_estimate_inputs(prep, review), config=config)
        for _ in range(2)
    ]
    assert runs[0].summary["candidate_pairs"] <= len(sampled)
    pd.testing.assert_frame_equal(runs[0].weights, runs[1].weights)


def _estimate_inputs(prep, review):
    comparisons = build_comparisons(review.linking)
    types = type_rules()
    keys = linker._keys(comparisons, -4.0, review.linking.threshold, types, prep)
    text = next(c for c in comparisons if c.name == "text")
    return comparisons, review.linking, -4.0, text, types, keys


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_blocks_scored_in_worker_processes_link_the_same(method, monkeypatch):
    # A large review's blocks are scored side by side in worker processes
    # (forked, or from a forkserver when other threads run); put back in
    # date order they give exactly the groups, pairs and reasons of one process.
    entries, review = sample_entries()
    alone = _link(entries, review, 37, monkeypatch)
    monkeypatch.setattr(scoring, "_workers", lambda blocks: 2)
    monkeypatch.setattr(workers, "start_method", lambda: method)
    shared = _link(entries, review, 37, monkeypatch)
    _same(alone, shared)
    assert (shared.groups["size"] > 1).sum() > 50


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_work_in_order_is_the_same_however_it_is_dealt_out(method):
    job = list(range(100, 137))
    here = workers.in_order(workers_task, job, len(job), 1)
    assert [(i, v) for i, v, _pid in here] == [(i, 100 + i) for i in range(37)]
    assert {pid for _i, _v, pid in here} == {os.getpid()}
    for count in (2, 3, 5):
        there = workers.in_order(workers_task, job, len(job), count, method)
        assert [row[:2] for row in there] == [row[:2] for row in here]
        # the work was done in worker processes, not quietly here
        assert os.getpid() not in {pid for _i, _v, pid in there}
    assert workers.in_order(workers_task, job, 0, 2) == []


def workers_task(job: list[int], pieces) -> list[tuple[int, int, int]]:
    """A piece of work that says which piece it was and where it was done."""
    return [(i, job[i], os.getpid()) for i in pieces]


def test_few_blocks_are_scored_here_and_many_in_workers(monkeypatch):
    # Starting workers costs more than scoring a few blocks here (a 22,000
    # entry review makes 8); a 100,000 entry review's ~170 blocks are shared.
    monkeypatch.setenv(workers.WORKERS_CAP, "2")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    for method in ("fork", "forkserver"):
        monkeypatch.setattr(workers, "start_method", lambda m=method: m)
        assert scoring._workers(8) == 1
        assert scoring._workers(170) == 2
    monkeypatch.setattr(workers, "start_method", lambda: "forkserver")
    assert scoring._workers(30) == 1
