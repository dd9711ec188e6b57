"""The analysis stage as one call: ages, gaps, child not seen, flags and
the key practice episodes proposed.

:func:`analyse_entries` is what the pipeline (and ``bench/analyse.py``) runs
after linking. It builds the dated frame (:func:`.dated.dated_entries`) once and
hands it to :func:`.gaps.find_gaps`, :func:`.gaps.child_not_seen`,
:func:`.flags.find_flags` and :func:`.episodes.review_episodes`, which would
otherwise each build it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..review import ReviewSettings
from .ages import child_ages
from .conflicts import conflicting_accounts
from .dated import dated_entries
from .episodes import review_episodes
from .experience import days_since_seen, last_seen, voice_of_the_child, with_experience
from .flags import find_flags, flags_by_entry
from .gaps import child_not_seen, find_gaps
from .known import known_at_decisions
from .people import people_register, read_people
from .sharing import sharing_ledger


@dataclass(frozen=True)
class Analysis:
    """What the analysis stage adds to a merge.

    ``entries`` are the linked entries with two columns added, ``age`` (the
    child's age at each entry) and ``flags`` (the ';'-joined codes of the flags
    that name the entry); ``gaps``, ``not_seen``, ``flags``, ``episodes`` and
    ``people`` are the frames written as gaps.csv, child_not_seen.csv,
    flags.csv, episodes.csv and people.csv. The child's experience adds the
    entries' child_* and days_since_* columns, ``seen`` (seen.csv: the
    stretches between sightings) and ``voice`` (voice.csv: the child's words
    and observed presentation).
    """

    entries: pd.DataFrame
    gaps: pd.DataFrame
    not_seen: pd.DataFrame
    flags: pd.DataFrame
    episodes: pd.DataFrame
    people: pd.DataFrame
    seen: pd.DataFrame
    voice: pd.DataFrame
    # sharing.csv: each send an entry records, matched to its receipt
    sharing: pd.DataFrame = field(default_factory=pd.DataFrame)
    # known.csv: what was known at each decision (its three lists)
    known: pd.DataFrame = field(default_factory=pd.DataFrame)
    # conflicts.csv: where agencies' accounts of one event differ
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)


def analyse_entries(entries: pd.DataFrame, review: ReviewSettings) -> Analysis:
    """Ages, gaps, periods the child was not seen, and flags, in one pass.

    Args:
        entries: the normalised, linked entries (chronology columns; those
            missing are read as empty). Not changed.
        review: the review settings (period, date of birth, thresholds, flags).

    Returns:
        An :class:`Analysis`; its frames are those of :func:`find_gaps`,
        :func:`child_not_seen` and :func:`find_flags` over the same entries.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> analysis = analyse_entries(chron.entries, chron.review)  # doctest: +SKIP
        >>> analysis.flags["flag"].value_counts()  # doctest: +SKIP
    """
    entries = entries.assign(age=child_ages(entries, review))
    entries = with_experience(entries, review)
    dated = dated_entries(entries, review)
    gaps = find_gaps(entries, review, dated=dated)
    not_seen = child_not_seen(entries, review, dated=dated)
    reading = read_people(entries, review)  # the register's and a flag's
    flags = find_flags(entries, review, dated=dated, people=reading)
    episodes = review_episodes(entries, review, dated=dated)
    people = people_register(entries, review, dated=dated, reading=reading)
    seen = last_seen(entries, review, dated=dated)
    voice = voice_of_the_child(entries, review)
    since = days_since_seen(entries, review, dated=dated)
    entries = entries.assign(**{c: since[c] for c in since.columns})
    sharing = sharing_ledger(entries, review)
    known = known_at_decisions(entries, review, sharing=sharing, dated=dated)
    conflicts = conflicting_accounts(entries, review, sharing=sharing)
    by_entry = flags_by_entry(flags)
    entries = entries.assign(
        flags=[by_entry.get(entry_id, "") for entry_id in entries["entry_id"]]
    )
    return Analysis(
        entries=entries,
        gaps=gaps,
        not_seen=not_seen,
        flags=flags,
        episodes=episodes,
        people=people,
        seen=seen,
        voice=voice,
        sharing=sharing,
        known=known,
        conflicts=conflicts,
    )
