"""``chronomerge validate``: check agency chronologies before they are sent.

The agency representative's loop: read the files as a merge would, and report
every problem with its file, sheet or table, row and column, in plain words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .counts import severity_counts
from .export.annotate import write_annotated
from .model import SEVERITY_LABELS, FileRecord, issues_frame
from .pipeline import as_paths, read_and_check, resolve_review
from .review import ReviewSettings


@dataclass
class ValidationReport:
    """What `validate_files` found.

    Attributes:
        issues: one row per problem (model.ISSUE_COLUMNS), errors first.
        files: per input: name, status, rows and the column mapping chosen.
        entries: the entries as read (for the annotated copy).
        review: the settings used.

    Example:
        >>> report = validate_files("police.xlsx", "review.toml")  # doctest: +SKIP
        >>> report.as_tuples()[:1]  # doctest: +SKIP
        [(27, 'date', 'date-impossible')]
        >>> report.annotate("police_checked.xlsx")  # doctest: +SKIP
    """

    issues: pd.DataFrame
    files: list[FileRecord]
    entries: pd.DataFrame
    review: ReviewSettings

    @property
    def has_errors(self) -> bool:
        """True when any problem must be fixed (the command then exits 1)."""
        return (
            bool((self.issues["severity"] == "error").any())
            if len(self.issues)
            else False
        )

    def summary(self) -> dict[str, int]:
        """Counts: files, entries, errors, warnings, info."""
        return {
            "files": sum(1 for f in self.files if f.was_read),
            "entries": len(self.entries),
            **severity_counts(self.issues),
        }

    def as_tuples(self) -> list[tuple[Any, str, str]]:
        """(row, column, code) for each problem: compact, for tests."""
        return [
            (None if pd.isna(r) else int(r), c, k)
            for r, c, k in zip(
                self.issues["source_row"],
                self.issues["column"],
                self.issues["code"],
                strict=True,
            )
        ]

    def problems(self) -> list[dict[str, str]]:
        """The problems as display text, errors first: what the command line
        and the local page show (row numbers as text, empty when none)."""
        headings = self.headings()
        return [
            {
                "severity": issue.severity,
                "label": SEVERITY_LABELS[issue.severity],
                "file": issue.source_file,
                "location": str(issue.source_location),
                "row": "" if pd.isna(issue.source_row) else str(int(issue.source_row)),
                "column": headings.get(
                    (issue.source_file, str(issue.source_location)), {}
                ).get(str(issue.column), str(issue.column)),
                "message": issue.message,
            }
            for issue in self.issues.itertuples(index=False)
        ]

    def headings(self) -> dict[tuple[str, str], dict[str, str]]:
        """For each (file, sheet or table): canonical column -> heading as
        written, so problems name the column the agency sees."""
        found: dict[tuple[str, str], dict[str, str]] = {}
        for record in self.files:
            for table in record.tables:
                mapping = found.setdefault((record.name, table.location), {})
                for column, heading in table.headings().items():
                    mapping.setdefault(column, heading)
        return found

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (what ``--json`` prints)."""
        issues = self.issues.astype(object).where(self.issues.notna(), None)
        return {
            "summary": self.summary(),
            "files": [f.to_dict(with_path=False) for f in self.files],
            "issues": issues.to_dict(orient="records"),
        }

    def to_json(self) -> str:
        """The report as JSON text: what ``chronomerge validate --json`` prints."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def annotate(self, path: str | Path) -> Path:
        """Write a workbook copy of the chronology with each problem cell
        highlighted and commented, plus an Issues sheet. Inputs are untouched."""
        return write_annotated(
            Path(path),
            issues=self.issues,
            entries=self.entries,
            files=self.files,
            problems=self.problems(),
        )


def validate_files(
    files: str | Path | Iterable[str | Path],
    review: ReviewSettings | str | Path | None = None,
    *,
    today: dt.date | None = None,
) -> ValidationReport:
    """Check agency chronology files and report every problem.

    Args:
        files: the agency files (or folders of them).
        review: a review file path or settings (the period, the agreed names).
        today: the date that counts as today for future-date checks.

    Example:
        >>> report = validate_files("police.xlsx")  # doctest: +SKIP
        >>> report.summary()["errors"]  # doctest: +SKIP
        0
    """
    paths = as_paths(files)
    settings, _source = resolve_review(review, paths, {})
    checked = read_and_check(paths, settings, today=today)
    return ValidationReport(
        issues=issues_frame(checked.issues),
        files=checked.files,
        entries=checked.entries,
        review=settings,
    )
