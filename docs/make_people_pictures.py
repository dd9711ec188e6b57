"""Render the README pictures of the people register: the timeline with one
person chosen (docs/images/people_timeline.png) and the pack's People sheet
(docs/images/people_sheet.png).

    .venv/bin/python docs/make_people_pictures.py [--out docs/images]
        [--person Partner]

The sample review in sample_data/child_a is merged and pseudonymised (as
``chronomerge merge --pseudonymise`` does) into a temporary folder. The
timeline page is opened offline in Debian's headless Chromium (through the
``playwright`` package of the test extra, never Playwright's own browser),
the person chosen in its Person control and the page photographed. The
People sheet is drawn from the workbook's own cells as an HTML table (its
headings, widths and wrapped text; the long "Entry ids" cells shortened), since
LibreOffice, which would print the sheet itself, is not always at hand.
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "sample_data" / "child_a"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PX_PER_WIDTH = 7  # pixels per Excel column width unit, roughly


def sheet_page(workbook: Path) -> str:
    """The People sheet as a small HTML page, as Excel lays it out."""
    from openpyxl import load_workbook

    sheet = load_workbook(workbook)["People"]
    rows = list(sheet.iter_rows(values_only=True))
    widths = [
        sheet.column_dimensions[chr(ord("A") + k)].width or 10
        for k in range(len(rows[0]))
    ]
    heads = "".join(f"<th>{html.escape(str(h))}</th>" for h in rows[0])
    body = []
    for row in rows[1:]:
        cells = []
        for heading, value in zip(rows[0], row, strict=True):
            text = "" if value is None else str(value)
            if heading == "Entry ids" and text.count(";") > 2:
                text = "; ".join(text.split("; ")[:3]) + "; …"
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cols = "".join(f'<col style="width:{w * PX_PER_WIDTH:.0f}px">' for w in widths)
    return (
        "<!doctype html><meta charset='utf-8'><style>"
        "body{margin:8px;font:13px Calibri,Carlito,Arial,sans-serif}"
        "table{border-collapse:collapse;table-layout:fixed}"
        "th{background:#404040;color:#fff;text-align:left}"
        "th,td{border:1px solid #bbb;padding:2px 4px;vertical-align:top;"
        "overflow-wrap:anywhere}</style>"
        f"<table><colgroup>{cols}</colgroup><tr>{heads}</tr>{''.join(body)}</table>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--person", default="Partner")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("make_people_pictures: install Debian's chromium")
    from playwright.sync_api import sync_playwright

    from chronomerge.pipeline import build_pack

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        build_pack(SAMPLE, folder, pseudonymise=True, outputs="csv,xlsx,html")
        (folder / "people.html").write_text(
            sheet_page(folder / "panel_pack.xlsx"), encoding="utf-8"
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            context = browser.new_context(
                viewport={"width": 1600, "height": 900}, offline=True
            )
            page = context.new_page()
            page.goto((folder / "timeline.html").as_uri())
            page.wait_for_selector("html[data-rendered=true]", timeout=60_000)
            select = page.locator("#chronomerge-people select")
            option = next(
                o
                for o in select.locator("option").all_text_contents()
                if o.startswith(args.person)
            )
            select.select_option(label=option)
            page.wait_for_selector(f"html[data-person='{args.person}']")
            page.wait_for_timeout(500)
            page.screenshot(path=str(args.out / "people_timeline.png"), full_page=True)
            page.goto((folder / "people.html").as_uri())
            page.locator("table").screenshot(path=str(args.out / "people_sheet.png"))
            browser.close()
    print(f"wrote people_timeline.png and people_sheet.png in {args.out}")


if __name__ == "__main__":
    main()
