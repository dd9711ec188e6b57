"""The summary for publication and its jigsaw-risk report: ``chronomerge publish``.

At the end of a review a summary timeline is published. Only what the author
selects goes into it (entries by id, and/or the accepted key practice
episodes), in plain words: every listed name becomes its label, identifiers
the identifier check finds are removed, dates of birth become ages, and dates
are given to the month when the author asks. What is left that could
identify a family in combination (a school, a street, a job, the exact date
of a rare event) is listed for the author in the jigsaw-risk report, each
with where it is and a safer wording: prompts, never changes made for them.

Nothing is read from an entry the author did not select, so nothing of one
can reach the published files.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .agencies import schema_kinds
from .analyse.ages import age_in_words
from .analyse.dated import to_day, when
from .chronology import Chronology
from .errors import ChronomergeError
from .export.episodes import Episode, accepted_episodes
from .export.pseudonymise import pseudonymiser
from .export.published import RISK_COLUMNS, SUMMARY_COLUMNS, write_published
from .export.style import cell_text, event_type_label, is_true
from .identifiers import DATE_IN_TEXT, Finding, NameFinder, find_identifiers
from .jigsaw import JigsawRules, season_of
from .model import text_column
from .normalise.dates.cell import read_date
from .review import ReviewSettings

_MONTHS = tuple(calendar.month_name[1:])
# What each removed identifier is called in the changes column.
_REMOVED_WORDS = {
    "possible-nhs-number": "NHS number",
    "possible-ni-number": "NI number",
    "possible-phone-number": "phone number",
    "possible-email": "email address",
    "possible-postcode": "postcode",
    "possible-name": "name not in the review file",
    "possible-date-of-birth": "date of birth given as an age",
}


@dataclass
class Published:
    """A summary for publication (SUMMARY_COLUMNS, one row per selected
    entry or episode) and the jigsaw-risk report on it (RISK_COLUMNS)."""

    summary: pd.DataFrame
    risks: pd.DataFrame
    title: str
    marking: str
    dates: str

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write published_summary.docx, published_summary.html,
        published_summary.csv and jigsaw_risks.csv into ``out_dir``."""
        return write_published(self, Path(out_dir))


def publish(
    source: Chronology | str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    entries: Iterable[str] | None = None,
    episodes: str | None = None,
    dates: str | None = None,
) -> Published:
    """The summary for publication of the selected entries and episodes.

    Args:
        source: a merged Chronology, or agency files and folders to merge.
        review: the review file when merging (see :func:`pipeline.merge`).
        entries: entry ids to publish (default: the review file's
            ``[publish] entries``).
        episodes: "accepted" or "none" (default: ``[publish] episodes``).
        dates: "day" or "month" (default: ``[publish] dates``).

    Raises:
        ChronomergeError: nothing selected, an entry id the chronology does
            not hold, or a setting with a value it cannot take.

    Example:
        >>> published = publish("sample_data/child_a", entries=["E1a2b3c4d5e"])
        ... # doctest: +SKIP
        >>> published.risks[["kind", "detail", "suggestion"]]  # doctest: +SKIP
    """
    if isinstance(source, Chronology):
        chronology = source
    else:
        from .pipeline import merge

        chronology = merge(source, review)
    settings = chronology.review.publish
    chosen_ids = list(dict.fromkeys(settings.entries if entries is None else entries))
    which = _choice(episodes or settings.episodes, ("accepted", "none"), "episodes")
    grain = _choice(dates or settings.dates, ("day", "month"), "dates")
    rows = _selected_entries(chronology, chosen_ids)
    chosen_episodes = accepted_episodes(chronology) if which == "accepted" else []
    if rows.empty and not chosen_episodes:
        raise ChronomergeError(
            "Nothing is selected for publication: list entry ids under [publish] "
            'entries in the review file, or set episodes = "accepted" there (or '
            "give --entry or --episodes accepted)."
        )
    texts = (
        text_column(chronology.entries, "description")
        if len(chronology.entries)
        else []
    )
    writer = _Writer(chronology.review, grain, JigsawRules.small_words(texts))
    items = [writer.entry(r) for r in rows.to_dict("records")]
    items += [writer.episode(e, _kinds_by_agency(chronology)) for e in chosen_episodes]
    items.sort(key=lambda item: item.order)
    summary_rows: list[dict[str, Any]] = []
    risk_rows: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        summary_rows.append({"row": number, **item.fields})
        risk_rows += [{"row": number, **risk} for risk in item.risks]
    title, _ = writer.clean(chronology.review.review.name, None)
    return Published(
        summary=pd.DataFrame(summary_rows, columns=list(SUMMARY_COLUMNS)),
        risks=pd.DataFrame(risk_rows, columns=list(RISK_COLUMNS)),
        title=title,
        marking=chronology.review.review.marking,
        dates=grain,
    )


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    value = value.strip().casefold()
    if value not in allowed:
        raise ChronomergeError(
            f"{name} is '{value}' but can only be {' or '.join(allowed)}."
        )
    return value


