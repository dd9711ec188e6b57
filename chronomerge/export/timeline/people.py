"""Which of the timeline's points name each person of the register.

The page's "Person" control shows only the entries naming the person chosen
(people.csv's ``entry_ids``, the register's own entries, so the timeline and
the People sheet always agree). The figure carries, in ``layout.meta``, each
person's label and, for every trace of entries or of period bars, the
positions of that person's points; the page's script keeps only those when
a person is chosen. Labels only: the register never holds an alias.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..style import cell_text, split_ids

FILTERED_ROLES = ("entries", "periods")  # the traces the control filters


def person_points(people: pd.DataFrame | None, traces: Sequence[Any]) -> list[Any]:
    """One item per person named by a dated entry: ``person`` (the label),
    ``role``, ``entries`` (how many dated entries the timeline draws) and
    ``points`` (trace number -> positions of their points in it).

    A period bar is three positions (start, end, break), so all three are
    listed; a person whose entries are all undated is left out, since the
    timeline has nothing to show for them.
    """
    if people is None or len(people) == 0 or "entry_ids" not in people:
        return []
    ids_of: list[tuple[int, Sequence[str]]] = []
    for number, trace in enumerate(traces):
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        if meta.get("role") in FILTERED_ROLES and trace.customdata is not None:
            ids_of.append((number, [cell_text(v) for v in trace.customdata]))
    found = []
    for row in people.itertuples(index=False):
        mine = set(split_ids(cell_text(row.entry_ids)))
        points: dict[str, list[int]] = {}
        drawn: set[str] = set()
        for number, ids in ids_of:
            at = [j for j, entry_id in enumerate(ids) if entry_id in mine]
            if at:
                points[str(number)] = at
                drawn.update(ids[j] for j in at)
        if points:
            found.append(
                {
                    "person": cell_text(row.person),
                    "role": cell_text(row.role),
                    "entries": len(drawn),
                    "points": points,
                }
            )
    return found
