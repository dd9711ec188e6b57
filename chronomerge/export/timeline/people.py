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

# The traces the control filters: markers, period bars, the lines joining a
# linked event's entries (a line stays only between the person's entries) and
# the rings round entries named in a flag.
FILTERED_ROLES = ("entries", "periods", "links", "flagged")


def filtered_traces(traces: Sequence[Any]) -> list[int]:
    """The numbers of the traces the Person control filters."""
    return [
        number
        for number, trace in enumerate(traces)
        if isinstance(trace.meta, dict)
        and trace.meta.get("role") in FILTERED_ROLES
        and trace.customdata is not None
    ]


def person_points(people: pd.DataFrame | None, traces: Sequence[Any]) -> list[Any]:
    """One item per person named by a dated entry: ``person`` (the label),
    ``role``, ``entries`` (how many dated entries the timeline draws) and
    ``points`` (trace number -> positions of their points in it), for the
    traces of :data:`FILTERED_ROLES`.

    A period bar is three positions (start, end, break), so all three are
    listed; a person whose entries are all undated is left out, since the
    timeline has nothing to show for them.
    """
    if people is None or len(people) == 0 or "entry_ids" not in people:
        return []
    ids_of = [
        (number, [cell_text(v) for v in traces[number].customdata])
        for number in filtered_traces(traces)
    ]
    found = []
    for row in people.itertuples(index=False):
        mine = set(split_ids(cell_text(row.entry_ids)))
        points: dict[str, list[int]] = {}
        drawn: set[str] = set()
        for number, ids in ids_of:
            at = [j for j, entry_id in enumerate(ids) if entry_id in mine]
            if at:
                points[str(number)] = at
                if traces[number].meta.get("role") == "entries":
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