def _selected_entries(chronology: Chronology, ids: list[str]) -> pd.DataFrame:
    """The selected entries in chronology order; an id it does not hold stops
    the publication (a typing slip would otherwise drop an entry silently)."""
    frame = chronology.entries
    known = set(frame["entry_id"].astype(str)) if len(frame) else set()
    missing = [i for i in ids if i not in known]
    if missing:
        listed = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        raise ChronomergeError(
            f"{len(missing)} selected entry id(s) are not in the chronology: "
            f"{listed}. Copy the ids from the entry_id column of chronology.csv."
        )
    return frame[frame["entry_id"].astype(str).isin(set(ids))]


def _kinds_by_agency(chronology: Chronology) -> dict[str, str]:
    entries = chronology.entries
    if entries.empty:
        return {}
    agencies = text_column(entries, "agency")
    kinds = text_column(entries, "agency_kind")
    return dict(zip(agencies, kinds, strict=True))


@dataclass
class _Item:
    order: tuple[Any, ...]
    fields: dict[str, Any]
    risks: list[dict[str, Any]]


class _Writer:
    """Turns one selected entry or episode into a published row and its risks."""

    def __init__(
        self, review: ReviewSettings, grain: str, common_words: frozenset[str]
    ) -> None:
        self.review = review
        self.grain = grain
        self.names = pseudonymiser(review)
        agreed = [review.review.subject, *review.allowed_names]
        for person in review.people:
            agreed += [person.label, *person.aliases]
        self.finder = NameFinder(agreed)
        self.rules = JigsawRules(review, common_words)
        self.removed = self.rules.removed
        self.births = {
            p.date_of_birth: p.label for p in review.people if p.date_of_birth
        }
        subject = review.subject_person
        self.born = subject.date_of_birth if subject is not None else None
        start, end = review.review.period_start, review.review.period_end
        self.period = (start, end) if start and end else None
        # Two-digit years need a today; a fixed one keeps the output the same.
        self.today = end or start or dt.date(2000, 1, 1)
        self.kind_names = {k: str(v["name"]) for k, v in schema_kinds().items()}

    # --- rows -----------------------------------------------------------
    def entry(self, row: dict[str, Any]) -> _Item:
        start, end = _day(row.get("date_start")), _day(row.get("date_end"))
        precision = cell_text(row.get("date_precision"))
        approximate = is_true(row.get("date_approximate"))
        on = start or end
        text, changes = self.clean(cell_text(row.get("description")), on)
        if start is None or end is None:
            start = end = on
        # A day that is a listed person's date of birth is given to the month
        # whatever the setting: the date column would print it otherwise.
        birthday = start is not None and start == end and start in self.births
        by_month = self.grain == "month" or birthday
        if start is None or end is None:
            date = "date not known"
        elif by_month:
            date = _month_span(start, end)
            if birthday and self.grain == "day":
                changes["date of birth given to the month"] += 1
            elif precision not in ("month", "year", "season", "term", "range"):
                changes["date given to the month"] += 1
        else:
            date = when(to_day(start), to_day(end), precision, approximate)
        entry_id = cell_text(row.get("entry_id"))
        kind = cell_text(row.get("agency_kind"))
        code = cell_text(row.get("event_type"))
        risks = self._risks(entry_id, text)
        if (
            code in self.rules.rare_types
            and not by_month
            and start is not None
            and start == end
        ):
            risks.append(
                self._risk(
                    entry_id,
                    "rare_event",
                    date,
                    "date",
                    0,
                    season_of(start.month, start.year, self.rules.seasons),
                )
            )
        fields = {
            "source": "entry",
            "source_id": entry_id,
            "date": date,
            "child_age": self._age(start),
            "agency": self.kind_names.get(kind, self.kind_names.get("other", "")),
            "event": event_type_label(code) if code else "",
            "text": text,
            "changes": _changes_text(changes),
        }
        key = (to_day(start) if start else 10**9, 1, int(row.get("source_order") or 0))
        return _Item(key, fields, risks)

    def episode(self, episode: Episode, kinds: dict[str, str]) -> _Item:
        start = dt.date.fromisoformat(episode.start)
        end = dt.date.fromisoformat(episode.end)
        text, changes = self.clean(episode.title, start)
        if self.grain == "month":
            date = _month_span(start, end)
            changes["dates given to the month"] += 1
        else:
            date = episode.dates
        source_id = f"episode {episode.start} to {episode.end}"
        names = sorted(
            {self.kind_names.get(kinds.get(a, ""), "") for a in episode.agencies} - {""}
        )
        fields = {
            "source": "episode",
            "source_id": source_id,
            "date": date,
            "child_age": self._age(start),
            "agency": ", ".join(names),
            "event": "Key practice episode",
            "text": text,
            "changes": _changes_text(changes),
        }
        return _Item((to_day(start), 0, 0), fields, self._risks(source_id, text))

    # --- text -----------------------------------------------------------
    def clean(self, text: str, on: dt.date | None) -> tuple[str, Counter[str]]:
        """``text`` with names pseudonymised, identifiers removed, dates of
        birth as ages and (by month) dates coarsened; what was changed."""
        changes: Counter[str] = Counter()
        text, replaced = self.names.replace(text)
        if replaced:
            changes["names replaced by the review's labels"] += replaced
        for _ in range(3):  # a removal can leave a shorter identifier behind
            found = find_identifiers(text, self.finder)
            if not found:
                break
            text = self._remove(text, found, on, changes)
        text = self._dates(text, on, changes)
        return text, changes

    def _remove(
        self, text: str, found: list[Finding], on: dt.date | None, changes: Counter[str]
    ) -> str:
        for finding in sorted(found, key=lambda f: f.start, reverse=True):
            words = self.removed.get(finding.code, "[removed]")
            if finding.code == "possible-date-of-birth":
                born = self._read(finding.value)
                if born is not None and on is not None and born <= on:
                    words = age_in_words(born, on)
                    if finding.value[:4].casefold() == "born":
                        # "born on 3 May 2016": the birth itself, or an age then.
                        words = "born" if born == on else f"born ({words} then)"
            elif self.rules.names_it(text[: finding.start]):
                words = self.rules.removed_after["replacement"]
            end = finding.start + len(finding.value)
            text = text[: finding.start] + words + text[end:]
            changes[_REMOVED_WORDS.get(finding.code, "identifier") + " removed"] += 1
        return text

    def _dates(self, text: str, on: dt.date | None, changes: Counter[str]) -> str:
        """A listed person's date of birth written on its own is removed;
        with dates by month, every other date in the text becomes its month."""
        pieces: list[str] = []
        last = 0
        for match in DATE_IN_TEXT.finditer(text):
            day = self._read(match.group())
            if day is None:
                continue
            if day in self.births:
                # A date of birth written with no "DOB" before it.
                words = self.removed["possible-date-of-birth"]
                changes["date of birth removed"] += 1
            elif self.grain == "month":
                words = f"{_MONTHS[day.month - 1]} {day.year}"
                changes["date given to the month"] += 1
            else:
                continue
            pieces += [text[last : match.start()], words]
            last = match.end()
        return "".join(pieces) + text[last:] if pieces else text

    def _read(self, written: str) -> dt.date | None:
        match = DATE_IN_TEXT.search(written)
        if match is None:
            return None
        reading = read_date(match.group(), period=self.period, today=self.today)
        if reading.start is None or reading.start != reading.end:
            return None
        return reading.start

    # --- risks ----------------------------------------------------------
    def _risks(self, source_id: str, text: str) -> list[dict[str, Any]]:
        return [
            self._risk(source_id, r.kind, r.text, "text", r.start, r.suggestion)
            for r in self.rules.find(text)
        ]

    def _risk(
        self, source_id: str, kind: str, detail: str, where: str, start: int, safer: str
    ) -> dict[str, Any]:
        return {
            "source_id": source_id,
            "kind": kind,
            "detail": detail,
            "where": where,
            "start": start,
            "suggestion": safer,
            "why": self.rules.why.get(kind, ""),
        }

    def _age(self, day: dt.date | None) -> str:
        if self.born is None or day is None:
            return ""
        if self.grain == "month":
            day = day.replace(day=1)
        return age_in_words(self.born, day)


def _day(value: Any) -> dt.date | None:
    text = cell_text(value)
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _month_span(start: dt.date, end: dt.date) -> str:
    """``March 2019``, ``March to May 2019``, ``December 2018 to January 2019``."""
    first = f"{_MONTHS[start.month - 1]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return first
    if start.year == end.year:
        if (start.month, end.month) == (1, 12):
            return str(start.year)
        return f"{_MONTHS[start.month - 1]} to {_MONTHS[end.month - 1]} {end.year}"
    return f"{first} to {_MONTHS[end.month - 1]} {end.year}"


def _changes_text(changes: Counter[str]) -> str:
    """What was changed, in plain words: ``2 names replaced by the review's
    labels; 1 NHS number removed``."""
    return "; ".join(f"{n} {what}" for what, n in sorted(changes.items()))
