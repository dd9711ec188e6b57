"""The result of a merge: the entries and their analysis, as DataFrames, and
methods that write each output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .compare import Comparison, compare_entries, read_previous
from .counts import chronology_counts
from .model import OUTPUTS
from .review import ReviewSettings

if TYPE_CHECKING:
    import plotly.graph_objects as go


def _empty() -> pd.DataFrame:
    return pd.DataFrame()


@dataclass
class Chronology:
    """One multi-agency chronology.

    Attributes:
        entries: one row per input entry (docs/contract.md, chronology.csv
            columns first, then extra columns); ``date_start``/``date_end``
            are ISO strings ("" when unknown), ``date_approximate`` is bool,
            ``source_row`` int, ``flags`` a ';'-joined string.
        issues: validation problems (model.ISSUE_COLUMNS).
        gaps: periods with no entry (model.GAP_COLUMNS, maybe more).
        flags: possible missed opportunities (model.FLAG_COLUMNS, maybe more).
        groups: one row per event group: ``event_group``, ``entry_ids``
            (';'-joined), ``agencies`` (';'-joined), ``size``, ``score``,
            ``reasons`` (plain words).
        review: the settings used.
        manifest: inputs (name, sha256, rows read), counts, settings, version.
        not_seen: periods when no chronology records the child as seen.
        pairs: the scored candidate pairs behind the groups (for tuning).
        episodes: the key practice episodes proposed (analyse.episodes
            EPISODE_COLUMNS): prompts for the author, with why each was.
        people: the people the entries name, with the agencies that named
            them (model.PEOPLE_COLUMNS).
        seen: the stretches between sightings of the child, for all agencies
            and each (analyse.experience SEEN_COLUMNS; seen.csv).
        voice: the entries carrying the child's words or observed
            presentation (analyse.experience VOICE_COLUMNS; voice.csv).
        timings: seconds spent in each stage (not written to any output).
        comparison: what changed since the previous merge (compare.Comparison:
            ``changes`` as changes.csv, and where each panel note goes), set
            by :meth:`compare_with`; None before.
        submissions: the submission tracker for the files merged
            (tracker.TRACKER_COLUMNS; the panel pack's About sheet lists it
            when the review file sets deadlines).
        sharing: the information-sharing ledger (model.SHARING_COLUMNS): each
            send an entry records, matched to its receipt, with why.
        known: what was known at each decision (model.KNOWN_COLUMNS): for
            every decision entry, the entries the deciding agency recorded
            itself, those shared with it, and those it had no record of.
        conflicts: where agencies' accounts of one linked event differ
            (model.CONFLICT_COLUMNS), both accounts side by side.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> chron.summary()["agencies"]  # doctest: +SKIP
        10
        >>> chron.flags[["flag", "date", "summary"]]  # doctest: +SKIP
        >>> chron.write("pack")  # doctest: +SKIP
    """

    entries: pd.DataFrame
    issues: pd.DataFrame
    gaps: pd.DataFrame
    flags: pd.DataFrame
    groups: pd.DataFrame
    review: ReviewSettings = field(default_factory=ReviewSettings)
    manifest: dict[str, Any] = field(default_factory=dict)
    not_seen: pd.DataFrame = field(default_factory=_empty)
    pairs: pd.DataFrame = field(default_factory=_empty)
    episodes: pd.DataFrame = field(default_factory=_empty)
    people: pd.DataFrame = field(default_factory=_empty)
    seen: pd.DataFrame = field(default_factory=_empty)
    voice: pd.DataFrame = field(default_factory=_empty)
    timings: dict[str, float] = field(default_factory=dict)
    comparison: Comparison | None = None
    submissions: pd.DataFrame = field(default_factory=_empty)
    sharing: pd.DataFrame = field(default_factory=_empty)
    known: pd.DataFrame = field(default_factory=_empty)
    conflicts: pd.DataFrame = field(default_factory=_empty)

    # --- outputs ---------------------------------------------------------
    def write_tables(self, out_dir: str | Path, *, exact: bool = False) -> list[Path]:
        """Write chronology.csv, gaps.csv, flags.csv, issues.csv, groups.csv.

        A cell a spreadsheet would read as a formula (``=``, ``+``, ``-``,
        ``@``, tab, carriage return first) gets a leading apostrophe, unless
        ``exact`` (the text as the DataFrames hold it); the manifest records
        which (``csv_exact``) and how many cells (``csv_cells_neutralised``).
        """
        from .export.tables import write_tables

        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        written, changed = write_tables(self, folder, exact=exact)
        self.manifest["csv_exact"] = exact
        self.manifest["csv_cells_neutralised"] = changed
        return written

    def write_manifest(self, path: str | Path) -> Path:
        """Write manifest.json."""
        from .export.tables import write_manifest

        return write_manifest(self.manifest, Path(path))

    def write_workbook(
        self, path: str | Path, *, notes_from: str | Path | None = None
    ) -> Path:
        """Write the collated panel workbook (panel_pack.xlsx)."""
        from .export.workbook import write_workbook

        return write_workbook(self, path, notes_from=notes_from)

    def write_document(self, path: str | Path) -> Path:
        """Write the Word composite chronology (chronology.docx)."""
        from .export.document import write_document

        return write_document(self, path)

    def timeline(self) -> go.Figure:
        """The interactive timeline as a Plotly figure (for Jupyter)."""
        from .export.timeline import timeline_figure

        return timeline_figure(self)

    def write_sharing_map(self, path: str | Path) -> Path:
        """Write the picture of what each agency shared (one self-contained
        HTML page: agencies as points, arrows as wide as what was sent), and
        below it what was known at each decision, filterable by agency."""
        from .export.known_view import known_section
        from .export.sharing_map import write_sharing_page
        from .export.sharing_tables import entry_cells
        from .export.style import agency_styles

        styles = agency_styles(self.entries, self.review)
        title = self.review.review.name or "Review"
        known = known_section(self.known, entry_cells(self))
        return write_sharing_page(self.sharing, path, title, styles, known)

    def write_timeline(self, path: str | Path) -> Path:
        """Write the timeline as one self-contained HTML file."""
        from .export.timeline import write_timeline

        return write_timeline(self, path)

    def pseudonymised(self) -> tuple[Chronology, int]:
        """A copy with every listed name and alias replaced by the review's
        label, and how many replacements were made."""
        from .export.pseudonymise import pseudonymise

        return pseudonymise(self)

    def write(
        self,
        out_dir: str | Path,
        *,
        outputs: str | tuple[str, ...] = OUTPUTS,
        notes_from: str | Path | None = None,
        progress: Callable[[str], None] | None = None,
        exact: bool = False,
    ) -> list[Path]:
        """Write the chosen outputs, and manifest.json, into ``out_dir``
        (created if needed).

        ``outputs`` picks among "csv" (the CSV files), "xlsx", "docx" and
        "html" (a tuple, or names separated by commas); manifest.json is
        always written. With more than one output they are written side by
        side in worker processes (export/writing.py); the bytes are the same.
        ``exact`` is passed to :meth:`write_tables`.
        """
        from .export.writing import parse_outputs, write_outputs

        chosen = parse_outputs(outputs)
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        written, seconds = write_outputs(
            self, folder, chosen, notes_from=notes_from, progress=progress, exact=exact
        )
        self.timings.update({f"writing {n}": s for n, s in seconds.items()})
        self.manifest["outputs"] = sorted(p.name for p in written)
        written.append(self.write_manifest(folder / "manifest.json"))
        return written

    def compare_with(self, previous: str | Path | pd.DataFrame | None) -> Comparison:
        """Compare with a previous merge (its output folder, its
        chronology.csv, or that file read as a DataFrame): entries added,
        removed and changed cell by cell, matched by content. The result is
        kept as :attr:`comparison` (changes.csv, the Changes sheet, where
        panel notes go) and counted in the manifest.

        Example:
            >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
            >>> chron.compare_with("pack").changes  # doctest: +SKIP
        """
        if previous is not None and not isinstance(previous, pd.DataFrame):
            previous = read_previous(previous)
        self.comparison = compare_entries(previous, self.entries)
        self.manifest["changes"] = self.comparison.counts()
        return self.comparison

    # --- display ---------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        """Counts a person checks first."""
        counts = chronology_counts(
            self.entries, self.groups, self.gaps, self.flags, self.issues
        )
        shown = ("files", "agencies", "entries", "linked_events", "gaps", "flags")
        return {
            "review": self.review.review.name,
            **{key.replace("_", " "): counts[key] for key in shown},
            "errors": counts["errors"],
            "warnings": counts["warnings"],
        }

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={v!r}" for k, v in self.summary().items())
        return f"Chronology({parts})"

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(str(k))}</th>"
            f"<td>{escape(str(v))}</td></tr>"
            for k, v in self.summary().items()
        )
        by_agency = ""
        if len(self.entries):
            counts = self.entries.groupby("agency").size().sort_index()
            by_agency = "".join(
                f"<tr><td>{escape(str(a))}</td><td>{n}</td></tr>"
                for a, n in counts.items()
            )
        return (
            "<div><strong>chronomerge Chronology</strong>"
            f"<table>{rows}</table>"
            "<details><summary>Entries by agency</summary>"
            f"<table>{by_agency}</table></details>"
            "<p>Use <code>.entries</code>, <code>.issues</code>, <code>.gaps</code>, "
            "<code>.flags</code>, <code>.groups</code> (DataFrames) and "
            "<code>.timeline()</code>.</p></div>"
        )
