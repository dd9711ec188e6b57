"""Generate the fictional review in sample_data/child_a/, with its truth.

    python sample_data/generate.py [--seed N] [--scale N] [--out DIR]
                                   [--one-file-per-agency]

Same seed, same bytes. ``--scale N`` writes N histories of the same review
(N sets of agency files) for benchmarks; ``--seed`` gives a different review.
Every name, place and agency is fictional.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from samplegen import truth  # noqa: E402
from samplegen.history import History, routine, script, summaries  # noqa: E402
from samplegen.layout import arrange  # noqa: E402
from samplegen.people import AGENCIES, AGENCY, make_review, review_toml  # noqa: E402
from samplegen.sharing import planted_sends  # noqa: E402
from samplegen.writers import WRITERS  # noqa: E402

DEFAULT_SEED = 1
DEFAULT_OUT = HERE / "child_a"
GAP_DAYS = 28
TRUTH_COLUMNS = [
    "source_file", "source_location", "source_row", "agency", "true_event_id",
    "person", "date_text", "date_start", "date_end", "date_precision",
    "date_approximate", "time", "event_type", "description", "planted", "true_date",
    "shared", "child_seen", "child_seen_alone", "child_spoken_to", "child_words",
]  # fmt: skip
FLAG_COLUMNS = ["flag", "date", "entries", "expected", "planted", "case"]
SHARING_COLUMNS = [
    "send_entry", "send_date", "from_agency", "to_agency", "to_kind", "received",
    "receipt_entries", "true_event_id",
]  # fmt: skip


def file_name(pattern: str, batch: int) -> str:
    return pattern.replace("*", "" if batch == 0 else f"_part{batch:03d}")


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _child_truth(marks: str) -> list[str]:
    """truth.csv's child_seen, child_seen_alone, child_spoken_to, child_words
    (true/false) from what the template says of Child A (wording.CHILD_MARKS):
    seen alone is seen; the child's words were spoken to someone."""
    said = set(marks.split())
    seen = bool(said & {"seen", "alone"})
    alone = "alone" in said
    words = "words" in said
    spoken = words or bool(said & {"spoken"})
    return [str(v).lower() for v in (seen, alone, spoken, words)]


def _cells(key: str, record) -> tuple[str, ...]:
    """The text a record's row holds that can name someone: its description
    and outcome, and the school log's "Pupil" column (writers.school)."""
    cells = (record.description, record.outcome)
    return (*cells, record.person) if key == "school" else cells


