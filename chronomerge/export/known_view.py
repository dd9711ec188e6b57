"""What was known at each decision, as a section of the local sharing page:
one folded block a decision (its date, agency, decision and list sizes),
opening to its three lists; radio buttons above filter by deciding agency.

The filter is CSS alone (no script), so the page stays one self-contained
file its Content-Security-Policy lets run nothing.
"""

from __future__ import annotations

import html

import pandas as pd

from .style import cell_text, uk_date

LIST_ORDER = ("recorded itself", "shared with it", "not known to it")
# An entry as the lists show it: (UK date, agency, type label, description).
Entry = tuple[str, str, str, str]
_BLANK: Entry = ("", "", "", "")


def _esc(value: object) -> str:
    return html.escape(cell_text(value))


def known_section(known: pd.DataFrame, entries: dict[str, Entry]) -> str:
    """The section's HTML; ``entries`` gives each entry's (UK date, agency,
    type, words) by id (sharing_tables.entry_cells), the decisions' and the
    listed entries'."""
    if known.empty:
        return "<h2>What was known at each decision</h2>\n<p>No decisions found.</p>"
    agencies = sorted({cell_text(a) for a in known["deciding_agency"]})
    number = {a: i for i, a in enumerate(agencies, start=1)}
    rules = "\n".join(
        f"#f{i}:checked ~ .decisions .d:not(.a{i}) {{ display: none; }}"
        for i in number.values()
    )
    radios = ['<input type="radio" name="who" id="f0" checked><label for="f0">'
              "Every agency</label>"]  # fmt: skip
    radios += [
        f'<input type="radio" name="who" id="f{i}"><label for="f{i}">{html.escape(a)}'
        "</label>"
        for a, i in number.items()
    ]
    blocks = [
        _decision(decision_id, rows, number, entries)
        for decision_id, rows in known.groupby("decision_entry_id", sort=False)
    ]
    return "\n".join(
        [
            f"<style>\n{rules}\n.filter label {{ margin-right: 1em; }}\n</style>",
            "<h2>What was known at each decision</h2>",
            "<p>For each decision (a closure, a step-down, no further action, a "
            "strategy discussion's or conference's outcome), the entries of the "
            "weeks before it: what the deciding agency recorded itself, what "
            "others shared with it, and what others recorded that it has no "
            "record of. They are the chronology's record, a prompt for the "
            "panel's questions, not a finding of what anyone knew. Choose an "
            "agency to see only its decisions; open a decision to read its "
            "lists.</p>",
            '<div class="filter">',
            *radios,
            '<div class="decisions">',
            *blocks,
            "</div>",
            "</div>",
        ]
    )


def _decision(
    decision_id: str,
    rows: pd.DataFrame,
    number: dict[str, int],
    entries: dict[str, Entry],
) -> str:
    first = rows.iloc[0]
    agency = cell_text(first["deciding_agency"])
    counts = rows["known_as"].value_counts()
    sizes = ", ".join(f"{counts.get(n, 0)} {n}" for n in LIST_ORDER)
    parts = [
        f'<details class="d a{number[agency]}"><summary>'
        f"{uk_date(first['decision_date'])}: {html.escape(agency)}, "
        f"{_esc(first['decision'])} ({sizes})</summary>",
        f"<p><strong>The decision:</strong> {_esc(entries.get(decision_id, _BLANK)[3])}"
        f" <small>({html.escape(decision_id)})</small></p>",
    ]
    for name in LIST_ORDER:
        listed = rows[rows["known_as"] == name]
        parts.append(f"<h3>{html.escape(name.capitalize())} ({len(listed)})</h3>")
        if listed.empty:
            parts.append("<p>None.</p>")
            continue
        parts.append(
            "<table><thead><tr><th>Date</th><th>Agency</th><th>Entry</th>"
            "<th>Why</th></tr></thead><tbody>"
        )
        for r in listed.itertuples(index=False):
            on, by, _type, words = entries.get(r.entry_id, _BLANK)
            parts.append(
                f"<tr><td>{on}</td><td>{_esc(by)}</td>"
                f"<td>{_esc(words)}</td><td>{_esc(r.why)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</details>")
    return "\n".join(parts)
