"""The analysis stage: the child's age at each entry, gaps, periods in which
the child was not seen, and flags (possible missed opportunities).

Each function takes the merged entries DataFrame and the review settings;
:func:`analyse_entries` runs them all as the pipeline does.
"""

from .ages import age_in_days, child_ages
from .experience import (
    child_experience,
    days_since_seen,
    last_seen,
    voice_of_the_child,
)
from .flags import RULES, find_flags, flags_by_entry, rules_table
from .gaps import child_not_seen, find_gaps
from .stage import Analysis, analyse_entries

__all__ = [
    "RULES",
    "Analysis",
    "age_in_days",
    "analyse_entries",
    "child_ages",
    "child_experience",
    "child_not_seen",
    "days_since_seen",
    "find_flags",
    "find_gaps",
    "flags_by_entry",
    "last_seen",
    "rules_table",
    "voice_of_the_child",
]