def _write_episodes(path: Path, review, histories) -> None:
    """truth_episodes.csv: the key practice episodes planted in the story."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["episode_start", "episode_end", "title"])
        for history in histories:
            for first, last, title in history.plan.episodes:
                writer.writerow(
                    [_iso(review.day(first)), _iso(review.day(last)), title]
                )


def generate(
    out: Path = DEFAULT_OUT, seed: int = DEFAULT_SEED, scale: int = 1, one_file=False
) -> dict:
    """Write the review's files and truth into ``out``; return a summary.

    ``one_file`` puts every history's entries of an agency into one file (as a
    review receives them) rather than one file per agency per history.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    birth = random.Random(seed).randint(60, 72)
    review = make_review(seed, birth)
    ps, pe = review.period_start, review.period_end
    (out / "review.toml").write_text(review_toml(review, GAP_DAYS), encoding="utf-8")
    entries: list[truth.Entry] = []
    written: list[truth.Written] = []
    cases: list[tuple[str, str, list[str], str, str]] = []
    sharing: list[list[str]] = []
    counts: dict[str, int] = {}
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRUTH_COLUMNS)
        for batch, rows, rng, histories, origin in _batches(
            review, seed, scale, one_file
        ):
            where: dict[int, str] = {}  # by id() of the record
            when: dict[int, str] = {}
            for info in AGENCIES:
                name = file_name(info.pattern, batch)
                placed = WRITERS[info.key](out / name, rows.get(info.key, []), rng)
                counts[name] = len(placed)
                for record, location, row, text in placed:
                    reading = record.reading
                    position = f"{name}|{location}|{row}"
                    where[id(record)] = position
                    when[id(record)] = _iso(reading.start)
                    writer.writerow(
                        [
                            name, location, row, info.name, record.event_id,
                            record.person, text, _iso(reading.start),
                            _iso(reading.end), reading.precision,
                            str(reading.approximate).lower(), record.time,
                            record.event_type, record.description,
                            ";".join(record.planted), record.true_date.isoformat(),
                            record.shared,
                            *_child_truth(record.child if record.description else ""),
                        ]
                    )  # fmt: skip
                    written.append(
                        truth.Written(
                            info.name, info.kind, _cells(info.key, record),
                            reading.start, reading.end,
                        )
                    )  # fmt: skip
                    entries.append(
                        truth.Entry(
                            position, record.rid, origin.get(id(record), batch),
                            info.name, info.kind,
                            record.event_type, record.person, reading.start,
                            reading.end, reading.precision,
                        )
                    )  # fmt: skip
            for history in histories:
                for rule, expected, rids, note in history.plan.cases:
                    ids = [id(history.records[r]) for r in rids]
                    positions = [where[i] for i in ids]
                    cases.append((rule, expected, positions, note, when[ids[-1]]))
                sharing.extend(_sharing_rows(history, where, when))
    agency_names = [a.name for a in AGENCIES]
    gap_rows = truth.gaps(entries, ps, pe, GAP_DAYS, agency_names)
    with (out / "truth_gaps.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["scope", "start", "end", "days"])
        writer.writerows(gap_rows)
    if scale == 1:  # laid over one another, histories' episodes blur
        _write_episodes(out / "truth_episodes.csv", review, histories)
    with (out / "truth_sharing.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SHARING_COLUMNS)
        writer.writerows(sorted(sharing, key=lambda r: (r[1], r[0], r[3])))
    listed = [(p.label, p.aliases, p.dob) for p in review.people]
    with (out / "truth_people.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(truth.PEOPLE_COLUMNS)
        writer.writerows(truth.people(written, listed, ps, pe))
    dob = review.person("Child A").dob
    fired, ambiguous = truth.flags(entries, ps, pe, dob)
    flag_rows, problems = _flag_rows(fired, cases)
    with (out / "truth_flags.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FLAG_COLUMNS)
        writer.writerows(flag_rows)
    big_gaps = sum(1 for g in gap_rows if g[0] == "all" and g[3] >= 60)
    if big_gaps < 3:
        problems.append(f"only {big_gaps} all-agency gaps of 60+ days")
    if scale > 1 and problems:
        # Histories laid over one another close gaps and change windows: the
        # truth is still complete, only fewer planted situations survive.
        problems = [f"{len(problems)} planted situations do not hold at this scale"]
    return {
        "files": counts,
        "entries": len(entries),
        "gaps": len(gap_rows),
        "all_gaps_60": big_gaps,
        "flags": len(flag_rows),
        "unplanted_firings": sum(1 for r in flag_rows if r[4] == "false"),
        "ambiguous": ambiguous,
        "problems": problems,
    }


def _sharing_rows(history, where: dict[int, str], when: dict[int, str]) -> list:
    """truth_sharing.csv rows: each planted send, its recipient, its receipts."""
    rows = []
    for sent, recipient, receipts in planted_sends(history):
        info = AGENCY[recipient]
        rows.append(
            [
                where[id(sent)], when[id(sent)], AGENCY[sent.agency].name,
                info.name, info.kind, "true" if receipts else "false",
                ";".join(where[id(r)] for r in receipts), sent.event_id,
            ]
        )  # fmt: skip
    return rows


def _batches(review, seed: int, scale: int, one_file: bool):
    """Each history's rows per agency, its rng, itself, and the history each
    record came from; with ``one_file``, every history's rows at once."""
    pending: dict[str, list] = {}
    made: list[History] = []
    origin: dict[int, int] = {}
    for batch in range(scale):
        rng = random.Random(seed * 1_000_003 + batch)
        history = History(review, rng, "" if batch == 0 else f"B{batch:03d}-")
        script(history)
        routine(history)
        summaries(history)
        rows = arrange(history)
        if not one_file:
            yield batch, rows, rng, [history], origin
            continue
        made.append(history)
        for key, records in rows.items():
            pending.setdefault(key, []).extend(records)
            origin.update((id(r), batch) for r in records)
    if one_file:
        for records in pending.values():
            records.sort(key=lambda r: (r.date, r.time or "99:99"))
        yield 0, pending, random.Random(seed), made, origin


def _flag_rows(
    fired: list[tuple[str, dt.date, list[truth.Entry]]],
    cases: list[tuple[str, str, list[str], str, str]],
) -> tuple[list[list[str]], list[str]]:
    """Every firing, marked planted when it is a planted case; then the
    planted near-misses that must not fire. Also what went against plan."""
    planted = {
        (rule, tuple(pos)): note for rule, exp, pos, note, _ in cases if exp == "fire"
    }
    rows, seen, problems = [], set(), []
    for rule, day, group in fired:
        positions = tuple(e.position for e in group)
        note = planted.get((rule, positions), "")
        seen.add((rule, positions))
        rows.append(
            [rule, day.isoformat(), ";".join(positions), "fire",
             "true" if note else "false", note]
        )  # fmt: skip
    for rule, expected, positions, note, day in cases:
        key = (rule, tuple(positions))
        if expected == "fire" and key not in seen:
            problems.append(f"planted {rule} did not fire: {note}")
        if expected == "must_not_fire":
            hit = [
                r
                for r in rows
                if r[0] == rule
                and r[3] == "fire"
                and set(positions) & set(r[2].split(";"))
            ]
            if hit:
                problems.append(f"near-miss {rule} fired: {note}")
                continue
            rows.append([rule, day, ";".join(positions), "must_not_fire", "true", note])
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--one-file-per-agency",
        action="store_true",
        help="every history's entries of an agency in one file",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    summary = generate(args.out, args.seed, args.scale, args.one_file_per_agency)
    took = time.perf_counter() - began
    print(
        f"{summary['entries']} entries in {len(summary['files'])} files, "
        f"{summary['gaps']} gaps ({summary['all_gaps_60']} all-agency of 60+ days), "
        f"{summary['flags']} flag rows ({summary['unplanted_firings']} unplanted, "
        f"{summary['ambiguous']} ambiguous), "
        f"in {took:.1f} s -> {args.out}"
    )
    for problem in summary["problems"]:
        print(f"{'note' if args.scale > 1 else 'warning'}: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["AGENCY", "generate", "main"]
