"""Cross-agency linking: entries that record one occurrence share an event group.

Public API: :func:`link_entries` and its :class:`LinkResult`; the comparisons
(:mod:`.comparisons`) for notebooks that study or change the scoring; and
:func:`normalise_text`, the text the comparisons see.
"""

from .comparisons import REGISTRY, Comparison, build_comparisons, comparison_from_dict
from .linker import GROUP_COLUMNS, LinkResult, link_entries
from .text import build_rules, normalise_text

__all__ = [
    "GROUP_COLUMNS",
    "REGISTRY",
    "Comparison",
    "LinkResult",
    "build_comparisons",
    "build_rules",
    "comparison_from_dict",
    "link_entries",
    "normalise_text",
]
