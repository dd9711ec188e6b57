"""The files ``chronomerge publish`` writes.

- ``published_summary.docx``: the summary for publication, portrait A4, one
  table (row, date, child's age, agency, what happened);
- ``published_summary.html``: the same as one plain page with no script and a
  Content-Security-Policy that allows no connection;
- ``published_summary.csv``: the same rows with where each came from and what
  was changed in it;
- ``jigsaw_risks.csv``: for the author only, never for publication: the
  details that could identify the family in combination, with safer wordings.

Every file is the same bytes on every run with the same inputs.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from .._version import __version__
from ..errors import ExportError
from .repeatable import FIXED_DATETIME, make_repeatable
from .style import cell_text, clean_text
from .tables import write_csv

if TYPE_CHECKING:
    from ..publish import Published

# The columns of published_summary.csv and jigsaw_risks.csv (docs/contract.md).
SUMMARY_COLUMNS = (
    "row",
    "source",
    "source_id",
    "date",
    "child_age",
    "agency",
    "event",
    "text",
    "changes",
)
RISK_COLUMNS = (
    "row",
    "source_id",
    "kind",
    "detail",
    "where",
    "start",
    "suggestion",
    "why",
)
SUMMARY_DOCX = "published_summary.docx"
SUMMARY_HTML = "published_summary.html"
SUMMARY_CSV = "published_summary.csv"
RISKS_CSV = "jigsaw_risks.csv"
# The published table: heading, summary column, width in cm (portrait A4).
TABLE = (
    ("Row", "row", 1.0),
    ("Date", "date", 3.0),
    ("Age of the child", "child_age", 2.2),
    ("Agency", "agency", 3.0),
    ("What happened", "text", 8.8),
)
NOTE = (
    "A summary of the review's chronology for publication. People are named by "
    "the labels the review uses; identifying details are removed."
)


def write_published(published: Published, folder: Path) -> list[Path]:
    """Write the four files into ``folder`` (created if needed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = [
            write_summary_docx(published, folder / SUMMARY_DOCX),
            write_summary_html(published, folder / SUMMARY_HTML),
        ]
        write_csv(published.summary, folder / SUMMARY_CSV, list(SUMMARY_COLUMNS))
        write_csv(published.risks, folder / RISKS_CSV, list(RISK_COLUMNS))
    except OSError as exc:
        raise ExportError(
            f"{folder}: the summary for publication could not be written ({exc})."
        ) from exc
    return [*written, folder / SUMMARY_CSV, folder / RISKS_CSV]


def _dates_note(published: Published) -> str:
    if published.dates == "month":
        return "Dates are given to the month."
    return "Dates are as the agencies recorded them."


def write_summary_docx(published: Published, path: Path) -> Path:
    """The summary as a Word document (few rows: python-docx cell by cell)."""
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "chronomerge"
    props.title = clean_text(published.title)
    props.created = props.modified = FIXED_DATETIME
    props.revision = 1
    props.comments = f"Written by chronomerge {__version__}"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(clean_text(published.marking)).bold = True
    doc.add_paragraph(
        f"Summary for publication: {clean_text(published.title)}", "Title"
    )
    doc.add_paragraph(f"{NOTE} {_dates_note(published)}")
    table = doc.add_table(rows=1, cols=len(TABLE))
    table.style = "Table Grid"
    for cell, (heading, _, width) in zip(table.rows[0].cells, TABLE, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(heading).bold = True
    for record in published.summary.to_dict("records"):
        cells = table.add_row().cells
        for cell, (_, column, width) in zip(cells, TABLE, strict=True):
            cell.width = Cm(width)
            value = clean_text(cell_text(record[column]))
            if column == "text" and record.get("event"):
                cell.paragraphs[0].add_run(
                    clean_text(str(record["event"])) + ". "
                ).bold = True
            cell.paragraphs[0].add_run(value)
    doc.save(str(path))
    return make_repeatable(path)


# Nothing may be fetched or run; only the page's own style applies.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_CSS = """
body { font-family: Arial, sans-serif; margin: 2em; color: #1a1a1a; max-width: 60em; }
.marking { text-align: center; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: 0.35em 0.5em; vertical-align: top;
  text-align: left; }
th { background: #404040; color: #fff; }
tr:nth-child(even) td { background: #f2f2f2; }
.event { font-weight: bold; }
"""


def write_summary_html(published: Published, path: Path) -> Path:
    """The summary as one plain HTML page: no script, nothing fetched."""
    esc = html.escape
    rows = []
    for record in published.summary.to_dict("records"):
        cells = []
        for _, column, _ in TABLE:
            value = esc(clean_text(cell_text(record[column])))
            if column == "text" and record.get("event"):
                event = esc(clean_text(str(record["event"])))
                value = f'<span class="event">{event}.</span> {value}'
            cells.append(f"<td>{value}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    headings = "".join(f"<th>{esc(h)}</th>" for h, _, _ in TABLE)
    title = esc(clean_text(published.title))
    marking = esc(clean_text(published.marking))
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>Summary for publication: {title}</title>
<style>{_CSS}</style>
</head>
<body>
<p class="marking">{marking}</p>
<h1>Summary for publication: {title}</h1>
<p>{esc(NOTE)} {esc(_dates_note(published))}</p>
<table>
<thead><tr>{headings}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="marking">{marking}</p>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8", newline="\n")
    return path
