"""The analysis stage: the child's age at each entry, gaps, periods in which
the child was not seen, and flags (possible missed opportunities).

Each function takes the merged entries DataFrame and the review settings.
"""

from .ages import age_in_days, child_ages
from .flags import RULES, find_flags, flags_by_entry, rules_table
from .gaps import child_not_seen, find_gaps

__all__ = [
    "RULES",
    "age_in_days",
    "child_ages",
    "child_not_seen",
    "find_flags",
    "find_gaps",
    "flags_by_entry",
    "rules_table",
]
